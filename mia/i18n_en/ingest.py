"""English for reading, validating and importing an extract (mia.ingest, mia.importer): the
validation messages and fixes, the summary line, the report's columns, the detected format,
the size limit and the import results. Names the user must write as they are (a sheet name,
a header that is not a canonical column name) are code spans in English. Keys are the Swedish templates of
mia.ingest.messages.Text; the English keeps every {field} (tests/test_ingest_language.py
checks both), and mia.ingest.messages.parse reads the import history's stored Swedish lines
back with these templates."""
EN = {
    # the report and the summary line
    "Typ": "Type",
    "Fil": "File",
    "Rad": "Row",
    "Kolumn": "Column",
    "Värde": "Value",
    "Meddelande": "Message",
    "Fel": "Error",
    "Varning": "Warning",
    "Filen {file} är godkänd: {rows} rader från {forbund}.":
        "The file {file} is accepted: {rows} rows from {forbund}.",
    "Filen {file} är godkänd: {rows} rader från {forbund}. {warnings}.":
        "The file {file} is accepted: {rows} rows from {forbund}. {warnings}.",
    "Filen {file} kan inte läsas in: {errors}.": "The file {file} cannot be imported: {errors}.",
    "Filen {file} kan inte läsas in: {errors} och {warnings}.":
        "The file {file} cannot be imported: {errors} and {warnings}.",
    "1 fel": "1 error",
    "{n} fel": "{n} errors",
    "{n} varning": "{n} warning",
    "{n} varningar": "{n} warnings",
    "{n} rad": "{n} row",
    "{n} rader": "{n} rows",
    "{first} och {last}": "{first} and {last}",
    # where an issue is, and the sentence it makes
    'Rad {row}, kolumn "{column}"': 'Row {row}, column "{column}"',
    "Rad {row}": "Row {row}",
    'Rad {row}, kolumn "{column}": {body}': 'Row {row}, column "{column}": {body}',
    "Rad {row}: {body}": "Row {row}: {body}",
    "{message} {fix}": "{message} {fix}",
    "kolumn {letter}": "column {letter}",
    '"{name}"': '"{name}"',
    "{item}, {items}": "{item}, {items}",
    "… och {rest} fel till som inte visas här.": "… and {rest} more errors not shown here.",
    "Rätta felen ovan och ladda upp filen igen, så visas resten.":
        "Correct the errors above and upload the file again to see the rest.",
    "… och {rest} varningar till som inte visas här.": "… and {rest} more warnings not shown here.",
    # what was read
    "{parts}": "{parts}",
    "CSV/text": "CSV/text",
    "teckenkodning {encoding}": "encoding {encoding}",
    "avgränsare {separator}": "separator {separator}",
    "semikolon": "semicolon",
    "komma": "comma",
    "tabb": "tab",
    'blad "{sheet}"': 'sheet "{sheet}"',
    "UTF-8 med BOM": "UTF-8 with BOM",
    # files that cannot be read
    "Filen är i Excels gamla format (.xls) eller lösenordsskyddad och kan inte läsas.":
        "The file is in Excel's old format (.xls) or password-protected and cannot be read.",
    "Öppna den i Excel, ta bort eventuellt lösenord och spara som .xlsx eller CSV (UTF-8).":
        "Open it in Excel, remove any password and save it as .xlsx or CSV (UTF-8).",
    "Filen är en PDF, inte en tabell.": "The file is a PDF, not a table.",
    "Ladda upp utdraget som .xlsx, .csv eller .parquet.": "Upload the extract as .xlsx, .csv or .parquet.",
    "Filen är tom (0 byte).": "The file is empty (0 bytes).",
    "Kontrollera att du valde rätt fil och att den sparats.": "Check that you chose the right file and that it was saved.",
    "Filen är för stor ({size} MB); gränsen är {limit} MB.": "The file is too large ({size} MB); the limit is {limit} MB.",
    "Dela upp utdraget per förbund, eller spara det som .xlsx eller .parquet som är mindre.":
        "Split the extract by association, or save it as .xlsx or .parquet, which are smaller.",
    "Filen säger att den är {label} men innehåller ogiltiga tecken.":
        "The file says it is {label} but contains invalid characters.",
    "Spara om filen som CSV (UTF-8) i Excel och försök igen.": "Save the file again as CSV (UTF-8) in Excel and try again.",
    "Filen innehåller binära data och är ingen textfil (CSV).": "The file contains binary data and is not a text file (CSV).",
    "Filen är tom: den innehåller inga rader.": "The file is empty: it contains no rows.",
    "Kontrollera att du valde rätt fil.": "Check that you chose the right file.",
    "Filen kunde inte delas upp i kolumner (trasiga citattecken eller mycket långa fält).":
        "The file could not be split into columns (broken quotation marks or very long fields).",
    "Öppna filen i Excel och spara den igen som CSV.": "Open the file in Excel and save it again as CSV.",
    "Filen ser ut som en Excelfil men kunde inte öppnas.": "The file looks like an Excel file but could not be opened.",
    "Öppna den i Excel och spara som .xlsx (Excel-arbetsbok) eller CSV (UTF-8).":
        "Open it in Excel and save it as .xlsx (Excel workbook) or CSV (UTF-8).",
    "Excelfilens blad kunde inte läsas.": "The sheets of the Excel file could not be read.",
    "Öppna filen i Excel och spara den igen som .xlsx eller CSV (UTF-8).":
        "Open the file in Excel and save it again as .xlsx or CSV (UTF-8).",
    "Filen är en trasig zip-/Excelfil.": "The file is a broken zip/Excel file.",
    "Spara om filen i Excel som .xlsx eller CSV (UTF-8).": "Save the file again in Excel as .xlsx or CSV (UTF-8).",
    "Filen är en zip-fil men ingen Excel-arbetsbok (.xlsx).": "The file is a zip file but not an Excel workbook (.xlsx).",
    "Ladda upp utdraget som .xlsx, .csv eller .parquet (inte .docx, .ods eller .zip).":
        "Upload the extract as .xlsx, .csv or .parquet (not .docx, .ods or .zip).",
    "Excelfilen är för stor uppackad.": "The Excel file is too large when unpacked.",
    "Dela upp utdraget eller spara det som CSV.": "Split the extract or save it as CSV.",
    "Excelfilen har inga kalkylblad.": "The Excel file has no worksheets.",
    "Lägg deltagarna på ett blad som heter deltagare.": "Put the participants on a sheet named `deltagare`.",
    "Parquet-filen kunde inte läsas.": "The Parquet file could not be read.",
    "Exportera utdraget på nytt, eller spara det som .xlsx eller CSV.":
        "Export the extract again, or save it as .xlsx or CSV.",
    "Filen har bara en rubrikrad och inga deltagare.": "The file has only a header row and no participants.",
    "Kontrollera att du exporterade deltagarraderna och inte bara rubrikerna.":
        "Check that you exported the participant rows and not just the headers.",
    "Ett oväntat fel uppstod när filen kontrollerades.": "An unexpected error occurred while the file was checked.",
    "Kontrollera att filen är ett deltagarutdrag och försök igen; kontakta annars förvaltningen.":
        "Check that the file is a participant extract and try again; otherwise contact the administrators.",
    # identity numbers
    "MIA-resultat tar bara emot pseudonymiserade utdrag, utan personnummer eller samordningsnummer.":
        "MIA results only accepts pseudonymised extracts, without personal identity numbers or coordination numbers.",
    "Hela filen avvisas och ingenting har sparats.": "The whole file is refused and nothing has been stored.",
    "Rubrikraden innehåller ett personnummer eller samordningsnummer ({column}). {pseudonyms_only} {refused}":
        "The header row contains a personal identity number or coordination number ({column}). "
        "{pseudonyms_only} {refused}",
    "Ta bort numret och ge kolumnen en rubrik.": "Remove the number and give the column a header.",
    'Kolumnen "{name}" får inte finnas. {pseudonyms_only} {refused}':
        'The column "{name}" is not allowed. {pseudonyms_only} {refused}',
    "Ta bort kolumnen ur filen (ersätt den vid behov med ett löpnummer) och ladda upp igen.":
        "Remove the column from the file (if needed, replace it with a serial number) and upload again.",
    'Bladet "{sheet}" innehåller personnummer eller samordningsnummer. {pseudonyms_only} {refused}':
        'The sheet "{sheet}" contains personal identity numbers or coordination numbers. {pseudonyms_only} {refused}',
    "Ta bort bladet (eller numren) ur arbetsboken innan du laddar upp den igen.":
        "Remove the sheet (or the numbers) from the workbook before you upload it again.",
    ('Kolumnen "{name}" innehåller personnummer eller samordningsnummer på {rows} (rad {listed}). '
     "{pseudonyms_only} {refused}"):
        ('The column "{name}" contains personal identity numbers or coordination numbers on {rows} (row {listed}). '
         "{pseudonyms_only} {refused}"),
    "Ta bort numren eller byt ut dem mot ett löpnummer/pseudonymt id innan du laddar upp filen igen.":
        "Remove the numbers or replace them with a serial number/pseudonymous id before you upload the file again.",
    # columns
    "Kolumnen {column} saknas. Filen har kolumnerna: {found}. Förväntade: {expected}.":
        "The column {column} is missing. The file has the columns: {found}. Expected: {expected}.",
    '"fodelsear" eller "alder"': '"fodelsear" or "alder"',
    "{shown} … och {rest} till": "{shown} … and {rest} more",
    "{before}, fodelsear eller alder, {after} (obligatoriska) samt {optional} (frivilliga)":
        "{before}, fodelsear or alder, {after} (required) and {optional} (optional)",
    'Lägg till en kolumn "fodelsear" (födelseår) eller "alder" (ålder vid inskrivning).':
        'Add a column "fodelsear" (birth year) or "alder" (age at enrolment).',
    'Lägg till en kolumn "kommunkod" med koden (t.ex. 0160) eller "kommun" med namnet (t.ex. Täby).':
        "Add a column `kommunkod` with the code (e.g. 0160) or `kommun` with the name (e.g. Täby).",
    "Lägg till kolumnen eller byt namn på rubriken; godkända rubriker är t.ex. {spellings}.":
        "Add the column or rename the header; accepted headers are e.g. {spellings}.",
    'Kolumnerna {names} betyder båda "{canonical}".': 'The columns {names} both mean "{canonical}".',
    "Ta bort eller byt namn på den ena kolumnen.": "Remove or rename one of the columns.",
    'Kolumnerna {names} betyder båda "{canonical}"; "{used}" används och de andra läses inte in.':
        'The columns {names} both mean "{canonical}"; "{used}" is used and the others are not imported.',
    'Kolumnen "{name}" är okänd och läses inte in.': 'The column "{name}" is unknown and is not imported.',
    "Om den ska användas: byt rubrik till ett av de förväntade kolumnnamnen.":
        "If it should be used: change its header to one of the expected column names.",
    'Kolumnen "utfall" saknas, men {n} rader har avslutsdatum.':
        'The column "utfall" is missing, but {n} rows have an exit date.',
    "Lägg till kolumnen utfall med ett av: {codes}.": "Add the column utfall with one of: {codes}.",
    # values
    "Cellen innehåller en formel ({formula}) i stället för ett värde.":
        "The cell contains a formula ({formula}) instead of a value.",
    "Ersätt formeln med sitt värde (kopiera och välj Klistra in special → Värden) och spara filen igen.":
        "Replace the formula with its value (copy, then Paste Special → Values) and save the file again.",
    "{value} är inget giltigt värde för {column}.": "{value} is not a valid value for {column}.",
    "Använd något av: {allowed}.": "Use one of: {allowed}.",
    "{value} är inget känt samordningsförbund i MIA.": "{value} is not a known coordination association in MIA.",
    "Använd förbundets kod: {known}.": "Use the association's code: {known}.",
    "{value} är ingen kommun i Stockholms län.": "{value} is not a municipality in Stockholm County.",
    "Skriv kommunkoden med fyra siffror (t.ex. 0160) eller kommunens namn (t.ex. Täby).":
        "Write the municipality code with four digits (e.g. 0160) or the municipality's name (e.g. Täby).",
    "{value} är inget giltigt datum.": "{value} is not a valid date.",
    "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. {example}.": "Write the date as YYYY-MM-DD, e.g. {example}.",
    "{value} har ett orimligt årtal ({year}).": "{value} has an implausible year ({year}).",
    "Kontrollera årtalet. {date_fix}": "Check the year. {date_fix}",
    "{value} är tvetydigt: det kan betyda {a} eller {b}.": "{value} is ambiguous: it could mean {a} or {b}.",
    "Skriv datumet som ÅÅÅÅ-MM-DD (t.ex. {example}) så att dag och månad inte kan förväxlas.":
        "Write the date as YYYY-MM-DD (e.g. {example}) so that day and month cannot be mixed up.",
    "{value} är inget heltal.": "{value} is not a whole number.",
    "Skriv födelseåret med fyra siffror, t.ex. 1985.": "Write the birth year with four digits, e.g. 1985.",
    "Skriv åldern i hela år, t.ex. 34.": "Write the age in whole years, e.g. 34.",
    # rows
    "Värde saknas; {column} är obligatoriskt.": "Value missing; {column} is required.",
    "Fyll i deltagarens pseudonyma id (t.ex. löpnumret i ert ärendesystem).":
        "Fill in the participant's pseudonymous id (e.g. the serial number in your case system).",
    "Fyll i förbundets kod, t.ex. ROS, eller namn, t.ex. Roslagen.":
        "Fill in the association's code, e.g. ROS, or name, e.g. Roslagen.",
    "Fyll i kommunkoden (t.ex. 0160) eller kommunens namn (t.ex. Täby).":
        "Fill in the municipality code (e.g. 0160) or the municipality's name (e.g. Täby).",
    "Fyll i datumet för intresseanmälan som ÅÅÅÅ-MM-DD, t.ex. 2019-03-04.":
        "Fill in the date of referral as YYYY-MM-DD, e.g. 2019-03-04.",
    "Födelseår eller ålder saknas.": "Birth year or age missing.",
    "Fyll i födelseåret (t.ex. 1985) eller åldern vid inskrivning (t.ex. 34).":
        "Fill in the birth year (e.g. 1985) or the age at enrolment (e.g. 34).",
    "{kommun} ({code}) deltar inte i MIA.": "{kommun} ({code}) does not take part in MIA.",
    "{kommun} ({code}) hör inte till {forbund} ({forbund_code}), vars medlemskommuner är {members}.":
        "{kommun} ({code}) does not belong to {forbund} ({forbund_code}), whose member municipalities are {members}.",
    "Kontrollera kommun och förbund på raden.": "Check the municipality and association on the row.",
    "{date} ligger i framtiden.": "{date} is in the future.",
    "Kontrollera datumet (ofta ett felskrivet årtal).": "Check the date (often a mistyped year).",
    "{date} ligger utanför MIA:s projektperiod ({start}–{end}).": "{date} is outside MIA's project period ({start}–{end}).",
    "Raden läses in, men kontrollera datumet.": "The row is imported, but check the date.",
    "{date} är före {kommun} gick med i MIA ({joined}).": "{date} is before {kommun} joined MIA ({joined}).",
    "Raden läses in, men kontrollera datum och kommun.": "The row is imported, but check the date and municipality.",
    "Avslutsdatum {exit} är före inskrivningsdatum {enrolment}.": "Exit date {exit} is before enrolment date {enrolment}.",
    "Kontrollera båda datumen: avslutet kan inte komma före inskrivningen.":
        "Check both dates: the exit cannot come before the enrolment.",
    "Avslutsdatum finns men inget inskrivningsdatum.": "Exit date given but no enrolment date.",
    "Raden läses in som aldrig inskriven; fyll i inskrivningsdatum om personen skrevs in.":
        "The row is imported as never enrolled; fill in the enrolment date if the person was enrolled.",
    "Inskrivningsdatum {enrolment} är före anmälningsdatum {referral}.":
        "Enrolment date {enrolment} is before referral date {referral}.",
    "Kontrollera datumen.": "Check the dates.",
    "Kartläggningsdatum {date} är före inskrivningsdatum {enrolment}.":
        "Assessment date {date} is before enrolment date {enrolment}.",
    "Insatsens startdatum {date} är före inskrivningsdatum {enrolment}.":
        "Intervention start date {date} is before enrolment date {enrolment}.",
    "Raden läses in, men kontrollera datumen.": "The row is imported, but check the dates.",
    "Utfall saknas för en avslutad deltagare (avslutsdatum {exit}).":
        "Outcome missing for a participant who has exited (exit date {exit}).",
    "Fyll i utfallet vid avslut: {codes}.": "Fill in the outcome at exit: {codes}.",
    "Utfall är ifyllt men avslutsdatum saknas.": "Outcome filled in but exit date missing.",
    "Raden läses in som pågående; fyll i avslutsdatum om deltagaren har avslutats.":
        "The row is imported as ongoing; fill in the exit date if the participant has exited.",
    "{year} är inget rimligt födelseår.": "{year} is not a plausible birth year.",
    "Åldern {age} stämmer inte med födelseåret {year}.": "The age {age} does not match the birth year {year}.",
    "Raden läses in, men kontrollera ålder och födelseår.": "The row is imported, but check the age and birth year.",
    "Åldern vid inskrivning blir {age} år, vilket är orimligt för MIA (16–64 år).":
        "The age at enrolment comes to {age} years, which is implausible for MIA (16–64 years).",
    "Kontrollera födelseåret/åldern.": "Check the birth year/age.",
    "Åldern vid inskrivning blir {age} år, utanför MIA:s målgrupp 16–64 år.":
        "The age at enrolment comes to {age} years, outside MIA's target group of 16–64 years.",
    "Raden läses in men hamnar inte i någon åldersgrupp; kontrollera uppgiften.":
        "The row is imported but falls in no age group; check the value.",
    "Id {id} finns redan på rad {row} för samma förbund ({forbund}).":
        "Id {id} already appears on row {row} for the same association ({forbund}).",
    "Varje deltagare ska ha ett eget id inom förbundet; ta bort dubbletten eller rätta id:t.":
        "Each participant must have their own id within the association; remove the duplicate or correct the id.",
    # importing (mia.importer)
    "(filnamnet innehöll ett personnummer och sparas inte){suffix}":
        "(the file name contained a personal identity number and is not stored){suffix}",
    "(raden innehöll något som liknar ett personnummer och sparas inte)":
        "(the line contained something like a personal identity number and is not stored)",
    "(namnlös fil)": "(unnamed file)",
    "(inte läst: för stor)": "(not read: too large)",
    "Filen {file} ": "The file {file} ",
    "Filen ": "The file ",
    ("{subject}är för stor ({size} MB); gränsen är {limit} MB. Dela upp utdraget per förbund, spara det som .xlsx "
     "eller Parquet, eller be förvaltningen höja gränsen (MIA_MAX_UPLOAD_MB)."):
        ("{subject}is too large ({size} MB); the limit is {limit} MB. Split the extract by association, save it as "
         ".xlsx or Parquet, or ask the administrators to raise the limit (MIA_MAX_UPLOAD_MB)."),
    "En annan import pågår just nu. Försök igen om en stund.":
        "Another import is running right now. Try again in a little while.",
    "Filen avvisades; ingenting i databasen har ändrats.": "The file was refused; nothing in the database has changed.",
    "Samma fil (SHA-256 {sha}…) är redan inläst för {forbund}; inga data ändrades.":
        "The same file (SHA-256 {sha}…) is already imported for {forbund}; no data changed.",
    "Importen misslyckades i databasen och rullades tillbaka; ingenting har ändrats. ({error})":
        "The import failed in the database and was rolled back; nothing has changed. ({error})",
    "{code} {before} → {after} rader": "{code} {before} → {after} rows",
    "Inläst: {changes}. Uttagsdatum {date}.": "Imported: {changes}. Extract date {date}.",
    "{code}: {before} → {after} rader": "{code}: {before} → {after} rows",
    "{first}; {rest}": "{first}; {rest}",
    "{changes}. Uttagsdatum {date}.": "{changes}. Extract date {date}.",
    "{changes}. Uttagsdatum {date}. {warnings}.": "{changes}. Extract date {date}. {warnings}.",
    "Fel: {issue}": "Error: {issue}",
    "… och fler fel ({n} totalt).": "… and more errors ({n} in all).",
    "{message} Alla sidor visar nu de nya siffrorna (dataversion {v}).":
        "{message} All pages now show the new figures (data version {v}).",
}
