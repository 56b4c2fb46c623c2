"""Browser-test harness: the running dashboard, Debian's Chromium and reliable waits.

The fixtures in conftest.py build on this module; page tests import the helpers:

    from tests.browser.harness import goto_page, wait_plotly, screenshot

    @pytest.mark.browser
    def test_oversikt(page, app_url):
        goto_page(page, app_url, "oversikt")      # loads, waits until the script is idle
        wait_plotly(page, min_charts=2)           # the charts are really drawn
        screenshot(page, "oversikt")              # test-artifacts/screenshots/oversikt.png

The `page` fixture fails the test at teardown on console errors, page errors, requests
that leave localhost and Streamlit exception boxes, so a test need not check those.

Waits follow TOOLCHAIN.md: never `networkidle` (Streamlit keeps a websocket open).
Timeouts are sized for a busy 2-core machine: a first Plotly chart takes about 4 s, the
first script run also builds the demo database.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
SERVER_LOG = ARTIFACTS / "server.log"

CHROMIUM = os.environ.get("MIA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Small /dev/shm (containers) would otherwise crash the renderer; harmless elsewhere.
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1400, "height": 900}

SERVER_START_TIMEOUT_S = 60.0
ACTION_TIMEOUT_MS = 30_000  # Playwright's default for clicks, fills, expect(...)
IDLE_TIMEOUT_MS = 90_000  # a first script run builds the demo database and imports a lot
CHART_TIMEOUT_MS = 60_000
SETTLE_MS = 150  # the script state must hold this long (st.rerun, page switches)

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "chrome-extension", "devtools"}


# --------------------------------------------------------------------------- the server


@dataclass
class AppServer:
    """A dashboard started by `start_app`; `url` ends with a slash."""

    url: str
    port: int
    db: Path
    log: Path
    process: subprocess.Popen
    _log_file: object = field(default=None, repr=False)
    _timeout_s: float = field(default=SERVER_START_TIMEOUT_S, repr=False)
    _ready: bool = field(default=False, repr=False)

    def wait_ready(self) -> "AppServer":
        """Wait until `GET /_stcore/health` answers "ok" (stops the server if it never does)."""
        if not self._ready:
            try:
                wait_health(self, self._timeout_s)
            except BaseException:
                self.stop()
                raise
            self._ready = True
        return self

    def stop(self) -> None:
        """Stop the whole process group (make and streamlit), politely first."""
        if self.process.poll() is None:
            for sig, wait_s in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=wait_s)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return "(ingen serverlogg)"
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _install_is_stale() -> bool:
    """True when `make run` will first (re)install requirements into .venv."""
    stamp = ROOT / ".venv" / ".installed"
    req = ROOT / "requirements.txt"
    return not stamp.exists() or (req.exists() and stamp.stat().st_mtime < req.stat().st_mtime)


def app_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """The README's start command, `make run` (it reads MIA_ADDRESS and MIA_PORT from the
    environment); the same streamlit call directly when make is missing."""
    if shutil.which("make"):
        return ["make", "--no-print-directory", "run"]
    python = ROOT / ".venv" / "bin" / "python"
    return [str(python if python.exists() else sys.executable), "-m", "streamlit", "run", "dashboard.py",
            "--server.address", address, "--server.port", str(port)]


def start_app(db: Path, log: Path = SERVER_LOG, port: int | None = None,
              timeout_s: float = SERVER_START_TIMEOUT_S, extra_env: dict[str, str] | None = None,
              wait: bool = True) -> AppServer:
    """Start the dashboard as `make run` does, on 127.0.0.1:`port` with MIA_DB=`db`.

    Returns once `GET /_stcore/health` answers "ok" (with wait=False at once: call
    `server.wait_ready()` before use, so that several servers start side by side);
    stdout and stderr go to `log`.
    """
    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env.update({
        "MIA_DB": str(db),
        "MIA_ADDRESS": "127.0.0.1",
        "MIA_PORT": str(port),
        "PYTHONUNBUFFERED": "1",
        # Others edit the tree while tests run: no file watcher, no reruns on save.
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
        "STREAMLIT_SERVER_RUN_ON_SAVE": "false",
        "STREAMLIT_SERVER_HEADLESS": "true",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    })
    env.update(extra_env or {})
    log.parent.mkdir(parents=True, exist_ok=True)
    log_file = open(log, "w", encoding="utf-8")
    cmd = app_command(port)
    log_file.write(f"$ {' '.join(cmd)}   (MIA_DB={db}, port {port})\n")
    log_file.flush()
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log_file,
                               stderr=subprocess.STDOUT, start_new_session=True)
    server = AppServer(url=f"http://127.0.0.1:{port}/", port=port, db=db, log=log, process=process,
                       _log_file=log_file, _timeout_s=timeout_s + (600 if _install_is_stale() else 0))
    if wait:
        server.wait_ready()
    return server


def wait_health(server: AppServer, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    health = server.url + "_stcore/health"
    last_error = ""
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"Dashboarden avslutades (kod {server.process.returncode}) innan den svarade.\n"
                f"Sista raderna i {server.log}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(health, timeout=2) as resp:
                body = resp.read().decode(errors="replace").strip()
                if resp.status == 200 and body == "ok":
                    return
                last_error = f"{resp.status} {body!r}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.25)
    raise TimeoutError(
        f"{health} svarade inte 'ok' inom {timeout_s:.0f} s (senast: {last_error}).\n"
        f"Sista raderna i {server.log}:\n{server.log_tail()}")


# --------------------------------------------------------------------------- the browser


# Streamlit's front end, opened on a page's own address (e.g. /jamfor?...), first probes
# /jamfor/_stcore/health and /jamfor/_stcore/host-config in case the app is served under a
# path prefix; the server answers 404 and the front end falls back to /_stcore/...
# (streamlit/streamlit#7074). Those two 404s, for a page path directly under the app's root,
# are the only console errors tolerated, and only by this exact address pattern; they are
# counted apart (TALLY["deep_link_probe_404"]).
DEEP_LINK_PROBE = re.compile(r"^http://127\.0\.0\.1:\d+/[a-z_]+/_stcore/(health|host-config)$")
_404 = "Failed to load resource: the server responded with a status of 404"

# Everything every recorded page saw in this test session (conftest writes it to
# test-artifacts/browser-summary.json and prints it at the end).
TALLY: dict = {"pages_opened": 0, "console_errors": [], "page_errors": [], "external_requests": [],
               "deep_link_probe_404": 0, "exception_boxes": [], "ignored_after_kill": 0}


@dataclass
class BrowserLog:
    """What a page did that a test must not allow: filled by `attach_recorder`."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    allowed_console: list[re.Pattern] = field(default_factory=list)
    # Set by a test that takes the server away on purpose (the fault tests): from then on the
    # page's connection errors are expected, and only counted (TALLY["ignored_after_kill"]).
    ignoring: bool = False

    def allow_console(self, pattern: str) -> None:
        """Tolerate console errors matching `pattern` (a regex) in this test only."""
        self.allowed_console.append(re.compile(pattern))

    def problems(self) -> list[str]:
        console = [m for m in self.console_errors if not any(p.search(m) for p in self.allowed_console)]
        return ([f"konsolfel: {m}" for m in console]
                + [f"sidfel (pageerror): {m}" for m in self.page_errors]
                + [f"anrop utanför localhost: {u}" for u in self.external_requests])


