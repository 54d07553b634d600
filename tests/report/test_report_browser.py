"""The HTML report in a real (headless Debian) chromium: the bottom line first, every chart drawn without a legend
over a title, no console errors, no toolbar in print, and the size targets of issue #19."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, require_browser

pytestmark = pytest.mark.browser


EXAMPLE = ROOT / "examples" / "portfolio-shared-budget.yaml"  # the three-workload example `make demo` reports on


@pytest.fixture(scope="module")
def rec():
    from selector.catalog import load_catalog
    from selector.recommend import Settings, recommend
    from selector.requirements import load_requirements

    return recommend(load_requirements(EXAMPLE), load_catalog(), Settings(smaa_samples=500))


@pytest.fixture(scope="module")
def report_file(rec, tmp_path_factory):
    from selector.report import write_report

    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(rec, path)
    return path


@pytest.fixture(scope="module")
def driver():
    require_browser()
    from selenium import webdriver

    from tests.conftest import pytest_setup_options

    options = pytest_setup_options()
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(options=options)
    d.set_window_size(1280, 900)
    yield d
    d.quit()


def test_report_renders_without_console_errors(report_file, driver, tmp_path):
    from selenium.webdriver.common.by import By

    driver.get(report_file.as_uri())
    sections = [s.get_attribute("id") for s in driver.find_elements(By.TAG_NAME, "section")]
    assert sections == ["summary", "workloads", "guidance", "exclusions", "provenance"]
    drawn = driver.find_elements(By.CSS_SELECTOR, ".fig .js-plotly-plot .main-svg")
    assert len(driver.find_elements(By.CSS_SELECTOR, ".fig .chart")) >= 12
    assert len({c.find_element(By.XPATH, "ancestor::figure").id for c in drawn}) == len(
        driver.find_elements(By.CSS_SELECTOR, ".fig .chart")), "plotly drew every chart"
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    driver.save_screenshot(str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_the_bottom_line_comes_first_and_names_choice_money_and_confidence(rec, report_file, driver):
    """The first block a reader sees: three sentences, then one table with, per workload, the display name
    of the choice (never the raw provider id alone), its monthly and one-off money with the totals and the
    budget, and the confidence in words (issue #19)."""
    from selenium.webdriver.common.by import By

    from selector.report.fmt import money

    driver.get(report_file.as_uri())
    first = driver.find_element(By.CSS_SELECTOR, "main section")
    assert first.get_attribute("id") == "summary"
    children = first.find_elements(By.XPATH, "./*")
    assert [c.tag_name for c in children[:3]] == ["h2", "p", "table"]
    lead, table = children[1], children[2]
    assert "lead" in lead.get_attribute("class") and "bottom-line" in table.get_attribute("class")
    sentences = [x for x in lead.text.replace("e.g.", "eg").split(". ") if x.strip()]
    assert len(sentences) == 3, lead.text
    rows = {r.find_elements(By.TAG_NAME, "td")[0].text: [c.text for c in r.find_elements(By.TAG_NAME, "td")]
            for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")}
    for w in rec.workloads:
        names = w.views["names"]
        cells = rows[w.name]
        model = w.choice.option.model
        assert cells[1] == names[model] != model  # the display name
        assert model not in table.text and model not in lead.text  # the raw id is in the workload's own part
        assert names[model] in lead.text and w.name in lead.text
        assert cells[3] == money(w.monthly_cost_usd) and cells[4] == money(w.one_off_cost_usd)
        assert cells[5].split(":")[0] in ("clear choice", "likely choice", "close call"), cells[5]
        share = w.smaa["acceptability"][w.choice.option.key][0]
        assert f"first in {share:.0%}" in cells[5]
    assert rows["all workloads"][3] == money(rec.totals["monthly_cost_usd"])
    assert rows["budget"][3:5] == [money(6000), money(20000)]  # the example's budget
    assert "$6,000 monthly budget" in lead.text and "$20,000 one-off budget" in lead.text
    # a choice first in under 40% of the samples is called a close call, one above 70% a clear choice
    for w in rec.workloads:
        share = w.smaa["acceptability"][w.choice.option.key][0]
        words = rows[w.name][5].split(":")[0]
        assert (share < 0.4 or "held_by" in w.explanation) == (words == "close call"), (w.name, share, words)
        if share >= 0.7 and "held_by" not in w.explanation:
            assert words == "clear choice"


def test_three_workloads_fit_six_pdf_pages_and_one_and_a_half_megabytes(rec, report_file, tmp_path):
    """The size targets of issue #19 for the three-workload demo: HTML ≤ 1.5 MB (plotly.js inlined once,
    its basic bundle), PDF ≤ 6 A4 pages."""
    require_browser()
    import shutil
    import subprocess

    from selector.report import write_report

    assert report_file.stat().st_size <= 1_500_000, report_file.stat().st_size
    pdf = tmp_path / "report.pdf"
    write_report(rec, pdf)
    if not shutil.which("pdfinfo"):
        pytest.fail("pdfinfo missing: `make setup` installs poppler-utils")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 3 <= pages <= 6, pages
    assert "(A4)" in info  # @page: the size the charts are made for


def _rect_overlap(a, b) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


BOXES = """
return Array.from(document.querySelectorAll('.js-plotly-plot')).map(function (plot) {
  function boxes(sel) { return Array.from(plot.querySelectorAll(sel)).map(function (e) {
    var r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                                               w: r.width, h: r.height}; }).filter(function (r) { return r.w > 0; }); }
  return {id: plot.id, legend: boxes('.legend'), title: boxes('.gtitle, .g-gtitle'),
          xtitle: boxes('.xtitle, .x2title'), ytitle: boxes('.ytitle'), modebar: plot.querySelectorAll('.modebar').length};
});
"""


def test_no_legend_overprints_a_title_in_any_chart(report_file, driver):
    """Read from the SVG chromium drew: the legend box of every chart intersects neither the chart's title
    nor its axis titles (the cost chart's legend used to sit on its title, issue #19)."""
    driver.get(report_file.as_uri())
    charts = driver.execute_script(BOXES)
    assert len(charts) >= 12
    titled = 0
    for c in charts:
        titled += bool(c["title"])
        for legend in c["legend"]:
            for other in c["title"] + c["xtitle"] + c["ytitle"]:
                assert not _rect_overlap(legend, other), (c["id"], legend, other)
        for t in c["title"]:
            for y in c["ytitle"]:
                assert not _rect_overlap(t, y), (c["id"], "title over the y-axis title")
    assert titled == len(charts)  # every chart has a title


def test_the_printed_report_has_no_plotly_toolbar(rec, report_file, driver, tmp_path):
    """The PDF's page is drawn without plotly's toolbar (displayModeBar false), and the interactive page's
    print CSS hides it anyway."""
    from selector.report.content import build_report
    from selector.report.html import render_html

    static = tmp_path / "static.html"
    static.write_text(render_html(build_report(rec), static=True), encoding="utf-8")
    driver.get(static.as_uri())
    charts = driver.execute_script(BOXES)
    assert charts and all(c["modebar"] == 0 for c in charts)
    driver.get(report_file.as_uri())
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = driver.execute_script(
            "return Array.from(document.querySelectorAll('.modebar-container, .modebar'))"
            ".filter(function (e) { return getComputedStyle(e).display !== 'none'; }).length")
        assert shown == 0
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


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


def test_the_printed_page_is_not_wider_than_a4(report_file, driver):
    """Nothing in print is wider than A4's text width (210 mm less two 12 mm margins = 703 CSS px): a wider
    table or chart would make chromium shrink every page to fit, which the page count would not show."""
    driver.get(report_file.as_uri())
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 703, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    try:
        widest = driver.execute_script(
            "return Math.max.apply(null, Array.from(document.querySelectorAll('main > section *'))"
            ".filter(function (e) { return !e.closest('.draglayer'); })"  # plotly's invisible drag handles
            ".map(function (e) { return e.getBoundingClientRect().right; }))")
        assert widest <= 703 + 0.5, widest
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 703
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
