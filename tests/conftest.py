"""Shared fixtures. Test data is made by small seeded factories, never copied from outputs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def write(tmp_path: Path):
    """Write text to a file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture(scope="session")
def catalog():
    from selector.catalog import load_catalog

    return load_catalog()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False,
                     help="also run the tests marked `slow` (long runs, left out of `make test`)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` are skipped unless pytest is given ``--runslow``.

    Under pytest-xdist (``make test`` runs ``-n 2 --dist loadgroup``) the tests that drive the dashboard
    through ``dash_duo`` share one worker: each drives its own chromium, and two at once would share the
    machine's two cores with the rest of the suite. Each serves on a port the kernel picks
    (``tests.dashboard.devtools.free_port``), not Dash's counter from 58050, which sits in the ephemeral range."""
    skip = None if config.getoption("--runslow") else pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "dash_duo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("dash_duo"))
        if skip is not None and "slow" in item.keywords:
            item.add_marker(skip)


def browser_available() -> bool:
    return bool(shutil.which("chromium") and shutil.which("chromedriver"))


def require_browser() -> None:
    """Under CI a missing browser fails; elsewhere the test is skipped."""
    if browser_available():
        return
    if os.environ.get("CI"):
        pytest.fail("chromium/chromedriver missing under CI: `make test` installs them with apt")
    pytest.skip("chromium/chromedriver not installed (run `make browser`)")


@pytest.hookimpl(optionalhook=True)
def pytest_setup_options():
    """Headless Debian chromium for dash_duo (shared/testing.md)."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1280,800"):
        options.add_argument(flag)
    return options
