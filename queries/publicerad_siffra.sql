-- What the data gives for the published figures of one selection (mia/reconcile.py): its
-- people per outcome, with how many of them had exited by the period end. A figure sums the
-- rows: antal, avslutade, and as numerator the avslutade of its outcomes (or antal, for a
-- count of the population). One scan answers every figure on the same selection, whatever
-- its outcomes (grouping by the outcome costs next to nothing more than counting).
SELECT
    utfall,
    count(*) AS antal,
    count(*) FILTER (avslutad_i_tid) AS avslutade
FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
           $f_aldersgrupp, $f_remittent, $f_forsorjning)
GROUP BY ALL
ORDER BY ALL
