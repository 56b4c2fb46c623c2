-- Table macros shared by every query file. Run on every read-write open (CREATE OR REPLACE).
--
-- urval(...): the participants in the chosen population and period, after the dimension
-- filters (a NULL or empty list means "all"). Adds `avslutad_i_tid` (exited on or before
-- the period end), the one definition of "exited" that every share's numerator uses.
--   population 'inskrivna': enrolled in the period
--   population 'aktiva':    enrolled on or before the period end, not exited before its start
--   population 'avslutade': exited in the period
CREATE OR REPLACE MACRO urval(fran, till, population, f_forbund, f_kommun, f_kon,
                              f_aldersgrupp, f_remittent, f_forsorjning) AS TABLE
SELECT
    d.*,
    (d.avslutsdatum IS NOT NULL AND d.avslutsdatum <= till) AS avslutad_i_tid
FROM deltagare AS d
WHERE d.inskrivningsdatum IS NOT NULL
  AND CASE population
        WHEN 'inskrivna' THEN d.inskrivningsdatum BETWEEN fran AND till
        WHEN 'aktiva' THEN d.inskrivningsdatum <= till
                          AND (d.avslutsdatum IS NULL OR d.avslutsdatum >= fran)
        WHEN 'avslutade' THEN d.avslutsdatum BETWEEN fran AND till
      END
  AND (f_forbund IS NULL OR len(f_forbund) = 0 OR list_contains(f_forbund, d.forbund))
  AND (f_kommun IS NULL OR len(f_kommun) = 0 OR list_contains(f_kommun, d.kommunkod))
  AND (f_kon IS NULL OR len(f_kon) = 0 OR list_contains(f_kon, d.kon))
  AND (f_aldersgrupp IS NULL OR len(f_aldersgrupp) = 0 OR list_contains(f_aldersgrupp, d.aldersgrupp))
  AND (f_remittent IS NULL OR len(f_remittent) = 0 OR list_contains(f_remittent, d.remittent))
  AND (f_forsorjning IS NULL OR len(f_forsorjning) = 0 OR list_contains(f_forsorjning, d.forsorjning_fore));

-- anmalda(...): everyone referred: the population above plus those referred in the period
-- who were never enrolled. The first step of the process funnel.
CREATE OR REPLACE MACRO anmalda(fran, till, population, f_forbund, f_kommun, f_kon,
                                f_aldersgrupp, f_remittent, f_forsorjning) AS TABLE
SELECT * FROM urval(fran, till, population, f_forbund, f_kommun, f_kon,
                    f_aldersgrupp, f_remittent, f_forsorjning)
UNION ALL BY NAME
SELECT d.*, false AS avslutad_i_tid
FROM deltagare AS d
WHERE d.inskrivningsdatum IS NULL
  AND d.anmalningsdatum BETWEEN fran AND till
  AND (f_forbund IS NULL OR len(f_forbund) = 0 OR list_contains(f_forbund, d.forbund))
  AND (f_kommun IS NULL OR len(f_kommun) = 0 OR list_contains(f_kommun, d.kommunkod))
  AND (f_kon IS NULL OR len(f_kon) = 0 OR list_contains(f_kon, d.kon))
  AND (f_aldersgrupp IS NULL OR len(f_aldersgrupp) = 0 OR list_contains(f_aldersgrupp, d.aldersgrupp))
  AND (f_remittent IS NULL OR len(f_remittent) = 0 OR list_contains(f_remittent, d.remittent))
  AND (f_forsorjning IS NULL OR len(f_forsorjning) = 0 OR list_contains(f_forsorjning, d.forsorjning_fore));
