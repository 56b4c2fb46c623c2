"""The Flöde page's numbers (mia.flow) and figures (mia.charts.flode): the funnel agrees
with `summary`, never grows, hides small numbers; the tests between selections are the
textbook ones; the Sankey's flows add up and hide every small flow; time in project
matches a hand computation."""
from __future__ import annotations

import ast
import math
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia import flow, measures
from mia.charts import flode as charts
from mia.charts.style import Source
from mia.disclosure import Status
from mia.filters import Urval

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Source(uttag=date(2022, 11, 30), synthetic=True)

SELECTIONS = {
    "hela MIA": Urval(),
    "Östra Södertörn": Urval(forbund=("OS",)),
    "Täby 2017–2020": Urval(till=date(2020, 9, 30), kommun=("0160",)),
    "Vaxholm": Urval(kommun=("0187",)),
    "kvinnor 25–29": Urval(kon=("K",), aldersgrupp=("25-29",)),
    "år 2018": Urval(fran=date(2018, 1, 1), till=date(2018, 12, 31)),
    "aktiva 2021": Urval(fran=date(2021, 1, 1), till=date(2021, 12, 31), population="aktiva"),
    "avslutade 2019, nämnare avslutade": Urval(fran=date(2019, 1, 1), till=date(2019, 12, 31),
                                               population="avslutade", namnare="avslutade"),
    "remittent FK, försörjningsstöd": Urval(remittent=("FK",), forsorjning=("forsorjningsstod",)),
}
ORDER = ["anmalda", "inskrivna", "kartlagda", "i_insats", "avslutade"]


# ---------------------------------------------------------------- the funnel


@pytest.mark.parametrize("name", list(SELECTIONS))
def test_funnel_counts_agree_with_summary(demo_con, name):
    urval = SELECTIONS[name]
    counts = flow.step_counts(demo_con, urval)
    summary = measures.summary(demo_con, urval)
    assert counts["inskrivna"] == summary["antal"]
    assert counts["avslutade"] == summary["avslutade"]
    assert counts["arbete_studier"] == summary["utfall"]["arbete"] + summary["utfall"]["studier"]
    assert counts["arbetsforberedande"] == summary["utfall"]["arbetsforberedande"]


@pytest.mark.parametrize("name", list(SELECTIONS))
def test_each_step_never_exceeds_the_one_before(demo_con, name):
    counts = flow.step_counts(demo_con, SELECTIONS[name])
    for before, after in zip(ORDER, ORDER[1:]):
        assert counts[after] <= counts[before], (before, after, counts)
    assert counts["arbete_studier"] + counts["arbetsforberedande"] <= counts["avslutade"]
    assert 0 <= counts["utan_insats"] <= counts["avslutade"]


def test_steps_never_grow_in_any_kommun(demo_con):
    from mia.reference import load_reference

    for kod in load_reference().kommuner.kommunkod:
        frame = flow.funnel_frame(flow.step_counts(demo_con, Urval(kommun=(kod,))))
        by_key = dict(zip(frame.steg_kod, frame.antal))
        assert all(by_key[a] >= by_key[b] for a, b in zip(ORDER, ORDER[1:])), kod
        # every conversion's numerator fits in its denominator
        later = frame.dropna(subset=["foregaende"])
        assert (later.antal <= later.foregaende).all(), kod


def test_funnel_frame_has_every_step_in_order(demo_con):
    df = flow.funnel(demo_con, Urval())
    assert df.steg_kod.tolist() == list(flow.STEP_KEYS)
    assert df.ordning.tolist() == list(range(len(flow.STEPS)))
    # both outcomes are converted from the exited, the rest from the step before
    prev = dict(zip(df.steg_kod, df.foregaende_kod))
    assert prev["arbete_studier"] == prev["arbetsforberedande"] == "avslutade"
    assert prev["kartlagda"] == "inskrivna" and prev["anmalda"] == ""


