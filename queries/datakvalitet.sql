-- Completeness of the stored extract: per förbund and extract column, how many rows hold a
-- value (text not blank; kön not 'X' = okänt; birth year or age, either counts). Columns: forbund, namn, rader, kolumn, ifyllda.
-- Blank can be right (avslutsdatum blank = still active); the page says so.
-- The counts are kept per förbund in forbund_kvalitet (macros.sql: kvalitet_per_forbund).
WITH ifyllda AS (
    SELECT forbund, rader, deltagare_id, kommunkod, kon, fodelsear_eller_alder, anmalningsdatum, remittent,
           inskrivningsdatum, kartlaggning_datum, insats_startdatum, insatstyp, avslutsdatum, utfall,
           forsorjning_fore, forsorjning_efter, utbildningsniva, okad_egenmakt
    FROM forbund_kvalitet
),
lang AS (
    UNPIVOT ifyllda ON COLUMNS(* EXCLUDE (forbund, rader)) INTO NAME kolumn VALUE ifyllda
)
SELECT l.forbund, f.kortnamn AS namn, l.rader, l.kolumn, l.ifyllda
FROM lang AS l LEFT JOIN forbund AS f ON f.forbund_kod = l.forbund
ORDER BY f.kortnamn, l.kolumn
