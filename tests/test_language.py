"""The language switch: every page in English shows no Swedish-only text, and every page
in Swedish (the default) no English-only text.

Each page is run with AppTest in both languages (English as an English link opens it,
`?lang=en`); everything a reader can see is collected: headings, markdown, captions,
alerts, metric labels, values and help, widget labels, options, help and placeholders,
button and expander labels, table column names and text cells, every text of every Plotly
figure (title, subtitle, axes, legend, annotations, hover templates) and the deck.gl map's
tooltip, labels and alt text. tests/langcheck.py says what counts as the other language
and which proper names and identifiers are allowed (kommun and förbund names, authorities,
the programme's names, code and file names).

The Swedish run of a page follows its English run in the same process, as a Swedish
visitor follows an English one on the same server: results cached across sessions must
not carry the other language (st.cache_data is shared by all sessions).

Beyond the pages' default view, the tests below cover what a browser review found:
switching the language in a running session (the chosen options must be relabelled), the
shared result cache, the map (tooltips, labels, legend, alt text, press texts), every
generated sentence for several selections (large, small, suppressed, filtered), number
formats (thousands separator and decimal sign follow the language) and, statically, that
every literal text the code wraps in t() has an English translation.

The browser counterpart (text drawn on screen, in the sidebar and in the charts' SVG) is
tests/browser/test_pages.py.
"""
from __future__ import annotations

import ast
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from mia.filters import Urval
from mia.i18n import EN, using
from tests import apptest_pages as ap
from tests import langcheck

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def runs(app_db):
    return {(page, lang): ap.run_page(page, lang) for lang in ("en", "sv") for page in ap.PAGES}


