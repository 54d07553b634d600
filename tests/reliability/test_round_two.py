"""Issue #18, "Reliability, round two": one test (or a few) per numbered finding of the hostile-input run.

Finding 1 (the dashboard) is in ``test_dashboard_guard.py``. Every test here failed on the main of
2026-12-02 (commit 33bf8da) and passes after; docs/reliability.md lists the figures.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from selector.catalog import load_catalog
from selector.catalog.importers import litellm as ll
from selector.catalog.importers import models_dev as md
from selector.errors import InputError
from selector.requirements import parse_requirements
from tests.reliability.harness import ROOT, run_cli

MAX_PROBLEMS = 50  # selector.yamlio.MAX_PROBLEMS (a test of its own below keeps them equal)
MARKER = ".selector-import-complete"  # selector.catalog.import_marker.MARKER
QUICK_S = 2.0  # the bar of the issue: refused with exit 2 in under 2 s on these machines (CPU time: harness)
FIXTURES = ROOT / "tests" / "fixtures"
LITELLM_SAMPLE = FIXTURES / "litellm_sample.json"
MODELS_DEV = FIXTURES / "models_dev"
EXAMPLE = ROOT / "examples" / "generic-chat-low-volume.yaml"


@pytest.fixture(scope="module", autouse=True)
def warm_cli():
    """One real run first, so the timed runs below do not pay for importing the CLI's modules."""
    run_cli(["recommend", str(EXAMPLE), "--format", "json", "--samples", "100"])


def refused(argv: list[str], expect: str, within: float = QUICK_S, names: str | None = None):
    out = run_cli(argv)
    assert out.code == 2, out
    assert "\nerror: " in "\n" + out.stderr, out.stderr  # an error line (after any progress lines)
    assert "Traceback" not in out.stderr, out.stderr
    assert expect in out.stderr, out.stderr
    if names is not None:
        assert names in out.stderr, out.stderr
    assert out.cpu_seconds < within, f"took {out.cpu_seconds:.2f} s of CPU ({out.seconds:.2f} s wall)"
    return out


def workload(**extra) -> str:
    return yaml.safe_dump({"task": "chat", "requests_per_month": 1000, "name": "w", **extra}, sort_keys=False)


# --- 2. error reporting is linear -----------------------------------------------------------------


def test_two_thousand_unknown_keys_in_22_kb_refused_quickly(tmp_path):
    path = tmp_path / "keys.yaml"
    path.write_text(workload() + "".join(f"k{i}: {i}\n" for i in range(2000)), encoding="utf-8")
    assert 18_000 < path.stat().st_size < 26_000  # the 22 KB file of the report
    refused(["recommend", str(path), "--format", "json"], "a mapping with more than 64 keys", names=str(path))


def test_ninety_thousand_unknown_keys_in_1_2_mb_refused_quickly(tmp_path):
    path = tmp_path / "keys.yaml"
    path.write_text(workload() + "".join(f"k{i}: {i}\n" for i in range(90_000)), encoding="utf-8")
    assert 1_100_000 < path.stat().st_size < 1_400_000
    refused(["recommend", str(path), "--format", "json"], "a mapping with more than 64 keys", names=str(path))


def test_ninety_thousand_unknown_keys_spread_over_500_workloads_refused_quickly(tmp_path):
    path = tmp_path / "wide.yaml"
    path.write_text("workloads:\n" + "".join(
        f"- name: w{w}\n  task: chat\n  requests_per_month: 10\n" + "".join(f"  key{j}: {j}\n" for j in range(180))
        for w in range(500)), encoding="utf-8")
    assert 1_100_000 < path.stat().st_size < 1_400_000
    refused(["recommend", str(path), "--format", "json"], "a mapping with more than 64 keys", names=f"{path}:")


def test_many_problems_are_capped_and_counted(tmp_path):
    """900 unknown keys (30 in each of 30 workloads, under the width limit) are each a problem: 50 are
    shown with their lines, the rest counted, fast."""
    path = tmp_path / "keys.yaml"
    path.write_text("workloads:\n" + "".join(
        f"- name: w{w}\n  task: chat\n  requests_per_month: 10\n" + "".join(f"  k{j}: {j}\n" for j in range(30))
        for w in range(30)), encoding="utf-8")
    out = refused(["recommend", str(path), "--format", "json"], f"...and {900 - MAX_PROBLEMS:,} more problem(s)")
    lines = out.stderr.strip().splitlines()
    assert len(lines) == MAX_PROBLEMS + 1
    assert re.match(rf"error: {re.escape(str(path))}:5: workloads\[0\]\.k0: unknown key", lines[0]), lines[0]
    assert f"{path}:57: workloads[1].k19: unknown key" in lines[MAX_PROBLEMS - 1]  # 33 lines per workload


