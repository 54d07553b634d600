"""The HTML report in a real (headless Debian) chromium: every section visible, charts drawn, no console errors."""

from __future__ import annotations

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


def _fake_browser(bin_dir, name: str, log) -> None:
    """A stand-in browser on PATH: records its arguments and prints a one-line PDF where it is told."""
    script = bin_dir / name
    script.write_text(
        "#!/bin/sh\n"
        f"echo \"$@\" >> {log}\n"
        "for a in \"$@\"; do case \"$a\" in --print-to-pdf=*) printf '%%PDF-1.4 fake' > \"${a#--print-to-pdf=}\";; esac; done\n",
        encoding="utf-8")
    script.chmod(0o755)


def test_pdf_uses_the_chromium_on_path_headless_and_offline(tmp_path, monkeypatch):
    """The PDF writer runs whatever ``chromium`` is on PATH (Debian's package name first, never a
    downloaded browser), headless, with the network-using background services off, and copies the
    printed file to the requested path. Replaces a check of where the machine's chromium lives."""
    from selector.report.pdf import chromium_path, html_to_pdf

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "args.log"
    _fake_browser(bin_dir, "google-chrome", tmp_path / "other.log")
    _fake_browser(bin_dir, "chromium", log)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert chromium_path() == str(bin_dir / "chromium")  # the Debian name wins over other browsers
    out = tmp_path / "deep" / "report.pdf"
    html_to_pdf("<p>hello</p>", out)
    assert out.read_bytes() == b"%PDF-1.4 fake"
    args = log.read_text(encoding="utf-8").split()
    assert "--headless=new" in args and "--disable-background-networking" in args
    assert any(a.startswith("--print-to-pdf=") for a in args) and args[-1].startswith("file://")
    assert not (tmp_path / "other.log").exists()


def test_pdf_without_a_browser_says_what_to_install(tmp_path, monkeypatch):
    from selector.report.pdf import html_to_pdf

    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no chromium anywhere
    out = tmp_path / "report.pdf"
    with pytest.raises(Exception) as err:
        html_to_pdf("<p>hello</p>", out)
    assert "chromium" in str(err.value) and "make setup" in str(err.value)
    assert not out.exists()
