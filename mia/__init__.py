"""MIA-resultat: the outcome data of MIA, from extract files to the dashboard's pages."""
from mia.memory import keep_freed_memory

keep_freed_memory()
