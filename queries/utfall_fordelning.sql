-- Outcome at exit among those in the selection who exited by the period end:
-- one row per outcome code (all eight, zero when absent), in the order of the code list.
WITH koder(utfall, ordning) AS (
    VALUES ('arbete', 1), ('studier', 2), ('arbetsforberedande', 3), ('arbetssokande', 4),
           ('ohalsa', 5), ('annat', 6), ('avbrott', 7), ('okant', 8)
),
utfall AS (
    SELECT utfall, count(*) AS antal
    FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
               $f_aldersgrupp, $f_remittent, $f_forsorjning)
    WHERE avslutad_i_tid
    GROUP BY utfall
)
SELECT k.utfall, coalesce(u.antal, 0) AS antal
FROM koder AS k LEFT JOIN utfall AS u USING (utfall)
ORDER BY k.ordning