def test_constants_match_the_library():
    from selector.catalog import import_marker
    from selector import yamlio

    assert (yamlio.MAX_PROBLEMS, import_marker.MARKER) == (MAX_PROBLEMS, MARKER)


def test_dashboard_upload_of_the_22_kb_file_is_refused_before_it_is_built(monkeypatch):
    """The dashboard's upload of the same 22 kB file is refused on the composed tree's width, before any
    value is constructed or validated, so it costs one YAML parse and no per-key work (the time is a
    benchmark: ``benchmarks/bench_catalog.py``, figure in docs/benchmarks.md)."""
    from selector import yamlio

    def never(*args, **kwargs):
        raise AssertionError("the document was constructed before its width was checked")

    monkeypatch.setattr(yamlio._Loader, "construct_document", never)
    text = workload() + "".join(f"k{i}: {i}\n" for i in range(2000))
    with pytest.raises(InputError) as caught:
        parse_requirements(text, "upload.yaml")
    assert str(caught.value) == ("upload.yaml:1: a mapping with more than 64 keys (2,003 or more); "
                                 "no field allows that many; refused")


def test_bad_lines_in_a_large_catalog_file_reported_quickly(tmp_path):
    cat = tmp_path / "cat"
    cat.mkdir()
    profiles = [{"id": f"m{i}", "name": f"M {i}", "provider": "p", "kind": "llm", "input_modalities": ["text"],
                 "output_modalities": ["text"], "input_usd_per_1m_tokens": -1 if i % 2 else 1.0,
                 "sources": {"prices": {"title": "t", "retrieved": "2026-11-26"}}} for i in range(1000)]
    (cat / "big.yaml").write_text(yaml.safe_dump({"models": profiles}), encoding="utf-8")
    assert (cat / "big.yaml").stat().st_size > 150_000
    out = refused(["catalog", "validate", str(cat)], "more problem(s) not shown", names="big.yaml")
    assert "models[1] (m1).input_usd_per_1m_tokens" in out.stderr


# --- 3. writes are atomic -------------------------------------------------------------------------


def _import(out: Path, *extra: str):
    return run_cli(["catalog", "import", "litellm", "--path", str(LITELLM_SAMPLE), "--out", str(out), *extra])


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def test_import_force_with_a_clash_leaves_the_previous_import(tmp_path):
    out = tmp_path / "imported"
    assert _import(out).code == 0
    before = _snapshot(out)
    (out / "sources.yaml").write_text("# mine\n{}\n")  # a hand-written file where the import writes
    before["sources.yaml"] = (out / "sources.yaml").read_bytes()
    result = _import(out, "--force")
    assert result.code == 2 and "sources.yaml" in result.stderr
    assert _snapshot(out) == before  # nothing deleted (the old code left 1 of the files)


def test_import_that_fails_half_way_leaves_the_previous_import(tmp_path, monkeypatch):
    out = tmp_path / "imported"
    assert _import(out).code == 0
    before = _snapshot(out)
    calls = []

    def full_disk(path, data):
        calls.append(path)
        if len(calls) > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    import selector.catalog.importers as shared

    real = shared._write_synced
    monkeypatch.setattr(shared, "_write_synced", full_disk)
    result = _import(out, "--force")
    assert result.code == 2 and "No space left on device" in result.stderr and "unchanged" in result.stderr
    assert _snapshot(out) == before
    assert not list(tmp_path.glob(".imported.*"))  # the staging directory is removed


KILL_SCRIPT = """
import os, sys
import selector.catalog.importers as shared
real, count, stop = shared._write_synced, [0], int(sys.argv[2])
def write(path, data):
    count[0] += 1
    if count[0] == stop:
        os._exit(137)  # a kill: no cleanup, no exception handler runs
    return real(path, data)
shared._write_synced = write
real_swap = shared._swap_in
def swap(staging, out):
    if stop == 0:
        os._exit(137)  # killed after every file and the marker, just before the swap
    real_swap(staging, out)
shared._swap_in = swap
from selector.catalog.importers.litellm import import_litellm
import datetime as dt
from pathlib import Path
import_litellm(Path(sys.argv[1]), Path(sys.argv[3]), force=True, today=dt.date(2026, 12, 2))
"""


