-- Time in the project (days from enrolment to exit) for those in the selection who exited
-- by the period end, per outcome group at exit and for all of them together: one row per
-- grupp ('arbete_studier', 'arbetsforberedande', 'ovrigt', 'alla_avslutade'; a group with
-- nobody is returned with n = 0), with n and the quartiles (quantile_cont: interpolated
-- 25th, 50th and 75th percentile, in days). Also `aktiva`: how many of the selection were
-- still active (not exited) at the period end, and `antal`: the whole selection, the same
-- on every row (the share still active is aktiva / antal).
-- Raw values: mia/flow.py hides quartiles of small groups before anything is shown.
WITH u AS (
    SELECT * FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
                        $f_aldersgrupp, $f_remittent, $f_forsorjning)
),
grupper(grupp, ordning) AS (
    VALUES ('arbete_studier', 1), ('arbetsforberedande', 2), ('ovrigt', 3), ('alla_avslutade', 4)
),
kvartiler AS (
    -- the three quartiles in one call: the values are sorted once per group, not thrice
    SELECT
        CASE WHEN grouping(utfallsgrupp) = 1 THEN 'alla_avslutade' ELSE utfallsgrupp END AS grupp,
        count(*) AS n,
        quantile_cont(dagar_i_projekt, [0.25, 0.50, 0.75]) AS q
    FROM u
    WHERE avslutad_i_tid
    GROUP BY GROUPING SETS ((utfallsgrupp), ())
),
tider AS (
    SELECT grupp, n, q[1] AS q1, q[2] AS median, q[3] AS q3 FROM kvartiler
),
helhet AS (
    SELECT count(*) AS antal, count(*) FILTER (NOT avslutad_i_tid) AS aktiva FROM u
)
SELECT g.grupp, coalesce(t.n, 0) AS n, t.q1, t.median, t.q3, h.aktiva, h.antal
FROM grupper AS g
LEFT JOIN tider AS t USING (grupp)
CROSS JOIN helhet AS h
ORDER BY g.ordning
