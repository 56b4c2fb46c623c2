-- Completeness of the stored extract: per förbund and extract column, how many rows hold a
-- value (text not blank; kön not 'X' = okänt; birth year or age, either counts). Columns: forbund, namn, rader, kolumn, ifyllda.
-- Blank can be right (avslutsdatum blank = still active); the page says so.
WITH per_forbund AS (
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
        count(nullif(trim(d.okad_egenmakt), '')) AS okad_egenmakt
    FROM deltagare AS d
    GROUP BY d.forbund
),
lang AS (
    UNPIVOT per_forbund ON COLUMNS(* EXCLUDE (forbund, rader)) INTO NAME kolumn VALUE ifyllda
)
SELECT l.forbund, f.kortnamn AS namn, l.rader, l.kolumn, l.ifyllda
FROM lang AS l LEFT JOIN forbund AS f ON f.forbund_kod = l.forbund
ORDER BY f.kortnamn, l.kolumn
