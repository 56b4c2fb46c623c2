"""Load: ten browser sessions use the dashboard at once while an eleventh imports an
extract on the Data page.

The import is held inside its transaction, just before COMMIT, by the test-only hook
(tests/browser/hooks/sitecustomize.py) while every session opens the dashboard, reads
Översikt and turns the Kön filter on (round 1); then the import is released and every
session goes to Om and back to Översikt through the navigation (round 2).

Every time Översikt is drawn the session records the data version (the address's `v`), the
"Deltagare" number and the number in the generated sentence. Consistent means: the number
and the sentence agree within every drawing; every drawing of the same version and filter
shows the same number in every session (old data or new, never a mix); only the versions
before and after the import appear; all sessions see the old version during the held
import and the new one at the end. No session may show an exception, log a console error
or send a request off the machine, and the import must complete.

Figures (sessions, rounds, timings) go to test-artifacts/load.json.
"""
from __future__ import annotations

import asyncio
import json
import re
import statistics
import threading
import time

import pytest

from tests.browser import harness, servers
from tests.browser.harness import ARTIFACTS

SESSIONS = 10
# Ten renderers and ten script runs at once on two cores: one step may take minutes when
# the machine is busy with other work too.
STEP_TIMEOUT_MS = 240_000
ROUNDS = 2
MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebar"]'
_T0 = time.monotonic()


def trace(message: str) -> None:
    """Progress on stderr (shown with -s, and in CI logs when the test hangs)."""
    import sys

    print(f"[last {time.monotonic() - _T0:6.1f} s] {message}", file=sys.stderr, flush=True)


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


# ---------------------------------------------------------------- async helpers


async def idle(page, timeout_ms: int = STEP_TIMEOUT_MS) -> None:
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        remaining = max(1, int((deadline - time.monotonic()) * 1000))
        await page.wait_for_function(harness._IDLE_JS, timeout=remaining, polling=100)
        await page.wait_for_timeout(harness.SETTLE_MS)
        if await page.evaluate(harness._IDLE_JS):
            return
        if time.monotonic() > deadline:
            raise TimeoutError("appen blev inte stilla")


async def navigate(page, slug: str) -> None:
    links = page.locator('[data-testid="stSidebarNav"] a[data-testid="stSidebarNavLink"]')
    link = links.first if not slug else links.and_(page.locator(f'a[href$="/{slug}"]'))
    await link.click()
    from tests.browser.ui import on_page
    await page.wait_for_url(lambda url: on_page(url, slug))
    await idle(page)


async def toggle_kvinnor(page, on: bool) -> None:
    before = page.url
    if on:
        box = page.locator(f'{SIDEBAR} [data-testid="stMultiSelect"]').filter(
            has=page.locator('[data-testid="stWidgetLabel"]', has_text=re.compile(r"^\s*Kön\s*$"))).first
        option = page.get_by_role("listbox").get_by_role("option", name="Kvinnor", exact=True).first
        for attempt in range(4):  # the list may close again if a rerun redraws the sidebar
            if "kon=K" in page.url:
                break  # an earlier click went through after all
            await box.locator('input[role="combobox"]').click()
            try:
                await option.click(timeout=15_000)
                break
            except Exception:  # noqa: BLE001
                await page.keyboard.press("Escape")
                if attempt == 3 and "kon=K" not in page.url:
                    raise
        await page.keyboard.press("Escape")
    else:
        await page.locator(SIDEBAR).get_by_role("button", name="Återställ urval").click()
    # the run writes the selection to the address when it starts; then wait for its end
    await page.wait_for_url(lambda url: url != before and (("kon=K" in url) == on))
    await idle(page)


async def observe(page, label: str) -> dict:
    """What Översikt shows now: version, filter, the number and the sentence's number."""
    from urllib.parse import parse_qsl, urlsplit

    query = dict(parse_qsl(urlsplit(page.url).query))
    metric = await page.locator(f'{MAIN} [data-testid="stMetric"]').first.locator(
        '[data-testid="stMetricValue"]').inner_text()
    summary = await page.locator(f'{MAIN} [data-testid="stMarkdownContainer"] p').filter(
        has_text=re.compile(r"^Under perioden")).first.inner_text()
    found = re.search(r"var ([\d\s\u00a0]+) personer", summary)
    exceptions = await page.locator('[data-testid="stException"]').all_inner_texts()
    return {"label": label, "v": query.get("v"), "kon": query.get("kon", ""),
            "deltagare": re.sub(r"\D", "", metric), "mening": re.sub(r"\D", "", found.group(1)) if found else None,
            "undantag": exceptions, "t": time.monotonic()}


