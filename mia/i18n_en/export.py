"""English for press export: download buttons, press pack, method note, generated
sentences and alt texts of the chart registry (mia.export, mia.chartbook, Översikt charts)."""
EN = {
    # download row and press pack
    "Pressmening": "Press sentence",
    "Presspaket (zip)": "Press pack (zip)",
    "PNG 1200×675": "PNG 1200×675",
    "PNG 1080×1080": "PNG 1080×1080",
    "PNG tryck (3×)": "PNG print (3×)",
    "presspaket": "press pack",
    "FILER I PAKETET": "FILES IN THE PACK",
    "Titel": "Title",
    "Underrubrik": "Subtitle",
    "Alt-text": "Alt text",
    "Källa": "Source",
    "Anmärkning": "Note",
    "Länk till vyn": "Link to the view",
    "Metod": "Method",
    "Data": "Data",
    "Om diagrammet": "About the chart",
    "(ingen genererad mening för det här diagrammet)": "(no generated sentence for this chart)",
    "OBS: bilderna saknas i det här paketet.": "NOTE: the images are missing from this pack.",
    "ja": "yes",
    "nej": "no",
    # image export errors
    ("Bildexport på servern kräver Chromium, som inte finns på den här servern "
     "(/usr/bin/chromium eller BROWSER_PATH). Använd kameraknappen i diagrammets verktygsrad "
     "för att spara en PNG, eller ladda ner tabellen som CSV/XLSX."):
        ("Server-side image export needs Chromium, which this server does not have "
         "(/usr/bin/chromium or BROWSER_PATH). Use the camera button in the chart's toolbar to save "
         "a PNG, or download the table as CSV/XLSX."),
    "Bildexporten avbröts: webbläsaren för bildexport stängdes oväntat. Försök igen.":
        "The image export was interrupted: the export browser closed unexpectedly. Please try again.",
    "Bildexporten tog för lång tid. Försök igen.": "The image export took too long. Please try again.",
    "Bilden kunde inte skapas": "The image could not be made",
    # method note
    "Andelar visas i procent med 95 % konfidensintervall enligt Wilson (score-intervall).":
        "Shares are shown in percent with 95 % Wilson score confidence intervals.",
    ("Jämförelse med länet: högre eller lägre bara om hela intervallet ligger över respektive under "
     "länets andel, annars i nivå med. Med färre än {d} personer i nämnaren jämförs enheten inte "
     "(jämförs ej)."):
        ("Comparison with the county: higher or lower only if the whole interval lies above or below the "
         "county's share, otherwise in line with it. With fewer than {d} people in the denominator a unit is "
         "not compared."),
    ("Trattdiagram: kontrollgränser p0 ± z·√(p0(1−p0)/n) kring länets andel p0, z = 1,96 (95 %) "
     "och 3,09 (99,8 %)."):
        ("Funnel plot: control limits p0 ± z·√(p0(1−p0)/n) around the county share p0, z = 1.96 (95 %) "
         "and 3.09 (99.8 %)."),
    ("Röjandekontroll: antal 1–{c} visas som \"<{m}\"; andelar med färre än {d} personer i nämnaren "
     "visas som \"..\". Ytterligare värden döljs (\"..\") så att ett dolt värde inte kan räknas fram "
     "ur summor eller övriga delar. Ett dolt värde visas aldrig som 0."):
        ("Disclosure control: counts of 1–{c} are shown as \"<{m}\"; shares with fewer than {d} people in "
         "the denominator are shown as \"..\". Further values are hidden (\"..\") so that a hidden value "
         "cannot be worked out from totals or other parts. A hidden value is never shown as 0."),
    ("Populationer: inskrivna = inskrivna under perioden; aktiva = inskrivna senast periodens slut och "
     "inte avslutade före dess början; avslutade = avslutade under perioden."):
        ("Populations: enrolled = enrolled in the period; active = enrolled by the period end and not "
         "exited before its start; exited = exited in the period."),
    ("Nämnare: andel av alla i populationen (även de som fortfarande deltar, så redovisade projektet "
     "självt) eller andel av dem som avslutat senast periodens slut."):
        ("Denominator: share of everyone in the population (including those still taking part, as the "
         "project itself reported) or share of those who had exited by the period end."),
    ("Arbete eller studier: utfall vid avslut är arbete (även subventionerat) eller studier. "
     "Arbetsförberedande insats: deltagaren gick vidare till ordinarie arbetsförberedande insatser. "
     "Ökad egenmakt: svar ja i avslutsenkäten, av dem som svarat."):
        ("Work or studies: the outcome at exit is work (subsidised included) or studies. Work-preparatory "
         "intervention: the participant went on to ordinary work-preparatory interventions. Feel more in "
         "control: answered yes in the exit survey, of those who answered."),
    # Översikt charts
    "Strecken visar 95 % konfidensintervall": "The whiskers show 95 % confidence intervals",
    "Banden och strecken visar 95 % konfidensintervall": "Bands and whiskers show 95 % confidence intervals",
    ".. = visas inte, för få personer i underlaget": ".. = not shown, too few people",
    "visas inte: för få personer i underlaget": "not shown: too few people",
    "visas inte, för få personer i underlaget": "not shown, too few people",
    "För få avslutade per halvår för att visa andelar": "Too few exits per half-year to show shares",
    "Mellan": "Between",
    "av de avslutade gick till arbete eller studier": "of those who exited went to work or studies in",
    "av de avslutade gick till arbete eller studier per halvår":
        "of those who exited went to work or studies, per half-year",
    "första halvåret": "the first half of",
    "andra halvåret": "the second half of",
    # tables
    "Mått": "Measure",
    "Andel (%)": "Share (%)",
    "95 % KI, nedre (%)": "95 % CI, lower (%)",
    "95 % KI, övre (%)": "95 % CI, upper (%)",
    "Mål (%)": "Target (%)",
    "Länet, alla förbund (%)": "County, all associations (%)",
    "Jämfört med länet": "Compared with the county",
    "Nämnare (antal personer)": "Denominator (people)",
    "Halvår": "Half-year",
    "Avslutade (antal)": "Exited (number)",
    "Arbete eller studier (%)": "Work or studies (%)",
    "Arbete eller studier, 95 % KI nedre (%)": "Work or studies, 95 % CI lower (%)",
    "Arbete eller studier, 95 % KI övre (%)": "Work or studies, 95 % CI upper (%)",
    "Arbetsförberedande insats (%)": "Work-preparatory intervention (%)",
    "Arbetsförberedande insats, 95 % KI nedre (%)": "Work-preparatory intervention, 95 % CI lower (%)",
    "Arbetsförberedande insats, 95 % KI övre (%)": "Work-preparatory intervention, 95 % CI upper (%)",
    "högre": "higher",
    "lägre": "lower",
    "jämförs ej": "not compared",
    # sentences and subtitles (fragments; an empty translation is dropped)
    "I": "In",
    "I MIA som helhet": "In MIA as a whole",
    "gick": "",
    "gick mellan": "between",
    "av de": "of the",
    "deltagarna": "participants",
    "deltagare som hade avslutat": "participants who had exited",
    "vidare till arbete eller studier": "went on to work or studies",
    "under perioden": "in the period",
    "Projektets mål var": "The project's target was",
    "resultatet ligger": "the result is",
    "var underlaget för litet för att visa hur stor andel som gick vidare till arbete eller studier":
        "the group was too small to show the share who went on to work or studies",
    "var underlaget för litet för att visa andelen per halvår som gick vidare till arbete eller studier":
        "the groups were too small to show the share per half-year who went on to work or studies",
    "av dem som avslutade ett halvår vidare till arbete eller studier":
        "of those who exited in a half-year went on to work or studies",
    "Senast gick": "Most recently,",
    "som avslutade": "who exited in",
    "halvår visas inte eftersom underlaget är för litet": "half-years are not shown because the groups are too small",
    "1 halvår visas inte eftersom underlaget är för litet.": "1 half-year is not shown because the group is too small.",
    "{n} halvår visas inte eftersom underlaget är för litet.":
        "{n} half-years are not shown because the groups are too small.",
    "Avslutade per halvår": "Exited per half-year",
    "andel av dem som avslutade respektive halvår": "share of those who exited in each half-year",
    "kvinnor": "women",
    "män": "men",
    "okänt kön": "sex unknown",
    # alt texts
    "Liggande stapeldiagram": "Horizontal bar chart",
    "Varje stapel har ett streck för konfidensintervallet och ett lodrätt streck för målet":
        "Each bar has a whisker for the confidence interval and a vertical line for the target",
    "Linjediagram per halvår med band för 95 % konfidensintervall":
        "Line chart by half-year with bands for 95 % confidence intervals",
    ".. betyder att värdet inte visas eftersom underlaget är för litet":
        ".. means the value is not shown because the group is too small",
}
EN.update({
    "Länet (%)": "County (%)",
})