def test_conversion_is_the_share_of_the_step_before_with_a_wilson_interval(demo_con):
    counts = flow.step_counts(demo_con, Urval())
    df = flow.funnel(demo_con, Urval()).set_index("steg_kod")
    row = df.loc["kartlagda"]
    assert row.andel == pytest.approx(100 * counts["kartlagda"] / counts["inskrivna"])
    assert row.ki_lag < row.andel < row.ki_hog
    # the share of the exited who went to work or studies is the summary's with namnare=avslutade
    s = measures.summary(demo_con, Urval(namnare="avslutade"))
    assert round(df.loc["arbete_studier"].andel, 1) == s["andel_arbete_studier"]
    assert df.loc["anmalda"].andel_status == Status.SAKNAS and math.isnan(df.loc["anmalda"].andel)
    assert df.loc["anmalda"].kvar_andel == 100.0


def test_small_counts_and_small_denominators_are_hidden_never_zero():
    counts = {"anmalda": 12, "inskrivna": 9, "kartlagda": 9, "i_insats": 8, "avslutade": 7,
              "arbetsforberedande": 3, "arbete_studier": 0, "utan_insats": 1}
    df = flow.disclose_funnel(flow.funnel_frame(counts)).set_index("steg_kod")
    assert df.loc["arbetsforberedande", "antal_visning"] == "<5"
    assert math.isnan(df.loc["arbetsforberedande", "antal"])
    assert df.loc["arbete_studier", "antal_visning"] == "0"  # nobody is shown, as 0
    assert df.loc["inskrivna", "andel_status"] == Status.VISAD  # 9 of 12: denominator 12
    for key in ("kartlagda", "i_insats", "avslutade", "arbetsforberedande", "arbete_studier"):
        assert df.loc[key, "andel_status"] != Status.VISAD, key  # denominators < 10
        assert math.isnan(df.loc[key, "andel"]) and math.isnan(df.loc[key, "ki_lag"])
    cli = flow.disclose_funnel(flow.funnel_frame(counts))
    assert not (cli.andel == 0).any()
    assert flow.without_insats_note(counts).startswith("<5 av 7")


def test_cli_table_has_steps_in_order_and_is_disclosed(demo_con):
    table = flow.cli_table(demo_con, Urval(kommun=("0187",)))
    assert list(table.columns[:2]) == ["steg", "antal"]
    wanted = ["anmäl", "inskr", "kartl", "insats", "avslut", "arbetsförb", "arbete"]
    for fragment, step in zip(wanted, table.steg):
        assert fragment in step.lower(), (fragment, step)
    counts = flow.step_counts(demo_con, Urval(kommun=("0187",)))
    for key, shown in zip(flow.STEP_KEYS, table.antal):
        n = counts[key]
        assert shown == ("<5" if 0 < n < 5 else str(n))
    whole = flow.cli_table(demo_con, Urval())
    assert whole.antal.tolist() == [str(flow.step_counts(demo_con, Urval())[k]) for k in flow.STEP_KEYS]


# ---------------------------------------------------------------- tests between selections


@pytest.mark.parametrize("x, df, p", [(3.841459, 1, 0.05), (5.991465, 2, 0.05), (7.814728, 3, 0.05),
                                      (9.487729, 4, 0.05), (10.827566, 1, 0.001), (0.0, 2, 1.0),
                                      (1.0, 1, 0.3173105)])
def test_chi2_survival_function_matches_tables(x, df, p):
    assert flow.chi2_sf(x, df) == pytest.approx(p, rel=1e-5)


