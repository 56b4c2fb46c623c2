"""What the app shows when its database cannot be opened: the reason in Swedish and a way
back (rebuilding the demo database), instead of a traceback."""
from __future__ import annotations

import streamlit as st

from mia import demo, store
from mia.config import db_path
from mia.i18n import t
from mia.store import DatabaseError


def show(error: DatabaseError) -> None:
    st.title(t("Databasen kunde inte öppnas"))
    st.error(str(error))
    st.markdown(t("Om filen är skadad kan du bygga om databasen med de syntetiska demodata. "
                  "Importerade utdrag i den skadade filen går då förlorade och behöver läsas in igen. "
                  "Samma sak från kommandoraden: `python -m mia demo`."))
    if st.button(t("Bygg om demodatabasen"), type="primary"):
        try:
            con = store.rebuild(db_path())
            demo.install(con)
        except DatabaseError as exc:
            st.error(str(exc))
            return
        st.cache_resource.clear()
        st.cache_data.clear()
        st.success(t("Demodatabasen är ombyggd."))
        st.rerun()