def _report(left: dict, what: str, lang: str) -> str:
    other = "svenska" if lang == "en" else "engelska"
    return f"{what} ({lang}): {len(left)} texter med {other} ord:\n" + json.dumps(left, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("page", ap.PAGES)
def test_no_text_in_the_other_language(runs, page, lang):
    at = runs[(page, lang)]
    assert not at.exception, [e.value for e in at.exception]
    texts = ap.texts(at)
    assert len(texts) > 10, f"{page}: nästan ingen text hittades ({len(texts)})"
    left = langcheck.leftovers(texts, lang)
    assert not left, _report(left, page, lang)


def test_english_is_really_english(runs):
    """The English pages are not just untouched Swedish: headings and navigation changed."""
    for page in ap.PAGES:
        sv, en = runs[(page, "sv")], runs[(page, "en")]
        assert [t.value for t in sv.title] != [t.value for t in en.title] or page == "app_pages/data.py", page
    assert runs[("app_pages/oversikt.py", "en")].title[0].value == "Overview"


def test_the_map_tooltip_and_alt_text_are_checked(runs):
    """The sweep reads the deck's tooltip template and alt text (Streamlit sends both beside
    the deck's JSON), so a Swedish tooltip on the English map cannot slip through."""
    texts = ap.texts(runs[("app_pages/karta.py", "en")])
    assert any("{deltagare_text}" in v and "Participants" in v for v in texts.values()), "tooltip not collected"
    assert any(k.split(":")[0].endswith(" alt") and v.startswith("Map of") for k, v in texts.items())


# ---------------------------------------------------------------------------- numbers

# Swedish number formats on an English page, English ones on a Swedish page: (pattern, also
# in table cells). Counts in tables are text ("3 624", "<5"), so their thousands separator
# is checked; decimals in tables are plain numbers ("16.9", machine-readable like the CSV).
_SWEDISH_NUMBER = [(re.compile(r"\d\u00a0\d{3}(?!\d)"), True),  # "3 624"
                   (re.compile(r"(?<![\d.,])\d+,\d{1,2}(?!\d)"), False)]  # "17,6"
_ENGLISH_NUMBER = [(re.compile(r"(?<![\d.,])\d{1,3},\d{3}(?!\d)"), True),  # "3,624"
                   (re.compile(r"(?<![\d.,\w])\d+\.\d+(?![\d.])"), False)]  # "17.6"
_HTML = re.compile(r"<[^>]*>")


def _numbers_in_the_other_format(texts: dict[str, str], lang: str) -> dict[str, str]:
    patterns = _SWEDISH_NUMBER if lang == "en" else _ENGLISH_NUMBER
    out = {}
    for where, text in texts.items():
        cell = "dataframe cell" in where
        clean = _HTML.sub(" ", text)
        for pattern in (langcheck._CODE, langcheck._PLACEHOLDER, langcheck._URL):
            clean = pattern.sub(" ", clean)
        hits = [m.group(0) for p, in_cells in patterns if in_cells or not cell for m in p.finditer(clean)]
        if hits:
            out[where] = ", ".join(hits)
    return out


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_numbers_are_written_in_the_pages_language(runs, lang):
    """Swedish: "3 624" and "17,6"; English: "3,624" and "17.6" (sentences, metrics, chart
    labels, ticks and annotations alike)."""
    wrong = {}
    for page in ap.PAGES:
        wrong |= {f"{page} {k}": v for k, v in _numbers_in_the_other_format(ap.texts(runs[(page, lang)]), lang).items()}
    assert not wrong, json.dumps(wrong, ensure_ascii=False, indent=1)


def test_number_format_follows_the_language():
    from mia import disclosure, fmt

    assert fmt.number(3624) == "3\u00a0624" and fmt.number(17.64, 1) == "17,6"
    assert fmt.share_with_interval(18.5, 17.2, 19.8, 1) == "18,5\u00a0% (95\u00a0% KI 17,2–19,8\u00a0%)"
    assert disclosure.format_count(3624) == "3\u00a0624" and disclosure.format_percent(1234.5, 1) == "1\u00a0234,5\u00a0%"
    with using("en"):
        assert fmt.number(3624) == "3,624" and fmt.number(17.64, 1) == "17.6"
        assert fmt.number(1234567.891, 2) == "1,234,567.89"
        assert fmt.share_with_interval(18.5, 17.2, 19.8, 1) == "18.5\u00a0% (95\u00a0% CI 17.2–19.8\u00a0%)"
        assert disclosure.format_count(3624) == "3,624" and disclosure.format_percent(1234.5, 1) == "1,234.5\u00a0%"
        assert fmt.separators() == ".,"
        assert fmt.whole_numbers([0, 999, 1000, 3624, 1234567]) == ["0", "999", "1,000", "3,624", "1,234,567"]
    assert fmt.separators() == ", "
    many = list(range(0, 2_000_000, 997))
    assert fmt.whole_numbers(many) == [fmt.number(v) for v in many]  # the table formatter = number()
    counts = pd.Series([0.0, 3.0, 1234.0, 7.0, 1234.0])
    status = pd.Series(["visad", "liten", "visad", "sekundar", "visad"])
    assert disclosure.display_counts(counts, status).tolist() == ["0", "<5", "1\u00a0234", "..", "1\u00a0234"]


def test_plotly_formats_numbers_in_the_language(demo_con):
    """Plotly formats ticks and hover numbers itself: the figure's separators follow the
    language of the run that built it."""
    from mia import chartbook

    assert json.loads(chartbook.build("oversikt", demo_con, Urval()).figure.to_json())["layout"]["separators"] == ", "
    with using("en"):
        assert json.loads(chartbook.build("oversikt", demo_con, Urval()).figure.to_json())["layout"]["separators"] == ".,"


# ---------------------------------------------------------------------------- switching in a session


def _chosen_labels(el) -> list[str]:
    """The label(s) the browser shows as an option widget's choice after this run: what
    the server sent with `set_value`, else (None) what the browser already showed."""
    proto = el.proto
    if not proto.set_value:
        return None
    raw = proto.raw_values if hasattr(proto, "raw_values") else proto.raw_value
    return [raw] if isinstance(raw, str) else list(raw)


def test_switching_language_relabels_the_chosen_options(app_db):
    """The browser keeps a select box's (multiselect's, radio's) choice as its label. After
    a switch to English, every option widget with a choice must be sent its new label,
    or the browser goes on showing "aktiva", "Kvinnor", "År 2019" among English options;
    the choices themselves must survive the switch."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.switch_page("app_pages/jamfor.py")
    at.run()
    at.sidebar.selectbox(key="f_period").set_value("År 2019")
    at.sidebar.selectbox(key="f_population").set_value("aktiva")
    at.sidebar.selectbox(key="f_namnare").set_value("avslutade")
    at.sidebar.multiselect(key="f_kon").set_value(["K"])
    at.sidebar.multiselect(key="f_remittent").set_value(["kommun"])
    at.sidebar.multiselect(key="f_aldersgrupp").set_value(["16-24"])
    at.radio(key="j_niva").set_value("forbund")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    before = at.session_state["urval"]

    at.sidebar.radio(key="sprak").set_value("en").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["urval"] == before  # the switch changes the words, not the selection
    assert at.sidebar.selectbox(key="f_population").value == "aktiva"
    stale = {}
    for kind in ("selectbox", "multiselect", "radio", "select_slider"):
        for el in at.get(kind):
            if el.key in (None, "sprak") or el.value in (None, [], ()):
                continue
            shown = _chosen_labels(el)
            values = el.value if isinstance(el.value, (list, tuple)) else [el.value]
            wanted = [el.format_func(v) for v in values]
            if shown != wanted:
                stale[el.key] = {"shown": shown, "wanted": wanted}
    assert not stale, stale
    shown = _chosen_labels(at.sidebar.multiselect(key="f_kon"))
    assert shown == ["Women"] and _chosen_labels(at.sidebar.selectbox(key="f_period")) == ["Year 2019"]
    assert _chosen_labels(at.sidebar.multiselect(key="f_aldersgrupp")) == ["16-24 years"]
    left = langcheck.leftovers(ap.texts(at), "en")
    assert not left, _report(left, "jamfor after the switch", "en")


# ---------------------------------------------------------------------------- the shared cache


def test_cached_results_are_kept_per_language(app_db):
    """ui.data.computed is shared by all sessions: a result holding text is computed again
    in the other language, never served from the first language's entry."""
    from mia.i18n import t
    from mia.ui import data

    calls = []

    def labels(_con, urval):
        calls.append(1)
        return {"kon": t("Kvinnor"), "deltagare": __import__("mia.fmt", fromlist=["x"]).number(3624)}

    first = data.computed(labels, Urval())
    with using("en"):
        english = data.computed(labels, Urval())
    again = data.computed(labels, Urval())
    assert first == again == {"kon": "Kvinnor", "deltagare": "3\u00a0624"}
    assert english == {"kon": "Women", "deltagare": "3,624"}
    assert len(calls) == 2  # once per language, then from the cache


# ---------------------------------------------------------------------------- generated texts

# The whole county; a förbund in one year, population "aktiva"; a kommun so small that most
# values are suppressed; filters on every dimension, population and denominator "avslutade".
SELECTIONS = {
    "hela": Urval(),
    "förbund": Urval(forbund=("ROS",), population="aktiva", fran=date(2019, 1, 1), till=date(2019, 12, 31)),
    "litet": Urval(kon=("K",), kommun=("0187",)),
    "filter": Urval(population="avslutade", namnare="avslutade", aldersgrupp=("16-24",), remittent=("AF", "kommun"),
                    forsorjning=("forsorjningsstod",)),
}


def _frame_texts(where: str, frame) -> dict[str, str]:
    out = {f"{where} dataframe column {c}": str(c) for c in frame.columns}
    for col in frame.columns:
        if str(frame[col].dtype) in ("object", "str", "string"):
            for cell in frame[col].dropna().astype(str).unique()[:200]:
                out[f"{where} dataframe cell {cell[:40]}"] = cell
    return out


def _generated_texts(con, urval: Urval, name: str) -> dict[str, str]:
    """Every generated text for a selection: the Översikt summary, each registered chart
    (title, subtitle, axes, legend, sentence, alt text, table), Jämför's sentences, notes,
    titles and alt texts for both levels and outcomes, the profile's sentences and the map's
    tooltips, labels, legend, alt text and press texts."""
    from mia import chartbook, compare, maps, map_data, measures, profile, text
    from mia import text_compare as tc

    out: dict[str, str] = {}

    def add(where: str, value) -> None:
        if isinstance(value, str) and value.strip():
            out[f"{name} {where}: {value[:50]}"] = value

    add("describe", text.describe(urval))
    for i, s in enumerate(text.overview_sentences(measures.headline_shares(con, urval),
                                                  measures.headline(con, urval)["antal"], urval)):
        add(f"overview {i}", s)
    for chart in chartbook.CHARTS:
        bundle = chartbook.build(chart, con, urval)
        add(f"{chart} sentence", bundle.sentence)
        add(f"{chart} alt", bundle.alt)
        for text_ in ap.figure_texts(json.loads(bundle.figure.to_json())):
            add(f"{chart} figure", text_)
        out |= _frame_texts(f"{name} {chart} table", bundle.table)
    for niva in ("kommun", "forbund"):
        for utfall in ("arbete_studier", "arbetsforberedande"):
            units = compare.units(con, urval, niva=niva, utfall=utfall, include_county=True)
            level = units[units.niva != "lan"]
            w = f"{niva} {utfall}"
            for s in [tc.comparison_sentence(level, niva, utfall), *tc.selected_sentences(level),
                      tc.rate_sentence(units, niva), tc.legend_note(), tc.comparison_note(level),
                      tc.subtitle(urval, niva, utfall), tc.breakdown_subtitle(urval, utfall),
                      tc.trend_subtitle(urval, utfall), tc.comparison_title(level, niva, utfall),
                      tc.not_shown_note(level, niva), tc.funnel_alt(level, niva, utfall),
                      tc.dot_alt(level, niva, utfall), tc.rate_alt(units, niva)]:
                add(w, s)
            kod = (urval.kommun or urval.forbund or (compare.LAN,))[0]
            bd = compare.breakdown(con, urval, kod=kod, utfall=utfall)
            add(w, tc.breakdown_sentence(bd, "Täby", utfall))
            add(w, tc.breakdown_alt(bd, "Täby", utfall))
            trend = compare.trend(con, urval, niva=niva, utfall=utfall)
            koder = tc.default_trend_units(level, 6)
            add(w, tc.trend_sentence(trend, koder, utfall))
            add(w, tc.trend_alt(trend, koder, utfall))
            for label, frame in (("rate", tc.rate_table(units, niva)), ("breakdown", tc.breakdown_table(bd)),
                                 ("trend", tc.trend_table(trend, koder))):
                out |= _frame_texts(f"{name} {w} {label}", frame)
    tables = profile.tables(con, urval)
    for enhet in ("kommun:0160", "forbund:ROS", "kommun:0187", "kommun:0186"):  # 0186 Lidingö: not in MIA
        p = profile.assemble(enhet, urval, tables)
        add(f"profile {enhet} title", p.title)
        for s in p.sentences:
            add(f"profile {enhet}", s.text)
    # The two outcomes' maps share their code: one of each kind is enough.
    for matt in (map_data.FORBUND, "per_10000", "arbete_studier", "arbetsforberedande_jamforelse"):
        frame = map_data.frame_for(con, urval, matt)
        view = map_data.view_for(con, urval, matt)
        for where, value in (("title", map_data.title(frame, matt)), ("subtitle", map_data.subtitle(urval, matt)),
                             ("sentence", map_data.sentence(frame, urval, matt)), ("alt", view.alt_text),
                             ("legend title", view.legend_title), ("legend", maps.legend_html(view)),
                             ("tooltip template", view.tooltip["html"])):
            add(f"map {matt} {where}", value)
        for style in view.styles:
            add(f"map {matt} tooltip", maps.render_tooltip(view, style.kod))
            add(f"map {matt} label", style.label)
        out |= _frame_texts(f"{name} map {matt} table", map_data.plotted_table(frame, matt))
    add("membership", map_data.membership_markdown())
    add("membership 2019", map_data.membership_markdown(date(2019, 12, 31)))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("name", list(SELECTIONS))
def test_generated_texts_are_in_one_language(demo_con, name, lang):
    """Sentences, titles, subtitles, notes, alt texts, tooltips and tables the code writes
    (not only those the default page view happens to show): large and small groups,
    suppressed values, filters, a unit outside MIA."""
    with using(lang):
        texts = _generated_texts(demo_con, SELECTIONS[name], name)
    assert len(texts) > 100
    left = langcheck.leftovers(texts, lang, limit=20)
    assert not left, _report(left, f"genererade texter, urval {name}", lang)
    wrong = _numbers_in_the_other_format(texts, lang)
    assert not wrong, json.dumps(wrong, ensure_ascii=False, indent=1)


def test_english_sentences_read_as_english(demo_con):
    """A few generated sentences in full: English word order, not Swedish word by word."""
    from mia import map_data, measures, text
    from mia import text_compare as tc
    from mia import compare

    with using("en"):
        u = Urval(population="avslutade")
        first = text.overview_sentences(measures.headline_shares(demo_con, u), measures.headline(demo_con, u)["antal"],
                                        u)
        assert re.fullmatch(r"In 2017-04-01–2022-09-30, [\d,]+ people exited in all of MIA \(all associations\)\.",
                            first[0]), first[0]
        assert re.fullmatch(r"\d+\u00a0% \(95\u00a0% CI \d+–\d+\u00a0%\) of all went on to work or studies\.", first[1])
        small = Urval(kon=("K",), kommun=("0187",))
        units = compare.units(demo_con, small, niva="kommun", utfall="arbete_studier", include_county=True)
        assert "Vaxholm: not shown because the group is too small." in tc.selected_sentences(units)
        frame = map_data.frame_for(demo_con, Urval(), map_data.FORBUND)
        sentence = map_data.sentence(frame, Urval(), map_data.FORBUND)
        assert " och " not in sentence and "Ekerö, Järfälla, Lidingö, Nykvarn and Solna." in sentence


# ---------------------------------------------------------------------------- the map


def test_map_is_written_in_english(demo_con):
    """Karta in English: tooltip rows, "(not in MIA)" labels, legend, alt text, lists joined
    with "and" — for the membership map and a measure."""
    from mia import maps, map_data

    with using("en"):
        member = map_data.view_for(demo_con, Urval(), map_data.FORBUND)
        measure = map_data.view_for(demo_con, Urval(), "arbete_studier_jamforelse")
        legend = maps.legend_html(member)
    tip = maps.render_tooltip(member, "0186")  # Lidingö: not in MIA
    assert "Association: – (not in MIA)" in tip and "In MIA: no, not in MIA" in tip, tip
    assert "Participants: – (not in MIA)" in tip
    assert maps.render_tooltip(member, "0160").count("since 2017-04-01") == 1
    labels = {s.kod: s.label for s in member.styles}
    assert labels["0186"] == "Lidingö\n(not in MIA)"
    assert member.legend_title == "Coordination associations in MIA"
    assert member.alt_text.startswith("Map of the 26 municipalities of Stockholm County")
    assert " och " not in member.alt_text and " and " in member.alt_text
    assert "Municipal borders: Statistics Sweden" in legend
    assert "Compared with the county:" in measure.tooltip["html"]
    assert {item.label for item in measure.legend} >= {"Higher than the county", "In line with the county"}
    deck = json.loads(measure.deck.to_json())
    texts = [v for layer in deck["layers"] for v in ap._strings(layer.get("data")) if isinstance(v, str)]
    assert not langcheck.leftovers(texts, "en")


# ---------------------------------------------------------------------------- the tables themselves


def test_translations_are_not_swedish():
    """The tables themselves: no English entry is still Swedish. (An empty entry is
    allowed: a word English leaves out, as "gick" in a reordered sentence.)"""
    bad = {sv: en for sv, en in EN.items() if en.strip() and langcheck.swedish_words(en)}
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


def _module_constants(tree: ast.Module) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Module-level NAME = "text" and NAME = {key: "text", ...} (all values text)."""
    texts, tables = {}, {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in (t for t in targets if isinstance(t, ast.Name)):
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                texts[target.id] = value.value
            elif isinstance(value, ast.Dict) and value.values and all(
                    isinstance(v, ast.Constant) and isinstance(v.value, str) for v in value.values):
                tables[target.id] = [v.value for v in value.values]
    return texts, tables


def test_every_text_wrapped_in_t_has_a_translation():
    """Statically: each t("literal"), t(CONSTANT) and t(TABLE[...]) / t(TABLE.get(...)) of a
    module-level text table in mia/, app_pages/ and dashboard.py has an English entry
    (t() falls back to the Swedish text, which no page run may happen to show)."""
    missing = []
    files = [*sorted((ROOT / "mia").rglob("*.py")), *sorted((ROOT / "app_pages").glob("*.py")), ROOT / "dashboard.py"]
    for path in files:
        if "i18n_en" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        texts, tables = _module_constants(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"
                    and node.args):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                keys = [arg.value]
            elif isinstance(arg, ast.Name) and arg.id in texts:
                keys = [texts[arg.id]]
            elif isinstance(arg, ast.Subscript) and isinstance(arg.value, ast.Name) and arg.value.id in tables:
                keys = tables[arg.value.id]
            elif (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "get"
                  and isinstance(arg.func.value, ast.Name) and arg.func.value.id in tables):
                keys = tables[arg.func.value.id]
            else:
                continue
            missing += [f"{path.relative_to(ROOT)}:{node.lineno}: {k!r}" for k in keys if k not in EN]
    assert not missing, "\n".join(sorted(set(missing)))


def test_language_checker_knows_both_directions():
    assert langcheck.swedish_words("Andel till arbete eller studier") == ["Andel", "till", "arbete", "eller",
                                                                          "studier"]
    assert langcheck.swedish_words("Share to work in Täby and Upplands Väsby (Arbetsförmedlingen)") == []
    assert langcheck.swedish_words("Run `python -m mia demo` or set MIA_ADMIN_SECRET") == []
    assert langcheck.english_words("Andel av alla i populationen, 95 % KI") == []
    assert langcheck.english_words("Drag and drop file here") == ["Drag", "and", "drop", "file", "here"]
