"""The ``reasoning.yaml`` loader (selector.costs.reasoning), read from small files of its own in ``tmp_path``: every
field of a row as parsed, and each malformed case refused with the file, the field and the allowed values.

The shipped table is loaded once per process (``_read`` is cached), so the tests that price reasoning models
exercise the loader once at most; these tests read fresh paths, so each runs it (issue #13, mutation testing)."""

from __future__ import annotations

import pytest

from selector.costs.reasoning import EFFORT_ORDER, load_reasoning
from selector.errors import InputError

LADDER = "ladder:\n  tokens: {minimal: 0, low: 11, medium: 23, high: 47}\n  source: the ladder's page\n"
SOURCES = "sources:\n  vendor: {title: Vendor docs, url: 'https://example.org/r', retrieved: 2026-12-02}\n"
ROW = """  - name: Thinker
    match: "^think-"
    reasons_by_default: true
    can_disable: true
    efforts: [low, high]
    default_effort: high
    source: vendor
    tokens: {low: 5, high: 7.5}
    lowest_tokens: 3
    derivation: "by hand"
    note: "a note"
"""


def _load(tmp_path, text: str):
    (tmp_path / "reasoning.yaml").write_text(text, encoding="utf-8")
    return load_reasoning(str(tmp_path))


def _problem(tmp_path, text: str) -> tuple[str, str, str]:
    with pytest.raises(InputError) as e:
        _load(tmp_path, text)
    err = e.value
    assert len(err.problems) == 1
    p = err.problems[0]
    assert err.source == str(tmp_path / "reasoning.yaml")
    return err.source, p.field, p.message


def test_a_full_row_is_read_field_by_field(tmp_path):
    table = _load(tmp_path, LADDER + SOURCES + "models:\n" + ROW)
    assert dict(table.ladder) == {"minimal": 0.0, "low": 11.0, "medium": 23.0, "high": 47.0}
    assert all(isinstance(v, float) for v in table.ladder.values())
    assert table.ladder_source == "the ladder's page"
    assert table.sources["vendor"]["url"] == "https://example.org/r"
    (row,) = table.models
    assert (row.name, row.match, row.reasons_by_default, row.can_disable) == ("Thinker", "^think-", True, True)
    assert (row.efforts, row.default_effort, row.source) == (("low", "high"), "high", "vendor")
    assert dict(row.tokens) == {"low": 5.0, "high": 7.5}
    assert (row.lowest_tokens, row.derivation, row.note) == (3.0, "by hand", "a note")


def test_a_minimal_row_takes_its_defaults(tmp_path):
    row = """  - match: "^plain-"
    reasons_by_default: false
    efforts: [minimal]
    source: vendor
"""
    (m,) = _load(tmp_path, LADDER + SOURCES + "models:\n" + row).models
    assert m.name == "^plain-"  # no name: the pattern stands for it
    assert (m.reasons_by_default, m.can_disable, m.default_effort) == (False, False, None)
    assert (dict(m.tokens), m.lowest_tokens, m.derivation, m.note) == ({}, None, None, None)


def test_an_absent_file_means_no_table(tmp_path):
    assert load_reasoning(str(tmp_path)) is None


@pytest.mark.parametrize("doc", ["[1, 2]\n", "ladder: 3\nmodels: []\n", LADDER + "models: {}\n", SOURCES])
def test_the_document_shape(tmp_path, doc):
    assert _problem(tmp_path, doc)[1:] == ("", "expected a mapping with ladder:, sources: and models:")


