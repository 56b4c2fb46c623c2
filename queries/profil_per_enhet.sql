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
-- Counted in two steps: the selection per förbund, kommun and (for those exited) number of
-- days in the project, a few thousand rows in one pass; then those rows summed per unit,
-- and the median read off the counts per number of days as median() (quantile_cont)
-- reads it off the sorted days (as tid_i_projekt.sql does for the quartiles). Every count
-- in each of three grouping sets over every row, and sorting the days, took 2–3 times as
-- long (bench/README.md).
WITH fina AS (
    SELECT
        forbund, kommunkod,
        CASE WHEN avslutad_i_tid THEN dagar_i_projekt END AS dagar,
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
        count(*) FILTER (forsorjning_fore = 'forsorjningsstod') AS forsorjningsstod
    FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
               $f_aldersgrupp, $f_remittent, $f_forsorjning)
    GROUP BY ALL
),
tal AS (
    SELECT
        CASE WHEN grouping(kommunkod) = 0 THEN 'kommun'
             WHEN grouping(forbund) = 0 THEN 'forbund'
             ELSE 'lan' END AS niva,
        coalesce(kommunkod, forbund, 'lan') AS kod,
        sum(antal) AS antal,
        sum(avslutade) AS avslutade,
        sum(arbete_studier) AS arbete_studier,
        sum(arbetsforberedande) AS arbetsforberedande,
        sum(avbrott) AS avbrott,
        sum(egenmakt_besvarade) AS egenmakt_besvarade,
        sum(egenmakt_ja) AS egenmakt_ja,
        sum(kartlagda) AS kartlagda,
        sum(i_insats) AS i_insats,
        sum(kvinnor) AS kvinnor,
        sum(unga) AS unga,
        sum(remitterade_af) AS remitterade_af,
        sum(remitterade_kommun) AS remitterade_kommun,
        sum(forsorjningsstod) AS forsorjningsstod,
        -- the median lies at h = (m − 1) / 2 among the m exited with a number of days (from 0)
        (sum(avslutade) FILTER (dagar IS NOT NULL) - 1) / 2 AS h
    FROM fina
    GROUP BY GROUPING SETS ((kommunkod), (forbund), ())
),
kumulativ AS (
    -- per unit and number of days: how many of those exited had at most that many days
    SELECT niva, kod, dagar, sum(n) OVER (PARTITION BY niva, kod ORDER BY dagar) AS upp_till
    FROM (
        SELECT
            CASE WHEN grouping(kommunkod) = 0 THEN 'kommun'
                 WHEN grouping(forbund) = 0 THEN 'forbund'
                 ELSE 'lan' END AS niva,
            coalesce(kommunkod, forbund, 'lan') AS kod,
            dagar,
            sum(avslutade) AS n
        FROM fina
        WHERE dagar IS NOT NULL
        GROUP BY GROUPING SETS ((kommunkod, dagar), (forbund, dagar), (dagar))
    )
),
medianer AS (
    -- the value at position k is the smallest number of days with more than k values at or below it
    SELECT t.niva, t.kod,
           min(k.dagar) FILTER (k.upp_till > floor(t.h))::DOUBLE AS lag,
           min(k.dagar) FILTER (k.upp_till > ceil(t.h))::DOUBLE AS hog,
           t.h - floor(t.h) AS andel
    FROM tal AS t
    JOIN kumulativ AS k USING (niva, kod)
    WHERE t.h >= 0
    GROUP BY t.niva, t.kod, t.h
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
    coalesce(t.antal, 0)::BIGINT AS antal,
    coalesce(t.avslutade, 0)::BIGINT AS avslutade,
    coalesce(t.arbete_studier, 0)::BIGINT AS arbete_studier,
    coalesce(t.arbetsforberedande, 0)::BIGINT AS arbetsforberedande,
    coalesce(t.avbrott, 0)::BIGINT AS avbrott,
    coalesce(t.egenmakt_besvarade, 0)::BIGINT AS egenmakt_besvarade,
    coalesce(t.egenmakt_ja, 0)::BIGINT AS egenmakt_ja,
    coalesce(t.kartlagda, 0)::BIGINT AS kartlagda,
    coalesce(t.i_insats, 0)::BIGINT AS i_insats,
    coalesce(t.kvinnor, 0)::BIGINT AS kvinnor,
    coalesce(t.unga, 0)::BIGINT AS unga,
    coalesce(t.remitterade_af, 0)::BIGINT AS remitterade_af,
    coalesce(t.remitterade_kommun, 0)::BIGINT AS remitterade_kommun,
    coalesce(t.forsorjningsstod, 0)::BIGINT AS forsorjningsstod,
    m.lag + (m.hog - m.lag) * m.andel AS median_dagar
FROM enheter AS e
LEFT JOIN tal AS t ON t.niva = e.niva AND t.kod = e.kod
LEFT JOIN medianer AS m ON m.niva = e.niva AND m.kod = e.kod
ORDER BY e.ordning, e.namn