def test_two_selections_give_the_pooled_two_proportion_z_test():
    a, n1, b, n2 = 120, 400, 90, 380
    pooled = (a + b) / (n1 + n2)
    z = (a / n1 - b / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    res = flow.difference_test([a, b], [n1, n2])
    assert res.method == "chi2"
    assert res.p == pytest.approx(math.erfc(abs(z) / math.sqrt(2)), rel=1e-9)
    assert res.result == flow.SIGNIFIKANT if res.p < 0.05 else flow.EJ_SIGNIFIKANT


def test_fisher_exact_for_small_expected_counts():
    # the classic 2×2 table [[1, 9], [11, 3]]: two-sided p = 0.002759
    assert flow.fisher_exact(1, 10, 11, 14) == pytest.approx(0.002759, abs=1e-6)
    res = flow.difference_test([1, 9], [8, 14])  # expected counts 3.6 and 4.4 < 5
    assert res.method == "fisher" and res.p == pytest.approx(flow.fisher_exact(1, 8, 9, 14))
    assert res.result == flow.SIGNIFIKANT
    assert flow.difference_test([1, 2, 11], [10, 12, 14]).result == flow.TESTAS_EJ
    assert flow.difference_test([10, 10], [10, 12]).method == "fisher"
    assert flow.difference_test([0, 0], [50, 60]).result == flow.EJ_SIGNIFIKANT


def test_equal_conversions_are_not_called_different(demo_con):
    a = flow.disclose_funnel(flow.funnel_frame(flow.step_counts(demo_con, Urval(kon=("K",))), "K"))
    same = a.assign(urval="kopia")
    df = flow.compare_funnels([a, same])
    tested = df[df.steg_kod != "anmalda"]
    assert (tested.skillnad == flow.EJ_SIGNIFIKANT).all()
    assert np.allclose(tested.skillnad_p, 1.0)


def test_a_real_difference_is_found_and_named(demo_con):
    counts = {"anmalda": 400, "inskrivna": 380, "kartlagda": 370, "i_insats": 360, "avslutade": 300,
              "arbetsforberedande": 100, "arbete_studier": 90, "utan_insats": 10}
    other = dict(counts, arbete_studier=30)
    df = flow.compare_funnels([flow.disclose_funnel(flow.funnel_frame(counts, "A")),
                               flow.disclose_funnel(flow.funnel_frame(other, "B"))])
    sig = flow.significant_steps(df)
    assert [s["steg_kod"] for s in sig] == ["arbete_studier"]
    assert sig[0]["hogst"] == "A" and sig[0]["lagst"] == "B" and sig[0]["p"] < 0.001
    sentence = flow.difference_sentences(df)[0]
    assert "högst andel i A" in sentence and "p < 0,001" in sentence


def test_hidden_conversions_never_enter_a_test():
    big = {"anmalda": 400, "inskrivna": 380, "kartlagda": 370, "i_insats": 360, "avslutade": 300,
           "arbetsforberedande": 100, "arbete_studier": 90, "utan_insats": 10}
    small = {"anmalda": 9, "inskrivna": 8, "kartlagda": 8, "i_insats": 7, "avslutade": 6,
             "arbetsforberedande": 2, "arbete_studier": 3, "utan_insats": 1}
    df = flow.compare_funnels([flow.disclose_funnel(flow.funnel_frame(big, "stor")),
                               flow.disclose_funnel(flow.funnel_frame(small, "liten"))])
    assert (df.skillnad == flow.TESTAS_EJ).all()
    assert flow.difference_sentences(df) == ["För få personer för att testa skillnader mellan urvalen."]


def test_overlapping_selections_are_not_tested(demo_con):
    whole, first = flow.variants(Urval(), "period", ["Hela projektet 2017–2022", "MIA 2017–2020"])
    assert not flow.independent([whole[1], first[1]])
    y18, y19 = flow.variants(Urval(), "period", ["År 2018", "År 2019"])
    assert flow.independent([y18[1], y19[1]])
    active = [u for _, u in flow.variants(Urval(population="aktiva"), "period", ["År 2018", "År 2019"])]
    assert not flow.independent(active)  # a person active in both years is in both
    sexes = [u for _, u in flow.variants(Urval(), "kon", ["K", "M"])]
    assert flow.independent(sexes)
    funnels = [flow.funnel(demo_con, u, label) for label, u in flow.variants(Urval(), "period",
                                                                            ["Hela projektet 2017–2022", "MIA 2017–2020"])]
    df = flow.compare_funnels(funnels, independent=False)
    assert (df.skillnad == flow.TESTAS_EJ).all()
    assert "testas inte" in flow.difference_sentences(df, independent_selections=False)[0]


def test_variants_replace_the_split_dimension_and_keep_the_rest():
    base = Urval(forbund=("ROS",), kon=("K",))
    got = flow.variants(base, "kommun", ["0160", "0187", "0117", "0115", "0162"])
    assert len(got) == flow.MAX_SELECTIONS
    assert [u.kommun for _, u in got] == [("0160",), ("0187",), ("0117",), ("0115",)]
    assert all(u.forbund == ("ROS",) and u.kon == ("K",) for _, u in got)
    assert got[0][0] == "Täby"
    assert set(flow.split_options(base, "kommun")) == {"0115", "0117", "0160", "0162", "0187", "0188"}
    assert flow.split_options(base, "kon") == ["K"]
    assert flow.variants(base, "kon", []) == [("Urvalet", base)]
    period = flow.variants(base, "period", ["År 2019"])[0][1]
    assert (period.fran, period.till) == (date(2019, 1, 1), date(2019, 12, 31))


# ---------------------------------------------------------------- Sankey

TARGET_CODES = {"arbete_studier": ("arbete", "studier"), "arbetsforberedande": ("arbetsforberedande",),
                "arbetssokande": ("arbetssokande",), "ohalsa": ("ohalsa",), "avbrott": ("avbrott",),
                "annat_okant": ("annat", "okant")}


@pytest.mark.parametrize("kalltyp", list(flow.SANKEY_SOURCES))
@pytest.mark.parametrize("name", ["hela MIA", "Östra Södertörn", "Täby 2017–2020", "Vaxholm", "år 2018"])
def test_sankey_flows_sum_to_the_totals_they_come_from(demo_con, name, kalltyp):
    urval = SELECTIONS[name]
    raw = flow.sankey_counts(demo_con, urval, kalltyp)
    summary = measures.summary(demo_con, urval)
    assert raw.antal.sum() == summary["avslutade"]
    by_target = raw.groupby("mal").antal.sum()
    for target, codes in TARGET_CODES.items():
        assert by_target.get(target, 0) == sum(summary["utfall"][c] for c in codes), target
    column = "forsorjning_fore" if kalltyp == "forsorjning" else "remittent"
    source_totals = raw.groupby("kalla").antal.sum()
    for code, total in source_totals.items():
        one = urval.with_(**{"forsorjning" if kalltyp == "forsorjning" else "remittent": (code,)})
        if code != "saknas":
            assert measures.summary(demo_con, one)["avslutade"] == total, (column, code)

    shown = flow.protect_flows(raw)
    assert shown.shown + shown.left_out == shown.total == summary["avslutade"]
    assert shown.flows.antal.sum() == shown.shown
    drawn = shown.flows.groupby("kalla").antal.sum()
    for code, total in source_totals.items():
        d = int(drawn.get(code, 0))
        assert d == total or code in shown.left_out_sources, code
        assert d <= total
    left = sum(int(source_totals[c] - drawn.get(c, 0)) for c in shown.left_out_sources)
    assert left == shown.left_out


@pytest.mark.parametrize("name", ["Täby 2017–2020", "Vaxholm", "Östra Södertörn", "kvinnor 25–29"])
def test_no_small_flow_is_drawn_or_recoverable(demo_con, name):
    raw = flow.sankey_counts(demo_con, SELECTIONS[name], "forsorjning")
    shown = flow.protect_flows(raw)
    assert (shown.flows.antal >= 5).all()
    cells = raw.set_index(["kalla", "mal"]).antal
    real = shown.flows[shown.flows.mal != flow.OVRIGA]
    for k, m, n in zip(real.kalla, real.mal, real.antal):
        assert cells[(k, m)] == n  # a drawn flow is never altered
    # Per outcome, a published total (≥ 5) minus the drawn flows must not pin a single flow:
    # either nothing is hidden in that column, or at least two flows are. Likewise per
    # source (its total is published through the sidebar's filter). A total below 5 is
    # itself only published as "<5".
    drawn = set(zip(real.kalla, real.mal))
    for level, codes in ((1, flow.SANKEY_TARGETS), (0, cells.index.get_level_values(0).unique())):
        for code in codes:
            part = cells[cells.index.get_level_values(level) == code]
            if part.sum() < 5:
                continue
            hidden = [key for key, n in part.items() if n > 0 and key not in drawn]
            assert len(hidden) != 1, (code, hidden)


def test_protect_flows_merges_then_leaves_out():
    raw = pd.DataFrame({"kalla": ["a"] * 4 + ["b"] * 3 + ["c"] * 2,
                        "mal": ["arbete_studier", "arbetsforberedande", "ohalsa", "avbrott",
                                "arbete_studier", "arbetsforberedande", "ohalsa",
                                "arbete_studier", "arbetsforberedande"],
                        "antal": [40, 30, 3, 4, 25, 20, 2, 1, 1]})
    got = flow.protect_flows(raw)
    assert got.total == 126 and got.shown + got.left_out == 126
    assert (got.flows.antal >= 5).all()
    assert "c" in got.left_out_sources  # 1 + 1 people: too few even merged
    assert set(got.flows.mal) <= set(flow.SANKEY_TARGETS) | {flow.OVRIGA}
    empty = flow.protect_flows(raw.iloc[0:0])
    assert empty.empty and empty.total == 0


# ---------------------------------------------------------------- time in project


def test_time_in_project_matches_a_hand_computation(demo_con):
    urval = SELECTIONS["Östra Södertörn"]
    rows = demo_con.cursor().execute(
        "SELECT * FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon, $f_aldersgrupp, "
        "$f_remittent, $f_forsorjning)", urval.params()).df()
    exited = rows[rows.avslutad_i_tid]
    df = flow.time_in_project(demo_con, urval).set_index("grupp")
    for group in ("arbete_studier", "arbetsforberedande", "ovrigt"):
        days = exited.loc[exited.utfallsgrupp == group, "dagar_i_projekt"].astype(float)
        assert df.loc[group, "n"] == len(days)
        assert df.loc[group, "median"] == pytest.approx(np.quantile(days, 0.5))
        assert df.loc[group, "q1"] == pytest.approx(np.quantile(days, 0.25))
        assert df.loc[group, "q3"] == pytest.approx(np.quantile(days, 0.75))
    summary = measures.summary(demo_con, urval)
    assert df.loc["alla_avslutade", "n"] == summary["avslutade"]
    assert df.loc["alla_avslutade", "aktiva"] == summary["pagaende"]
    assert df.loc["alla_avslutade", "aktiva_andel"] == pytest.approx(100 * summary["pagaende"] / summary["antal"])


def test_time_in_project_hides_small_groups(demo_con):
    df = flow.time_in_project(demo_con, SELECTIONS["Vaxholm"]).set_index("grupp")
    for group, row in df.iterrows():
        if not row.n_status == Status.VISAD or row.n < 10:
            assert row.tid_status != Status.VISAD, group
            assert math.isnan(row["median"]) and math.isnan(row.q1)
    empty = flow.time_in_project(demo_con, Urval(kommun=("0123",)))  # Järfälla: not in MIA
    assert (empty.tid_status == Status.SAKNAS).all()


# ---------------------------------------------------------------- figures


def decode(obj):
    """Plotly JSON with typed arrays ({"dtype", "bdata"}) turned back into lists."""
    import base64

    if isinstance(obj, dict):
        if set(obj) >= {"dtype", "bdata"}:
            values = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=obj["dtype"])
            if "shape" in obj:
                values = values.reshape([int(x) for x in str(obj["shape"]).split(",")])
            return [None if isinstance(v, float) and math.isnan(v) else v for v in values.tolist()]
        return {k: decode(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [decode(v) for v in obj]
    return obj


def figure_json(fig) -> dict:
    """The figure as the browser gets it (JSON), typed arrays decoded."""
    import json

    return decode(json.loads(fig.to_json()))


def _funnel(demo_con, split, values):
    sel = flow.variants(Urval(), split, values)
    funnels = [flow.funnel(demo_con, u, label) for label, u in sel]
    return flow.compare_funnels(funnels, flow.independent([u for _, u in sel]))


def test_funnel_figure_one_selection(demo_con):
    df = flow.compare_funnels([flow.funnel(demo_con, Urval(), "")])
    fig = figure_json(charts.funnel_figure(df, "undertitel", SOURCE))
    bars = [tr for tr in fig["data"] if tr["type"] == "bar"]
    assert len(bars) == 1 and len(bars[0]["y"]) == len(flow.STEPS)
    assert bars[0]["x"][0] == 100.0
    assert "Största tappet" in fig["layout"]["title"]["text"]
    assert "3 624" in bars[0]["text"][1].replace("\u00a0", " ")


def test_funnel_figure_side_by_side_marks_significant_steps(demo_con):
    df = _funnel(demo_con, "forbund", ["OS", "ROS"])
    fig = figure_json(charts.funnel_figure(df, "undertitel", SOURCE))
    bars = [tr for tr in fig["data"] if tr["type"] == "bar"]
    assert [b["xaxis"] for b in bars] == ["x", "x2"]
    assert bars[0]["y"] == bars[1]["y"]  # the steps line up
    starred = [y for y in bars[0]["y"] if y.endswith("*")]
    assert len(starred) == len(flow.significant_steps(df))


def test_funnel_figure_four_selections_grouped_and_nothing_hidden_is_drawn(demo_con):
    df = _funnel(demo_con, "kommun", ["0160", "0187", "0192", "0180"])
    fig = figure_json(charts.funnel_figure(df, "undertitel", SOURCE))
    bars = [tr for tr in fig["data"] if tr["type"] == "bar"]
    assert len(bars) == 4 and fig["layout"]["barmode"] == "group"
    assert [b["name"] for b in bars] == ["Täby", "Vaxholm", "Nynäshamn", "Stockholm"]
    vaxholm = df[df.urval == "Vaxholm"].sort_values("ordning")
    for x, status in zip(bars[1]["x"], vaxholm.kvar_andel_status):
        assert (x is None) == (status != Status.VISAD)
    labels = [tr for tr in fig["data"] if tr["type"] == "scatter"]
    assert any("<5" in t for tr in labels for t in tr["text"])


def test_sankey_figure_adds_up(demo_con):
    flows = flow.sankey(demo_con, SELECTIONS["Östra Södertörn"], "remittent")
    fig = figure_json(charts.sankey_figure(flows, "remittent", "undertitel", SOURCE))
    sankey = fig["data"][0]
    assert sum(sankey["link"]["value"]) == flows.shown
    labels = sankey["node"]["label"]
    for i, label in enumerate(labels):
        into = sum(v for v, t in zip(sankey["link"]["value"], sankey["link"]["target"]) if t == i)
        out = sum(v for v, s in zip(sankey["link"]["value"], sankey["link"]["source"]) if s == i)
        total = int(label.rsplit("·", 1)[1].replace("\u00a0", "").strip())
        assert total == max(into, out), label
    assert min(sankey["link"]["value"]) >= 5


def test_sankey_figure_without_flows(demo_con):
    flows = flow.sankey(demo_con, Urval(kommun=("0123",)))
    fig = charts.sankey_figure(flows, "forsorjning", "undertitel", SOURCE)
    assert not [tr for tr in fig.data if tr.type == "sankey"]


def test_time_figure_draws_only_shown_groups(demo_con):
    times = pd.concat([flow.time_in_project(demo_con, u, label) for label, u in
                       flow.variants(Urval(), "kommun", ["0160", "0187"])], ignore_index=True)
    fig = figure_json(charts.time_figure(times, "undertitel", SOURCE))
    bar = fig["data"][0]
    shown = (times.tid_status == Status.VISAD).tolist()
    for x, s in zip(bar["x"], shown):
        assert (x is not None) == s


# ---------------------------------------------------------------- language


def _t_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)]