def test_a_killed_import_leaves_the_previous_or_the_complete_new_catalog(tmp_path):
    out = tmp_path / "imported"
    previous = tmp_path / "small.json"
    data = json.loads(LITELLM_SAMPLE.read_text())
    previous.write_text(json.dumps(dict(list(data.items())[:8])))  # a smaller earlier import
    assert run_cli(["catalog", "import", "litellm", "--path", str(previous), "--out", str(out)]).code == 0
    old_ids = {p.id for p in load_catalog([out], include_shipped=False)}
    new_files = len({ll.to_profile(k, v, data)[0] for k, v in data.items() if _maps(k, v, data)}) + 2  # + sources, marker
    complete = None
    for stop in [0, *range(1, new_files + 2)]:  # the last one is not killed
        proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(out), str(stop), str(LITELLM_SAMPLE)],
                              capture_output=True, text=True, timeout=120, cwd=ROOT)
        ids = {p.id for p in load_catalog([out], include_shipped=False)}  # never a partial catalog
        if proc.returncode == 137:
            assert ids == old_ids, f"killed at write {stop}: {len(ids)} profiles"
        else:
            assert proc.returncode == 0, proc.stderr
            complete = ids
    assert complete is not None and complete > old_ids  # the run that was not killed swapped the new one in
    assert run_cli(["catalog", "validate", str(out)]).code == 0


def _maps(key, value, data) -> bool:
    try:
        ll.to_profile(key, value, data)
        return True
    except Exception:  # noqa: BLE001 - Skipped
        return False


def test_a_truncated_import_is_refused_by_the_loader(tmp_path):
    out = tmp_path / "imported"
    assert _import(out).code == 0
    victim = next(p for p in out.glob("*.yaml") if p.name != "sources.yaml")
    victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])  # as a kill mid-write left it
    refused(["catalog", "validate", str(out)], "truncated or edited", names=victim.name)
    (out / MARKER).unlink()  # an import interrupted before its marker (or by an older selector)
    refused(["catalog", "validate", str(out)], "no completion marker")


def test_report_onto_the_requirements_file_is_refused_before_solving(tmp_path):
    req = tmp_path / "req.md"
    shutil.copy(EXAMPLE, req)
    before = req.read_bytes()
    out = refused(["recommend", str(req), "--report", str(req), "--format", "json"], "is the input file")
    assert out.stdout == "" and req.read_bytes() == before


def test_report_through_a_symlink_or_onto_a_special_file_is_refused(tmp_path):
    target = tmp_path / "elsewhere.html"
    target.write_text("keep")
    link = tmp_path / "r.html"
    link.symlink_to(target)
    refused(["recommend", str(EXAMPLE), "--report", str(link)], "symbolic link")
    assert target.read_text() == "keep"
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    refused(["recommend", str(EXAMPLE), "--report", str(fifo)], "not a regular file")


def test_report_on_a_full_disk_keeps_the_previous_report_and_prints_nothing(tmp_path, monkeypatch):
    import selector.safeio as safeio

    report = tmp_path / "r.html"
    report.write_text("<p>previous report</p>")

    class Full:
        def __init__(self, *a, **k):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self):
            pass

    monkeypatch.setattr(safeio, "open", Full, raising=False)
    out = run_cli(["recommend", str(EXAMPLE), "--report", str(report), "--format", "json", "--samples", "100"])
    assert out.code == 2 and "No space left on device" in out.stderr
    assert out.stdout == ""  # no "optimal" answer before the error
    assert report.read_text() == "<p>previous report</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # no temporary file left


# --- 4. no hangs on special files -----------------------------------------------------------------


def test_fifo_as_requirements_file_refused_quickly(tmp_path):
    fifo = tmp_path / "req.yaml"
    os.mkfifo(fifo)
    refused(["recommend", str(fifo), "--format", "json"], "FIFO", names=str(fifo))


