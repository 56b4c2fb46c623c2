"""MIA-resultat: the outcome data of MIA, from extract files to the dashboard's pages."""
from mia.memory import keep_freed_memory
from mia.text_storage import store_text_in_numpy

keep_freed_memory()
store_text_in_numpy()