def test_every_text_of_the_page_has_english():
    from mia import i18n, periods

    texts = [s for p in ("mia/flow.py", "mia/charts/flode.py", "app_pages/flode.py") for s in _t_literals(ROOT / p)]
    texts += [s.label for s in flow.STEPS] + list(flow.SPLITS.values()) + list(flow.SANKEY_SOURCES.values())
    texts += list(flow.SANKEY_TARGETS.values()) + [flow.OVRIGA_LABEL] + list(flow.TIME_GROUPS.values())
    texts += [v for d in flow.SOURCE_LABELS.values() for v in d.values()]
    texts += [flow.SIGNIFIKANT, flow.EJ_SIGNIFIKANT, flow.TESTAS_EJ] + [label for label, _, _ in periods.presets()]
    missing = sorted({s for s in texts if s not in i18n.EN})
    assert not missing, missing
    # templates keep their placeholders in English
    import string

    for s in texts:
        fields = {f for _, f, _, _ in string.Formatter().parse(s) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(i18n.EN[s]) if f}, s


def test_figures_and_sentences_in_english(demo_con):
    from mia import i18n

    i18n.set_language("en")
    try:
        df = _funnel(demo_con, "kon", ["K", "M"])
        fig = figure_json(charts.funnel_figure(df, flow.subtitle(Urval(), "kon"), SOURCE))
        assert fig["data"][0]["y"][0] == "Referred" and fig["data"][0]["name"] == "Women"
        assert "compared by sex" in fig["layout"]["title"]["text"]
        flows = flow.sankey(demo_con, Urval(), "remittent")
        sankey = figure_json(charts.sankey_figure(flows, "remittent", "x", SOURCE))
        assert sankey["layout"]["title"]["text"].startswith("<b>Largest flow")
        assert "Work or studies" in " ".join(sankey["data"][0]["node"]["label"])
        times = flow.time_in_project(demo_con, Urval())
        time = figure_json(charts.time_figure(times, "x", SOURCE))
        assert time["layout"]["title"]["text"].startswith("<b>Median time in the project")
        single = flow.compare_funnels([flow.funnel(demo_con, Urval())])
        assert flow.funnel_sentence(single).startswith("Of 4")
    finally:
        i18n.set_language("sv")


