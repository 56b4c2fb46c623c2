-- Every count the Profil page needs, for all units in one pass: one row per kommun (all 26
-- of the county; zeros for those outside MIA or without participants), per förbund (all
-- eight) and one for the county (niva 'lan', kod 'lan'). Columns: niva ('kommun' |
-- 'forbund' | 'lan'), kod, namn, forbund (a kommun's förbund, a förbund's own code),
-- mia_fran, folkmangd (31 Dec 2017; members only for förbund and county), then counts:
-- antal (the population), avslutade (of them, exited by the period end), the outcomes of
-- those exited (arbete_studier, arbetsforberedande, avbrott), the exit survey
-- (egenmakt_besvarade, egenmakt_ja), the process steps with flode_steg.sql's semantics
-- (kartlagda, i_insats: reached the step or a later one by the period end), the mix
-- (kvinnor, unga = 16–29 år, remitterade_af, remitterade_kommun, forsorjningsstod = on
-- försörjningsstöd before) and median_dagar (median days in the project of those exited).
WITH tal AS (
    SELECT
        CASE WHEN grouping(kommunkod) = 0 THEN 'kommun'
             WHEN grouping(forbund) = 0 THEN 'forbund'
             ELSE 'lan' END AS niva,
        coalesce(kommunkod, forbund, 'lan') AS kod,
        count(*) AS antal,
        count(*) FILTER (avslutad_i_tid) AS avslutade,
        count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbete_studier') AS arbete_studier,
        count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbetsforberedande') AS arbetsforberedande,
        count(*) FILTER (avslutad_i_tid AND utfall = 'avbrott') AS avbrott,
        count(*) FILTER (avslutad_i_tid AND okad_egenmakt IS NOT NULL) AS egenmakt_besvarade,
        count(*) FILTER (avslutad_i_tid AND okad_egenmakt = 'ja') AS egenmakt_ja,
        count(*) FILTER (kartlaggning_datum <= $till OR insats_startdatum <= $till OR avslutad_i_tid) AS kartlagda,
        count(*) FILTER (insats_startdatum <= $till OR avslutad_i_tid) AS i_insats,
        count(*) FILTER (kon = 'K') AS kvinnor,
        count(*) FILTER (aldersgrupp IN ('16-24', '25-29')) AS unga,
        count(*) FILTER (remittent = 'AF') AS remitterade_af,
        count(*) FILTER (remittent = 'kommun') AS remitterade_kommun,
        count(*) FILTER (forsorjning_fore = 'forsorjningsstod') AS forsorjningsstod,
        median(dagar_i_projekt) FILTER (avslutad_i_tid) AS median_dagar
    FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
               $f_aldersgrupp, $f_remittent, $f_forsorjning)
    GROUP BY GROUPING SETS ((kommunkod), (forbund), ())
),
enheter AS (
    SELECT 'kommun' AS niva, k.kommunkod AS kod, k.kommun AS namn, k.forbund_kod AS forbund,
           k.mia_fran, k.folkmangd_2017 AS folkmangd, 1 AS ordning
    FROM kommuner AS k
    UNION ALL
    SELECT 'forbund', f.forbund_kod, f.kortnamn, f.forbund_kod, f.mia_fran,
           (SELECT sum(k.folkmangd_2017) FROM kommuner AS k WHERE k.forbund_kod = f.forbund_kod), 2
    FROM forbund AS f
    UNION ALL
    SELECT 'lan', 'lan', 'Länet', NULL, NULL,
           (SELECT sum(k.folkmangd_2017) FROM kommuner AS k WHERE k.forbund_kod IS NOT NULL), 3
)
SELECT
    e.niva, e.kod, e.namn, e.forbund, e.mia_fran, e.folkmangd::BIGINT AS folkmangd,
    coalesce(t.antal, 0) AS antal,
    coalesce(t.avslutade, 0) AS avslutade,
    coalesce(t.arbete_studier, 0) AS arbete_studier,
    coalesce(t.arbetsforberedande, 0) AS arbetsforberedande,
    coalesce(t.avbrott, 0) AS avbrott,
    coalesce(t.egenmakt_besvarade, 0) AS egenmakt_besvarade,
    coalesce(t.egenmakt_ja, 0) AS egenmakt_ja,
    coalesce(t.kartlagda, 0) AS kartlagda,
    coalesce(t.i_insats, 0) AS i_insats,
    coalesce(t.kvinnor, 0) AS kvinnor,
    coalesce(t.unga, 0) AS unga,
    coalesce(t.remitterade_af, 0) AS remitterade_af,
    coalesce(t.remitterade_kommun, 0) AS remitterade_kommun,
    coalesce(t.forsorjningsstod, 0) AS forsorjningsstod,
    t.median_dagar::DOUBLE AS median_dagar
FROM enheter AS e
LEFT JOIN tal AS t ON t.niva = e.niva AND t.kod = e.kod
ORDER BY e.ordning, e.namn
