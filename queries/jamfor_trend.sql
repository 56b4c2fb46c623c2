-- Jämför's trend cells: per half-year (as in trend_halvar.sql: the half-years that overlap
-- the period, each its own period of exits) × kommun × kön, those who exited in the
-- half-year and their outcomes. Every half-year appears at least once (kommun NULL when
-- nobody exited). mia/compare.py adds the margins and disclosure control; it passes the
-- selection without the förbund/kommun/kön filters (the population setting is not used).
-- Without age, referrer and income filters it reads jamfor_trend_utan_filter.sql instead.
WITH ut AS (
    SELECT
        make_date(year(avslutsdatum), CASE WHEN month(avslutsdatum) <= 6 THEN 1 ELSE 7 END, 1) AS start,
        kommunkod AS kommun,
        kon,
        count(*) AS avslutade,
        count(*) FILTER (utfallsgrupp = 'arbete_studier') AS arbete_studier,
        count(*) FILTER (utfallsgrupp = 'arbetsforberedande') AS arbetsforberedande
    FROM urval(DATE '1900-01-01', DATE '2999-12-31', 'inskrivna', $f_forbund, $f_kommun,
               $f_kon, $f_aldersgrupp, $f_remittent, $f_forsorjning)
    WHERE avslutsdatum IS NOT NULL
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
