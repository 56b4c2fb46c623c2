"""Load: ten browser sessions use the dashboard at once while an eleventh imports an extract
on the Data page.

Ten tabs, each its own Streamlit session (own websocket, own session state), load and
act side by side: every step is started in all ten before the test waits for any of them.
The import (a Södertälje extract, confirmed on the Data page of the eleventh tab) is held
inside its transaction, just before COMMIT, by the test-only hook
(tests/browser/hooks/sitecustomize.py):

  round 1  import held:      all ten open Översikt (all must show the old data)
  round 2  import let go:    all ten turn the Kön filter on, five before the import is let go
                             and five after it has begun its COMMIT: each run shows the old
                             data or the new, whichever snapshot it started with
  then the import completes (the eleventh tab reports it), and one session resets its
  selection: it must show the new data.

Every time Översikt is drawn the session records the data version (the address's `v`), the
"Deltagare" number and the number in the generated sentence. Consistent means: the number
and the sentence agree within every drawing; the same version and filter show the same
number in every session (old data or new, never a mix); only the versions before and after
the import appear, all ten show the old one in round 1, the session reset afterwards the new. No
session may show an exception, log a console error or send a request off the machine, and
the import must complete. Figures go to test-artifacts/browser-figures.json ("last").
"""
from __future__ import annotations

import re

from tests.browser import harness, servers, ui
from tests.browser.harness import Stopwatch, goto_page, record, wait_idle

SESSIONS = 10
STEP_TIMEOUT_MS = 240_000  # ten renderers and ten script runs at once on two cores


def södertälje_extract(rows: int = 30) -> bytes:
    """A valid Windows-1252 `;` extract for Södertälje (SDT) with `rows` participants."""
    header = ["Deltagar-ID", "Förbund", "Kommun", "Kön", "Födelseår", "Anmälningsdatum", "Inskrivningsdatum",
              "Avslutsdatum", "Utfall"]
    outcomes = ["Arbete", "Studier", "Arbetsförberedande insats", "Avbrott", "Annat", ""]
    lines = [";".join(header)]
    for i in range(rows):
        year, month, day = 2018 + i % 3, 1 + (i * 5) % 12, 1 + (i * 7) % 27
        outcome = outcomes[i % len(outcomes)]
        lines.append(";".join([f"SDT-{i + 1:03d}", "Södertälje", "Södertälje", "Kvinna" if i % 2 else "Man",
                               str(1965 + i % 35), f"{year}-{month:02d}-{day:02d}",
                               f"{year}-{month:02d}-{min(day + 2, 28):02d}",
                               f"{year + 1}-{month:02d}-{day:02d}" if outcome else "", outcome]))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def observe(page, label: str) -> dict:
    """What Översikt shows now: version, filter, the number and the sentence's number."""
    query = ui.query(page.url)
    metric = page.locator(f'{ui.MAIN} [data-testid="stMetric"]').first.locator(
        '[data-testid="stMetricValue"]').inner_text()
    summary = page.locator(f'{ui.MAIN} [data-testid="stMarkdownContainer"] p').filter(
        has_text=re.compile(r"^Under perioden")).first.inner_text()
    found = re.search(r"var ([\d\s\u00a0]+) (personer|kvinnor) ", summary)
    return {"label": label, "v": query.get("v"), "kon": query.get("kon", ""),
            "deltagare": re.sub(r"\D", "", metric), "mening": re.sub(r"\D", "", found.group(1)) if found else None,
            "undantag": harness.exception_texts(page)}