def test_fifo_and_devices_as_import_paths_refused_quickly(tmp_path):
    fifo = tmp_path / "prices.json"
    os.mkfifo(fifo)
    refused(["catalog", "import", "litellm", "--path", str(fifo), "--out", str(tmp_path / "a")], "FIFO")
    wheel = tmp_path / "litellm.whl"
    os.mkfifo(wheel)
    refused(["catalog", "import", "litellm", "--path", str(wheel), "--out", str(tmp_path / "b")], "FIFO")
    gz = tmp_path / "data.json.gz"
    os.mkfifo(gz)
    refused(["catalog", "import", "models-dev", str(gz), "--out", str(tmp_path / "c")], "FIFO")


def test_dev_zero_behind_a_json_gz_refused_quickly(tmp_path):
    link = tmp_path / "data.json.gz"
    link.symlink_to("/dev/zero")
    refused(["catalog", "import", "models-dev", str(link), "--out", str(tmp_path / "out")], "not a regular file")


def test_gzip_bomb_refused_without_inflating_it(tmp_path):
    bomb = tmp_path / "data.json.gz"
    with gzip.open(bomb, "wb") as fh:
        chunk = b" " * (1 << 20)
        for _ in range(70):  # 70 MB of spaces, past CATALOG_LIMITS.max_bytes, ~70 KB on disk
            fh.write(chunk)
    refused(["catalog", "import", "models-dev", str(bomb), "--out", str(tmp_path / "out")], "decompresses to more than")


def test_fifo_as_git_head_of_a_checkout_does_not_block(tmp_path):
    root = tmp_path / "models.dev"
    shutil.copytree(MODELS_DEV, root)
    shutil.rmtree(root / ".git", ignore_errors=True)
    (root / ".git").mkdir()
    os.mkfifo(root / ".git" / "HEAD")
    out = run_cli(["catalog", "import", "models-dev", str(root), "--out", str(tmp_path / "out")], timeout=20)
    assert out.code == 0, out.stderr
    assert out.seconds < 10  # wall time: a blocked open of the FIFO spends no CPU, it waits


def test_fifo_as_a_models_dev_toml_is_skipped(tmp_path):
    root = tmp_path / "models.dev"
    shutil.copytree(MODELS_DEV, root)
    provider = next((root / "providers").iterdir())
    os.mkfifo(provider / "models" / "blocking.toml")
    out = run_cli(["catalog", "import", "models-dev", str(root), "--out", str(tmp_path / "out")], timeout=20)
    assert out.code == 0, out.stderr
    assert "not a regular file" in out.stdout


# --- 5. bad input is exit 2 (or a documented skip), never exit 1 ---------------------------------


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_empty_or_comments_only_catalog_file(tmp_path, text):
    cat = tmp_path / "cat"
    cat.mkdir()
    (cat / "empty.yaml").write_text(text)
    out = run_cli(["recommend", str(EXAMPLE), "--catalog", str(cat), "--format", "json", "--samples", "100"])
    assert out.code == 0, out.stderr  # the file holds no profiles; the shipped ones answer
    refused(["catalog", "validate", str(cat)], "no model profiles found")


def _profile(**over) -> dict:
    base = {"id": "user-model", "name": "User model", "provider": "me", "kind": "llm",
            "input_modalities": ["text"], "output_modalities": ["text"], "input_usd_per_1m_tokens": 1.0,
            "output_usd_per_1m_tokens": 2.0, "hosting": ["on_demand_api"], "context_window": 128000,
            "sources": {"prices": {"title": "a test figure", "retrieved": "2026-12-02"},
                        "context": {"title": "a test figure", "retrieved": "2026-12-02"}}}
    return {**base, **over}


def _catalog(tmp_path, *profiles, name="m.yaml") -> Path:
    cat = tmp_path / "cat"
    cat.mkdir(exist_ok=True)
    (cat / name).write_text(yaml.safe_dump({"models": list(profiles)}, allow_unicode=True), encoding="utf-8")
    return cat


def test_huge_prices_refused_by_validate_and_recommend(tmp_path):
    cat = _catalog(tmp_path, _profile(input_usd_per_1m_tokens=1e308, output_usd_per_1m_tokens=1e308))
    refused(["catalog", "validate", str(cat)], "input_usd_per_1m_tokens: got 1e+308", names="m.yaml:")
    refused(["recommend", str(EXAMPLE), "--catalog", str(cat)], "figures must be at most")


