"""User text and catalog text are inert in every output: HTML and Markdown reports, CSV, JSON, terminal.

The requirements name and workload names, and a user catalog profile's id, name, provider, notes,
licence and source titles/URLs, carry script tags, attribute break-outs, Markdown/HTML links,
spreadsheet formulas and terminal escape sequences. The profile is priced to be chosen, so its text
reaches every section of the report.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from selector.catalog.query import profile_dict
from selector.recommend import Settings
from selector.recommend import recommend as recommend_lib
from selector.requirements import requirements_from_dict
from tests.reliability.harness import run_cli

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(2)>'
MD_LINK = "[click](javascript:alert(3))"
HTML_LINK = "<a href='http://evil.example'>x</a>"
FORMULA = "=cmd|' /C calc'!A0"
FORMULAS = ("=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1", " =1+1")
ANSI = "\x1b[2J\x1b]8;;http://evil.example\x1b\\"
HOSTILE = f"{SCRIPT} {BREAKOUT} {MD_LINK} {HTML_LINK} {FORMULA}"

ID_FORMULAS = tuple(f for f in FORMULAS if f.isprintable())  # ids must be printable (issue #18); a tab stays in names
MODEL_ID = f"{FORMULA} {SCRIPT}"
WORKLOADS = (f"{SCRIPT} {MD_LINK}"[:120], f"{BREAKOUT} {HTML_LINK}"[:120], f"{FORMULA} {ANSI}"[:120])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, catalog) -> dict[str, Path]:
    """A user catalog with one hostile (and very cheap) profile, and requirements with hostile names."""
    root = tmp_path_factory.mktemp("hostile")
    req = {
        "name": HOSTILE[:120],
        "weights": {"quality": 0.3, "cost": 0.5, "latency": 0.2, "interpretability": 0},
        "workloads": [{"name": n, "task": "chat", "requests_per_month": 3000, "input_tokens": 500,
                       "output_tokens": 300} for n in WORKLOADS],
    }
    # the hostile profile is the shipped choice for these requirements, made ten times cheaper
    chosen = recommend_lib(requirements_from_dict(req), catalog, Settings(smaa_samples=100, break_even=False))
    profile = profile_dict(catalog.get(chosen.workloads[0].choice.option.model))
    profile.update(
        id=MODEL_ID, name=BREAKOUT, provider=FORMULAS[3], creator=HTML_LINK, family=MD_LINK,
        licence=f"{MD_LINK} {HTML_LINK}", notes=[HOSTILE, *FORMULAS], fine_tuning=None,
        **{k: profile[k] / 10 for k in ("input_usd_per_1m_tokens", "output_usd_per_1m_tokens") if profile[k]},
    )
    # and rated by its own figures (a user profile the benchmark files do not map), so it stays the choice
    any_source = dict(next(iter(v for v in profile["sources"].values() if isinstance(v, dict))))
    profile.update(quality={"general": 0.95}, quality_benchmarks={"general": "test figure"}, ttft_ms=100.0,
                   output_tokens_per_s=400.0)
    profile["sources"].update(quality=dict(any_source), latency=dict(any_source))
    for figure, source in profile["sources"].items():
        source.update(title=f"{SCRIPT} {FORMULA}", url="javascript:alert(4)", note=HOSTILE)
    cat = root / "catalog"
    cat.mkdir()
    (cat / "hostile.yaml").write_text(yaml.safe_dump({"models": [profile]}, allow_unicode=True), encoding="utf-8")
    dearer = {k: profile[k] * 2 for k in ("input_usd_per_1m_tokens", "output_usd_per_1m_tokens") if profile[k]}
    (cat / "formulas.yaml").write_text(yaml.safe_dump({"models": [
        {**profile, **dearer, "id": f if f.isprintable() else f"tab-formula-{i}", "provider": f if f.isprintable()
         else "tab-formula", "name": f} for i, f in enumerate(FORMULAS)]}, allow_unicode=True),
        encoding="utf-8")
    path = root / "req.yaml"
    path.write_text(yaml.safe_dump(req, allow_unicode=True), encoding="utf-8")
    return {"catalog": cat, "req": path, "root": root}


def recommend(hostile, *args: str):
    out = run_cli(["recommend", str(hostile["req"]), "--catalog", str(hostile["catalog"]), "--samples", "100", *args])
    assert out.code == 0, out.stderr
    return out


class Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def assert_inert_html(page: str) -> Tags:
    parser = Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag not in ("img", "iframe", "object", "embed", "form", "base", "meta") or tag == "meta" and \
            set(attrs) <= {"charset", "name", "content"}, (tag, attrs)
        assert not any(a.startswith("on") for a in attrs), (tag, attrs)  # no event handlers at all
        if tag == "a":
            assert attrs.get("href", "").startswith("#"), attrs  # only the report's own section links
        if tag == "script":
            assert not attrs, attrs  # inline plotly only: nothing loaded, nothing injected
    scripts = [t for t, _ in parser.tags if t == "script"]
    # the inlined plotly.js plus one per chart: no script came from the hostile text
    assert len(scripts) == 1 + page.count("Plotly.newPlot("), len(scripts)
    return parser


def test_html_report_is_inert(hostile, tmp_path):
    page = recommend(hostile, "--format", "html").stdout
    parser = assert_inert_html(page)
    text = "".join(parser.text)
    assert SCRIPT in text and BREAKOUT in text and MODEL_ID in text  # shown, as text
    assert all(n in page.replace("&#x27;", "'").replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
               .replace("&amp;", "&") or n in text for n in WORKLOADS[:2])
    report = tmp_path / "r.html"
    recommend(hostile, "--report", str(report), "--format", "json")
    assert_inert_html(report.read_text(encoding="utf-8"))


def test_plotly_data_cannot_close_its_script(hostile):
    page = recommend(hostile, "--format", "html").stdout
    body = page[page.index("</head>"):]
    for chunk in body.split("<script")[1:]:
        code = chunk[chunk.index(">") + 1: chunk.index("</script>")]
        assert "<script" not in code.lower() and "<img" not in code.lower() and "<a " not in code.lower()


def md_html(md: str) -> str:
    import markdown  # a test dependency (pyproject's test extra): a missing one fails, it does not skip

    return markdown.markdown(md, extensions=["tables"])


def assert_inert_markdown(md: str) -> None:
    for raw in (SCRIPT, MD_LINK, "](javascript:"):
        assert raw not in md, raw
    assert not re.search(r"(?<!\\)<(img|a |script)", md)  # every < of the hostile text is escaped
    assert "\\<script\\>" in md and "\\[click\\]\\(javascript:alert\\(3\\)\\)" in md
    rendered = md_html(md)
    parser = Tags()
    parser.feed(rendered)
    assert {t for t, _ in parser.tags} <= {"h1", "h2", "h3", "p", "em", "strong", "ul", "li", "table", "thead", "tbody",
                                           "tr", "th", "td", "code"}, {t for t, _ in parser.tags}
    assert SCRIPT in "".join(parser.text).replace("\\", "")  # shown as text (CommonMark drops the escapes)


def test_markdown_report_is_inert(hostile, tmp_path):
    assert_inert_markdown(recommend(hostile, "--format", "markdown").stdout)
    report = tmp_path / "r.md"
    recommend(hostile, "--report", str(report), "--format", "json")
    assert_inert_markdown(report.read_text(encoding="utf-8"))


def test_json_carries_the_text_unchanged(hostile):
    data = json.loads(recommend(hostile, "--format", "json").stdout)
    assert [w["name"] for w in data["workloads"]] == list(WORKLOADS)
    assert {w["choice"]["model"] for w in data["workloads"]} == {MODEL_ID}
    out = run_cli(["catalog", "show", MODEL_ID, "--catalog", str(hostile["catalog"]), "--format", "json"])
    shown = json.loads(out.stdout)
    assert (shown["id"], shown["name"], shown["licence"]) == (MODEL_ID, BREAKOUT, f"{MD_LINK} {HTML_LINK}")
    listed = json.loads(run_cli(["catalog", "list", "--catalog", str(hostile["catalog"]), "--format", "json"]).stdout)
    assert {p["id"] for p in listed} >= {MODEL_ID, *ID_FORMULAS}
    assert {p["name"] for p in listed} >= set(FORMULAS)


def test_csv_neutralises_formulas(hostile):
    out = run_cli(["catalog", "list", "--catalog", str(hostile["catalog"]), "--format", "csv"])
    assert out.code == 0, out.stderr
    rows = list(csv.reader(io.StringIO(out.stdout)))
    header, body = rows[0], rows[1:]
    assert len(body) > 90
    for row in body:
        assert len(row) == len(header)  # nothing broke out of its cell
        for cell in row:
            if cell.lstrip()[:1] in ("=", "+", "-", "@") or cell[:1] in ("\t", "\r", "\n"):
                pytest.fail(f"formula cell not neutralised: {cell!r}")
    ids = {row[header.index("id")] for row in body}
    assert {"'" + f for f in ID_FORMULAS} <= ids and "'" + MODEL_ID in ids


def test_terminal_output_has_no_escape_sequences(hostile):
    out = recommend(hostile, "--format", "table")
    assert "\x1b" not in out.stdout and "\x1b" not in out.stderr
    assert "\\x1b[2J" in out.stdout  # shown, visibly
    bad = hostile["root"] / "bad.yaml"
    bad.write_text(yaml.safe_dump({"task": "chat", "requests_per_month": 1, f"x{ANSI}": 1}), encoding="utf-8")
    out = run_cli(["recommend", str(bad)])
    assert out.code == 2 and "\x1b" not in out.stderr, out.stderr
    out = run_cli(["catalog", "list", "--catalog", str(hostile["catalog"])])
    assert out.code == 0 and "\x1b" not in out.stdout
