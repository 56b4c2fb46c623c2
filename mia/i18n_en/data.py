"""English for the Data page: sources, import, history, data quality, reconciliation."""
EN = {
    "Var siffrorna kommer ifrån, inläsning av nya utdrag, datakvalitet och avstämning mot publicerade siffror.":
        "Where the figures come from, importing new extracts, data quality and reconciliation with published figures.",
    "Sidan gäller alla inlästa data; urvalet i sidopanelen påverkar den inte.":
        "This page covers all loaded data; the selection in the sidebar does not apply to it.",
    # sources
    "Datakällor": "Data sources",
    "Källa": "Source",
    "Fil": "File",
    "Uttagsdatum": "Extract date",
    "Inläst": "Imported",
    "Import": "Import",
    "Rader": "Rows",
    "Inga data": "No data",
    "Inläst fil": "Imported file",
    "syntetiska demodata (frö {seed})": "synthetic demo data (seed {seed})",
    "Dataversion": "Data version",
    # import
    "Läs in ett utdrag": "Import an extract",
    "Ett utdrag ersätter alla rader för de förbund som finns i filen; övriga förbund lämnas orörda. Filen kontrolleras först, och inget sparas förrän du har bekräftat.":
        "An extract replaces all rows of the associations in the file; other associations are left untouched. "
        "The file is checked first, and nothing is stored until you confirm.",
    "Inläsning är avstängd eftersom ingen administratörsnyckel är inställd, så sidan är skrivskyddad. Slå på den genom att sätta miljövariabeln `MIA_ADMIN_SECRET` eller lägga raden `admin_secret = \"…\"` i `.streamlit/secrets.toml` och starta om dashboarden. Utdrag kan också läsas in från kommandoraden: `python -m mia import FIL`.":
        "Importing is switched off because no admin secret is configured, so this page is read-only. Switch it on "
        "by setting the environment variable `MIA_ADMIN_SECRET` or adding the line `admin_secret = \"…\"` to "
        "`.streamlit/secrets.toml` and restarting the dashboard. Extracts can also be imported from the command "
        "line: `python -m mia import FILE`.",
    "Inläsning kräver administratörsnyckeln.": "Importing requires the admin secret.",
    "Administratörsnyckel": "Admin secret",
    "Nyckeln som förvaltningen har ställt in (admin_secret eller MIA_ADMIN_SECRET).":
        "The secret the administrators have configured (admin_secret or MIA_ADMIN_SECRET).",
    "Lås upp inläsning": "Unlock importing",
    "Fel nyckel. Försök igen.": "Wrong secret. Try again.",
    "Lås inläsningen": "Lock importing",
    "Ditt namn (sparas i importhistoriken)": "Your name (stored in the import history)",
    "Utdrag (.csv, .txt, .xlsx eller .parquet)": "Extract (.csv, .txt, .xlsx or .parquet)",
    "Ett deltagarutdrag enligt dataspecifikationen, högst {mb} MB.":
        "A participant extract as described in the data specification, at most {mb} MB.",
    "Kontrollerar filen …": "Checking the file …",
    "Läst som": "Read as",
    "Ladda ner rapporten (CSV)": "Download the report (CSV)",
    "Filen har inte lästs in och ingenting har ändrats. Rätta felen och ladda upp filen igen.":
        "The file has not been imported and nothing has changed. Correct the errors and upload the file again.",
    "Det här ersätts": "This will be replaced",
    "Nu": "Now",
    "Rader nu": "Rows now",
    "Rader i filen": "Rows in the file",
    "Bekräfta import": "Confirm import",
    "Läser in …": "Importing …",
    "Rader före": "Rows before",
    "Rader efter": "Rows after",
    "Alla sidor visar nu de nya siffrorna (dataversion {v}).": "All pages now show the new figures (data version {v}).",
    # history
    "Importhistorik": "Import history",
    "Varje försök att läsa in ett utdrag, även avvisade, senaste först.":
        "Every attempt to import an extract, refused ones included, newest first.",
    "Tid": "Time",
    "Resultat": "Result",
    "Vem": "Who",
    "Meddelande": "Message",
    "Avvisad": "Refused",
    "Misslyckad": "Failed",
    "Oförändrad (samma fil)": "Unchanged (same file)",
    # quality
    "Datakvalitet": "Data quality",
    "Andel rader med ett ifyllt värde, per kolumn och förbund. Tomt kan vara rätt: avslutsdatum och utfall saknas för den som fortfarande deltar, kartläggning och insats för den som avslutade tidigt.":
        "Share of rows with a value, by column and association. Blank can be right: exit date and outcome are "
        "missing for people still taking part, assessment and intervention for those who left early.",
    "Kolumn": "Column",
    "Deltagar-id": "Participant id",
    "Kön (K/M)": "Sex (F/M)",
    "Födelseår eller ålder": "Birth year or age",
    "Anmälningsdatum": "Referral date",
    "Inskrivningsdatum": "Enrolment date",
    "Kartläggning klar": "Assessment completed",
    "Insatsstart": "Intervention start",
    "Insatstyp": "Intervention type",
    "Avslutsdatum": "Exit date",
    "Utfall": "Outcome",
    "Försörjning efter": "Income source after",
    "Utbildningsnivå": "Education level",
    "Ökad egenmakt (enkät)": "More in control (survey)",
    "Kontroller av rimlighet: antal rader per förbund som bryter mot regeln, och andelen av de rader regeln gäller.":
        "Plausibility checks: rows per association that break the rule, and the share of the rows the rule applies to.",
    "Kontroll": "Check",
    "Bland": "Among",
    "Avslutade utan insats (inget insatsdatum)": "Exited without an intervention (no intervention date)",
    "Avslutade utan kartläggning": "Exited without an assessment",
    "Utfall angivet men inget avslutsdatum": "Outcome given but no exit date",
    "Avslutade utan utfall": "Exited without an outcome",
    "Avslutade utan inskrivningsdatum": "Exited without an enrolment date",
    "Inskrivna före anmälan": "Enrolled before referral",
    "Kartläggning eller insats före inskrivning": "Assessment or intervention before enrolment",
    "Inskrivna innan kommunen gick med i MIA": "Enrolled before the municipality joined MIA",
    "Inskrivna utanför projektperioden": "Enrolled outside the project period",
    "Ålder vid inskrivning utanför 16–64 år eller saknas": "Age at enrolment outside 16–64 or missing",
    "Kön okänt": "Sex unknown",
    "Avslutade utan svar om ökad egenmakt": "Exited without an answer on feeling more in control",
    "alla rader": "all rows",
    "rader med utfall": "rows with an outcome",
    "kartlagda eller i insats": "assessed or in an intervention",
    # reconciliation
    "Avstämning mot publicerade siffror": "Reconciliation with published figures",
    "{ok} av {n} publicerade siffror återskapas": "{ok} of {n} published figures are reproduced",
    "Demodata är kalibrerade mot de publicerade siffrorna, så avstämningen säger något om verkliga data först när förbundens utdrag är inlästa.":
        "The demo data are calibrated to the published figures, so the reconciliation says something about real "
        "data only once the associations' extracts are imported.",
    "Siffra": "Figure",
    "Antal": "Number",
    "hela MIA": "all of MIA",
    "till arbete eller studier": "to work or studies",
    "till arbetsförberedande insats": "to work-preparatory interventions",
    "av alla": "of all",
    "av avslutade": "of those who exited",
    "Definition": "Definition",
    "Publicerat": "Published",
    "Data ger": "Data gives",
    "Stämmer": "Matches",
    "Tolerans": "Tolerance",
    "Publicerad": "Published on",
    "minst": "at least",
    "exakt": "exact",
    "procentenheter": "percentage points",
}
