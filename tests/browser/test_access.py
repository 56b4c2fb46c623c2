"""Access: where the server listens, that the admin secret never reaches a page, a browser
or a log, and that the upload size limit holds (servers.UPLOAD_LIMIT_MB on the session's
import-enabled dashboard)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import harness, servers, ui
from tests.browser.harness import goto_page, screenshot
from tests.browser.ui import IMPORT_FIXTURE as FIXTURE, MAIN, alerts, unlock


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket in LISTEN state on `port` (from /proc/net/tcp{,6})."""
    found = set()
    for name, width in (("tcp", 8), ("tcp6", 32)):
        try:
            lines = Path(f"/proc/net/{name}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:
                continue
            if width == 8:
                found.add(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
            else:
                words = [address[i:i + 8] for i in range(0, 32, 8)]
                raw = b"".join(bytes.fromhex(w)[::-1] for w in words)
                import ipaddress
                found.add(str(ipaddress.IPv6Address(raw)))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc/net/tcp")
def test_servers_listen_only_where_configured(app_server, admin):
    for server in (app_server, admin.server):
        assert listening_addresses(server.port) == {"127.0.0.1"}, (
            f"port {server.port} lyssnar på {listening_addresses(server.port)}, inte bara 127.0.0.1")


def test_the_secret_never_reaches_the_browser_or_the_log_and_the_size_limit_holds(page, admin, tmp_path):
    received: list[str] = []

    def on_websocket(ws):
        ws.on("framereceived", lambda payload: received.append(
            payload.decode("latin-1") if isinstance(payload, bytes) else payload))

    page.on("websocket", on_websocket)
    goto_page(page, admin.server.url, "data")
    unlock(page)
    assert page.locator(f'{MAIN} [data-testid="stFileUploader"]').count() == 1, "upplåsningen fungerade inte"
    # the typed secret does not stay in the field, nor anywhere in the page
    assert page.locator(f'{MAIN} input[type="password"]').count() == 0
    secret = servers.ADMIN_SECRET
    assert received, "inga websocket-ramar lästes"
    assert secret not in page.content()
    assert all(secret not in frame for frame in received), "hemligheten skickades till webbläsaren"
    for log in harness.ARTIFACTS.glob("server*.log"):
        assert secret not in log.read_text(errors="replace"), f"hemligheten står i {log.name}"

    # A file over the limit (but within the upload widget's room above it) is refused in
    # Swedish before it is read; nothing can be confirmed, the data version stays.
    limit = servers.UPLOAD_LIMIT_MB * 1024 * 1024
    big = tmp_path / "stort_utdrag.csv"
    head = FIXTURE.read_bytes()
    body = head.split(b"\r\n", 1)[1]
    with big.open("wb") as fh:
        fh.write(head)
        while fh.tell() <= limit * 1.4:
            fh.write(body)
    version = ui.query(page.url)["v"]
    ui.upload(page, big)
    shown = page.locator(f'{MAIN} [data-testid="stFileUploader"]').inner_text() + "\n" + alerts(page)
    assert re.search(rf"stort_utdrag\.csv är för stor .*gränsen är {servers.UPLOAD_LIMIT_MB} MB", shown), (
        f"inget svenskt besked om storleken:\n{shown}")
    assert "must be" not in shown and "or smaller" not in shown, f"Streamlits engelska besked visas:\n{shown}"
    assert page.locator(MAIN).get_by_role("button", name="Bekräfta import").count() == 0
    assert ui.query(page.url)["v"] == version
    screenshot(page, "uppladdning-for-stor")

    # a secret that is right once does not unlock another visitor (a new session)
    fresh = page.context.new_page()
    try:
        goto_page(fresh, admin.server.url, "data")
        fresh.locator(f'{MAIN} input[type="password"]').wait_for()
        assert fresh.locator(f'{MAIN} [data-testid="stFileUploader"]').count() == 0
    finally:
        fresh.close()