def _price_map(tmp_path, entries: dict) -> Path:
    path = tmp_path / "prices.json"
    path.write_text(json.dumps(entries, ensure_ascii=True))
    return path


GOOD_ENTRY = {"mode": "chat", "litellm_provider": "openai", "input_cost_per_token": 1e-6,
              "output_cost_per_token": 2e-6, "max_input_tokens": 8000}


@pytest.mark.parametrize("bad", [
    {"litellm_provider": "p" * 400},  # over-long provider name (file name too long)
    {"supported_output_modalities": [["text"]]},  # nested modalities
    {"supported_modalities": "text"},  # not a list
])
def test_litellm_importer_skips_what_it_cannot_map(tmp_path, bad):
    path = _price_map(tmp_path, {"good-model": GOOD_ENTRY, "bad-model": {**GOOD_ENTRY, **bad}})
    out = run_cli(["catalog", "import", "litellm", "--path", str(path), "--out", str(tmp_path / "out"),
                   "--replace-curated"])
    assert out.code == 0, out.stderr
    assert "1 profiles written" in out.stdout and "skipped 1 records" in out.stdout
    assert run_cli(["catalog", "validate", str(tmp_path / "out")]).code == 0


def test_litellm_importer_long_but_valid_provider_and_lone_surrogates(tmp_path):
    path = tmp_path / "prices.json"
    path.write_text('{"good-model": ' + json.dumps({**GOOD_ENTRY, "litellm_provider": "q" * 200}) +
                    ', "bad\\ud800model": ' + json.dumps(GOOD_ENTRY) + "}")
    out = run_cli(["catalog", "import", "litellm", "--path", str(path), "--out", str(tmp_path / "out"),
                   "--replace-curated"])
    assert out.code == 0, out.stderr
    assert "lone surrogate" in out.stdout
    files = [p.name for p in (tmp_path / "out").glob("*.yaml")]
    assert all(len(n) < 120 for n in files), files
    assert run_cli(["catalog", "validate", str(tmp_path / "out")]).code == 0


@pytest.mark.parametrize("toml,reason", [
    ('base_model = "meta/llama-3.3-70b-instruct"\nbase_model_omit = 5\n', "base_model_omit is not a list"),
    ('[modalities]\ninput = "text"\noutput = ["text"]\n', "modalities.input is not a list"),
    ("x = " + "[" * 3000 + "]" * 3000 + "\n", "cannot be read or parsed"),
])
def test_models_dev_importer_skips_what_it_cannot_map(tmp_path, toml, reason):
    root = tmp_path / "models.dev"
    shutil.copytree(MODELS_DEV, root)
    provider = next(p for p in sorted((root / "providers").iterdir()) if (p / "models").is_dir())
    (provider / "models" / "hostile.toml").write_text('name = "Hostile"\n' + toml)
    out = run_cli(["catalog", "import", "models-dev", str(root), "--out", str(tmp_path / "out")])
    assert out.code == 0, out.stderr
    assert reason in out.stdout, out.stdout


def test_models_dev_import_on_a_full_disk_is_exit_2(tmp_path, monkeypatch):
    import selector.catalog.importers as shared

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shared, "_write_synced", full)
    refused(["catalog", "import", "models-dev", str(MODELS_DEV), "--out", str(tmp_path / "out")],
            "No space left on device", within=10)
    assert not (tmp_path / "out").exists()


def test_dashboard_port_taken_is_exit_2():
    import socket

    pytest.importorskip("dash")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        refused(["dashboard", "--port", str(port)], f"port {port} on 127.0.0.1 is taken")


# --- 6. the Markdown report cannot be injected ----------------------------------------------------

LINE_ENDS = "\r", "\n", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"
INJECTIONS = ["- item", "* item", "+ item", "1. item", "2) item", "***", "---", "___", "===", "# heading",
              "> quote", "    indented code", "```", "~~~", "| a | b |", "<div>x</div>", "[x](http://evil.example)",
              "![i](http://evil.example/i.png)", "<http://evil.example>"]
LINKS = ["http://evil.example/a", "https://evil.example", "www.evil.example", "evil.com", "me@evil.example",
         "ftp://evil.example", "mailto:me@evil.example", "evil.co.uk/path", "xn--80ak6aa92e.com", "//evil.example/x"]


