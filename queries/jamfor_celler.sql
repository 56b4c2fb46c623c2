-- Jämför's finest cells: the selection's numbers per kommun × kön × åldersgrupp (age
-- outside the groups or unknown = 'okänd'); only combinations with participants appear.
-- mia/compare.py adds the förbund, county and 'alla' margins and disclosure control, so
-- it passes the selection WITHOUT the förbund/kommun filters (and without the kön and
-- åldersgrupp filters when those are dimensions of the protected table).
SELECT
    kommunkod AS kommun,
    kon,
    coalesce(aldersgrupp, 'okänd') AS alder,
    count(*) AS antal,
    count(*) FILTER (avslutad_i_tid) AS avslutade,
    count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbete_studier') AS arbete_studier,
    count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbetsforberedande') AS arbetsforberedande
FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
           $f_aldersgrupp, $f_remittent, $f_forsorjning)
GROUP BY ALL
ORDER BY ALL