@pytest.mark.parametrize(("ladder", "field", "message"), [
    ("ladder:\n  tokens: [1, 2]\n", "ladder.tokens", "expected a mapping effort → tokens"),
    ("ladder:\n  source: x\n", "ladder.tokens", "expected a mapping effort → tokens"),
    ("ladder:\n  tokens: {minimal: 0, low: 1, medium: 2}\n", "ladder.tokens",
     "needs every effort: minimal, low, medium, high"),
    ("ladder:\n  tokens: {minimal: 0, low: 1, medium: 2, high: 3, xhigh: 4}\n", "ladder.tokens.xhigh",
     "unknown effort; allowed: minimal, low, medium, high"),
    ("ladder:\n  tokens: {minimal: 0, low: -1, medium: 2, high: 3}\n", "ladder.tokens.low",
     "got -1; expected tokens ≥ 0"),
    ("ladder:\n  tokens: {minimal: 0, low: true, medium: 2, high: 3}\n", "ladder.tokens.low",
     "got True; expected tokens ≥ 0"),
    ("ladder:\n  tokens: {minimal: 0, low: '5', medium: 2, high: 3}\n", "ladder.tokens.low",
     "got '5'; expected tokens ≥ 0"),
    ("ladder:\n  tokens: {minimal: 0, low: .nan, medium: 2, high: 3}\n", "ladder.tokens.low",
     "got nan; expected tokens ≥ 0"),
])
def test_the_ladder(tmp_path, ladder, field, message):
    assert _problem(tmp_path, ladder + SOURCES + "models: []\n")[1:] == (field, message)


def test_a_zero_is_a_valid_count(tmp_path):
    table = _load(tmp_path, LADDER.replace("low: 11", "low: 0") + SOURCES + "models: []\n")
    assert table.ladder["low"] == 0.0 and table.models == ()


def _row(tmp_path, **change: str | None) -> tuple[str, str]:
    lines = ROW.splitlines()
    out = []
    for line in lines:
        key = line.strip().lstrip("- ").split(":")[0]
        if key in change:
            if change[key] is None:
                continue
            line = line[: line.index(key)] + f"{key}: {change[key]}"
        out.append(line)
    text = "\n".join(out) + "\n"
    if not text.lstrip().startswith("-"):
        text = "  - " + text.lstrip()
    return _problem(tmp_path, LADDER + SOURCES + "models:\n" + text)[1:]




def test_a_row_that_is_not_a_mapping(tmp_path):
    assert _problem(tmp_path, LADDER + SOURCES + "models:\n  - 3\n")[1:] == ("models[0]", "expected a mapping")


def test_the_second_row_is_named_by_its_index(tmp_path):
    assert _problem(tmp_path, LADDER + SOURCES + "models:\n" + ROW + "  - 3\n")[1:] == (
        "models[1]", "expected a mapping")


def test_an_unknown_field_lists_the_allowed_ones(tmp_path):
    field, message = _problem(tmp_path, LADDER + SOURCES + "models:\n" + ROW + "    colour: red\n    zz: 1\n")[1:]
    assert field == "models[0]"
    assert message == ("unknown field(s) colour, zz; allowed: can_disable, default_effort, derivation, efforts, "
                       "lowest_tokens, match, name, note, reasons_by_default, source, tokens")


@pytest.mark.parametrize("efforts", ["[]", "[turbo]", "[high, low]", "[low, low2]"])
def test_efforts_must_be_known_and_lowest_first(tmp_path, efforts):
    got = _row(tmp_path, efforts=efforts, default_effort="null", reasons_by_default="false")
    assert got[0] == "models[0].efforts"
    assert got[1].endswith("; expected efforts from minimal, low, medium, high, lowest first")
    assert got[1].startswith("got (")


def test_efforts_message_shows_what_was_given(tmp_path):
    assert _row(tmp_path, efforts="[high, low]")[1] == (
        "got ('high', 'low'); expected efforts from minimal, low, medium, high, lowest first")


@pytest.mark.parametrize(("reasons", "default"), [("true", "null"), ("false", "high"), ("true", "medium")])
def test_default_effort_agrees_with_reasons_by_default(tmp_path, reasons, default):
    assert _row(tmp_path, reasons_by_default=reasons, default_effort=default) == (
        "models[0].default_effort", "one of efforts when reasons_by_default is true, null otherwise")


