-- Completeness of the stored extract: per förbund, its rows and how many of them hold a
-- value in each extract column (text not blank; kön not 'X' = okänt; birth year or age,
-- either counts). Columns: forbund, namn, rader, then one count per extract column.
-- Blank can be right (avslutsdatum blank = still active); the page says so.
-- The counts are kept per förbund in forbund_kvalitet (macros.sql: kvalitet_per_forbund),
-- a row per förbund: read as they are kept, not unpivoted into a row per count (mia.
-- data_quality.completeness pivoted those back, a third of its time).
SELECT k.forbund, f.kortnamn AS namn, k.rader,
       k.deltagare_id, k.kommunkod, k.kon, k.fodelsear_eller_alder, k.anmalningsdatum, k.remittent,
       k.inskrivningsdatum, k.kartlaggning_datum, k.insats_startdatum, k.insatstyp, k.avslutsdatum, k.utfall,
       k.forsorjning_fore, k.forsorjning_efter, k.utbildningsniva, k.okad_egenmakt
FROM forbund_kvalitet AS k LEFT JOIN forbund AS f ON f.forbund_kod = k.forbund
ORDER BY f.kortnamn, k.forbund