@pytest.mark.parametrize("flags, urval", [
    ([], Urval()),
    (["--forbund", "OS"], Urval(forbund=("OS",))),
    (["--kommun", "187"], Urval(kommun=("0187",))),
    (["--kon", "K", "--fran", "2018-01-01", "--till", "2018-12-31"],
     Urval(kon=("K",), fran=date(2018, 1, 1), till=date(2018, 12, 31))),
])
def test_cli_table_flode_csv_agrees_with_summary(demo_con, demo_db_file, capsys, flags, urval):
    import io

    from mia import cli

    assert cli.main(["table", "flode", "--db", str(demo_db_file), *flags, "--csv"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert list(table.columns[:2]) == ["steg", "antal"] and len(table) == len(flow.STEPS)
    counts = dict(zip(flow.STEP_KEYS, table.antal))
    s = measures.summary(demo_con, urval)

    def shown(n: int) -> str:
        return "<5" if 0 < n < 5 else str(n)

    assert counts["inskrivna"] == shown(s["antal"])
    assert counts["avslutade"] == shown(s["avslutade"])
    assert counts["arbete_studier"] == shown(s["utfall"]["arbete"] + s["utfall"]["studier"])
    numbers = [int(v) for v in table.antal if v != "<5"]
    steps = [int(v) for v in table.antal[:5] if v != "<5"]
    assert steps == sorted(steps, reverse=True) and numbers
