"""The Profil page in AppTest: opens for every kommun and förbund without an exception, keeps
the unit in the URL (`enhet=kommun:0160`) and opens the unit a link names.

One AppTest instance walks through all 34 units (switching the select box and rerunning);
the tables behind the page are computed once and cached, so each unit costs one script run.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mia import profile

ROOT = Path(__file__).resolve().parent.parent
PAGE = "app_pages/profil.py"


@pytest.fixture(scope="module")
def profile_app(app_db):
    """The dashboard opened on the Profil page by a link to Vaxholm's profile."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    # As a browser does for /profil?enhet=...: the page's first run starts with the parameter.
    at.query_params["enhet"] = "kommun:0187"
    at.switch_page(PAGE)
    at.run()
    return at


def _errors(at) -> list[str]:
    return [e.value for e in at.exception]


def test_a_link_opens_the_unit_it_names(profile_app):
    at = profile_app
    assert not _errors(at)
    assert at.selectbox(key="profil_enhet").value == "kommun:0187"
    assert at.query_params["enhet"] == "kommun:0187"
    assert at.header[0].value == "Vaxholm"
    # Vaxholm is small: suppressed shares are shown as "..", never as 0.
    assert [m.value for m in at.metric][1:] == ["..", "..", ".."]


def test_every_kommun_and_forbund_opens_without_an_exception(profile_app):
    at = profile_app
    units = profile.units()
    assert len(units) == 34
    for u in units:
        at.selectbox(key="profil_enhet").set_value(u.id).run()
        assert not _errors(at), (u.id, _errors(at))
        assert at.query_params["enhet"] == u.id, u.id  # survives the sidebar's URL sync
        charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
        assert len(charts) == 2, u.id
        shown = u.namn if u.in_mia else profile.unit(f"forbund:{profile.nearest_forbund(u.kod).forbund}").namn
        assert shown in charts[0]["layout"]["title"]["text"], u.id
        if not u.in_mia:
            assert any("deltog inte i MIA" in w.value for w in at.warning), u.id
        texts = " ".join(m.value for m in at.markdown)
        assert "Att läsa upp" in texts, u.id


def test_the_choice_survives_a_rerun_and_a_visit_to_another_page(profile_app):
    at = profile_app
    at.selectbox(key="profil_enhet").set_value("forbund:ROS").run()
    at.run()
    assert at.selectbox(key="profil_enhet").value == "forbund:ROS"
    at.switch_page("app_pages/oversikt.py")
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not _errors(at)
    assert at.selectbox(key="profil_enhet").value == "forbund:ROS"


def test_an_unknown_unit_in_a_link_is_reported(app_db):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.query_params["enhet"] = "kommun:9999"
    at.switch_page(PAGE)
    at.run()
    assert not _errors(at)
    assert any("okänd enhet" in w.value for w in at.warning)
    assert at.selectbox(key="profil_enhet").value in {u.id for u in profile.units()}


def test_dimension_filters_are_named_as_not_used(app_db):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["kon"] = "K"
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not _errors(at)
    assert any("kön" in i.value and "används inte" in i.value for i in at.info)

