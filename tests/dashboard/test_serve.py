"""`selector dashboard` is served by waitress: no Flask development-server warning, loopback by default."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.dashboard.devtools import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_dashboard_starts_without_development_server_warning() -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "selector", "dashboard", "--port", str(port)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        status = None
        for _ in range(240):  # the app takes a while to build on a loaded machine
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as resp:
                    status = resp.status
                    break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        assert status == 200, "dashboard did not answer on 127.0.0.1"
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=30)
    assert "development server" not in stderr.lower()
    assert f"http://127.0.0.1:{port}/" in stderr
