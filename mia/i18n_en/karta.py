"""English for the Karta page (app_pages/karta.py), mia.map_data and the map legend."""
EN = {
    # page
    "Länets 26 kommuner: vilka som är med i MIA och sedan när, eller ett mått per kommun för urvalet. "
    "Klicka på en kommun eller välj den i listan för att välja den i urvalet.":
        "The county's 26 municipalities: which are in MIA and since when, or one measure per municipality "
        "for the selection. Click a municipality or pick it in the list to select it.",
    "Visa": "Show",
    "Förbund och medlemskap": "Associations and membership",
    "Ett mått per kommun": "One measure per municipality",
    "Medlemskap vid": "Membership at",
    "När kommunerna gick med i MIA: 2017 startade MIA, 2019 utökades Roslagen, 2020 kom MIA Vidare.":
        "When the municipalities joined MIA: MIA started in 2017, Roslagen grew in 2019, MIA Vidare came in 2020.",
    "Samma siffror som i Jämför: andelar med 95 % konfidensintervall och jämförelse med länet; för små tal "
    "visas inte.":
        "The same figures as on Compare: shares with 95 % confidence intervals and the comparison with the "
        "county; numbers that are too small are not shown.",
    "Kommuner som ännu inte gått med vid det valda datumet är grå. Antalet deltagare i rutan som visas när du "
    "pekar på en kommun gäller urvalets period.":
        "Municipalities that had not yet joined at the chosen date are grey. The number of participants in the "
        "box shown when you point at a municipality is for the selection's period.",
    "Kommuner som gick med i MIA efter periodens slut ({till}) visas som ej med. Randigt grått: värdet visas "
    "inte eftersom underlaget är för litet.":
        "Municipalities that joined MIA after the end of the period ({till}) are shown as not in MIA. Hatched "
        "grey: the value is not shown because there are too few people.",
    "Välj kommun": "Choose municipality",
    "Alla kommuner": "All municipalities",
    "Väljer kommunen i urvalet i sidopanelen, som ett klick på kartan.":
        "Selects the municipality in the sidebar's selection, like a click on the map.",
    "{kommun} är inte med i MIA; urvalet ändrades inte.": "{kommun} is not in MIA; the selection was not changed.",
    "Flera kommuner är valda i sidopanelen.": "Several municipalities are selected in the sidebar.",
    "Profil för {kommun}": "Profile of {kommun}",
    "Kommuner i urvalet har en svart kant.": "Municipalities in the selection have a black border.",
    "Beskrivning av kartan": "Description of the map",
    "Kartinställningar": "Map settings",
    "Bakgrundskarta (hämtar kartbilder från internet)": "Background map (loads map tiles from the internet)",
    "Av som standard: kartan fungerar utan internet och utan kartnyckel. MIA_BASEMAP=1 slår på den från början.":
        "Off by default: the map works without internet and without a map token. MIA_BASEMAP=1 turns it on "
        "from the start.",
    "Pressbilden (PNG/SVG) har rubrik, underrubrik, teckenförklaring och källa, och skapas först när du "
    "klickar (några sekunder).":
        "The press image (PNG/SVG) has a title, subtitle, legend and source, and is made only when you click "
        "(a few seconds).",
    "Kommunerna i tabellform": "The municipalities as a table",
    "Förbunden och när kommunerna gick med": "The associations and when the municipalities joined",
    # measures and legend (mia.map_data, mia.maps)
    "Andel till arbete eller studier jämfört med länet": "Share to work or studies compared with the county",
    "Andel till arbetsförberedande insats jämfört med länet":
        "Share to a work-preparatory intervention compared with the county",
    "Samordningsförbund i MIA": "Coordination associations in MIA",
    "Visas inte (för få deltagare)": "Not shown (too few participants)",
    "Inte med ännu (ansluter senare)": "Not yet in MIA (joins later)",
    "alla visade värden": "all values shown",
    "under {0}": "below {0}",
    "{0} eller mer": "{0} or more",
    "2017: MIA startar": "2017: MIA starts",
    "2019: Roslagen utökas": "2019: Roslagen grows",
    "2020: MIA Vidare": "2020: MIA Vidare",
    "2020: Upplands-Bro ansluter": "2020: Upplands-Bro joins",
    # tables
    "Med i MIA": "In MIA",
    "Med i MIA från": "In MIA from",
    "Med i MIA {datum}": "In MIA on {datum}",
    "Deltagare i urvalet": "Participants in the selection",
    "Kommuner (med i MIA från)": "Municipalities (in MIA from)",
    "från": "from",
    "inte med ännu": "not yet in MIA",
    # titles, subtitles and sentences
    "den {datum}": "on {datum}",
    "hela projektet 2017–2022": "whole project 2017–2022",
    "under projektet 2017–2022": "during the project 2017–2022",
    "Stockholms läns 26 kommuner": "the 26 municipalities of Stockholm County",
    "folkmängd 2017": "population 2017",
    "{n} av länets {total} kommuner var med i MIA, genom {f} samordningsförbund":
        "{n} of the county's {total} municipalities were in MIA, through {f} coordination associations",
    "{n} av länets {total} kommuner var med i MIA den {datum}":
        "{n} of the county's {total} municipalities were in MIA on {datum}",
    "{matt}: för få deltagare för att visa någon kommun": "{matt}: too few participants to show any municipality",
    "Flest deltagare i förhållande till folkmängden i {kommun}":
        "Most participants relative to the population in {kommun}",
    "andelen som gick till arbete eller studier": "the share who went on to work or studies",
    "andelen som gick till arbetsförberedande insats": "the share who went on to a work-preparatory intervention",
    "Ingen kommun skiljer sig säkert från länet i {matt}":
        "No municipality differs clearly from the county in {matt}",
    "högre än i länet i {kommuner}": "higher than in the county in {kommuner}",
    "lägre i {kommuner}": "lower in {kommuner}",
    "{matt} var {jamforelse}": "{matt} was {jamforelse}",
    "{n} kommuner": "{n} municipalities",
    "MIA fanns {when} i {n} av Stockholms läns {total} kommuner, genom {f} samordningsförbund.":
        "MIA was present {when} in {n} of Stockholm County's {total} municipalities, through {f} coordination "
        "associations.",
    "Senare anslöt": "Later joined:",
    "Anslöt senare": "Joined later",
    "Inte med i MIA": "Not in MIA",
    "{n} kommuner visas inte eftersom underlaget är för litet.":
        "{n} municipalities are not shown because there are too few people.",
    "Under perioden {period} var underlaget för litet för att visa {matt} för någon kommun.":
        "In the period {period} there were too few people to show {matt} for any municipality.",
    "Under perioden {period} deltog flest i förhållande till folkmängden i {best} ({v1} per 10 000 invånare) "
    "och färst i {worst} ({v2}).":
        "In the period {period} most took part relative to the population in {best} ({v1} per 10,000 "
        "inhabitants) and fewest in {worst} ({v2}).",
    "Under perioden {period} kunde {matt} inte jämföras med länet.":
        "In the period {period} {matt} could not be compared with the county.",
    "Under perioden {period} var {matt} i MIA som helhet {lan}.":
        "In the period {period} {matt} in MIA as a whole was {lan}.",
    "Högre än länet: {kommuner}.": "Higher than the county: {kommuner}.",
    "Lägre än länet: {kommuner}.": "Lower than the county: {kommuner}.",
    "Ingen kommun skilde sig säkert från länet (95 % konfidensintervall).":
        "No municipality differed clearly from the county (95 % confidence intervals).",
    # map tooltips, labels, legend and alt text (mia.maps)
    "– (ej med i MIA)": "– (not in MIA)",
    "sedan {datum}": "since {datum}",
    "från {datum}": "from {datum}",
    "från {datum} (inte med den {as_of})": "from {datum} (not yet in MIA on {as_of})",
    "nej, ej med i MIA": "no, not in MIA",
    "visas inte (för få deltagare)": "not shown (too few participants)",
    "ej i MIA": "not in MIA",
    "Stockholms län": "Stockholm County",
    "Kommungränser: SCB": "Municipal borders: Statistics Sweden (SCB)",
    "Förstoring: de centrala kommunerna": "Enlarged: the central municipalities",
    "Karta över Stockholms läns 26 kommuner, färgade efter samordningsförbund.":
        "Map of the 26 municipalities of Stockholm County, coloured by coordination association.",
    "Karta över Stockholms läns 26 kommuner den {datum}, färgade efter samordningsförbund.":
        "Map of the 26 municipalities of Stockholm County on {datum}, coloured by coordination association.",
    "{n} kommuner i {f} förbund är med i MIA.": "{n} municipalities in {f} associations are in MIA.",
    "Ansluter senare": "Joining later",
    "Karta över Stockholms läns 26 kommuner färgade efter {matt}.":
        "Map of the 26 municipalities of Stockholm County coloured by {matt}.",
    "Högst: {a} ({x}), lägst: {b} ({y}).": "Highest: {a} ({x}), lowest: {b} ({y}).",
}
