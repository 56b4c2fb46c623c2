-- The selection's numbers per förbund: all eight förbund (zero rows when none), with the
-- population of their member kommuner (31 Dec 2017) for rates per 10 000 inhabitants.
WITH tal AS (
    SELECT
        forbund,
        count(*) AS antal,
        count(*) FILTER (avslutad_i_tid) AS avslutade,
        count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbete_studier') AS arbete_studier,
        count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbetsforberedande') AS arbetsforberedande,
        count(*) FILTER (avslutad_i_tid AND okad_egenmakt IS NOT NULL) AS egenmakt_besvarade,
        count(*) FILTER (avslutad_i_tid AND okad_egenmakt = 'ja') AS egenmakt_ja
    FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
               $f_aldersgrupp, $f_remittent, $f_forsorjning)
    GROUP BY forbund
),
folk AS (
    SELECT forbund_kod, sum(folkmangd_2017) AS folkmangd FROM kommuner
    WHERE forbund_kod IS NOT NULL GROUP BY forbund_kod
)
SELECT
    f.forbund_kod AS kod, f.kortnamn AS namn, f.mia_fran, folk.folkmangd,
    coalesce(t.antal, 0) AS antal, coalesce(t.avslutade, 0) AS avslutade,
    coalesce(t.arbete_studier, 0) AS arbete_studier,
    coalesce(t.arbetsforberedande, 0) AS arbetsforberedande,
    coalesce(t.egenmakt_besvarade, 0) AS egenmakt_besvarade,
    coalesce(t.egenmakt_ja, 0) AS egenmakt_ja
FROM forbund AS f
LEFT JOIN tal AS t ON t.forbund = f.forbund_kod
LEFT JOIN folk ON folk.forbund_kod = f.forbund_kod
ORDER BY f.kortnamn
