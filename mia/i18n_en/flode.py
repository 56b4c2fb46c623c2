"""English for the Flöde page (app_pages/flode.py), its figures (mia/charts/flode.py) and its
sentences and labels (mia/flow.py)."""
EN = {
    # page
    "Hur deltagarna går genom processen: från anmälan till inskrivning, kartläggning, insats och avslut – och vart de går efteråt.":
        "How participants move through the process: from referral to enrolment, assessment, intervention and exit – and where they go afterwards.",
    "Jämför efter": "Compare by",
    "Dela upp urvalet i sidofältet i upp till fyra delar som visas sida vid sida.":
        "Split the sidebar's selection into up to four parts shown side by side.",
    "Välj upp till fyra": "Choose up to four",
    "Välj värden att jämföra": "Choose values to compare",
    "Jämförelsen ersätter sidofältets filter för den valda dimensionen; övriga filter gäller.":
        "The comparison replaces the sidebar's filter for the chosen dimension; the other filters apply.",
    "Välj minst ett värde att jämföra. Tills dess visas hela urvalet.":
        "Choose at least one value to compare. Until then the whole selection is shown.",
    "Inget – bara urvalet": "Nothing – the selection only",
    "Urvalet": "The selection",
    "{grupp} år": "{grupp} years",
    "Processen steg för steg": "The process step by step",
    "Steg": "Step",
    "Gick vidare från steget före (%)": "Went on from the step before (%)",
    "95 % KI, lägre": "95 % CI, lower",
    "95 % KI, övre": "95 % CI, upper",
    "Andel av anmälda (%)": "Share of referred (%)",
    "Skillnad mellan urvalen": "Difference between selections",
    "signifikant": "significant",
    "ej signifikant": "not significant",
    "testas ej": "not tested",
    "Liggande staplar per steg i processen, från anmälda till avslutade och vidare till arbete eller studier respektive arbetsförberedande insats, med antal och andel som gick vidare.":
        "Horizontal bars per step of the process, from referred to exited and on to work or studies and to work-preparatory interventions, with counts and the share that went on.",
    "Ett diagram per urval, sida vid sida.": "One chart per selection, side by side.",
    "Så räknas stegen": "How the steps are counted",
    "Ett steg räknar alla som nått steget eller ett senare steg vid periodens slut. Den som avslutat utan registrerad kartläggning eller insats räknas ändå som att ha passerat de stegen, så att inget steg blir större än steget före.":
        "A step counts everyone who had reached it or a later step by the end of the period. Someone who exited without a recorded assessment or intervention still counts as having passed those steps, so that no step is larger than the one before.",
    "{antal} av {avslutade} som avslutat har ingen registrerad insats.":
        "{antal} of the {avslutade} who exited have no recorded intervention.",
    "De räknas ändå som kartlagda och i insats, så att inget steg blir större än steget före.":
        "They still count as assessed and in an intervention, so that no step is larger than the one before.",
    "Inskrivna är samma antal som Översiktens deltagare, Avslutade samma som dess avslutade, och Arbete eller studier är arbete plus studier bland de avslutade.":
        "Enrolled is the same number as the Overview's participants, Exited the same as its exited, and Work or studies is work plus studies among those who exited.",
    "Andelen som gick vidare har ett 95 % konfidensintervall (Wilson). Arbetsförberedande insats och Arbete eller studier räknas som andel av de avslutade.":
        "The share that went on has a 95 % confidence interval (Wilson). Work-preparatory intervention and Work or studies are shares of those who exited.",
    "Skillnad mellan urvalen: χ²-test av om andelen som gick vidare är lika i alla urval (för två urval samma sak som z-test för två andelar); Fishers exakta test när underlaget är litet. Statistiskt säker = p < 0,05. Med sex steg kan en enstaka skillnad uppstå av slumpen.":
        "Difference between selections: χ² test of whether the share that went on is equal in all selections (for two selections the same as a z-test for two proportions); Fisher's exact test when the numbers are small. Statistically significant = p < 0.05. With six steps, a single difference may arise by chance.",
    "Antal under {antal} visas som ”<{antal}” och andelar med färre än {namnare} personer i nämnaren visas inte (”..”).":
        "Counts below {antal} are shown as “<{antal}” and shares with fewer than {namnare} people in the denominator are not shown (“..”).",
    "Varifrån och vart": "Where from and where to",
    "Visa flöden för": "Show flows for",
    "Utfall vid avslut": "Outcome at exit",
    "de som avslutat senast periodens slut": "those who exited by the end of the period",
    "de som avslutat": "those who exited",
    "Flödena visar {visade} av {alla} som avslutat.": "The flows show {visade} of the {alla} who exited.",
    "{antal} personer i små flöden ingår i ”Övriga (små flöden)”.":
        "{antal} people in small flows are included in “Other (small flows)”.",
    "Flödesdiagram från {kalla} till utfall vid avslut; bandens bredd är antalet personer.":
        "Flow diagram from {kalla} to outcome at exit; the width of a band is the number of people.",
    "Skydd av små tal: flöden med färre än {antal} personer, och de som behövs för att de inte ska kunna räknas fram ur summorna, slås ihop per källa till ”Övriga (små flöden)”. Blir även den sammanslagna gruppen för liten visas den inte. Talen vid noderna är summan av de visade flödena, så de kan vara något lägre än i trappan ovan.":
        "Protection of small numbers: flows with fewer than {antal} people, and those needed so that they cannot be worked out from the totals, are merged per source into “Other (small flows)”. If the merged group is still too small, it is not shown. The numbers at the nodes are the sums of the flows shown, so they can be somewhat lower than in the funnel above.",
    # older pieces of the alt text, still used by mia/chartbook.py
    "Flödesdiagram från": "Flow diagram from",
    "till utfall vid avslut; bandens bredd är antalet personer.":
        "to outcome at exit; the width of a band is the number of people.",
    "Tid i projektet": "Time in the project",
    "Fortfarande aktiva vid periodens slut": "Still active at the end of the period",
    "{aktiva} av {alla} · 95 % KI {intervall}": "{aktiva} of {alla} · 95 % CI {intervall}",
    "Antal som avslutat": "Number who exited",
    "Kvartil 1 (dagar)": "Quartile 1 (days)",
    "Median (dagar)": "Median (days)",
    "Kvartil 3 (dagar)": "Quartile 3 (days)",
    "Liggande staplar per utfall med den mittersta hälften av tiden i projektet och ett streck vid medianen.":
        "Horizontal bars per outcome showing the middle half of the time in the project, with a tick at the median.",
    # steps, outcomes, sources (mia/flow.py)
    "Anmälda": "Referred",
    "Inskrivna": "Enrolled",
    "Kartlagda": "Assessed",
    "I insats": "In an intervention",
    "Avslutade": "Exited",
    "Arbetssökande": "Job seeker",
    "Ohälsa": "Ill health",
    "Avbrott": "Dropped out",
    "Annat eller okänt": "Other or unknown",
    "Övriga (små flöden)": "Other (small flows)",
    "Uppgift saknas": "Not recorded",
    "Övriga utfall": "Other outcomes",
    "Alla som avslutat": "All who exited",
    # sentences (mia/flow.py)
    "andelen visas inte": "share not shown",
    "{andel}, 95 % KI {intervall}": "{andel}, 95 % CI {intervall}",
    "Av {anmalda} anmälda skrevs {inskrivna} in ({andel}).": "Of {anmalda} referred, {inskrivna} were enrolled ({andel}).",
    "{avslutade} hade avslutat vid periodens slut; {arbete} av dem ({andel_arbete}) gick till arbete eller studier och {af} ({andel_af}) till en arbetsförberedande insats.":
        "{avslutade} had exited by the end of the period; {arbete} of them ({andel_arbete}) went on to work or studies and {af} ({andel_af}) to a work-preparatory intervention.",
    "Urvalen kan innehålla samma personer (överlappande perioder eller populationen aktiva), så skillnaderna testas inte.":
        "The selections can contain the same people (overlapping periods or the population active), so differences are not tested.",
    "Inget steg skiljer sig statistiskt säkert mellan urvalen.": "No step differs significantly between the selections.",
    "För få personer för att testa skillnader mellan urvalen.": "Too few people to test differences between the selections.",
    "Från {fran} till {steg}: högst andel i {hogst} ({hogst_andel}), lägst i {lagst} ({lagst_andel}); skillnaden är statistiskt säker ({p}).":
        "From {fran} to {steg}: highest share in {hogst} ({hogst_andel}), lowest in {lagst} ({lagst_andel}); the difference is statistically significant ({p}).",
    "{population} under respektive period": "{population} in each period",
    "jämfört efter {dimension}": "compared by {dimension}",
    # figures (mia/charts/flode.py)
    "{antal} anmälda": "{antal} referred",
    "KI {intervall}": "CI {intervall}",
    "{andel} av {steget_fore} ({antal}) gick vidare": "{andel} of {steget_fore} ({antal}) went on",
    "95 % KI {intervall}": "95 % CI {intervall}",
    "Andelen visas inte: för få personer i underlaget.": "Share not shown: too few people.",
    "Skiljer sig mellan urvalen": "Differs between the selections",
    "{andel} av alla anmälda": "{andel} of all referred",
    "andel av anmälda": "share of referred",
    "Stapel = andel av de anmälda som nått steget; talet inom parentes = andel av steget före som gick vidare (utfallen: av de avslutade)":
        "Bar = share of the referred who reached the step; the number in brackets = share of the step before that went on (outcomes: of those who exited)",
    "* = andelen som gick vidare skiljer sig statistiskt säkert mellan urvalen (p < 0,05)":
        "* = the share that went on differs significantly between the selections (p < 0.05)",
    "Inga statistiskt säkra skillnader mellan urvalen i processen":
        "No statistically significant differences between the selections in the process",
    "Urvalen skiljer sig åt vid steget {steg}": "The selections differ at the step {steg}",
    "Urvalen skiljer sig åt vid {antal} steg (markerade med *)": "The selections differ at {antal} steps (marked *)",
    "Största tappet: {fran} → {till}, {andel} gick vidare": "Largest drop: {fran} → {till}, {andel} went on",
    "För få deltagare för att visa hur många som går vidare": "Too few participants to show how many go on",
    "Inga flöden att visa: för få som avslutat i urvalet.": "No flows to show: too few exited in the selection.",
    "För få deltagare för att visa flöden": "Too few participants to show flows",
    "{fran} → {till}: {antal} personer": "{fran} → {till}: {antal} people",
    "Störst flöde: {fran} → {till}": "Largest flow: {fran} → {till}",
    "Flöden under {grans} personer slås ihop till ”Övriga (små flöden)” per källa":
        "Flows under {grans} people are merged into “Other (small flows)” per source",
    "{antal} personer i ännu mindre grupper visas inte": "{antal} people in even smaller groups are not shown",
    "Mittersta hälften (kvartil 1–3)": "Middle half (quartiles 1–3)",
    "Median": "Median",
    "dagar från inskrivning till avslut": "days from enrolment to exit",
    "Grupper med färre än {grans} som avslutat visas inte": "Groups with fewer than {grans} who exited are not shown",
    "ingen har avslutat": "nobody has exited",
    "för få att visa": "too few to show",
    "för få att visa (n {n})": "too few to show (n {n})",
    "median {dagar} d · n {n}": "median {dagar} d · n {n}",
    "median {dagar} d ({manader} mån) · n {n}": "median {dagar} d ({manader} mo) · n {n}",
    "median {dagar} dagar": "median {dagar} days",
    "hälften mellan {q1} och {q3} dagar": "half between {q1} and {q3} days",
    "Tid i projektet per utfall och urval": "Time in the project by outcome and selection",
    "För få som avslutat för att visa tiden i projektet": "Too few exited to show the time in the project",
    "Mediantid i projektet: {dagar} dagar (cirka {manader} månader)":
        "Median time in the project: {dagar} days (about {manader} months)",
    # period presets (mia/periods.py), used by the period comparison and the sidebar
    **{f"År {y}": f"Year {y}" for y in range(2017, 2023)},
    **{f"{y} halvår {h}": f"{y} half-year {h}" for y in range(2017, 2023) for h in (1, 2)},
}
