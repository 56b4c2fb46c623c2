-- The selection's numbers broken down by background: kön, age group, referrer and income
-- source before. One row per (dimension, value); `dimension` names the column.
SELECT
    CASE WHEN grouping(kon) = 0 THEN 'kon'
         WHEN grouping(aldersgrupp) = 0 THEN 'aldersgrupp'
         WHEN grouping(remittent) = 0 THEN 'remittent'
         ELSE 'forsorjning' END AS dimension,
    coalesce(kon, aldersgrupp, remittent, forsorjning_fore, 'okänt') AS varde,
    count(*) AS antal,
    count(*) FILTER (avslutad_i_tid) AS avslutade,
    count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbete_studier') AS arbete_studier,
    count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbetsforberedande') AS arbetsforberedande
FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
           $f_aldersgrupp, $f_remittent, $f_forsorjning)
GROUP BY GROUPING SETS ((kon), (aldersgrupp), (remittent), (forsorjning_fore))
ORDER BY dimension, varde
