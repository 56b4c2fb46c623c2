-- The selection's numbers per kommun: all 26 kommuner of the county (zero rows for those
-- outside MIA or without participants), with förbund, join date, population and a point.
WITH tal AS (
    SELECT
        kommunkod,
        count(*) AS antal,
        count(*) FILTER (avslutad_i_tid) AS avslutade,
        count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbete_studier') AS arbete_studier,
        count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbetsforberedande') AS arbetsforberedande,
        count(*) FILTER (avslutad_i_tid AND okad_egenmakt IS NOT NULL) AS egenmakt_besvarade,
        count(*) FILTER (avslutad_i_tid AND okad_egenmakt = 'ja') AS egenmakt_ja
    FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
               $f_aldersgrupp, $f_remittent, $f_forsorjning)
    GROUP BY kommunkod
)
SELECT
    k.kommunkod AS kod, k.kommun AS namn, k.forbund_kod AS forbund, f.kortnamn AS forbund_namn,
    k.mia_fran, k.folkmangd_2017 AS folkmangd, k.lat, k.lon,
    coalesce(t.antal, 0) AS antal, coalesce(t.avslutade, 0) AS avslutade,
    coalesce(t.arbete_studier, 0) AS arbete_studier,
    coalesce(t.arbetsforberedande, 0) AS arbetsforberedande,
    coalesce(t.egenmakt_besvarade, 0) AS egenmakt_besvarade,
    coalesce(t.egenmakt_ja, 0) AS egenmakt_ja
FROM kommuner AS k
LEFT JOIN forbund AS f ON f.forbund_kod = k.forbund_kod
LEFT JOIN tal AS t ON t.kommunkod = k.kommunkod
ORDER BY k.kommun