def is_external(url: str) -> bool:
    """True for a URL that would leave this machine (anything but localhost, data:, blob:)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return (parts.hostname or "") not in LOCAL_HOSTS


def attach_recorder(page: Page, log: BrowserLog) -> None:
    """Record console errors, uncaught page errors and requests (and websockets) leaving
    localhost, for this page only (contexts are shared between tests)."""
    TALLY["pages_opened"] += 1

    def on_console(msg) -> None:
        if msg.type != "error":
            return
        loc = msg.location or {}
        if log.ignoring:
            TALLY["ignored_after_kill"] += 1
            return
        if msg.text.startswith(_404) and DEEP_LINK_PROBE.match(loc.get("url") or ""):
            TALLY["deep_link_probe_404"] += 1
            return
        where = f" ({loc.get('url')}:{loc.get('lineNumber')})" if loc.get("url") else ""
        log.console_errors.append(msg.text + where)
        TALLY["console_errors"].append(msg.text + where)

    def on_page_error(exc) -> None:
        if log.ignoring:
            TALLY["ignored_after_kill"] += 1
            return
        log.page_errors.append(str(exc))
        TALLY["page_errors"].append(str(exc))

    def on_request(request) -> None:
        if is_external(request.url):
            log.external_requests.append(f"{request.method} {request.url}")
            TALLY["external_requests"].append(request.url)

    def on_websocket(ws) -> None:
        if is_external(ws.url):
            log.external_requests.append(f"WEBSOCKET {ws.url}")
            TALLY["external_requests"].append(ws.url)

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("request", on_request)
    page.on("websocket", on_websocket)


# --------------------------------------------------------------------------- waits

_IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  const state = app.getAttribute('data-test-script-state');
  if (state !== 'notRunning' && state !== 'compilationError') return false;
  return !document.querySelector('[data-testid="stStatusWidget"]');
}"""


