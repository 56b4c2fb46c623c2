-- The process funnel for one selection, one row: referred (the population plus those
-- referred in the period who never enrolled), enrolled, assessed (kartläggning done by the
-- period end), in an intervention, exited, and the two outcomes the project aims for.
SELECT
    count(*) AS anmalda,
    count(*) FILTER (inskrivningsdatum IS NOT NULL) AS inskrivna,
    count(*) FILTER (kartlaggning_datum <= $till) AS kartlagda,
    count(*) FILTER (insats_startdatum <= $till) AS i_insats,
    count(*) FILTER (avslutad_i_tid) AS avslutade,
    count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbetsforberedande') AS arbetsforberedande,
    count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbete_studier') AS arbete_studier
FROM anmalda($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
             $f_aldersgrupp, $f_remittent, $f_forsorjning)
