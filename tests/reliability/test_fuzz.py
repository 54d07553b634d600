"""Fuzzing ``selector recommend`` with Hypothesis: every input ends in a contract outcome.

Structured inputs are requirement documents of the right shape with extreme values (0, negatives,
NaN/inf, 1e15 requests, empty lists, duplicate names, unknown enums, huge and unicode strings);
unstructured inputs are random bytes, random text, YAML-token soup, random JSON values and mutated
examples. Each one runs through the console-script entry point in-process and must end in exit 0/3
with schema-valid JSON, or exit 2 with an ``error:`` naming the file — never exit 1, a traceback or a
hang (Hypothesis deadline per example, plus a hard alarm).

``make test`` runs 400 inputs (about a minute); ``make fuzz`` runs 1,200 and ``make fuzz-long`` 10,000
(``SELECTOR_FUZZ_EXAMPLES`` scales every test to that total); ``SELECTOR_FUZZ_REPORT=FILE`` writes the
outcome counts as JSON.
"""

from __future__ import annotations

import functools
import json
import math
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selector.requirements.models import InputModality, Interpretability, Level, OutputModality, Task, UpdateFrequency
from tests.reliability.harness import ROOT, STATS, TIMES, Outcome, check_recommend, run_cli

DEFAULT_TOTAL = 400  # make test; make fuzz: 1,200; make fuzz-long: 10,000
TOTAL = int(os.environ.get("SELECTOR_FUZZ_EXAMPLES") or DEFAULT_TOTAL)
# Share of the total per test; they add up to 1.
SHARES = {"structured": 0.30, "shorthand": 0.05, "bytes": 0.10, "text": 0.10, "tokens": 0.15, "json": 0.10,
          "mutated": 0.10, "options": 0.10}
assert math.isclose(sum(SHARES.values()), 1.0)


def fuzz_settings(kind: str):
    return settings(
        max_examples=max(1, round(TOTAL * SHARES[kind])),
        deadline=timedelta(seconds=10),  # per example; a real run takes ~0.1 s (docs/reliability.md)
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
        print_blob=True,
    )