def wait_idle(page: Page, timeout_ms: int = IDLE_TIMEOUT_MS, settle_ms: int = SETTLE_MS) -> None:
    """Wait until the app is connected and its script has finished running, and stays so.

    Uses `stApp`'s data-test-script-state (it is "initial" before the first run, so a
    freshly loaded page is not mistaken for idle) and the absence of stStatusWidget, then
    requires the state to hold for `settle_ms` (st.rerun, widget defaults, page switches).
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        remaining = max(1, int((deadline - time.monotonic()) * 1000))
        page.wait_for_function(_IDLE_JS, timeout=remaining, polling=100)
        page.wait_for_timeout(settle_ms)
        if page.evaluate(_IDLE_JS):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"Appen blev inte stilla inom {timeout_ms} ms")


_PLOTLY_JS = """(n) => {
  const charts = [...document.querySelectorAll('.js-plotly-plot')]
    .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
  if (charts.length < n) return false;
  // Sankey diagrams draw no g.trace: their links and nodes are .sankey-link / .sankey-node
  return charts.every(c => c._fullLayout && c.querySelector(
    'g.trace path, g.trace image, .pielayer path, .indicatorlayer g.trace, .choroplethlayer path,'
    + ' .sankey-link, .sankey-node'));
}"""

_TWO_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


def wait_plotly(page: Page, min_charts: int = 1, timeout_ms: int = CHART_TIMEOUT_MS) -> int:
    """Wait until at least `min_charts` Plotly charts are visible and all have drawn traces
    (Sankey diagrams too: they draw links and nodes instead of `g.trace`).

    Returns the number of visible charts. The Plotly bundle is loaded lazily: the first
    chart of a session takes about 4 s on this machine.
    """
    page.wait_for_function(_PLOTLY_JS, arg=min_charts, timeout=timeout_ms, polling=100)
    page.evaluate(_TWO_FRAMES_JS)
    return page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')]"
                         ".filter(el => el.getBoundingClientRect().width > 0).length")


_DECK_JS = """(n) => {
  const canvases = [...document.querySelectorAll('canvas#deckgl-overlay')];
  if (canvases.length < n) return false;
  return canvases.every(c => {
    const r = c.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && c.width > 0 && c.height > 0;
  });
}"""


def wait_deck(page: Page, min_maps: int = 1, timeout_ms: int = CHART_TIMEOUT_MS) -> None:
    """Wait until `min_maps` deck.gl canvases have a size, then two animation frames."""
    page.wait_for_function(_DECK_JS, arg=min_maps, timeout=timeout_ms, polling=100)
    page.evaluate(_TWO_FRAMES_JS)
    page.evaluate(_TWO_FRAMES_JS)


# --------------------------------------------------------------------------- checks & navigation


def exception_texts(page: Page) -> list[str]:
    """The text of every Streamlit exception box on the page."""
    return [t.strip() for t in page.locator('[data-testid="stException"]').all_inner_texts()]


def assert_no_exception(page: Page) -> None:
    """Fail if the page shows a Streamlit exception box (the boxes' text is in the message)."""
    texts = exception_texts(page)
    assert not texts, "Sidan visar undantag:\n" + "\n---\n".join(texts)


def page_url(base_url: str, url_path: str = "") -> str:
    return base_url.rstrip("/") + "/" + url_path.lstrip("/")


def goto_page(page: Page, base_url: str, url_path: str = "", timeout_ms: int = IDLE_TIMEOUT_MS) -> None:
    """Open the page at `url_path` (st.Page's url_path, may carry a query; "" for the default
    page) and wait until its script has run to the end. Checks for exception boxes too.
    A page's own address costs two known 404s in the console (see DEEP_LINK_PROBE)."""
    page.goto(page_url(base_url, url_path), wait_until="domcontentloaded", timeout=timeout_ms)
    wait_idle(page, timeout_ms=timeout_ms)
    assert_no_exception(page)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG to test-artifacts/screenshots/NAME.png and return its path.

    Streamlit scrolls inside its main container, not the document, so the viewport is
    stretched to the content's height for the shot and restored afterwards.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "screenshot"
    path = SCREENSHOTS / f"{safe}.png"
    original = page.viewport_size
    height = page.evaluate("""() => Math.max(
      document.documentElement.scrollHeight,
      ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"],'
                                      + ' section.main, [data-testid="stSidebarContent"]')]
         .map(el => el.scrollHeight))""")
    try:
        if original and height > original["height"]:
            page.set_viewport_size({"width": original["width"], "height": min(int(height) + 40, 12000)})
            page.evaluate(_TWO_FRAMES_JS)
        page.screenshot(path=str(path), full_page=True)
    finally:
        if original and page.viewport_size != original:
            page.set_viewport_size(original)
    return path


# --------------------------------------------------------------------------- figures for the report

# Figures the suite measures (time to first chart per page, the load test's numbers, ...):
# conftest writes them to test-artifacts/browser-figures.json and prints them at the end.
FIGURES: dict = {}


def record(section: str, key: str, value) -> None:
    FIGURES.setdefault(section, {})[key] = value


class Stopwatch:
    """`with Stopwatch() as sw: ...`; sw.s is the elapsed time in seconds (rounded)."""

    def __enter__(self) -> "Stopwatch":
        self._t0 = time.monotonic()
        self.s = 0.0
        return self

    def lap(self) -> float:
        return round(time.monotonic() - self._t0, 2)

    def __exit__(self, *exc) -> None:
        self.s = self.lap()
