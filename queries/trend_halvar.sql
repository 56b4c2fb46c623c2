-- Half-year trend within the period, for the selection's dimension filters (the population
-- setting is not used: each half-year is its own period). Per half-year: enrolled in it,
-- exited in it, and the outcomes of those who exited in it.
-- Rows are first counted per enrolment day and per exit day (a few thousand days, one cheap
-- pass), and only those days are put into half-years: far less date arithmetic than doing
-- it row by row (bench/README.md).
WITH halvar AS (
    SELECT
        d::DATE AS start,
        (d + INTERVAL 6 MONTH - INTERVAL 1 DAY)::DATE AS slut,
        year(d)::VARCHAR || '-H' || CASE WHEN month(d) = 1 THEN '1' ELSE '2' END AS halvar
    FROM range(date_trunc('year', $fran::DATE), $till::DATE + INTERVAL 1 DAY, INTERVAL 6 MONTH) AS r(d)
),
alla AS (
    SELECT inskrivningsdatum, avslutsdatum, utfallsgrupp
    FROM urval(DATE '1900-01-01', DATE '2999-12-31', 'inskrivna', $f_forbund, $f_kommun,
               $f_kon, $f_aldersgrupp, $f_remittent, $f_forsorjning)
),
in_dag AS (
    SELECT inskrivningsdatum AS dag, count(*) AS inskrivna FROM alla GROUP BY ALL
),
ut_dag AS (
    SELECT avslutsdatum AS dag,
           count(*) AS avslutade,
           count(*) FILTER (utfallsgrupp = 'arbete_studier') AS arbete_studier,
           count(*) FILTER (utfallsgrupp = 'arbetsforberedande') AS arbetsforberedande
    FROM alla WHERE avslutsdatum IS NOT NULL GROUP BY ALL
),
in_tal AS (
    SELECT make_date(year(dag), CASE WHEN month(dag) <= 6 THEN 1 ELSE 7 END, 1) AS start,
           sum(inskrivna)::BIGINT AS inskrivna
    FROM in_dag GROUP BY ALL
),
ut_tal AS (
    SELECT make_date(year(dag), CASE WHEN month(dag) <= 6 THEN 1 ELSE 7 END, 1) AS start,
           sum(avslutade)::BIGINT AS avslutade,
           sum(arbete_studier)::BIGINT AS arbete_studier,
           sum(arbetsforberedande)::BIGINT AS arbetsforberedande
    FROM ut_dag GROUP BY ALL
)
SELECT
    h.halvar, h.start, h.slut,
    coalesce(i.inskrivna, 0) AS inskrivna,
    coalesce(u.avslutade, 0) AS avslutade,
    coalesce(u.arbete_studier, 0) AS arbete_studier,
    coalesce(u.arbetsforberedande, 0) AS arbetsforberedande
FROM halvar AS h
LEFT JOIN in_tal AS i ON i.start = h.start
LEFT JOIN ut_tal AS u ON u.start = h.start
WHERE h.slut >= $fran AND h.start <= $till
ORDER BY h.start
