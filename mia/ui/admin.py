"""The admin secret that unlocks importing on the Data page.

The secret comes from `st.secrets["admin_secret"]` (.streamlit/secrets.toml) or the
environment variable `MIA_ADMIN_SECRET`; without one the page is read-only. The user types
it into a password field; it is compared with `hmac.compare_digest` in a callback that
then empties the field, so the typed text does not stay in the session. Only a hash of
the secret is kept (to notice that it was changed); the secret is never shown or logged.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import time

import streamlit as st

from mia.i18n import t

ENV = "MIA_ADMIN_SECRET"
SECRET_KEY = "admin_secret"
_STATE = "data_admin"
_FIELD = "data_admin_losen"
_FAILED = "data_admin_fel"
FAIL_DELAY_S = 1.0


def configured_secret() -> str | None:
    """The configured secret, or None (then importing is off)."""
    try:
        value = st.secrets[SECRET_KEY]
    except Exception:  # no secrets.toml (StreamlitSecretNotFoundError), no such key, bad file
        value = None
    if not value:
        value = os.environ.get(ENV)
    value = str(value).strip() if value else ""
    return value or None


def _fingerprint(secret: str) -> str:
    return hashlib.sha256(("mia-admin:" + secret).encode("utf-8")).hexdigest()


def matches(typed: str, secret: str) -> bool:
    """Constant-time comparison of what was typed with the secret."""
    return hmac.compare_digest(typed.encode("utf-8"), secret.encode("utf-8"))


def unlocked(secret: str) -> bool:
    """Whether this session typed the current secret (a changed secret locks again)."""
    return st.session_state.get(_STATE) == _fingerprint(secret)


def lock() -> None:
    st.session_state.pop(_STATE, None)


def _try_unlock() -> None:
    secret = configured_secret()
    typed = st.session_state.get(_FIELD) or ""
    st.session_state[_FIELD] = ""
    if secret and matches(typed, secret):
        st.session_state[_STATE] = _fingerprint(secret)
        st.session_state.pop(_FAILED, None)
    else:
        time.sleep(FAIL_DELAY_S)  # slows down guessing
        st.session_state[_FAILED] = True


def unlock_form() -> None:
    """The password field and button; a wrong secret gets a message (and a short delay)."""
    with st.form("data_admin_form", clear_on_submit=False):
        st.text_input(t("Administratörsnyckel"), type="password", key=_FIELD,
                      help=t("Nyckeln som förvaltningen har ställt in (admin_secret eller MIA_ADMIN_SECRET)."))
        st.form_submit_button(t("Lås upp inläsning"), on_click=_try_unlock)
    if st.session_state.pop(_FAILED, False):
        st.error(t("Fel nyckel. Försök igen."))
