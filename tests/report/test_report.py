"""The report: every section in every format, user text inert, self-contained HTML, a PDF that renders."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

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


TITLES = {"summary": "Summary", "cost": "Cost", "tradeoffs": "Trade-offs", "robustness": "Robustness",
          "exclusions": "Exclusions", "guidance": "Guidance", "provenance": "Provenance"}


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


def test_every_section_in_html_and_self_contained(rec):
    page = render(rec, "html")
    for key in SECTION_KEYS:
        assert f"<section id='{key}'>" in page
    assert "<script src=" not in page and "<link " not in page  # plotly.js inlined, nothing fetched
    assert page.count("class='fig'") >= 6


def test_user_text_is_escaped_in_html(rec):
    page = render(rec, "html")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "onerror=alert(2)>" not in page


def test_user_text_is_inert_in_markdown(rec):
    md = render(rec, "md")
    assert "<script>" not in md and "[click](http://evil.example)" not in md
    assert "\\<script\\>" in md


def test_write_md_and_html(rec, tmp_path):
    for suffix in (".md", ".html"):
        path = tmp_path / f"r{suffix}"
        write_report(rec, path)
        assert path.stat().st_size > 1000


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
