-- Flows from a participant's starting point to the outcome at exit, for the Flöde page's
-- Sankey diagram: one row per (kalltyp, kalla, mal) with the number of people, among
-- those in the selection who exited by the period end (the summary's `avslutade`).
--   kalltyp 'forsorjning': kalla = main income source before enrolment (forsorjning_fore)
--   kalltyp 'remittent':   kalla = who referred the participant (remittent)
--   kalla 'saknas' = not recorded.
--   mal: the outcome group at exit: 'arbete_studier' (arbete + studier), 'arbetsforberedande',
--        'arbetssokande', 'ohalsa', 'avbrott', 'annat_okant' (annat + okant).
-- Only non-empty flows are returned; per kalltyp the rows sum to `avslutade`.
-- Raw counts: disclosure control is applied in mia/flow.py before anything is shown.
-- The exits are first counted per income source, referrer and outcome (one cheap pass over
-- the rows), then the outcome groups and the two sets of flows come from those few groups.
WITH grupper AS (
    SELECT forsorjning_fore, remittent, utfall, count(*) AS n
    FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
               $f_aldersgrupp, $f_remittent, $f_forsorjning)
    WHERE avslutad_i_tid
    GROUP BY ALL
),
avslutade AS (
    SELECT
        forsorjning_fore,
        remittent,
        CASE
            WHEN utfall IN ('arbete', 'studier') THEN 'arbete_studier'
            WHEN utfall IN ('arbetsforberedande', 'arbetssokande', 'ohalsa', 'avbrott') THEN utfall
            ELSE 'annat_okant'
        END AS mal,
        n
    FROM grupper
)
SELECT
    CASE WHEN grouping(forsorjning_fore) = 0 THEN 'forsorjning' ELSE 'remittent' END AS kalltyp,
    coalesce(CASE WHEN grouping(forsorjning_fore) = 0 THEN forsorjning_fore ELSE remittent END,
             'saknas') AS kalla,
    mal,
    sum(n)::BIGINT AS antal
FROM avslutade
GROUP BY GROUPING SETS ((forsorjning_fore, mal), (remittent, mal))
ORDER BY kalltyp, kalla, mal
