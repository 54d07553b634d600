"""The report: every section in every format, user text inert, self-contained HTML, a PDF that renders."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from selector.recommend import Settings, recommend
from selector.report import SECTION_KEYS, render, write_report
from selector.requirements import parse_requirements

from tests.conftest import require_browser

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)> [click](http://evil.example) =cmd|calc'

REQ = f"""
name: "{HOSTILE.replace('"', "'")}"
budget: {{monthly_usd: 5000, one_off_usd: 20000}}
workloads:
  - name: "{HOSTILE.replace('"', "'")}"
    task: question_answering
    requests_per_month: 50000
    knowledge: {{corpus_tokens: 1000000, update_frequency: weekly}}
  - name: extraction
    task: extraction
    requests_per_month: 200000
    style_consistency: high
    data: {{labelled_examples: 3000}}
"""


@pytest.fixture(scope="module")
def rec():
    from selector.catalog import load_catalog

    return recommend(parse_requirements(REQ), load_catalog(), Settings(smaa_samples=300))


TITLES = {"summary": "Bottom line", "workloads": "Per workload", "guidance": "Guidance", "exclusions": "Exclusions",
          "provenance": "Provenance"}


def test_every_section_in_markdown(rec):
    md = render(rec, "md")
    for key in SECTION_KEYS:
        assert f"## {TITLES[key]}" in md
    for must in ("F1", "prompt injection", "temperature", "break-even", "catalog\\_sha256", "RAG plan"):
        assert must.lower() in md.lower(), must


def test_fine_tuning_choice_gets_data_preparation_guidance():
    from selector.catalog import load_catalog

    text = ("weights: {quality: 1, cost: 0, latency: 0, interpretability: 0}\ntask: classification\n"
            "requests_per_month: 100000\nopen_weights_required: true\ndata: {labelled_examples: 5000}\n")
    rec = recommend(parse_requirements(text), load_catalog(), Settings(smaa_samples=100, break_even=False))
    assert rec.workloads[0].choice.option.strategy == "fine_tuning"
    md = render(rec, "md")
    assert "Data preparation" in md and "Method \\(lora\\)" in md


class _Page(HTMLParser):
    """What a browser would see: sections (id, heading), plotly chart containers, and every URL it would fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[list[str]] = []  # [id, heading text]
        self.charts: list[str] = []  # ids of the chart containers
        self.fetches: list[str] = []
        self._heading = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.sections.append([a.get("id", ""), ""])
        if tag in ("h2", "h1") and self.sections:
            self._heading = True
        if tag == "div" and "chart" in (a.get("class") or "").split():
            self.charts.append(a.get("id", ""))
        for attr in ("src", "href", "data", "poster"):
            url = a.get(attr)
            if url and not url.startswith(("#", "data:")):
                self.fetches.append(f"<{tag} {attr}={url}>")
        if tag == "link":
            self.fetches.append(f"<link {a}>")

    def handle_endtag(self, tag):
        if tag in ("h2", "h1"):
            self._heading = False

    def handle_data(self, data):
        if self._heading and self.sections and not self.sections[-1][1]:
            self.sections[-1][1] = data.strip()


def test_every_section_in_html_and_self_contained(rec):
    """Parsed as a browser would (attribute quoting and layout free): the five sections in order with their
    titles, one chart container drawn by one Plotly.newPlot call for every chart of the content model, and
    nothing fetched from anywhere. (The sections changed with the bottom-line redesign, issue #19: bottom
    line, one part per workload, then guidance, exclusions and provenance said once.)"""
    from selector.report.blocks import charts_of
    from selector.report.content import build_report

    text = render(rec, "html")
    page = _Page()
    page.feed(text)
    assert [s[0] for s in page.sections] == list(SECTION_KEYS)
    assert [s[1] for s in page.sections] == [TITLES[k] for k in SECTION_KEYS]
    expected_charts = len(charts_of(build_report(rec)))
    assert expected_charts >= 6 and len(page.charts) == expected_charts
    assert all(f'Plotly.newPlot("{i}",' in text for i in page.charts) and len(set(page.charts)) == expected_charts
    assert page.fetches == []  # plotly.js inlined, no stylesheet, image or script from a URL


def test_user_text_is_escaped_in_html(rec):
    page = render(rec, "html")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "onerror=alert(2)>" not in page


def test_user_text_is_inert_in_markdown(rec):
    md = render(rec, "md")
    assert "<script>" not in md and "[click](http://evil.example)" not in md
    assert "\\<script\\>" in md


def test_write_picks_the_format_from_the_suffix(rec, tmp_path):
    """.md writes the Markdown rendering itself, .HTML (any case) a page with the five sections, into a folder
    that did not exist; another suffix is refused by name. (Replaces 'the file has more than 1,000 bytes'.)"""
    md = tmp_path / "new" / "r.md"
    write_report(rec, md)
    assert md.read_text(encoding="utf-8") == render(rec, "md")
    html = tmp_path / "r.HTML"
    write_report(rec, html)
    page = _Page()
    page.feed(html.read_text(encoding="utf-8"))
    assert html.read_text(encoding="utf-8").lower().startswith("<!doctype html>")
    assert [s[0] for s in page.sections] == list(SECTION_KEYS)
    with pytest.raises(Exception, match=r"\.txt"):
        write_report(rec, tmp_path / "r.txt")
    assert not (tmp_path / "r.txt").exists()


@pytest.mark.browser
def test_pdf_renders_a_non_blank_first_page(rec, tmp_path):
    require_browser()
    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm missing: `make setup` installs poppler-utils")
    pdf = tmp_path / "report.pdf"
    write_report(rec, pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    from PIL import Image

    pixels = Image.open(png).convert("L").tobytes()
    dark = sum(1 for p in pixels if p < 200) / len(pixels)
    assert dark > 0.01, "page 1 is blank"
