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

-- kvalitet_per_forbund(fran, till): per förbund, what the Data page shows about the stored
-- extract, in one scan. Kept as the table forbund_kvalitet (tabeller_per_forbund.sql:
-- rebuilt on every open, the imported förbund in the import's transaction), which
-- datakvalitet.sql and datakvalitet_kontroller.sql read instead of scanning every row.
--   rader: the förbund's rows
--   completeness: per extract column, how many rows hold a value (text not blank; kön not
--     'X' = okänt; birth year or age, either counts)
--   plausibility: how many rows break each rule and how many rows the rules apply to
--     (fran/till: the project period); each distinct count once, since several checks
--     apply to the same rows (e.g. all exits)
CREATE OR REPLACE MACRO kvalitet_per_forbund(fran, till) AS TABLE
SELECT
    d.forbund,
    count(*) AS rader,
    -- the same test as the others, but an id starting with a printable ASCII character
    -- is not blank without trimming it: ids are unique, so trimming them all is most of
    -- this query's work
    count(CASE WHEN d.deltagare_id >= '!' AND d.deltagare_id < E'\x7f' THEN 1
               WHEN trim(d.deltagare_id) <> '' THEN 1 END) AS deltagare_id,
    count(nullif(trim(d.kommunkod), '')) AS kommunkod,
    count(nullif(nullif(trim(d.kon), ''), 'X')) AS kon,
    count(coalesce(d.fodelsear, d.alder)) AS fodelsear_eller_alder,
    count(d.anmalningsdatum) AS anmalningsdatum,
    count(nullif(trim(d.remittent), '')) AS remittent,
    count(d.inskrivningsdatum) AS inskrivningsdatum,
    count(d.kartlaggning_datum) AS kartlaggning_datum,
    count(d.insats_startdatum) AS insats_startdatum,
    count(nullif(trim(d.insatstyp), '')) AS insatstyp,
    count(d.avslutsdatum) AS avslutsdatum,
    count(nullif(trim(d.utfall), '')) AS utfall,
    count(nullif(trim(d.forsorjning_fore), '')) AS forsorjning_fore,
    count(nullif(trim(d.forsorjning_efter), '')) AS forsorjning_efter,
    count(nullif(trim(d.utbildningsniva), '')) AS utbildningsniva,
    count(nullif(trim(d.okad_egenmakt), '')) AS okad_egenmakt,
    count(d.avslutsdatum) AS avslutade,
    count(d.inskrivningsdatum) AS inskrivna,
    count(d.utfall) AS med_utfall,
    count(*) FILTER (d.avslutsdatum IS NOT NULL AND d.insats_startdatum IS NULL) AS avslut_utan_insats,
    count(*) FILTER (d.avslutsdatum IS NOT NULL AND d.kartlaggning_datum IS NULL) AS avslut_utan_kartlaggning,
    count(*) FILTER (d.utfall IS NOT NULL AND d.avslutsdatum IS NULL) AS utfall_utan_avslut,
    count(*) FILTER (d.avslutsdatum IS NOT NULL AND d.utfall IS NULL) AS avslut_utan_utfall,
    count(*) FILTER (d.avslutsdatum IS NOT NULL AND d.inskrivningsdatum IS NULL) AS avslut_utan_inskrivning,
    count(*) FILTER (d.inskrivningsdatum < d.anmalningsdatum) AS inskriven_fore_anmalan,
    count(*) FILTER (d.insats_startdatum < d.inskrivningsdatum OR d.kartlaggning_datum < d.inskrivningsdatum)
        AS steg_fore_inskrivning,
    count(*) FILTER (d.insats_startdatum IS NOT NULL OR d.kartlaggning_datum IS NOT NULL) AS steg_fore_inskrivning_av,
    count(*) FILTER (d.inskrivningsdatum < k.mia_fran) AS fore_kommunens_start,
    count(*) FILTER (d.inskrivningsdatum NOT BETWEEN fran AND till) AS utanfor_projektperioden,
    count(*) FILTER (d.inskrivningsdatum IS NOT NULL AND d.aldersgrupp IS NULL) AS alder_utanfor_16_64,
    count(*) FILTER (d.kon = 'X') AS kon_okant,
    count(*) FILTER (d.avslutsdatum IS NOT NULL AND d.okad_egenmakt IS NULL) AS egenmakt_saknas
FROM deltagare AS d
LEFT JOIN kommuner AS k ON k.kommunkod = d.kommunkod
GROUP BY d.forbund;

-- halvar_i_perioden(fran, till): the half-years from the start of the period's first year
-- to its end: start, slut, halvar ('2019-H1'). Callers keep those that overlap the period.
CREATE OR REPLACE MACRO halvar_i_perioden(fran, till) AS TABLE
SELECT
    d::DATE AS start,
    (d + INTERVAL 6 MONTH - INTERVAL 1 DAY)::DATE AS slut,
    year(d)::VARCHAR || '-H' || CASE WHEN month(d) = 1 THEN '1' ELSE '2' END AS halvar
FROM range(date_trunc('year', fran::DATE), till::DATE + INTERVAL 1 DAY, INTERVAL 6 MONTH) AS r(d);

-- inskrivna_per_halvar(): per förbund, half-year of enrolment (its first day), kommun and
-- kön: how many were enrolled then. Kept as the table forbund_inskrivna_halvar
-- (tabeller_per_forbund.sql), from which trend_halvar.sql sums Översikt's trend when no
-- filter other than förbund, kommun or kön is set.
CREATE OR REPLACE MACRO inskrivna_per_halvar() AS TABLE
SELECT
    d.forbund,
    make_date(year(d.inskrivningsdatum), CASE WHEN month(d.inskrivningsdatum) <= 6 THEN 1 ELSE 7 END, 1) AS start,
    d.kommunkod AS kommun,
    d.kon,
    count(*) AS inskrivna
FROM deltagare AS d
WHERE d.inskrivningsdatum BETWEEN DATE '1900-01-01' AND DATE '2999-12-31'  -- as urval() for all enrolled
GROUP BY ALL;

-- avslut_per_halvar(): per förbund, half-year of exit (its first day), kommun and kön: the
-- enrolled who exited then, and how many of them to work or studies and to a
-- work-preparing insats. Kept as the table forbund_avslut_halvar (tabeller_per_forbund.sql),
-- from which jamfor_trend.sql sums Jämför's trend cells when no dimension filter is set.
CREATE OR REPLACE MACRO avslut_per_halvar() AS TABLE
SELECT
    d.forbund,
    make_date(year(d.avslutsdatum), CASE WHEN month(d.avslutsdatum) <= 6 THEN 1 ELSE 7 END, 1) AS start,
    d.kommunkod AS kommun,
    d.kon,
    count(*) AS avslutade,
    count(*) FILTER (d.utfallsgrupp = 'arbete_studier') AS arbete_studier,
    count(*) FILTER (d.utfallsgrupp = 'arbetsforberedande') AS arbetsforberedande
FROM deltagare AS d
WHERE d.inskrivningsdatum BETWEEN DATE '1900-01-01' AND DATE '2999-12-31'  -- as urval() for all enrolled
  AND d.avslutsdatum IS NOT NULL
GROUP BY ALL;
