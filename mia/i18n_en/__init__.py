"""English translations per area of the app (one module each, an `EN` dict: Swedish ->
English), merged into mia.i18n.EN at import."""
