"""English for the database recovery screen."""
EN = {
    "Databasen kunde inte öppnas": "The database could not be opened",
    "Om filen är skadad kan du bygga om databasen med de syntetiska demodata. Importerade utdrag i den skadade filen går då förlorade och behöver läsas in igen. Samma sak från kommandoraden: `python -m mia demo`.":
        "If the file is damaged you can rebuild the database with the synthetic demo data. Extracts imported into the damaged file are then lost and need to be imported again. The same from the command line: `python -m mia demo`.",
    "Bygg om demodatabasen": "Rebuild the demo database",
    "Demodatabasen är ombyggd.": "The demo database has been rebuilt.",
}
