-- trend_halvar.sql's rows for a selection with no filter but förbund, kommun and kön (the
-- usual case; mia/measures.py chooses): the same half-years and counts, summed from the
-- enrolments and exits the imports keep per förbund, half-year, kommun and kön
-- (forbund_inskrivna_halvar, forbund_avslut_halvar; macros.sql), a few thousand rows
-- instead of every participant.
WITH in_tal AS (
    SELECT start, sum(inskrivna)::BIGINT AS inskrivna
    FROM forbund_inskrivna_halvar
    WHERE ($f_forbund IS NULL OR len($f_forbund) = 0 OR list_contains($f_forbund, forbund))
      AND ($f_kommun IS NULL OR len($f_kommun) = 0 OR list_contains($f_kommun, kommun))
      AND ($f_kon IS NULL OR len($f_kon) = 0 OR list_contains($f_kon, kon))
    GROUP BY ALL
),
ut_tal AS (
    SELECT start,
           sum(avslutade)::BIGINT AS avslutade,
           sum(arbete_studier)::BIGINT AS arbete_studier,
           sum(arbetsforberedande)::BIGINT AS arbetsforberedande
    FROM forbund_avslut_halvar
    WHERE ($f_forbund IS NULL OR len($f_forbund) = 0 OR list_contains($f_forbund, forbund))
      AND ($f_kommun IS NULL OR len($f_kommun) = 0 OR list_contains($f_kommun, kommun))
      AND ($f_kon IS NULL OR len($f_kon) = 0 OR list_contains($f_kon, kon))
    GROUP BY ALL
)
SELECT
    h.halvar, h.start, h.slut,
    coalesce(i.inskrivna, 0) AS inskrivna,
    coalesce(u.avslutade, 0) AS avslutade,
    coalesce(u.arbete_studier, 0) AS arbete_studier,
    coalesce(u.arbetsforberedande, 0) AS arbetsforberedande
FROM halvar_i_perioden($fran, $till) AS h
LEFT JOIN in_tal AS i ON i.start = h.start
LEFT JOIN ut_tal AS u ON u.start = h.start
WHERE h.slut >= $fran AND h.start <= $till
ORDER BY h.start
