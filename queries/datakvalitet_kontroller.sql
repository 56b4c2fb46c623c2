-- Plausibility checks of the stored extract, per förbund: how many rows break each rule
-- and how many rows the rule applies to. $fran/$till: the project period.
-- Columns: forbund, namn, then per check <check> (rows breaking it) and <check>_av (rows checked).
SELECT
    d.forbund,
    f.kortnamn AS namn,
    count(*) FILTER (d.avslutsdatum IS NOT NULL AND d.insats_startdatum IS NULL) AS avslut_utan_insats,
    count(*) FILTER (d.avslutsdatum IS NOT NULL) AS avslut_utan_insats_av,
    count(*) FILTER (d.avslutsdatum IS NOT NULL AND d.kartlaggning_datum IS NULL) AS avslut_utan_kartlaggning,
    count(*) FILTER (d.avslutsdatum IS NOT NULL) AS avslut_utan_kartlaggning_av,
    count(*) FILTER (d.utfall IS NOT NULL AND d.avslutsdatum IS NULL) AS utfall_utan_avslut,
    count(*) FILTER (d.utfall IS NOT NULL) AS utfall_utan_avslut_av,
    count(*) FILTER (d.avslutsdatum IS NOT NULL AND d.utfall IS NULL) AS avslut_utan_utfall,
    count(*) FILTER (d.avslutsdatum IS NOT NULL) AS avslut_utan_utfall_av,
    count(*) FILTER (d.avslutsdatum IS NOT NULL AND d.inskrivningsdatum IS NULL) AS avslut_utan_inskrivning,
    count(*) FILTER (d.avslutsdatum IS NOT NULL) AS avslut_utan_inskrivning_av,
    count(*) FILTER (d.inskrivningsdatum < d.anmalningsdatum) AS inskriven_fore_anmalan,
    count(*) FILTER (d.inskrivningsdatum IS NOT NULL) AS inskriven_fore_anmalan_av,
    count(*) FILTER (d.insats_startdatum < d.inskrivningsdatum OR d.kartlaggning_datum < d.inskrivningsdatum)
        AS steg_fore_inskrivning,
    count(*) FILTER (d.insats_startdatum IS NOT NULL OR d.kartlaggning_datum IS NOT NULL) AS steg_fore_inskrivning_av,
    count(*) FILTER (d.inskrivningsdatum < k.mia_fran) AS fore_kommunens_start,
    count(*) FILTER (d.inskrivningsdatum IS NOT NULL) AS fore_kommunens_start_av,
    count(*) FILTER (d.inskrivningsdatum NOT BETWEEN $fran AND $till) AS utanfor_projektperioden,
    count(*) FILTER (d.inskrivningsdatum IS NOT NULL) AS utanfor_projektperioden_av,
    count(*) FILTER (d.inskrivningsdatum IS NOT NULL AND d.aldersgrupp IS NULL) AS alder_utanfor_16_64,
    count(*) FILTER (d.inskrivningsdatum IS NOT NULL) AS alder_utanfor_16_64_av,
    count(*) FILTER (d.kon = 'X') AS kon_okant,
    count(*) AS kon_okant_av,
    count(*) FILTER (d.avslutsdatum IS NOT NULL AND d.okad_egenmakt IS NULL) AS egenmakt_saknas,
    count(*) FILTER (d.avslutsdatum IS NOT NULL) AS egenmakt_saknas_av
FROM deltagare AS d
LEFT JOIN forbund AS f ON f.forbund_kod = d.forbund
LEFT JOIN kommuner AS k ON k.kommunkod = d.kommunkod
GROUP BY d.forbund, f.kortnamn
ORDER BY f.kortnamn
