-- The half-years with exits in the data: the first one's start and the last one's end (NULL,
-- NULL before the first import), from the exits kept per förbund (forbund_avslut_halvar).
-- mia/kept_trend.py protects Jämför's trend over this period.
SELECT min(start) AS fran,
       (max(start) + INTERVAL 6 MONTH - INTERVAL 1 DAY)::DATE AS till
FROM forbund_avslut_halvar
