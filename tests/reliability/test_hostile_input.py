"""Hostile files are refused quickly with a clear message (limits: selector/yamlio.py, docs/reliability.md).

Requirements files through ``selector recommend``; catalog files through ``catalog validate`` and
``recommend --catalog``. Only YAML's safe subset is ever constructed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from selector.catalog import load_catalog
from selector.yamlio import CATALOG_LIMITS, LIMITS, PRESCAN_BYTES
from tests.reliability.harness import run_cli

QUICK_S = 2.0  # "quickly": every refusal below takes well under this much CPU time (see tests.reliability.harness)


def refused(path: Path, *extra: str, expect: str, within: float = QUICK_S) -> str:
    """Run ``recommend PATH`` and assert exit 2, a message naming the file, and a quick answer."""
    out = run_cli(["recommend", str(path), "--format", "json", "--samples", "100", *extra])
    assert out.code == 2, out
    assert out.stderr.startswith("error: ") and str(path) in out.stderr, out.stderr
    assert expect in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    assert out.cpu_seconds < within, f"took {out.cpu_seconds:.2f} s of CPU ({out.seconds:.2f} s wall)"
    return out.stderr


def alias_bomb(levels: int = 9, width: int = 10) -> str:
    text = "a: &a [" + ", ".join(["lol"] * width) + "]\n"
    for i in range(1, levels):
        text += f"l{i}: &l{i} [" + ", ".join([f"*{'a' if i == 1 else f'l{i - 1}'}"] * width) + "]\n"
    return text


def test_exploding_aliases_refused_quickly(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(), encoding="utf-8")  # 10**9 values once expanded, 1 kB on disk
    refused(path, expect=f"more than {LIMITS.max_nodes:,} values")


def test_alias_bomb_inside_a_valid_looking_document(tmp_path):
    path = tmp_path / "req.yaml"
    path.write_text(alias_bomb() + "task: chat\nrequests_per_month: 1000\nname: x\n", encoding="utf-8")
    refused(path, expect="(YAML aliases?)")


@pytest.mark.parametrize("opener,closer", [("[", "]"), ("{a: ", "}")])
def test_deep_nesting_refused(tmp_path, opener, closer):
    path = tmp_path / "deep.yaml"
    path.write_text("task: " + opener * 60 + "1" + closer * 60 + "\n", encoding="utf-8")
    refused(path, expect=f"nesting deeper than {LIMITS.max_depth} levels")
    text = "task: " + opener * 100_000 + "1" + closer * 100_000 + "\n"
    path.write_text(text, encoding="utf-8")
    # past PRESCAN_BYTES the event scan refuses at level 41; below it libyaml's own guard (1,000 levels) answers
    refused(path, expect=f"nesting deeper than {LIMITS.max_depth} levels" if len(text) > PRESCAN_BYTES
            else "nesting depth")


def test_deep_nesting_refused_in_json_too(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"workloads": ' + "[" * 200 + "]" * 200 + "}", encoding="utf-8")
    refused(path, expect=f"nesting deeper than {LIMITS.max_depth} levels")
    path.write_text('{"workloads": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    refused(path, expect="nesting deeper")


def test_many_values_refused_in_json_too(tmp_path):
    path = tmp_path / "wide.json"
    lists = [{"languages": ["en"] * 900} for _ in range(LIMITS.max_nodes // 900 + 1)]  # each list within max_width
    path.write_text(json.dumps({"workloads": lists}), encoding="utf-8")
    refused(path, expect=f"more than {LIMITS.max_nodes:,} values")
    path.write_text(json.dumps({"task": "chat", "languages": ["en"] * (LIMITS.max_nodes + 10)}), encoding="utf-8")
    refused(path, expect=f"a list with more than {LIMITS.max_width:,} items")


def test_fifty_megabyte_file_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.yaml"
    line = b"# " + b"x" * 1021 + b"\n"
    with path.open("wb") as fh:
        for _ in range(50 * 1024):
            fh.write(line)
    assert path.stat().st_size == 50 * 1024 * 1024
    refused(path, expect=f"the limit is {LIMITS.max_bytes:,} bytes", within=0.5)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_files_are_refused_as_not_regular(device, tmp_path):
    """Devices never end (st_size says 0): only regular files are read, also behind a symlink."""
    if not Path(device).exists():
        pytest.skip(f"{device} missing")
    refused(Path(device), expect="is a character device, not a regular file")
    link = tmp_path / "req.yaml"
    link.symlink_to(device)
    refused(link, expect="is a character device, not a regular file")


def test_binary_data_refused(tmp_path):
    path = tmp_path / "photo.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10)
    refused(path, expect="binary data")


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16", "cp1252"])
def test_non_utf8_text_refused(tmp_path, encoding):
    path = tmp_path / "req.yaml"
    path.write_bytes("name: café ½\ntask: chat\nrequests_per_month: 1\n".encode(encoding))
    msg = refused(path, expect="UTF-8")
    assert "binary" in msg or "not UTF-8" in msg


def test_utf8_with_bom_is_accepted(tmp_path):
    path = tmp_path / "req.yaml"
    path.write_bytes("\ufeffname: café\ntask: chat\nrequests_per_month: 1000\n".encode("utf-8"))
    out = run_cli(["recommend", str(path), "--format", "json", "--samples", "100"])
    assert out.code == 0, out.stderr


def test_a_directory_is_refused(tmp_path):
    refused(tmp_path, expect="is a directory")


@pytest.mark.parametrize("payload", [
    "!!python/object/apply:os.system ['touch {marker}']\n",
    "task: !!python/object/apply:os.system ['touch {marker}']\nrequests_per_month: 1\n",
    "task: !!python/object/new:subprocess.Popen [['touch', '{marker}']]\nrequests_per_month: 1\n",
    "task: !!python/name:os.system\nrequests_per_month: 1\n",
    "task: !!python/object:builtins.dict {{}}\nrequests_per_month: 1\n",
    "task: !!python/module:os\nrequests_per_month: 1\n",
])
def test_python_tags_are_refused_and_never_run(tmp_path, payload):
    marker = tmp_path / "pwned"
    path = tmp_path / "req.yaml"
    path.write_text(payload.format(marker=marker), encoding="utf-8")
    refused(path, expect="could not determine a constructor for the tag 'tag:yaml.org,2002:python/")
    assert not marker.exists()


@pytest.mark.parametrize("text,line", [
    ("task: chat\nrequests_per_month: !!float\n", 2),
    ("task: chat\nrequests_per_month: !!int _\n", 2),
    ("task: chat\nmulti_step_actions: !!bool maybe\nrequests_per_month: 1\n", 2),
    ("name: !!timestamp soon\ntask: chat\nrequests_per_month: 1\n", 1),
])
def test_explicit_tags_on_bad_values_name_the_line(tmp_path, text, line):
    path = tmp_path / "req.yaml"
    path.write_text(text, encoding="utf-8")
    msg = refused(path, expect="explicit tag")
    assert f"{path}:{line}:" in msg


def test_limits_are_those_documented():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "reliability.md").read_text(encoding="utf-8")
    for limits in (LIMITS, CATALOG_LIMITS):
        for value in (limits.max_bytes, limits.max_depth, limits.max_nodes):
            assert f"{value:,}" in doc, value


# --- catalog files --------------------------------------------------------------------------------------

PROFILE = """\
models:
  - id: acme-small
    name: Acme small
    provider: acme
    kind: llm
    input_modalities: [text]
    output_modalities: [text]
    input_usd_per_1m_tokens: 0.1
    output_usd_per_1m_tokens: 0.2
    sources:
      prices: {title: Acme prices, url: https://acme.example/pricing, retrieved: 2026-11-01}
"""

BAD_CATALOG_FILES = {
    "wrong enum": (PROFILE.replace("kind: llm", "kind: lmm"), 5, "'llm', 'embedding', 'image', 'classical' or 'rerank'"),
    "negative price": (PROFILE.replace("0.1\n", "-0.1\n"), 8, "must be >= 0"),
    "broken yaml": (PROFILE.replace("[text]\n    output", "[text\n    output"), 7, "invalid YAML"),
    "bad tag": (PROFILE.replace("0.2\n", "!!float\n"), 9, "explicit tag"),
    "python tag": (PROFILE.replace("0.2\n", "!!python/object/apply:os.getcwd []\n"), 9, "could not determine a constructor"),
    "bad date": (PROFILE.replace("2026-11-01", "2026-13-45"), 11, "month must be in 1..12"),
    "unknown key": (PROFILE.replace("    kind: llm", "    knd: llm\n    kind: llm"), 5, "unknown key"),
    "alias bomb": (alias_bomb(12) + PROFILE, None, f"more than {CATALOG_LIMITS.max_nodes:,} values"),
}


@pytest.mark.parametrize("case", sorted(BAD_CATALOG_FILES))
def test_bad_catalog_file_names_file_and_line_and_leaves_the_shipped_catalog_alone(tmp_path, catalog, case):
    text, line, expect = BAD_CATALOG_FILES[case]
    (tmp_path / "good.yaml").write_text(PROFILE.replace("acme-small", "acme-good"), encoding="utf-8")
    bad = tmp_path / "zz-bad.yaml"
    bad.write_text(text, encoding="utf-8")
    where = f"{bad}:{line}:" if line else f"{bad}:"
    for argv in (["catalog", "validate", str(tmp_path)], ["catalog", "list", "--catalog", str(tmp_path)],
                 ["recommend", str(Path("examples/generic-chat-low-volume.yaml").resolve()), "--catalog", str(tmp_path)]):
        out = run_cli(argv)
        assert out.code == 2, (argv, out)
        assert out.stderr.startswith("error: ") and where in out.stderr and expect in out.stderr, out.stderr
        assert out.cpu_seconds < QUICK_S * 2, f"{argv[:2]}: {out.cpu_seconds:.2f} s of CPU ({out.seconds:.2f} s wall)"
    again = load_catalog()
    assert again.sha256 == catalog.sha256 and len(again) == len(catalog)
    out = run_cli(["catalog", "show", "gpt-4o-mini", "--format", "json"])
    assert out.code == 0 and json.loads(out.stdout)["provider"] == "openai"


def test_binary_and_non_utf8_catalog_files(tmp_path):
    (tmp_path / "bin.yaml").write_bytes(b"\x00\x01models: []")
    out = run_cli(["catalog", "validate", str(tmp_path)])
    assert out.code == 2 and f"{tmp_path / 'bin.yaml'}: binary data" in out.stderr, out.stderr
    (tmp_path / "bin.yaml").write_bytes(PROFILE.replace("Acme small", "Acmé").encode("latin-1"))
    out = run_cli(["catalog", "validate", str(tmp_path)])
    assert out.code == 2 and f"{tmp_path / 'bin.yaml'}: not UTF-8" in out.stderr, out.stderr
