-- Jämför's trend cells: per half-year (as in trend_halvar.sql: the half-years that overlap
-- the period, each its own period of exits) × kommun × kön, those who exited in the
-- half-year and their outcomes. Every half-year appears at least once (kommun NULL when
-- nobody exited). mia/compare.py adds the margins and disclosure control; it passes the
-- selection without the förbund/kommun/kön filters (the population setting is not used).
-- Without dimension filters (the usual case) the cells are the sums of the exits the
-- imports keep per förbund, half-year, kommun and kön (forbund_avslut_halvar, macros.sql:
-- avslut_per_halvar), a few thousand rows; with any, every participant is counted. DuckDB
-- runs only the branch whose condition holds: the other's filter is false before the scan.
WITH utan_filter AS (
    SELECT coalesce(len($f_forbund), 0) + coalesce(len($f_kommun), 0) + coalesce(len($f_kon), 0)
           + coalesce(len($f_aldersgrupp), 0) + coalesce(len($f_remittent), 0)
           + coalesce(len($f_forsorjning), 0) = 0 AS ja
),
ut AS (
    SELECT
        start,
        kommun,
        kon,
        sum(avslutade)::BIGINT AS avslutade,
        sum(arbete_studier)::BIGINT AS arbete_studier,
        sum(arbetsforberedande)::BIGINT AS arbetsforberedande
    FROM forbund_avslut_halvar
    WHERE (SELECT ja FROM utan_filter)
    GROUP BY ALL
    UNION ALL
    SELECT
        make_date(year(avslutsdatum), CASE WHEN month(avslutsdatum) <= 6 THEN 1 ELSE 7 END, 1) AS start,
        kommunkod AS kommun,
        kon,
        count(*) AS avslutade,
        count(*) FILTER (utfallsgrupp = 'arbete_studier') AS arbete_studier,
        count(*) FILTER (utfallsgrupp = 'arbetsforberedande') AS arbetsforberedande
    FROM urval(DATE '1900-01-01', DATE '2999-12-31', 'inskrivna', $f_forbund, $f_kommun,
               $f_kon, $f_aldersgrupp, $f_remittent, $f_forsorjning)
    WHERE NOT (SELECT ja FROM utan_filter) AND avslutsdatum IS NOT NULL
    GROUP BY ALL
)
SELECT h.halvar, h.start, u.kommun, u.kon,
       coalesce(u.avslutade, 0) AS avslutade,
       coalesce(u.arbete_studier, 0) AS arbete_studier,
       coalesce(u.arbetsforberedande, 0) AS arbetsforberedande
FROM halvar_i_perioden($fran, $till) AS h
LEFT JOIN ut AS u ON u.start = h.start
WHERE h.slut >= $fran AND h.start <= $till
ORDER BY h.start, u.kommun, u.kon
