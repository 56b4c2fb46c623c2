"""TEST-ONLY hook: pause a dashboard's import just before COMMIT, on request of a test.

Loaded only when a browser test starts the dashboard with this folder on PYTHONPATH and
MIA_TEST_HOOK_DIR set (tests/browser/servers.py does both); nothing in the app or in
`make run` refers to it, so a production start never runs it.

It sets `mia.store._before_commit` (the seam store.py keeps for tests) to a function that,
inside the import transaction, after the new rows are written:
  1. writes MIA_TEST_HOOK_DIR/in_commit (the test waits for it), then
  2. waits while MIA_TEST_HOOK_DIR/hold exists (at most 300 s), then returns, so the
     import commits.
Without a `hold` file the import is not delayed. A test that wants the server killed
mid-import creates `hold`, waits for `in_commit` and sends SIGKILL.
"""
import os
import time
from pathlib import Path

_DIR = os.environ.get("MIA_TEST_HOOK_DIR")

if _DIR:
    def _pause_before_commit() -> None:
        folder = Path(_DIR)
        (folder / "in_commit").write_text(str(time.time()))
        deadline = time.monotonic() + 300
        while (folder / "hold").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        (folder / "in_commit").unlink(missing_ok=True)
        (folder / "committing").write_text(str(time.time()))

    try:
        import mia.store as _store

        _store._before_commit = _pause_before_commit
    except Exception as exc:  # noqa: BLE001 - a test hook must never stop the app from starting
        print(f"[test hook] not installed: {exc!r}", flush=True)
    else:
        print("[test hook] import pause installed (MIA_TEST_HOOK_DIR)", flush=True)
