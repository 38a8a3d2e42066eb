"""Fixtures for the Python binding tests.

The generated module `attend_ffi` (and `libattend_ffi.so` beside it) is found through
ATTEND_FFI_PYTHON_DIR; the server is the `attend-ffi-testserver` binary named by
ATTEND_FFI_TESTSERVER. `bindings/tests/run.sh` builds both and sets the two variables.
"""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading

import pytest

sys.path.insert(0, os.environ.get("ATTEND_FFI_PYTHON_DIR", os.path.join(
    os.path.dirname(__file__), "..", "..", "generated", "python")))

import attend_ffi  # noqa: E402  (the path above must be set first)


@pytest.fixture(scope="module")
def demo():
    """A real server on loopback with a demo member and poster photos; stopped by
    closing its stdin."""
    binary = os.environ.get("ATTEND_FFI_TESTSERVER", os.path.join(
        os.path.dirname(__file__), "..", "..", "..", "target", "debug", "attend-ffi-testserver"))
    proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        if not line:
            pytest.fail(f"attend-ffi-testserver exited with {proc.wait()} before printing")
        yield json.loads(line)
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


class MemoryTokens(attend_ffi.TokenStore):
    """The platform's secure store (Keychain, Keystore), in memory."""

    def __init__(self):
        self.token = None
        self.failing = False

    def _check(self):
        if self.failing:
            raise attend_ffi.PlatformError.Failed("keychain locked")

    def load(self):
        self._check()
        return self.token

    def save(self, token):
        self._check()
        self.token = token

    def clear(self):
        self._check()
        self.token = None


class Recorder(attend_ffi.SyncListener):
    """Keeps every sync line; raises a plain Python error when `failing`."""

    def __init__(self):
        self.seen = []
        self.lock = threading.Lock()
        self.failing = False

    def on_update(self, status):
        with self.lock:
            self.seen.append(status)
        if self.failing:
            raise ValueError("the screen that listened is gone")

    def states(self):
        with self.lock:
            return [s.state for s in self.seen]


@pytest.fixture
def make_app():
    """Opens apps on fresh data folders: make_app(url, locale) -> (app, tokens, listener)."""
    dirs = []
    apps = []

    def make(url, locale=attend_ffi.Locale.JA):
        d = tempfile.TemporaryDirectory()
        dirs.append(d)
        tokens = MemoryTokens()
        listener = Recorder()
        settings = attend_ffi.AppSettings(
            data_dir=os.path.join(d.name, "app"), server_url=url, locale=locale,
            allow_http=True, trusted_root_pem=None)
        app = attend_ffi.AttendApp(settings, tokens, listener)
        apps.append(app)
        return app, tokens, listener

    yield make
    # Stop each app's sync thread while the interpreter is alive: a thread calling a
    # Python listener during interpreter shutdown aborts the process.
    for app in apps:
        asyncio.run(app.shutdown())
    apps.clear()
    for d in dirs:
        d.cleanup()
