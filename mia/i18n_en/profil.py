"""English for the Profil page, its charts, sentences, printable page and press pack."""
EN = {
    # page
    "En kommun eller ett förbund på en sida: alla mått mot länet, över tid och mot projektets mål – att läsa på "
    "skärmen eller skriva ut.":
        "One municipality or association on one page: every measure against the county, over time and against "
        "the project's targets – to read on screen or print.",
    "Kommun eller förbund": "Municipality or association",
    "Kommunerna i bokstavsordning, sedan förbunden.": "Municipalities in alphabetical order, then the associations.",
    "deltog inte i MIA": "not part of MIA",
    "Länken innehöll en okänd enhet": "The link contained an unknown unit",
    "Profilen använder urvalets period, population och nämnare och visar hela kommunen eller förbundet.":
        "The profile uses the selection's period, population and denominator and shows the whole municipality "
        "or association.",
    "Sidopanelens filter för förbund, kommun, kön, ålder, remittent och försörjning används inte här.":
        "The sidebar's filters for association, municipality, sex, age, referrer and income source are not "
        "used here.",
    "Filtren för {filters} i sidopanelen används inte här.": "The sidebar's filters for {filters} are not used here.",
    "förbund": "association",
    "förbundet": "the association",
    "kommun": "municipality",
    "Att läsa upp": "To read aloud",
    "Skriv ut och dela": "Print and share",
    "En A4-sida med rubrik, datum, dataversion, källa och metod. Skapas när du klickar.":
        "One A4 page with title, date, data version, source and method. Made when you click.",
    "Utskriftsversion (HTML)": "Printable version (HTML)",
    "Utskriftsversion (PDF)": "Printable version (PDF)",
    "Presspaket för profilen (zip)": "Press pack for the profile (zip)",
    "Länk till profilen": "Link to the profile",
    "Dataversion": "Data version",
    # measures
    "Deltagare per 10 000 invånare": "Participants per 10,000 inhabitants",
    "Avbröt insatsen": "Dropped out",
    "Tid i projektet, median": "Time in the project, median",
    "Inskrivna som kartlagts": "Enrolled who were assessed",
    "Kartlagda som fått insats": "Assessed who started an intervention",
    "16–29 år": "Aged 16–29",
    "Remitterade av Arbetsförmedlingen": "Referred by the Public Employment Service",
    "Remitterade av kommunen": "Referred by the municipality",
    "Försörjningsstöd före": "On social assistance before",
    "per 10 000 invånare": "per 10,000 inhabitants",
    "dagar": "days",
    # tables
    "Mått": "Measure",
    "Värde": "Value",
    "95 % KI": "95 % CI",
    "Antal": "Number",
    "Underlag": "Base",
    "Underlag (antal)": "Base (number)",
    "Länet": "County",
    "länet": "the county",
    "Förbundet": "Association",
    "Lägst": "Lowest",
    "Högst": "Highest",
    "Jämfört med länet": "Compared with the county",
    "Jämfört med målet": "Compared with the target",
    "Halvår": "Half-year",
    "Enhet": "Unit",
    "Avslutade": "Exited",
    "95 % KI, nedre": "95 % CI, lower",
    "95 % KI, övre": "95 % CI, upper",
    "95 % KI, nedre (%)": "95 % CI, lower (%)",
    "95 % KI, övre (%)": "95 % CI, upper (%)",
    "Till arbete eller studier (%)": "To work or studies (%)",
    "högre": "higher",
    "lägre": "lower",
    "i nivå med": "in line",
    "jämförs ej": "not compared",
    # sentences
    "Under {period} var färre än {m} personer {population} i MIA i {name}.":
        "In {period}, fewer than {m} people in {name} took part in MIA ({population}).",
    "Antalet deltagare i {name} under {period} visas inte, för att skydda enskilda.":
        "The number of participants in {name} in {period} is not shown, to protect individuals.",
    "Under {period} var {antal} personer {population} i MIA i {name}, {rate} per 10 000 invånare (95 % KI {ki})":
        "In {period}, {antal} people in {name} took part in MIA ({population}), {rate} per 10,000 inhabitants "
        "(95 % CI {ki})",
    "fler än i länet": "more than in the county",
    "färre än i länet": "fewer than in the county",
    "högre än i länet": "higher than in the county",
    "lägre än i länet": "lower than in the county",
    "av alla {population}": "of all {population}",
    "Till arbete eller studier gick {value} (95 % KI {ki}) {of_whom}":
        "{value} (95 % CI {ki}) {of_whom} went on to work or studies",
    "Till arbetsförberedande insatser gick {value} (95 % KI {ki}) {of_whom}":
        "{value} (95 % CI {ki}) {of_whom} went on to work-preparatory interventions",
    "Av dem som svarade på enkäten vid avslut upplever {value} (95 % KI {ki}) ökad egenmakt":
        "Of those who answered the exit survey, {value} (95 % CI {ki}) feel more in control",
    "Andelen som gick till arbete eller studier visas inte, eftersom underlaget är för litet.":
        "The share who went on to work or studies is not shown, because the group is too small.",
    "Andelen som gick till arbetsförberedande insatser visas inte, eftersom underlaget är för litet.":
        "The share who went on to work-preparatory interventions is not shown, because the group is too small.",
    "Andelen som upplever ökad egenmakt visas inte, eftersom underlaget är för litet.":
        "The share who feel more in control is not shown, because the group is too small.",
    "Projektets mål är {goal} till arbete eller studier; {name} ligger med {value} {phrase}.":
        "The project's target is {goal} to work or studies; at {value}, {name} is {phrase}.",
    "Av dem som avslutade {later} gick {p2} (95 % KI {ki2}) till arbete eller studier, mot {p1} (95 % KI {ki1}) "
    "under {earlier}; {verdict}.":
        "Of those who exited in {later}, {p2} (95 % CI {ki2}) went on to work or studies, against {p1} "
        "(95 % CI {ki1}) in {earlier}; {verdict}.",
    "andelen har ökat": "the share has increased",
    "andelen har minskat": "the share has decreased",
    "skillnaden är inte statistiskt säkerställd": "the difference is not statistically significant",
    "Andelen av de avslutade i {name} som gick till arbete eller studier har ökat från {earlier} till {later}; "
    "underlaget per halvår är för litet för att visa andelarna.":
        "The share of those exiting in {name} who went on to work or studies has increased from {earlier} to "
        "{later}; the numbers per half-year are too small to show the shares.",
    "Andelen av de avslutade i {name} som gick till arbete eller studier har minskat från {earlier} till {later}; "
    "underlaget per halvår är för litet för att visa andelarna.":
        "The share of those exiting in {name} who went on to work or studies has decreased from {earlier} to "
        "{later}; the numbers per half-year are too small to show the shares.",
    "Andelen av de avslutade i {name} som gick till arbete eller studier skiljer sig inte säkert mellan "
    "{earlier} och {later}; underlaget per halvår är för litet för att visa andelarna.":
        "The share of those exiting in {name} who went on to work or studies does not differ significantly "
        "between {earlier} and {later}; the numbers per half-year are too small to show the shares.",
    "Utvecklingen över tid i {name} kan inte beskrivas: för få avslutade under delar av perioden.":
        "The development over time in {name} cannot be described: too few exited in parts of the period.",
    "{name} deltog inte i MIA. Som jämförelse visas närmaste förbund, {forbund} (närmaste medlemskommun: {via}).":
        "{name} did not take part in MIA. For comparison, the nearest association, {forbund}, is shown (nearest "
        "member municipality: {via}).",
    "halvår": "half-year",
    # charts
    "kommunerna": "the municipalities",
    "förbunden": "the associations",
    "Spann bland {level}": "Range across {level}",
    "Projektets mål": "Project target",
    "Högre än länet": "Higher than the county",
    "I nivå med länet": "In line with the county",
    "Lägre än länet": "Lower than the county",
    "Jämförs ej": "Not compared",
    "Värde (95 % KI)": "Value (95 % CI)",
    "Lägst–högst": "Lowest–highest",
    "Jämfört<br>med länet": "Compared<br>with county",
    "{n} deltagare": "{n} participants",
    "{n} avslutade": "{n} exited",
    "av {n} som svarat": "of {n} who answered",
    "av {n} kartlagda": "of {n} assessed",
    "av {n} avslutade": "of {n} exited",
    "av {n} {population}": "of {n} {population}",
    "av": "of",
    "visas inte (för få)": "not shown (too few)",
    "{name} jämfört med länet: {parts}": "{name} compared with the county: {parts}",
    "Strecken visar 95 % konfidensintervall": "The whiskers show 95 % confidence intervals",
    "Egen skala per rad, centrerad på länet. Linjerna: 95 % konfidensintervall":
        "Each row has its own scale, centred on the county. Lines: 95 % confidence intervals",
    "Andelen till arbete eller studier har ökat i {name}": "The share to work or studies has increased in {name}",
    "Andelen till arbete eller studier har minskat i {name}": "The share to work or studies has decreased in {name}",
    "Ingen säkerställd förändring över tid i {name}": "No significant change over time in {name}",
    "Andel till arbete eller studier per halvår i {name}": "Share to work or studies by half-year in {name}",
    "{name}: {k} av {n} halvår visas inte (för få avslutade)":
        "{name}: {k} of {n} half-years not shown (too few exited)",
    "{name}: för få avslutade per halvår för att visa andelen":
        "{name}: too few exited per half-year to show the share",
    # printable and press pack
    "MIA – Mobilisering inför arbete · profil": "MIA – Mobilisation towards work · profile",
    "MIA-profil": "MIA profile",
    "Utskriven": "Printed",
    "Metod": "Method",
    "Antal per 10 000 invånare: folkmängd 31 december 2017 (SCB).":
        "Number per 10,000 inhabitants: population on 31 December 2017 (Statistics Sweden).",
    "Profilen använder urvalets period, population och nämnare, inga andra filter.":
        "The profile uses the selection's period, population and denominator, no other filters.",
    "Kommun som inte deltog i MIA · {pop} invånare (2017)":
        "Municipality that did not take part in MIA · {pop} inhabitants (2017)",
    "Kommun i förbundet {forbund}": "Municipality in the association {forbund}",
    "Samordningsförbund: {members}": "Coordination association: {members}",
    "med i MIA sedan {date}": "in MIA since {date}",
    "med i MIA från {date}": "in MIA from {date}",
    "{pop} invånare (2017)": "{pop} inhabitants (2017)",
    "deltagare ({population})": "participants ({population})",
    "{rate} per 10 000 invånare": "{rate} per 10,000 inhabitants",
    "upplever ökad egenmakt": "feel more in control",
    "Avslutade per halvår {first}–{last}": "Exited per half-year {first}–{last}",
    "Ryggradsdiagram med {n} mått för {name} jämfört med länet: ":
        "Spine chart of {n} measures for {name} compared with the county: ",
    "{k} mått visas inte (för få personer).": "{k} measures not shown (too few people).",
    "Linjediagram per halvår med andelen av de avslutade som gick till arbete eller studier för {name}, "
    "{forbund}och länet.":
        "Line chart by half-year of the share of those who exited who went on to work or studies for {name}, "
        "{forbund}and the county.",
    "PDF kräver Chromium på servern; ladda ner HTML-versionen och skriv ut den från webbläsaren i stället.":
        "A PDF needs Chromium on the server; download the HTML version and print it from your browser instead.",
    "PDF-utskriften tog för lång tid.": "Printing to PDF took too long.",
    "PDF-utskriften misslyckades": "Printing to PDF failed",
    "Andelar visas med 95 % konfidensintervall (Wilson). Ett värde kallas högre eller lägre än länet bara när "
    "intervallet inte omfattar länets värde, annars i nivå med länet. Antal 1–{c} visas som <{m} och andelar med "
    "färre än {d} personer i nämnaren visas inte (..); fler värden döljs så att inget skyddat värde kan räknas "
    "fram. Spannet visar lägsta och högsta visade värde bland enheter på samma nivå. Tid i projektet jämförs inte "
    "(inget intervall). Förändringen över tid jämför andra halvan av halvåren sedan enheten gick med i MIA med "
    "första halvan.":
        "Shares are shown with 95 % confidence intervals (Wilson). A value is called higher or lower than the "
        "county only when the interval excludes the county's value, otherwise in line with the county. Counts "
        "1–{c} are shown as <{m} and shares with fewer than {d} people in the denominator are not shown (..); "
        "further values are hidden so that no protected value can be worked out. The range shows the lowest and "
        "highest shown value among units of the same level. Time in the project is not compared (no interval). "
        "The change over time compares the second half of the half-years since the unit joined MIA with the first.",
}
