-- Headline numbers for one selection: people in the population, how many of them had
-- exited by the period end, how many went to work/studies or to work-preparatory
-- interventions, and the exit survey (answered, of whom "ja").
-- One row. Parameters: the urval filter set (see mia/filters.py).
SELECT
    count(*) AS antal,
    count(*) FILTER (avslutad_i_tid) AS avslutade,
    count(*) FILTER (NOT avslutad_i_tid) AS pagaende,
    count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbete_studier') AS arbete_studier,
    count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbetsforberedande') AS arbetsforberedande,
    count(*) FILTER (avslutad_i_tid AND okad_egenmakt IS NOT NULL) AS egenmakt_besvarade,
    count(*) FILTER (avslutad_i_tid AND okad_egenmakt = 'ja') AS egenmakt_ja
FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon,
           $f_aldersgrupp, $f_remittent, $f_forsorjning)