def test_ten_sessions_during_an_import_stay_consistent(context, admin, tmp_path):
    hook = servers.ImportHook(admin.hook_dir)
    data_path = tmp_path / "sodertalje.csv"
    data_path.write_bytes(södertälje_extract())
    logs = [harness.BrowserLog() for _ in range(SESSIONS + 1)]
    importer = context.new_page()
    harness.attach_recorder(importer, logs[-1])
    tabs = []
    seen: list[dict] = []
    try:
        goto_page(importer, admin.server.url, "data")
        ui.unlock(importer)
        ui.upload(importer, data_path)
        hook.hold()
        with Stopwatch() as total:
            importer.locator(ui.MAIN).get_by_role("button", name="Bekräfta import").click()
            hook.wait_in_commit()  # the new rows are written, COMMIT not yet run

            # Round 1, the import held in its transaction: ten sessions open Översikt at once.
            with Stopwatch() as r1:
                for log in logs[:SESSIONS]:
                    tab = context.new_page()
                    tab.set_default_timeout(STEP_TIMEOUT_MS)
                    harness.attach_recorder(tab, log)
                    tab.goto(admin.server.url, wait_until="commit")
                    tabs.append(tab)
                for i, tab in enumerate(tabs):
                    wait_idle(tab, timeout_ms=STEP_TIMEOUT_MS)
                    seen.append(observe(tab, "runda 1") | {"session": i + 1})
            assert (hook.folder / "in_commit").exists(), "importen lämnade transaktionen för tidigt"

            # Round 2: the Kön filter in all ten; the import is let go half way.
            with Stopwatch() as r2:
                urls = [tab.url for tab in tabs]
                for i, tab in enumerate(tabs):
                    if i == SESSIONS // 2:
                        hook.release()
                        hook.wait_committing()
                    ui.type_choice(tab, "Kön", "Kvinnor", timeout_ms=STEP_TIMEOUT_MS)
                for i, (tab, url) in enumerate(zip(tabs, urls)):
                    ui.settle_after_change(tab, url)
                    seen.append(observe(tab, "runda 2") | {"session": i + 1})
            importer.locator(ui.MAIN).get_by_text(re.compile(r"Inläst: SDT \d+ → 30 rader")).wait_for(
                timeout=STEP_TIMEOUT_MS)
            import_s = total.lap()

            # The import done: a session that resets its selection gets the new data.
            with Stopwatch() as r3:
                url = tabs[0].url
                tabs[0].locator(ui.SIDEBAR).get_by_role("button", name="Återställ urval").click()
                ui.settle_after_change(tabs[0], url)
                seen.append(observe(tabs[0], "efter importen") | {"session": 1})
        wait_idle(importer)
    finally:
        hook.release()
        for tab in tabs:
            tab.close()
        importer.close()

    for key, value in {"sessioner_samtidigt": SESSIONS, "flikar_med_importen": SESSIONS + 1,
                       "runda1_tio_oppnar_oversikt_s": r1.s, "runda2_filter_och_commit_s": r2.s,
                       "en_session_efter_importen_s": r3.s, "import_klar_efter_s": import_s, "totalt_s": total.s}.items():
        record("last", key, value)
    problems = [f"session {i + 1}: {p}" for i, log in enumerate(logs[:SESSIONS]) for p in log.problems()]
    problems += [f"importen: {p}" for p in logs[-1].problems()]
    for s in seen:
        if s["undantag"]:
            problems.append(f"session {s['session']} {s['label']}: undantag {s['undantag']}")
        if s["mening"] != s["deltagare"]:
            problems.append(f"session {s['session']} {s['label']}: talet {s['deltagare']} men meningen "
                            f"säger {s['mening']} (blandad data?)")
    assert not problems, "\n".join(problems)

    first = {s["v"] for s in seen if s["label"] == "runda 1"}
    last = {s["v"] for s in seen if s["label"] == "efter importen"}
    assert len([s for s in seen if s["label"] == "runda 2"]) == SESSIONS
    assert len(first) == 1, f"under den pågående importen sågs {first}"
    assert len(last) == 1 and last != first, f"efter importen sågs {last} (före: {first})"
    versions = {s["v"] for s in seen}
    assert versions == first | last, f"okända versioner: {versions - first - last}"
    by_key: dict[tuple, set] = {}
    for s in seen:
        by_key.setdefault((s["v"], s["kon"]), set()).add(s["deltagare"])
    mixed = {k: v for k, v in by_key.items() if len(v) != 1}
    assert not mixed, f"samma version och filter gav olika tal: {mixed}"
    old, new = next(iter(first)), next(iter(last))
    assert by_key[(old, "")] != by_key[(new, "")], "importen ändrade inte Översikts tal"

    round2 = [s["v"] for s in seen if s["label"] == "runda 2"]
    record("last", "runda2_gammal_ny", [round2.count(old), round2.count(new)])
    record("last", "versioner", [old, new])
    record("last", "deltagare_fore_efter", [sorted(by_key[(old, '')])[0], sorted(by_key[(new, '')])[0]])
    record("last", "konsolfel_sidfel_externa_anrop_undantag", 0)
