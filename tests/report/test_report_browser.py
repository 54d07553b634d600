"""The HTML report in a real (headless Debian) chromium: every section visible, charts drawn, no console errors."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT, require_browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    from selector.catalog import load_catalog
    from selector.recommend import Settings, recommend
    from selector.report import write_report
    from selector.requirements import load_requirements

    rec = recommend(load_requirements(ROOT / "examples" / "portfolio-shared-budget.yaml"), load_catalog(),
                    Settings(smaa_samples=500))
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(rec, path)
    return path


def test_report_renders_without_console_errors(report_file, tmp_path):
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.common.by import By

    from tests.conftest import pytest_setup_options

    options = pytest_setup_options()
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options)
    try:
        driver.set_window_size(1280, 800)
        driver.get(report_file.as_uri())
        sections = [s.get_attribute("id") for s in driver.find_elements(By.TAG_NAME, "section")]
        assert sections == ["summary", "cost", "tradeoffs", "robustness", "exclusions", "guidance", "provenance"]
        charts = driver.find_elements(By.CSS_SELECTOR, ".fig .js-plotly-plot .main-svg")
        assert len(charts) >= 10, "plotly drew the charts"
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
        assert errors == []
        driver.save_screenshot(str(tmp_path / "report.png"))
        assert (tmp_path / "report.png").stat().st_size > 10_000
    finally:
        driver.quit()


def test_chromium_is_debian_not_downloaded():
    require_browser()
    assert shutil.which("chromium").startswith("/usr/bin")
