-- Jämför's trend cells, exactly as jamfor_trend.sql gives them, for a selection without age
-- group, referrer and income filters (the common case): summed from the exits the imports
-- keep per förbund, half-year, kommun and kön (forbund_avslut_halvar, macros.sql:
-- avslut_per_halvar), a few thousand rows instead of every participant.
WITH ut AS (
    SELECT
        start,
        kommun,
        kon,
        sum(avslutade)::BIGINT AS avslutade,
        sum(arbete_studier)::BIGINT AS arbete_studier,
        sum(arbetsforberedande)::BIGINT AS arbetsforberedande
    FROM forbund_avslut_halvar
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
