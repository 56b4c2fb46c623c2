-- Plausibility checks of the stored extract, per förbund: how many rows break each rule
-- and how many rows the rule applies to, from the counts kept per förbund in
-- forbund_kvalitet (macros.sql: kvalitet_per_forbund, with the project period).
-- Columns: forbund, namn, then per check <check> (rows breaking it) and <check>_av (rows checked).
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
FROM forbund_kvalitet AS p
LEFT JOIN forbund AS f ON f.forbund_kod = p.forbund
ORDER BY f.kortnamn