def _markdown_renderers():
    from markdown_it import MarkdownIt

    gfm = MarkdownIt("gfm-like", {"linkify": True}).enable("linkify")
    return {"commonmark": MarkdownIt("commonmark"), "gfm-linkify": gfm}


@pytest.mark.parametrize("renderer", ["commonmark", "gfm-linkify"])
def test_markdown_escape_leaves_no_block_or_link(renderer):
    pytest.importorskip("linkify_it")
    from selector.report.markdown import md_escape

    md = _markdown_renderers()[renderer]
    for end in LINE_ENDS:
        for attack in INJECTIONS + LINKS:
            text = f"name{end}{attack}{end}{attack} {' '.join(LINKS)}"
            for kind, source, expected in (("p", md_escape(text), {"p", "code"}),
                                           ("li", f"- {md_escape(text)}", {"ul", "li", "code"}),
                                           ("td" if renderer != "commonmark" else "p", f"| a |\n|---|\n| {md_escape(text)} |",
                                            {"table", "thead", "tbody", "tr", "th", "td", "code"}
                                            if renderer != "commonmark" else {"p", "code"})):
                page = md.render(source + "\n")
                assert set(re.findall(r"<([a-z0-9]+)", page)) <= expected, (repr(text), page)
                assert page.count(f"<{kind}>") == 1, (repr(text), page)  # one block: nothing broke out of it


def test_markdown_report_of_hostile_names_has_no_live_link(tmp_path):
    pytest.importorskip("linkify_it")
    names = [f"n{i}\r- forged http://evil{i}.example www.evil{i}.com evil{i}.io" for i in range(3)]
    req = tmp_path / "req.yaml"
    req.write_text(yaml.safe_dump({"workloads": [{"name": n, "task": "chat", "requests_per_month": 1000}
                                                 for n in names]}))
    out = run_cli(["recommend", str(req), "--format", "markdown", "--samples", "100"])
    assert out.code == 0, out.stderr
    for name, md in _markdown_renderers().items():
        page = md.render(out.stdout)
        assert "evil" not in " ".join(re.findall(r'href="([^"]*)"', page)), name
        assert "forged" not in " ".join(re.findall(r"<li>(.*?)</li>", page)), name


# --- 7. no silent semantics -----------------------------------------------------------------------


def test_replacing_a_shipped_id_is_reported(tmp_path):
    cat = _catalog(tmp_path, _profile(id="gpt-4o", name="cheap copy", provider="openai",
                                      input_usd_per_1m_tokens=0.0, output_usd_per_1m_tokens=0.0))
    out = run_cli(["recommend", str(EXAMPLE), "--catalog", str(cat), "--format", "json", "--samples", "100"])
    assert out.code == 0, out.stderr
    assert "replaces 1 shipped profile(s) with the same id: gpt-4o" in out.stderr
    assert json.loads(out.stdout)["provenance"]["replaced"] == ["gpt-4o"]
    plain = run_cli(["recommend", str(EXAMPLE), "--format", "json", "--samples", "100"])
    assert "replaced" not in json.loads(plain.stdout)["provenance"]


@pytest.mark.parametrize("over,expect", [
    ({"id": ""}, "'' is empty"),
    ({"id": "bad\nid"}, "control or unprintable character (U+000A)"),
    ({"id": "bad\u202eid"}, "control or unprintable character (U+202E)"),
    ({"languages": ["english"]}, "ISO 639-1"),
    ({"languages": ["EN"]}, "ISO 639-1"),
    ({"params_billion": 7, "active_params_billion": 70}, "more than params_billion"),
])
def test_profile_semantics_refused(tmp_path, over, expect):
    srcs = {"languages": {"title": "t", "retrieved": "2026-12-02"}, "params": {"title": "t", "retrieved": "2026-12-02"}}
    profile = _profile(**over)
    profile["sources"] = {**profile["sources"], **srcs}
    cat = _catalog(tmp_path, profile)
    refused(["catalog", "validate", str(cat)], expect, names="m.yaml:")
    refused(["recommend", str(EXAMPLE), "--catalog", str(cat)], expect)


