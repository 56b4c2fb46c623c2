-- The process funnel for one selection, one row: referred (the population plus those
-- referred in the period who never enrolled), enrolled, assessed (kartläggning), in an
-- intervention, exited, and the two outcomes the project aims for.
-- A step counts everyone who reached it or a later one by the period end: someone who
-- exited without a recorded kartläggning or insats has still passed those steps, so the
-- funnel never grows and its exits equal the summary's. `utan_insats` counts such exits.
SELECT
    count(*) AS anmalda,
    count(*) FILTER (inskrivningsdatum IS NOT NULL) AS inskrivna,
    count(*) FILTER (kartlaggning_datum <= $till OR insats_startdatum <= $till OR avslutad_i_tid) AS kartlagda,
    count(*) FILTER (insats_startdatum <= $till OR avslutad_i_tid) AS i_insats,
    count(*) FILTER (avslutad_i_tid) AS avslutade,
    count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbetsforberedande') AS arbetsforberedande,
    count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbete_studier') AS arbete_studier,
    count(*) FILTER (avslutad_i_tid AND (insats_startdatum IS NULL OR insats_startdatum > $till)) AS utan_insats
FROM anmalda($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
             $f_aldersgrupp, $f_remittent, $f_forsorjning)