async def session(browser, url: str, number: int, first_round_done: asyncio.Event, go_on: asyncio.Event,
                  counter: list[int]) -> dict:
    context = await browser.new_context(viewport=harness.VIEWPORT, locale="sv-SE", service_workers="block")
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = await context.new_page()
    log = {"console": [], "pageerror": [], "external": []}
    page.on("console", lambda m: log["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["pageerror"].append(str(e)))
    context.on("request", lambda r: log["external"].append(r.url) if harness.is_external(r.url) else None)
    seen, rounds, error = [], [], None
    counted = False
    try:
        trace(f"session {number}: öppnar")
        await page.goto(url, wait_until="domcontentloaded")
        await idle(page)
        # Round 1, while the import is held inside its transaction: Översikt, then a filter.
        started = time.monotonic()
        seen.append(await observe(page, "runda 1: översikt"))
        await toggle_kvinnor(page, True)
        seen.append(await observe(page, "runda 1: kvinnor"))
        rounds.append(round(time.monotonic() - started, 2))
        trace(f"session {number}: runda 1 klar ({rounds[-1]} s)")
        counted = True
        _count(counter, first_round_done)
        await asyncio.wait_for(go_on.wait(), timeout=600)
        # Round 2, after the import: another page and back through the navigation, filter off.
        started = time.monotonic()
        await navigate(page, "om")
        await navigate(page, "")
        seen.append(await observe(page, "runda 2: kvinnor"))
        rounds.append(round(time.monotonic() - started, 2))
        trace(f"session {number}: runda 2 klar ({rounds[-1]} s)")
    except Exception as exc:  # noqa: BLE001 - reported by the test, with a screenshot
        error = f"{type(exc).__name__}: {exc}"
        trace(f"session {number}: FEL {error[:300]}")
        try:
            await page.screenshot(path=str(harness.SCREENSHOTS / f"FAILED-last-session-{number}.png"), full_page=True)
        except Exception:  # noqa: BLE001
            pass
    finally:
        if not counted:
            _count(counter, first_round_done)
        await context.close()
    return {"session": number, "seen": seen, "rounds_s": rounds, "log": log, "error": error}


def _count(counter: list[int], first_round_done: asyncio.Event) -> None:
    counter[0] += 1
    if counter[0] == SESSIONS:
        first_round_done.set()


async def importer(browser, url: str, hook: servers.ImportHook, data_path, in_commit: asyncio.Event,
                   first_round_done: asyncio.Event, go_on: asyncio.Event) -> dict:
    context = await browser.new_context(viewport=harness.VIEWPORT, locale="sv-SE", service_workers="block")
    context.set_default_timeout(harness.IDLE_TIMEOUT_MS)
    page = await context.new_page()
    try:
        await page.goto(url, wait_until="domcontentloaded")
        await idle(page)
        await navigate(page, "data")
        trace("import: Data-sidan öppen")
        await page.locator(MAIN).locator('input[type="password"]').fill(servers.ADMIN_SECRET)
        await page.locator(MAIN).get_by_role("button", name="Lås upp inläsning").click()
        await idle(page)
        trace("import: upplåst")
        await page.locator(f'{MAIN} [data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(data_path))
        await page.locator(MAIN).get_by_text(re.compile(r"Filen .* är godkänd")).first.wait_for()
        await idle(page)
        trace("import: filen godkänd")
        hook.hold()
        started = time.monotonic()
        await page.locator(MAIN).get_by_role("button", name="Bekräfta import").click()
        await asyncio.get_running_loop().run_in_executor(None, hook.wait_in_commit)
        in_commit.set()
        trace("import: i transaktionen, före COMMIT")
        # every session has drawn Översikt during the open transaction (or failed)
        await asyncio.wait_for(first_round_done.wait(), timeout=600)
        held = time.monotonic() - started
        hook.release()
        trace("import: släppt")
        await page.locator(MAIN).get_by_text(re.compile(r"Inläst: SDT \d+ → 30 rader")).wait_for()
        done = time.monotonic() - started
        go_on.set()
        await idle(page)
        return {"held_s": round(held, 2), "import_s": round(done, 2)}
    finally:
        hook.release()
        go_on.set()
        await context.close()


async def scenario(url: str, hook: servers.ImportHook, data_path) -> tuple[dict, list[dict], float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=harness.CHROMIUM, headless=True,
                                           args=harness.CHROMIUM_ARGS)
        try:
            in_commit, first_done, go_on = asyncio.Event(), asyncio.Event(), asyncio.Event()
            counter = [0]
            imp = asyncio.create_task(importer(browser, url, hook, data_path, in_commit, first_done, go_on))
            waiting = asyncio.create_task(in_commit.wait())
            await asyncio.wait({imp, waiting}, timeout=300, return_when=asyncio.FIRST_COMPLETED)
            if imp.done():  # the import failed before it reached its transaction
                waiting.cancel()
                await imp
            assert in_commit.is_set(), "importen nådde inte transaktionen inom 5 minuter"
            started = time.monotonic()
            results = await asyncio.gather(*[session(browser, url, i + 1, first_done, go_on, counter)
                                             for i in range(SESSIONS)], return_exceptions=True)
            wall = time.monotonic() - started
            imported = await imp
            return imported, results, wall
        finally:
            await browser.close()


def test_ten_sessions_during_an_import_stay_consistent(request, demo_db_file, tmp_path):
    admin = servers.admin_server(request, demo_db_file)
    hook = servers.ImportHook(admin.hook_dir)
    data_path = tmp_path / "sodertalje.csv"
    data_path.write_bytes(södertälje_extract())

    box: dict = {}

    def run() -> None:  # its own thread: the session's sync Playwright owns this one's event loop
        try:
            box["result"] = asyncio.run(scenario(admin.server.url, hook, data_path))
        except BaseException as exc:  # noqa: BLE001 - re-raised below in the test's thread
            box["error"] = exc

    worker = threading.Thread(target=run, name="load-test")
    worker.start()
    worker.join(timeout=900)
    hook.release()
    assert not worker.is_alive(), "lasttestet blev inte klart inom 15 minuter"
    if "error" in box:
        raise box["error"]
    imported, results, wall = box["result"]

    failures = [r for r in results if isinstance(r, BaseException) or r.get("error")]
    assert not failures, f"{len(failures)} sessioner föll: " + "\n".join(
        repr(f) if isinstance(f, BaseException) else f"session {f['session']}: {f['error']}" for f in failures)
    problems = []
    for r in results:
        if r["log"]["console"] or r["log"]["pageerror"] or r["log"]["external"]:
            problems.append(f"session {r['session']}: {r['log']}")
        for s in r["seen"]:
            if s["undantag"]:
                problems.append(f"session {r['session']} {s['label']}: undantag {s['undantag']}")
            if s["mening"] != s["deltagare"]:
                problems.append(f"session {r['session']} {s['label']}: talet {s['deltagare']} men meningen "
                                f"säger {s['mening']} (blandad data?)")
    assert not problems, "\n".join(problems)

    seen = [s | {"session": r["session"]} for r in results for s in r["seen"]]
    versions = {s["v"] for s in seen}
    first = {s["v"] for s in seen if s["label"].startswith("runda 1")}
    last = {s["v"] for s in seen if s["label"].startswith(f"runda {ROUNDS}")}
    assert len(first) == 1, f"under den pågående importen sågs {first}"
    assert len(last) == 1 and last != first, f"efter importen sågs {last} (före: {first})"
    assert versions == first | last, f"okända versioner: {versions - first - last}"
    by_key: dict[tuple, set] = {}
    for s in seen:
        by_key.setdefault((s["v"], s["kon"]), set()).add(s["deltagare"])
    mixed = {k: v for k, v in by_key.items() if len(v) != 1}
    assert not mixed, f"samma version och filter gav olika tal: {mixed}"
    old, new = next(iter(first)), next(iter(last))
    assert by_key[(old, "K")] != by_key[(new, "K")], "importen ändrade inte Översikts tal"

    rounds = [t for r in results for t in r["rounds_s"]]
    figures = {
        "sessioner_samtidigt": len(results), "rundor_per_session": ROUNDS,
        "oversikt_ritad_per_session": len(results[0]["seen"]),
        "import_hallen_i_transaktionen_s": imported["held_s"], "import_klar_efter_s": imported["import_s"],
        "runda_median_s": round(statistics.median(rounds), 2), "runda_max_s": max(rounds),
        "total_vaggklocka_s": round(wall, 2), "versioner": [old, new],
        "deltagare_fore": sorted(by_key[(old, '')])[0], "kvinnor_fore_efter": [sorted(by_key[(old, 'K')])[0],
                                                                     sorted(by_key[(new, 'K')])[0]],
        "konsolfel": 0, "externa_anrop": 0,
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(json.dumps(figures, ensure_ascii=False))
