"""MIA-resultat: entry point. Page config, heavy imports (before any page runs, see
TOOLCHAIN.md), the global sidebar filters and navigation. Pages are layout only."""
from __future__ import annotations

from contextlib import ExitStack

import pandas  # noqa: F401  (import once here: pages switching quickly must not race on it)
import plotly.graph_objects  # noqa: F401
import pydeck  # noqa: F401
import streamlit as st

import mia.measures  # noqa: F401
from mia import suppression
from mia.i18n import t
from mia.store import DatabaseError
from mia.ui import data, recovery, sidebar

st.set_page_config(page_title="MIA-resultat", page_icon="📊", layout="wide")
suppression.warm_up()  # once per process: disclosure's compiled kernels, before a page needs them

urval = sidebar.render()
# The whole run reads one snapshot of the database (see mia/ui/data.py): a page drawn while
# an import commits shows the old data or the new, never a mix.
with ExitStack() as run:
    try:
        version = run.enter_context(data.snapshot()).version
    except DatabaseError as exc:
        recovery.show(exc)
        st.stop()
    sidebar.sync_url(urval, version)

    PAGES = [
        ("app_pages/oversikt.py", "Översikt", "oversikt", True),
        ("app_pages/jamfor.py", "Jämför", "jamfor", False),
        ("app_pages/flode.py", "Flöde", "flode", False),
        ("app_pages/karta.py", "Karta", "karta", False),
        ("app_pages/profil.py", "Profil", "profil", False),
        ("app_pages/data.py", "Data", "data", False),
        ("app_pages/om.py", "Om", "om", False),
    ]
    pages = [st.Page(path, title=t(title), url_path=slug, default=default)
             for path, title, slug, default in PAGES if (__import__("pathlib").Path(__file__).parent / path).exists()]
    st.navigation(pages).run()
