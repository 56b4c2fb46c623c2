-- Plausibility checks of the stored extract, per förbund: how many rows break each rule
-- and how many rows the rule applies to. $fran/$till: the project period.
-- Columns: forbund, namn, then per check <check> (rows breaking it) and <check>_av (rows checked).
-- Each distinct count is computed once (several checks apply to the same rows, e.g. all
-- exits) and the förbund's name is joined to the 80 result rows, not to every row.
WITH per_forbund AS (
    SELECT
        d.forbund,
        count(*) AS rader,
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
        count(*) FILTER (d.inskrivningsdatum NOT BETWEEN $fran AND $till) AS utanfor_projektperioden,
        count(*) FILTER (d.inskrivningsdatum IS NOT NULL AND d.aldersgrupp IS NULL) AS alder_utanfor_16_64,
        count(*) FILTER (d.kon = 'X') AS kon_okant,
        count(*) FILTER (d.avslutsdatum IS NOT NULL AND d.okad_egenmakt IS NULL) AS egenmakt_saknas
    FROM deltagare AS d
    LEFT JOIN kommuner AS k ON k.kommunkod = d.kommunkod
    GROUP BY d.forbund
)
SELECT
    p.forbund,
    f.kortnamn AS namn,
    p.avslut_utan_insats, p.avslutade AS avslut_utan_insats_av,
    p.avslut_utan_kartlaggning, p.avslutade AS avslut_utan_kartlaggning_av,
    p.utfall_utan_avslut, p.med_utfall AS utfall_utan_avslut_av,
    p.avslut_utan_utfall, p.avslutade AS avslut_utan_utfall_av,
    p.avslut_utan_inskrivning, p.avslutade AS avslut_utan_inskrivning_av,
    p.inskriven_fore_anmalan, p.inskrivna AS inskriven_fore_anmalan_av,
    p.steg_fore_inskrivning, p.steg_fore_inskrivning_av,
    p.fore_kommunens_start, p.inskrivna AS fore_kommunens_start_av,
    p.utanfor_projektperioden, p.inskrivna AS utanfor_projektperioden_av,
    p.alder_utanfor_16_64, p.inskrivna AS alder_utanfor_16_64_av,
    p.kon_okant, p.rader AS kon_okant_av,
    p.egenmakt_saknas, p.avslutade AS egenmakt_saknas_av
FROM per_forbund AS p
LEFT JOIN forbund AS f ON f.forbund_kod = p.forbund
ORDER BY f.kortnamn
