"""Extra dashboards for browser tests that need more than the shared `app_server`:
an import-enabled one (admin secret, small upload limit, the test-only import pause of
tests/browser/hooks/sitecustomize.py), and throw-away ones for the fault tests.

    admin = admin_server(request, demo_db_file)   # one per test session, started on first use
    hook = ImportHook(admin.hook_dir)              # hold / wait_in_commit / release

All start through harness.start_app, i.e. `make run` as the README says.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.browser import harness

HOOKS = Path(__file__).resolve().parent / "hooks"
# Test-only values: never a real secret. Checked for in page HTML, websocket frames and logs.
ADMIN_SECRET = "testnyckel-7Q2vZ-hemlig"
UPLOAD_LIMIT_MB = 1


@dataclass
class Started:
    server: harness.AppServer
    hook_dir: Path
    env: dict[str, str]

    def stop(self) -> None:
        """Stop the dashboard and remove the hook's temporary folder."""
        self.server.stop()
        shutil.rmtree(self.hook_dir, ignore_errors=True)


def hook_env(hook_dir: Path) -> dict[str, str]:
    """Environment that loads the test-only import pause into the dashboard process."""
    path = os.pathsep.join(p for p in (str(HOOKS), str(harness.ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, "MIA_TEST_HOOK_DIR": str(hook_dir)}


def start(db: Path, name: str, *, admin: bool = True, hook: bool = True, extra_env: dict[str, str] | None = None,
          template: Path | None = None, wait: bool = True) -> Started:
    """A dashboard on its own database copy; its log is test-artifacts/server-NAME.log.
    With wait=False it is only launched: `started.server.wait_ready()` before use."""
    if template is not None:
        shutil.copyfile(template, db)
    hook_dir = Path(tempfile.mkdtemp(prefix=f"mia-hook-{name}-"))
    env: dict[str, str] = {}
    if hook:
        env |= hook_env(hook_dir)
    if admin:
        env["MIA_ADMIN_SECRET"] = ADMIN_SECRET
    env |= extra_env or {}
    server = harness.start_app(db, log=harness.ARTIFACTS / f"server-{name}.log", extra_env=env,
                               timeout_s=harness.SERVER_START_TIMEOUT_S * 2, wait=wait)
    return Started(server, hook_dir, env)


_shared: dict[str, Started] = {}


def launch_admin(request, demo_db_file: Path) -> Started:
    """Launch the session's import-enabled dashboard (shared by test_access, test_load,
    test_upload) without waiting for it: admin secret set, upload limit UPLOAD_LIMIT_MB,
    import pause hook, own copy of the demo database. Tests that import into it compare
    with what they read first, never with fixed numbers."""
    started = _shared.get("admin")
    if started is None or started.server.process.poll() is not None:
        folder = Path(tempfile.mkdtemp(prefix="mia-admin-db-"))
        started = start(folder / "mia.duckdb", "admin", template=demo_db_file, wait=False,
                        extra_env={"MIA_MAX_UPLOAD_MB": str(UPLOAD_LIMIT_MB)})
        _shared["admin"] = started
        request.config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        request.config.add_cleanup(started.stop)  # cleanups run last-in first-out: stop, then remove
    return started


def admin_server(request, demo_db_file: Path) -> Started:
    """The session's import-enabled dashboard, ready (launched on first use)."""
    started = launch_admin(request, demo_db_file)
    started.server.wait_ready()
    return started


class ImportHook:
    """Drive the test-only pause inside a server's import transaction."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def hold(self) -> None:
        (self.folder / "in_commit").unlink(missing_ok=True)
        (self.folder / "committing").unlink(missing_ok=True)
        (self.folder / "hold").write_text("hold")

    def release(self) -> None:
        (self.folder / "hold").unlink(missing_ok=True)

    def wait_in_commit(self, timeout_s: float = 120) -> None:
        deadline = time.monotonic() + timeout_s
        while not (self.folder / "in_commit").exists():
            if time.monotonic() > deadline:
                raise TimeoutError("importen nådde aldrig COMMIT (testkroken)")
            time.sleep(0.05)

    def wait_committing(self, timeout_s: float = 120) -> None:
        deadline = time.monotonic() + timeout_s
        while not (self.folder / "committing").exists():
            if time.monotonic() > deadline:
                raise TimeoutError("importen släpptes aldrig (testkroken)")
            time.sleep(0.05)