@pytest.fixture(scope="module", autouse=True)
def _fast_cli(catalog):
    """Two speed-ups that change no behaviour: reuse the session's shipped catalog (the CLI would re-read
    the same files) and build typer's click command once (typer rebuilds it on every call)."""
    import typer.main

    from selector.cli import recommend_cmd

    original = recommend_cmd.get_catalog
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(recommend_cmd, "get_catalog", lambda dirs: original(dirs) if dirs else catalog)
        mp.setattr(typer.main, "get_command", functools.cache(typer.main.get_command))
        yield


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="session", autouse=True)
def _report():
    """Write the outcome counts of this session's fuzz inputs when SELECTOR_FUZZ_REPORT names a file."""
    start = time.perf_counter()
    yield
    target = os.environ.get("SELECTOR_FUZZ_REPORT")
    if target and STATS:
        times = sorted(TIMES)
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_text(json.dumps({
            "inputs": sum(STATS.values()), "by_exit_code": {str(k): v for k, v in sorted(STATS.items())},
            "wall_seconds": round(time.perf_counter() - start, 1),
            "median_seconds": round(times[len(times) // 2], 4), "max_seconds": round(times[-1], 3),
        }, indent=2) + "\n")


def recommend_file(workdir: Path, name: str, payload: bytes) -> None:
    path = workdir / name
    path.write_bytes(payload)
    out = run_cli(["recommend", str(path), "--format", "json", "--samples", "100", "--top", "2"])
    check_recommend(out, path)


# --- structured: right shapes, extreme values ----------------------------------------------------------

EXTREME_NUMBERS = st.sampled_from(
    [0, -0.0, -1, -1e15, 1e-300, 0.5, 1, 7, 1e12, 1e15, 1e300, 2**63, 10**30, math.nan, math.inf, -math.inf]
)
WEIRD_TEXT = st.one_of(
    st.sampled_from(["", " ", "null", "~", "yes", "0x1F", "1e15", "名前-ワークロード", "\u202eevil", "a\nb", "x" * 100_000,
                     "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "[x](javascript:alert(1))", "🙂" * 50]),
    st.text(max_size=40),
)
WEIRD = st.one_of(
    EXTREME_NUMBERS, WEIRD_TEXT, st.none(), st.booleans(), st.floats(allow_nan=True, allow_infinity=True),
    st.integers(), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def sometimes(valid: st.SearchStrategy, weird_one_in: int, clean: bool) -> st.SearchStrategy:
    """A valid value; unless ``clean``, now and then a weird one instead."""
    if clean:
        return valid
    return st.integers(0, weird_one_in - 1).flatmap(lambda k: WEIRD if k == 0 else valid)


def enum_value(enum, clean: bool) -> st.SearchStrategy:
    return sometimes(st.sampled_from([m.value for m in enum]), 8, clean)


def enum_list(enum, clean: bool) -> st.SearchStrategy:
    return sometimes(st.lists(st.sampled_from([m.value for m in enum]), max_size=3), 8, clean)


def amount(hi: float, clean: bool) -> st.SearchStrategy:
    """Anything from 0 to the field's upper bound, with both ends likely (extreme but valid)."""
    values = st.one_of(st.sampled_from([0, hi]), st.integers(0, int(min(hi, 2**53))), st.floats(0, hi))
    return sometimes(values, 5, clean)


LANGS = st.lists(st.sampled_from(["en", "de", "ja", "fr", "es", "zh", "sw", "zz"]), min_size=1, max_size=4)
NAMES = st.one_of(st.sampled_from(["a", "b", "faq-bot", "<b>x</b>", "=1+1", "名前"]), st.text(min_size=1, max_size=40))


@st.composite
def workload(draw, clean: bool = False, name: str | None = None) -> dict:
    """One workload. ``clean``: every value valid (extremes within bounds); else some weird values."""
    fields = {
        "name": st.just(name) if name is not None else sometimes(NAMES, 4, clean),
        "task": enum_value(Task, clean),
        "input_modalities": enum_list(InputModality, clean),
        "output_modalities": enum_list(OutputModality, clean),
        "languages": sometimes(LANGS, 8, clean),
        "requests_per_month": amount(1e12, clean),
        "input_tokens": amount(1e7, clean),
        "output_tokens": amount(1e7, clean),
        "max_latency_ms": sometimes(st.one_of(st.none(), st.floats(0.001, 1e6), st.integers(1, 86_400_000)), 6, clean),
        "min_context_tokens": sometimes(st.one_of(st.none(), st.integers(0, 10_000_000)), 6, clean),
        "min_quality": sometimes(st.floats(0, 1), 6, clean),
        "knowledge": sometimes(st.fixed_dictionaries({}, optional={
            "corpus_tokens": amount(1e14, clean), "update_frequency": enum_value(UpdateFrequency, clean)}), 8, clean),
        "data": sometimes(st.fixed_dictionaries({}, optional={
            "labelled_examples": amount(1e12, clean), "domain_corpus_tokens": amount(1e14, clean)}), 8, clean),
        "domain_specificity": enum_value(Level, clean),
        "style_consistency": enum_value(Level, clean),
        "multi_step_actions": sometimes(st.booleans(), 6, clean),
        "interpretability": enum_value(Interpretability, clean),
        "open_weights_required": sometimes(st.booleans(), 6, clean),
    }
    required = ("name", "task", "requests_per_month")
    doc = {k: draw(fields[k]) for k in required if clean or draw(st.integers(0, 19)) > 0}  # rarely drop one
    doc.update(draw(st.fixed_dictionaries({}, optional={k: v for k, v in fields.items() if k not in required})))
    if not clean and draw(st.integers(0, 14)) == 0:
        doc[draw(st.sampled_from(["requests_per_mnth", "tsk", "Task", "extra", "知识"]))] = 1
    return doc


@st.composite
def requirements_doc(draw) -> dict:
    """Half the documents are clean (valid shapes, extreme values), half carry weird values."""
    clean = draw(st.booleans())
    optional = {
        "name": sometimes(st.text(max_size=30), 6, clean),
        "horizon_months": sometimes(st.integers(1, 120), 6, clean),
        "region": sometimes(st.sampled_from(["us-east-1", "eu-west-3", "ap-northeast-1", "xx-nowhere-9"]), 6, clean),
        "budget": sometimes(st.fixed_dictionaries({}, optional={
            "monthly_usd": amount(1e7, clean), "one_off_usd": amount(1e7, clean)}), 6, clean),
        "max_models": sometimes(st.integers(1, 4), 6, clean),
        "weights": sometimes(st.fixed_dictionaries({}, optional={
            k: sometimes(st.floats(0, 1000), 6, clean) for k in ("quality", "cost", "latency", "interpretability")}),
            6, clean),
    }
    doc = draw(st.fixed_dictionaries({}, optional=optional))
    if clean:
        names = draw(st.lists(NAMES, min_size=1, max_size=3, unique=True))
        doc["workloads"] = [draw(workload(clean=True, name=n)) for n in names]
    else:  # duplicate names likely: drawn from a small set
        doc["workloads"] = draw(sometimes(st.lists(workload(), min_size=0, max_size=3), 12, False))
    return doc


def serialise(doc, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")  # NaN/Infinity tokens included
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")


@fuzz_settings("structured")
@given(doc=requirements_doc(), fmt=st.sampled_from(["yaml", "json"]))
def test_structured_documents_end_in_a_contract_outcome(workdir, doc, fmt):
    recommend_file(workdir, f"req.{fmt}", serialise(doc, fmt))


@fuzz_settings("shorthand")
@given(doc=st.booleans().flatmap(lambda clean: workload(clean=clean)), extra=st.fixed_dictionaries({}, optional={"horizon_months": st.integers(1, 120),
                                                                  "budget": st.just({"monthly_usd": 10})}))
def test_single_workload_shorthand_ends_in_a_contract_outcome(workdir, doc, extra):
    recommend_file(workdir, "short.yaml", serialise({**doc, **extra}, "yaml"))


# --- unstructured: random bytes, text, token soup, JSON values, mutated examples ------------------------

YAML_TOKENS = [
    "task", "workloads", "name", "requests_per_month", "budget", "monthly_usd", "knowledge", "corpus_tokens",
    "chat", "question_answering", "1e15", "-1", ".nan", ".inf", "0x10", "~", "null", "2024-13-45", "yes",
    ": ", ":", " ", "  ", "\n", "\n  ", "- ", "&a ", "*a", "<<: *a", "? ", "|", ">", "#", "\t", "'", '"', "{", "}", "[",
    "]", ",", "---\n", "...\n", "%YAML 1.1\n", "!!python/object:os.system ", "!!python/name:os.system", "!!binary ",
    "!!str ", "!!float ", "!!set ", "!!omap ", "!custom ", "\\x00", "\ufeff", "é", "名",
]
EXAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.yaml"))]


@fuzz_settings("bytes")
@given(payload=st.binary(max_size=3000), suffix=st.sampled_from(["yaml", "json"]))
def test_random_bytes_end_in_a_contract_outcome(workdir, payload, suffix):
    recommend_file(workdir, f"bytes.{suffix}", payload)


@fuzz_settings("text")
@given(text=st.text(max_size=3000), suffix=st.sampled_from(["yaml", "json"]))
def test_random_text_end_in_a_contract_outcome(workdir, text, suffix):
    recommend_file(workdir, f"text.{suffix}", text.encode("utf-8", "surrogatepass"))


@fuzz_settings("tokens")
@given(tokens=st.lists(st.sampled_from(YAML_TOKENS), max_size=120))
def test_yaml_token_soup_ends_in_a_contract_outcome(workdir, tokens):
    recommend_file(workdir, "soup.yaml", "".join(tokens).encode("utf-8"))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=40,
)


@fuzz_settings("json")
@given(value=JSON_VALUES, fmt=st.sampled_from(["yaml", "json"]))
def test_random_json_values_end_in_a_contract_outcome(workdir, value, fmt):
    recommend_file(workdir, f"value.{fmt}", serialise(value, fmt))


@st.composite
def mutated_example(draw) -> str:
    text = draw(st.sampled_from(EXAMPLE_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 40)))
        op = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "number"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(YAML_TOKENS)) + text[i:]
        elif op == "replace":
            text = text[:i] + draw(st.text(max_size=8)) + text[j:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:  # swap a number for an extreme one
            number = draw(st.sampled_from(["0", "-1", "1e15", "1e300", ".nan", "-.inf", "0.0001", "99999999999999999999"]))
            digits = [k for k, ch in enumerate(text) if ch.isdigit()]
            if digits:
                k = draw(st.sampled_from(digits))
                end = k
                while end < len(text) and (text[end].isdigit() or text[end] in "._e"):
                    end += 1
                text = text[:k] + number + text[end:]
    return text


@fuzz_settings("mutated")
@given(text=mutated_example())
def test_mutated_examples_end_in_a_contract_outcome(workdir, text):
    recommend_file(workdir, "mutated.yaml", text.encode("utf-8", "surrogatepass"))


# --- command-line options: extreme numbers and junk for estimate, catalog list and recommend -------------

NUMBER = st.one_of(
    st.sampled_from(["0", "-1", "1e15", "1e300", "-1e300", "nan", "inf", "-inf", "1e-320", "7", "0.5", "abc", "",
                     "1e309", "0x10", "1_000"]),
    st.floats().map(repr), st.integers(-(10**30), 10**30).map(str),
)
IDS = st.sampled_from(["gpt-4o-mini", "amazon.nova-lite-v1:0", "meta-llama/Llama-3.1-8B-Instruct",
                       "logistic-regression", "amazon.titan-embed-text-v2:0", "nope", "", "<script>"])


def _opt(draw, name: str, values) -> list[str]:
    return [name, draw(values)] if draw(st.booleans()) else []


@st.composite
def option_argv(draw) -> list[str]:
    cmd = draw(st.sampled_from(["training", "inference", "rag", "list", "show", "recommend"]))
    o = lambda name, values: _opt(draw, name, values)  # noqa: E731
    fmt = ["--format", "json"]
    if cmd == "training":
        return ["estimate", "training", "--params-billion", draw(NUMBER), "--tokens", draw(NUMBER), *fmt,
                *o("--gpu", st.sampled_from(["a100-40gb", "a100-80gb", "h100-80gb", "tpu", ""])),
                *o("--method", st.sampled_from(["full", "lora", "qlora", "dpo"])), *o("--gpus", NUMBER),
                *o("--mfu", NUMBER), *o("--usd-per-gpu-hour", NUMBER)]
    if cmd == "inference":
        return ["estimate", "inference", "--model", draw(IDS), "--requests", draw(NUMBER), *fmt,
                *o("--input-tokens", NUMBER), *o("--output-tokens", NUMBER), *o("--max-latency-ms", NUMBER),
                *o("--hosting", st.sampled_from(["on_demand_api", "provisioned_throughput", "self_hosted_gpu",
                                                 "self_hosted_cpu", "cloud"])),
                *o("--gpu", st.sampled_from(["a100-80gb", "l4-24gb", "h100-80gb", "x"])),
                *o("--precision", st.sampled_from(["bf16", "int8", "int4", "fp3"]))]
    if cmd == "rag":
        return ["estimate", "rag", "--corpus-tokens", draw(NUMBER), "--queries", draw(NUMBER), *fmt,
                *o("--query-tokens", NUMBER), *o("--embedding", IDS),
                *o("--update-frequency", st.sampled_from(["static", "daily", "realtime", "hourly"]))]
    if cmd == "list":
        return ["catalog", "list", "--format", draw(st.sampled_from(["json", "csv", "table"])),
                *o("--task", st.sampled_from(["chat", "embedding", "tabular_regression", "dance"])),
                *o("--language", st.sampled_from(["en", "ja", "xx", ""])), *o("--max-price", NUMBER),
                *o("--modality", st.sampled_from(["text", "image", "smell"])),
                *o("--provider", st.sampled_from(["openai", "amazon-bedrock", "=1+1"]))]
    if cmd == "show":
        return ["catalog", "show", draw(IDS), *o("--format", st.sampled_from(["json", "table", "xml"]))]
    example = str(ROOT / "examples" / draw(st.sampled_from(["support-faq-rag.yaml", "infeasible-latency.yaml"])))
    return ["recommend", example, *fmt, "--samples", "100", *o("--top", NUMBER), *o("--seed", NUMBER),
            *o("--time-limit", NUMBER), *o("--solver", st.sampled_from(["HiGHS", "PULP_CBC_CMD", "glpk"])),
            *o("--samples", NUMBER)]


def check_options(out: Outcome, argv: list[str]) -> None:
    STATS[out.code] += 1
    TIMES.append(out.seconds)
    detail = f"{argv}\nexit {out.code}\nstderr:\n{out.stderr[-3000:]}"
    assert "Traceback" not in out.stderr and out.code in (0, 2, 3), detail
    if out.code == 2:
        assert "error: " in out.stderr or "Usage: " in out.stderr, detail
    elif "json" in argv:
        json.loads(out.stdout, parse_constant=lambda name: pytest.fail(f"{name} in JSON output\n{detail}"))


@fuzz_settings("options")
@given(argv=option_argv())
def test_command_line_options_end_in_a_contract_outcome(argv):
    check_options(run_cli(argv), argv)
