-- The process funnel for one selection, one row: referred (the population plus those
-- referred in the period who never enrolled), enrolled, assessed (kartläggning), in an
-- intervention, exited, and the two outcomes the project aims for.
-- A step counts everyone who reached it or a later one by the period end: someone who
-- exited without a recorded kartläggning or insats has still passed those steps, so the
-- funnel never grows and its exits equal the summary's. `utan_insats` counts such exits.
-- Counted in two steps, as nyckeltal.sql: the selection grouped by the few combinations of
-- the steps reached and the outcome group, then those groups summed.
WITH grupper AS (
    SELECT
        inskrivningsdatum IS NOT NULL AS inskriven,
        coalesce(kartlaggning_datum <= $till, false) AS kartlagd,
        coalesce(insats_startdatum <= $till, false) AS i_insats,
        avslutad_i_tid,
        utfallsgrupp,
        count(*) AS n
    FROM anmalda($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
                 $f_aldersgrupp, $f_remittent, $f_forsorjning)
    GROUP BY ALL
)
SELECT
    coalesce(sum(n), 0)::BIGINT AS anmalda,
    coalesce(sum(n) FILTER (inskriven), 0)::BIGINT AS inskrivna,
    coalesce(sum(n) FILTER (kartlagd OR i_insats OR avslutad_i_tid), 0)::BIGINT AS kartlagda,
    coalesce(sum(n) FILTER (i_insats OR avslutad_i_tid), 0)::BIGINT AS i_insats,
    coalesce(sum(n) FILTER (avslutad_i_tid), 0)::BIGINT AS avslutade,
    coalesce(sum(n) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbetsforberedande'), 0)::BIGINT AS arbetsforberedande,
    coalesce(sum(n) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbete_studier'), 0)::BIGINT AS arbete_studier,
    coalesce(sum(n) FILTER (avslutad_i_tid AND NOT i_insats), 0)::BIGINT AS utan_insats
FROM grupper