def test_upper_case_suffix_read_by_every_command(tmp_path):
    cat = _catalog(tmp_path, _profile(id="upper-case-file"), name="m.YAML")
    listed = run_cli(["catalog", "list", "--catalog", str(cat), "--format", "json"])
    assert "upper-case-file" in {p["id"] for p in json.loads(listed.stdout)}
    assert run_cli(["catalog", "validate", str(cat)]).code == 0
    bad = _catalog(tmp_path, _profile(id=""), name="m.YAML")
    refused(["recommend", str(EXAMPLE), "--catalog", str(bad)], "is empty")
    refused(["catalog", "validate", str(bad)], "is empty")


def test_newline_in_a_workload_name_cannot_forge_a_table_line(tmp_path):
    req = tmp_path / "req.yaml"
    req.write_text(yaml.safe_dump({"workloads": [
        {"name": "real\nchoice: gpt-4o · free · forged", "task": "chat", "requests_per_month": 1000},
        {"name": "other\r\u2028choice: forged too", "task": "chat", "requests_per_month": 1000}]}))
    out = run_cli(["recommend", str(req), "--samples", "100"])
    assert out.code == 0, out.stderr
    choice_lines = [line for line in out.stdout.splitlines() if line.startswith("choice:")]
    assert len(choice_lines) == 2 and not any("forged" in line for line in choice_lines), out.stdout
    assert "== real\\nchoice: gpt-4o" in out.stdout


@pytest.mark.parametrize("extra,expect", [
    ({"requests_per_month": "1:30:00"}, "expected a number"),
    ({"horizon_months": True}, "expected a number, not true/false"),
    ({"open_weights_required": "yes"}, "expected true or false"),
])
def test_yaml_1_2_core_semantics(tmp_path, extra, expect):
    path = tmp_path / "req.yaml"
    text = workload(**{k: v for k, v in extra.items() if k != "requests_per_month"})
    if "requests_per_month" in extra:
        text = text.replace("requests_per_month: 1000", f"requests_per_month: {extra['requests_per_month']}")
    text = text.replace("'yes'", "yes")  # written bare, as a person would
    path.write_text(text)
    refused(["recommend", str(path), "--format", "json"], expect, names=str(path))


def test_yaml_1_2_numbers_read_as_1_2_does():
    text = "task: chat\nname: x\nrequests_per_month: 1e3\ninput_tokens: 017\noutput_tokens: 0o17\n"
    w = parse_requirements(text).workloads[0]
    assert (w.requests_per_month, w.input_tokens, w.output_tokens) == (1000, 17, 15)


def test_estimate_inference_honours_the_latency_limit():
    out = run_cli(["estimate", "inference", "--model", "gpt-4o", "--requests", "1000", "--max-latency-ms", "1",
                   "--format", "json"])
    assert out.code == 3, out  # the old code answered a 5,929 ms plan with exit 0
    assert json.loads(out.stdout)["meets_max_latency"] is False and "--max-latency-ms" in out.stderr
    ok = run_cli(["estimate", "inference", "--model", "gpt-4o", "--requests", "1000", "--max-latency-ms", "600000",
                  "--format", "json"])
    assert ok.code == 0 and json.loads(ok.stdout)["meets_max_latency"] is True


@pytest.mark.parametrize("args,option", [
    (["--corpus-tokens", "1e30", "--queries", "10"], "--corpus-tokens"),
    (["--corpus-tokens", "1e6", "--queries", "1e20"], "--queries"),
    (["--corpus-tokens", "1e6", "--queries", "10", "--query-tokens", "1e9"], "--query-tokens"),
])
def test_estimate_rag_takes_the_requirements_bounds(args, option):
    refused(["estimate", "rag", *args], f"{option}: got")


def test_solver_checked_before_any_work(monkeypatch):
    import selector.recommend

    def never(*a, **k):
        pytest.fail("the options were built before --solver was checked")

    monkeypatch.setattr(selector.recommend, "recommend", never)
    monkeypatch.setattr("selector.requirements.load_requirements", never)
    refused(["recommend", str(EXAMPLE), "--solver", "GUROBI"], "--solver: solver: 'GUROBI' is not available here")


def test_solver_name_is_case_insensitive():
    out = run_cli(["recommend", str(EXAMPLE), "--solver", "highs", "--format", "json", "--samples", "100"])
    assert out.code == 0, out.stderr
    assert json.loads(out.stdout)["provenance"]["solver"] == "HiGHS"
