"""English for the Jämför page, its charts, tables and sentences (mia.compare,
mia.text_compare, mia.charts.jamfor, app_pages/jamfor.py)."""
EN = {
    # page
    "Förbund och kommuner sida vid sida, var och en jämförd med länet – med osäkerhetsintervall och skydd för "
    "små tal.": "Associations and municipalities side by side, each compared with the county – with uncertainty "
                "intervals and protection of small numbers.",
    "Nivå": "Level",
    "Kommuner": "Municipalities",
    "Visa som": "Show as",
    "Trattdiagram": "Funnel plot",
    "Punktdiagram med intervall": "Dot plot with intervals",
    "Tabell": "Table",
    "Trattdiagrammet är standard: det visar om en skillnad mot länet är större än slumpen kan förklara, med "
    "hänsyn till hur många andelen bygger på.":
        "The funnel plot is the default: it shows whether a difference from the county is larger than chance can "
        "explain, given how many people the share rests on.",
    "Åldersgrupper redovisas per förbund, inte per kommun: per kommun blir grupperna så små att de skulle behöva "
    "döljas. Välj nivån Förbund för att jämföra en åldersgrupp.":
        "Age groups are reported per association, not per municipality: per municipality the groups are so small "
        "that they would have to be hidden. Choose the level Association to compare an age group.",
    "Åldersgrupper redovisas per förbund och för länet, inte per kommun (för små tal).":
        "Age groups are reported per association and for the county, not per municipality (too small numbers).",
    "Uppdelningen visar alla kön och åldersgrupper; sidofältets filter för kön och ålder gäller inte här.":
        "The breakdown shows every sex and age group; the sidebar's sex and age filters do not apply here.",
    "Efter kön och ålder": "By sex and age",
    "Över tid": "Over time",
    "Enheter (högst nio)": "Units (at most nine)",
    "Välj förbund eller kommuner": "Choose associations or municipalities",
    "Välj minst en enhet för att se utvecklingen över tid.": "Choose at least one unit to see the trend over time.",
    "Ladda ned tabellen (CSV)": "Download the table (CSV)",
    # compare.py
    "Länet (alla MIA-kommuner)": "County (all MIA municipalities)",
    "ej med i MIA": "not in MIA",
    "ej med i MIA under perioden": "not in MIA during the period",
    "Okänt kön": "Unknown sex",
    "Okänd ålder": "Unknown age",
    "Alla": "All",
    "16-24 år": "16-24 years",
    "25-29 år": "25-29 years",
    "30-39 år": "30-39 years",
    "40-49 år": "40-49 years",
    "50-64 år": "50-64 years",
    "åldersgrupper redovisas per förbund, inte per kommun": "age groups are reported per association, not per "
                                                            "municipality",
    "färre än {m} personer": "fewer than {m} people",
    "färre än {d} i underlaget": "fewer than {d} in the base",
    "dold för att skydda ett annat värde": "hidden to protect another value",
    "uppgift saknas": "no data",
    "högre": "higher",
    "lägre": "lower",
    "i nivå med": "in line",
    "jämförs ej": "not compared",
    # text_compare.py
    "till arbete eller studier": "to work or studies",
    "till arbetsförberedande insats": "to a work-preparatory intervention",
    "Andel till arbete eller studier": "Share to work or studies",
    "Andel till arbetsförberedande insats": "Share to a work-preparatory intervention",
    "per kommun": "per municipality",
    "per förbund": "per association",
    "ca": "about",
    "Inga {enheter} var med i MIA under perioden.": "No {enheter} were in MIA during the period.",
    "Länets andel {outcome} kan inte visas för det här urvalet (för litet underlag eller skyddade värden), så "
    "{enheter} jämförs inte med länet.":
        "The county's share going {outcome} cannot be shown for this selection (too few people or protected values), "
        "so {enheter} are not compared with the county.",
    "För alla {n} {enheter} är underlaget för litet för en jämförelse med länet ({ref}).":
        "For all {n} {enheter} the numbers are too small for a comparison with the county ({ref}).",
    "Ingen av {enheter} skilde sig säkert från länet ({ref}) i andelen {outcome}":
        "None of {enheter} differed clearly from the county ({ref}) in the share going {outcome}",
    "Inget av {enheter} skilde sig säkert från länet ({ref}) i andelen {outcome}":
        "None of {enheter} differed clearly from the county ({ref}) in the share going {outcome}",
    "; {n} låg i nivå med länet": "; {n} were in line with the county",
    "{hogre} av {n} {enheter} hade en högre andel {outcome} än länet ({ref}), {lagre} en lägre":
        "{hogre} of {n} {enheter} had a higher share going {outcome} than the county ({ref}), {lagre} a lower one",
    " och {n} låg i nivå med länet": " and {n} were in line with the county",
    "; för {n} {enheter} är underlaget för litet för jämförelse eller andelen dold för att skydda små tal":
        "; for {n} {enheter} the numbers are too small to compare or the share is hidden to protect small numbers",
    "; för {n} {enheter} är underlaget för litet för jämförelse":
        "; for {n} {enheter} the numbers are too small to compare",
    "Antalet deltagare per invånare kan inte visas för det här urvalet.":
        "The number of participants per inhabitant cannot be shown for this selection.",
    "flest i {a} ({x}), färst i {b} ({y}).": "most in {a} ({x}), fewest in {b} ({y}).",
    "Det var {x} deltagare per 10 000 invånare i MIA-kommunerna; ":
        "There were {x} participants per 10,000 inhabitants in the MIA municipalities; ",
    "{grupper} hade en högre andel {outcome} än samma grupp i länet":
        "{grupper} had a higher share going {outcome} than the same group in the county",
    "{grupper} en lägre": "{grupper} a lower one",
    "{grupper} hade en lägre andel {outcome} än samma grupp i länet":
        "{grupper} had a lower share going {outcome} than the same group in the county",
    "Ingen grupp i {enhet} skilde sig säkert från samma grupp i länet i andelen {outcome}":
        "No group in {enhet} differed clearly from the same group in the county in the share going {outcome}",
    "; {n} av {m} grupper kan inte jämföras (för litet underlag eller dolda för att skydda små tal)":
        "; {n} of {m} groups cannot be compared (too few people or hidden to protect small numbers)",
    "{enhet}: för litet underlag för att jämföra något halvår med länet":
        "{enhet}: too few people to compare any half-year with the county",
    "{enhet}: det enda halvår som kan jämföras skilde sig inte säkert från länet":
        "{enhet}: the only half-year that can be compared did not differ clearly from the county",
    "{enhet}: inget av de {n} halvår som kan jämföras skilde sig säkert från länet":
        "{enhet}: none of the {n} half-years that can be compared differed clearly from the county",
    "För litet underlag för andelar per halvår": "Too few people for shares by half-year",
    "högre än länet {halvar}": "higher than the county in {halvar}",
    "lägre än länet {halvar}": "lower than the county in {halvar}",
    "Halvår med för litet underlag visas inte.": "Half-years with too few people are not shown.",
    "<{m} = färre än {m} personer. .. = visas inte: färre än {d} personer i underlaget, eller dolt så att ett "
    "skyddat värde inte kan räknas fram ur summor. – = kommunen var inte med i MIA.":
        "<{m} = fewer than {m} people. .. = not shown: fewer than {d} people in the base, or hidden so that a "
        "protected value cannot be worked out from totals. – = the municipality was not in MIA.",
    "Högre/lägre: hela 95-procentiga konfidensintervallet ligger över/under länets andel.":
        "Higher/lower: the whole 95 % confidence interval lies above/below the county's share.",
    "Länets andel är känd inom {a}–{b} % (ett litet antal är dolt); enheter jämförs med hela det spannet.":
        "The county's share is known to lie within {a}–{b} % (a small number is hidden); units are compared with "
        "that whole range.",
    "av dem som avslutade respektive halvår": "of those who exited in each half-year",
    "{titel} per {enhet}": "{titel} per {enhet}",
    "Ingen kommun skilde sig säkert från länet": "No municipality differed clearly from the county",
    "Inget förbund skilde sig säkert från länet": "No association differed clearly from the county",
    "{h} {enh} hade en högre andel än länet, {ingen} en lägre":
        "{h} {enh} had a higher share than the county, {ingen} a lower one",
    "{l} {enh} hade en lägre andel än länet, {ingen} en högre":
        "{l} {enh} had a lower share than the county, {ingen} a higher one",
    "{h} {enh} hade en högre och {l} en lägre andel än länet":
        "{h} {enh} had a higher and {l} a lower share than the county",
    "Visas inte (litet underlag eller skyddat värde)": "Not shown (too few people or a protected value)",
    "Ej med i MIA": "Not in MIA",
    "Kod": "Code",
    "Namn": "Name",
    "Per 10 000 invånare": "Per 10,000 inhabitants",
    "Nämnare (antal)": "Denominator (count)",
    "Täljare (antal)": "Numerator (count)",
    "Anmärkning": "Note",
    "Folkmängd 2017": "Population 2017",
    "Grupp": "Group",
    "Samma grupp i länet (%)": "Same group in the county (%)",
    "Jämfört med samma grupp i länet": "Compared with the same group in the county",
    "Trattdiagram: andelen {outcome} per {enhet} mot antalet personer andelen bygger på, med länets andel ({ref}) "
    "som streckad linje och gränser för 95 och 99,8 procent runt den.":
        "Funnel plot: the share going {outcome} per {enhet} against the number of people it rests on, with the "
        "county's share ({ref}) as a dashed line and 95 and 99.8 per cent limits around it.",
    "{h} högre, {l} lägre och {same} i nivå med länet; {e} visas inte.":
        "{h} higher, {l} lower and {same} in line with the county; {e} not shown.",
    "Högre": "Higher",
    "Lägre": "Lower",
    "Punktdiagram med konfidensintervall: {n} {enheter} rangordnade efter andelen {outcome}; länets andel ({ref}) "
    "är en lodrät streckad linje.":
        "Dot plot with confidence intervals: {n} {enheter} ranked by the share going {outcome}; the county's share "
        "({ref}) is a vertical dashed line.",
    "Högst {a} ({x}), lägst {b} ({y}).": "Highest {a} ({x}), lowest {b} ({y}).",
    "{n} visas som tomma grå rader (för litet underlag).": "{n} are shown as empty grey rows (too few people).",
    "Liggande staplar med antalet deltagare per 10 000 invånare per {enhet}.":
        "Horizontal bars with the number of participants per 10,000 inhabitants per {enhet}.",
    "Punktdiagram med konfidensintervall: andelen {outcome} i {enhet} efter kön och åldersgrupp, med samma grupp i "
    "länet som romber.":
        "Dot plot with confidence intervals: the share going {outcome} in {enhet} by sex and age group, with the "
        "same group in the county as diamonds.",
    "Små linjediagram, ett per enhet ({enheter}): andelen {outcome} av dem som avslutade, per halvår, med "
    "konfidensintervall och länet som streckad linje.":
        "Small line charts, one per unit ({enheter}): the share of those who exited going {outcome}, per half-year, "
        "with confidence intervals and the county as a dashed line.",
    # charts/jamfor.py
    "Kontrollgräns {niva}": "Control limit {niva}",
    "Trattens gränser: 95 % och 99,8 % kring länets andel": "Funnel limits: 95 % and 99.8 % around the county's share",
    "Antal avslutade (nämnaren)": "Number who exited (denominator)",
    "Antal deltagare (nämnaren)": "Number of participants (denominator)",
    "Strecken visar 95 % konfidensintervall": "Lines show 95 % confidence intervals",
    "Strecken visar 95 % konfidensintervall; romberna länets andel i samma grupp":
        "Lines show 95 % confidence intervals; diamonds the county's share in the same group",
    "Strecken visar 95 % konfidensintervall; glapp = för litet underlag":
        "Lines show 95 % confidence intervals; gaps = too few people",
    "Deltagare per 10 000 invånare (folkmängd 2017)": "Participants per 10,000 inhabitants (population 2017)",
    "Invånare: hela befolkningen 31 december 2017 (alla åldrar och kön) i kommunerna som var med i MIA "
    "under perioden": "Inhabitants: the whole population on 31 December 2017 (all ages and sexes) of the "
                      "municipalities in MIA during the period",
    "Flest deltagare per invånare i {namn}": "Most participants per inhabitant in {namn}",
    "MIA-kommunerna": "MIA municipalities",
    "per 10 000 invånare": "per 10,000 inhabitants",
    "deltagare": "participants",
    "invånare": "inhabitants",
    "antalet visas inte": "the number is not shown",
    "Samma grupp i länet": "Same group in the county",
    "samma grupp": "same group",
    "{enhet}: andel {outcome} efter kön och ålder": "{enhet}: share going {outcome} by sex and age",
    "{titel} per halvår": "{titel} by half-year",
    "Enheten": "The unit",
}
