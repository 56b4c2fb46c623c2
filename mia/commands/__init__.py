"""One module per `python -m mia` verb (see mia/cli.py VERBS)."""
