-- Half-year trend for every unit in one pass: per half-year of the period (each its own
-- period, as in trend_halvar.sql: the population and dimension filters are not used) and per MIA member
-- kommun, förbund and the county (niva 'kommun' | 'forbund' | 'lan', kod), the number who
-- exited in the half-year and how many of them went to work/studies or to work-preparatory
-- interventions. Every unit has a row for every half-year (zeros when none).
WITH halvar AS (
    SELECT
        d::DATE AS start,
        (d + INTERVAL 6 MONTH - INTERVAL 1 DAY)::DATE AS slut,
        year(d)::VARCHAR || '-H' || CASE WHEN month(d) = 1 THEN '1' ELSE '2' END AS halvar
    FROM range(date_trunc('year', $fran::DATE), $till::DATE + INTERVAL 1 DAY, INTERVAL 6 MONTH) AS r(d)
),
ut AS (
    -- per förbund, kommun and half-year of exit: the exits the imports keep per förbund
    -- (forbund_avslut_halvar, macros.sql: avslut_per_halvar), summed over kön, a few
    -- thousand rows summed into units below. A profile has no dimension filters
    -- (mia.profile.profile_urval), so the kept table holds exactly its counts; counting
    -- every participant again took 35 ms at 1 M rows
    SELECT start, forbund, kommun AS kommunkod,
           sum(avslutade) AS avslutade,
           sum(arbete_studier) AS arbete_studier,
           sum(arbetsforberedande) AS arbetsforberedande
    FROM forbund_avslut_halvar
    GROUP BY ALL
),
tal AS (
    SELECT
        start,
        CASE WHEN grouping(kommunkod) = 0 THEN 'kommun'
             WHEN grouping(forbund) = 0 THEN 'forbund'
             ELSE 'lan' END AS niva,
        coalesce(kommunkod, forbund, 'lan') AS kod,
        sum(avslutade) AS avslutade,
        sum(arbete_studier) AS arbete_studier,
        sum(arbetsforberedande) AS arbetsforberedande
    FROM ut
    GROUP BY GROUPING SETS ((start, kommunkod), (start, forbund), (start))
),
enheter AS (
    SELECT 'kommun' AS niva, kommunkod AS kod FROM kommuner WHERE forbund_kod IS NOT NULL
    UNION ALL SELECT 'forbund', forbund_kod FROM forbund
    UNION ALL SELECT 'lan', 'lan'
)
SELECT
    h.halvar, h.start, h.slut, e.niva, e.kod,
    coalesce(t.avslutade, 0)::BIGINT AS avslutade,
    coalesce(t.arbete_studier, 0)::BIGINT AS arbete_studier,
    coalesce(t.arbetsforberedande, 0)::BIGINT AS arbetsforberedande
FROM halvar AS h
CROSS JOIN enheter AS e
LEFT JOIN tal AS t ON t.start = h.start AND t.niva = e.niva AND t.kod = e.kod
WHERE h.slut >= $fran AND h.start <= $till
ORDER BY h.start, e.niva, e.kod