def test_the_source_must_be_declared(tmp_path):
    assert _row(tmp_path, source="elsewhere") == ("models[0].source", "'elsewhere' is not under sources:")


def test_the_match_must_be_a_regular_expression(tmp_path):
    field, message = _row(tmp_path, match='"think-("')
    assert field == "models[0].match"
    assert message.startswith("expected a regular expression (missing ), unterminated subpattern")


def test_a_row_without_match(tmp_path):
    assert _row(tmp_path, match=None) == ("models[0].match", "expected a regular expression ('match')")


def test_row_tokens_are_checked_like_the_ladder(tmp_path):
    assert _row(tmp_path, tokens="{low: -2}") == ("models[0].tokens.low", "got -2; expected tokens ≥ 0")
    assert _row(tmp_path, tokens="{turbo: 2}") == ("models[0].tokens.turbo",
                                                   "unknown effort; allowed: minimal, low, medium, high")
    assert _row(tmp_path, tokens="[2]") == ("models[0].tokens", "expected a mapping effort → tokens")


def test_tokens_need_a_derivation(tmp_path):
    assert _row(tmp_path, derivation=None) == ("models[0].derivation", "a row with tokens says how they were derived")


def test_lowest_tokens_must_be_a_finite_count(tmp_path):
    with pytest.raises(Exception, match=r"models\[0\]\.lowest_tokens"):
        _load(tmp_path, LADDER + SOURCES + "models:\n" + ROW.replace("lowest_tokens: 3", "lowest_tokens: -1"))


def test_effort_order_is_the_documented_one():
    assert EFFORT_ORDER == ("minimal", "low", "medium", "high")


def test_the_literal_prefilter_finds_the_same_row_as_searching_each(tmp_path):
    """_facts skips a row whose required literal (lower case) an ASCII id does not contain; for every id of the
    shipped catalog, of litellm's price map's keys and of made-up ones (upper case, non-ASCII, a Kelvin sign
    that matches k only when case is ignored), the row found is the one a search of each row gives."""
    import re

    from selector.catalog import load_catalog
    from selector.catalog.importers.litellm import default_path, read_price_map
    from selector.catalog.paths import reference_dir
    from selector.costs.reasoning import _facts, _literals

    table = load_reasoning(str(reference_dir()))
    assert sum(bool(x) for x in _literals(table)) == len(table.models)  # every shipped row has one
    ids = [p.id for p in load_catalog()] + list(read_price_map(default_path())[0])
    ids += ["QWEN3-32b", "qwen3-instruct-2507", "my-o3-mini", "", "gpt-5", "GPT-5", "vertex/Claude-Opus-4-5",
            "deepsee\u212a-r1", "qwen3-\u00e9", "o1"]
    found = 0
    for profile_id in ids:
        plain = next((r for r in table.models if re.compile(r.match, re.IGNORECASE).search(profile_id)), None)
        assert _facts(table, profile_id) is plain, profile_id
        found += plain is not None
    assert 50 < found < len(ids) - 1000  # both paths exercised


def test_the_literal_prefilter_ignores_case_and_reads_only_top_level_literals():
    """A row written in capitals still finds a lower-case id; a literal inside an optional group or an
    alternative is not required (the row ``a(bc)?d|x`` requires nothing, so x-ids are still searched)."""
    from selector.costs.reasoning import ModelReasoning, ReasoningTable, _facts, _literals

    upper = ModelReasoning("Upper", "Open-Model-X", True, False, ("low",), "low", "s")
    optional = ModelReasoning("Optional", "a(bc)?d|x", True, False, ("low",), "low", "s")
    table = ReasoningTable({}, "", (upper, optional), {})
    assert _literals(table) == ("open-model-x", "")
    assert _facts(table, "vendor/open-model-x-7b") is upper and _facts(table, "ad") is optional
    assert _facts(table, "only-x-here") is optional and _facts(table, "nothing") is None
