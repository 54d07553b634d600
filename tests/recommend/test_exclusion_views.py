"""One grouping of exclusion reasons: the CLI, the report and the dashboard count the same models.

Before structured reasons, each view grouped the reason texts with its own patterns, and for the same
result the report said 75 models were ruled out by language where the dashboard said 61.
"""

from __future__ import annotations

import re

import pytest

from dashboard.logic.results import exclusion_groups
from selector.cli.recommend_cmd import _table_text
from selector.recommend import Settings, recommend
from selector.report.content import build_report
from selector.requirements import parse_requirements
from selector.vocab import ReasonCode

# A Japanese chat workload with an image input and a tight latency limit: models fail for several
# reasons at once (language, modality, task kind, latency), so a model counts in more than one group.
REQ = """
workloads:
  - name: ja-support
    task: chat
    input_modalities: [text, image]
    languages: [ja]
    requests_per_month: 100000
    max_latency_ms: 4000
"""


@pytest.fixture(scope="module")
def rec(catalog):
    return recommend(parse_requirements(REQ), catalog, Settings(smaa_samples=50, break_even=False))


def _report_counts(rec) -> dict[str, int]:
    section = next(s for s in build_report(rec).sections if s.key == "exclusions")
    table = next(b for b in section.blocks if getattr(b, "columns", None) == ("constraint", "models ruled out"))
    return {code: n for code, n in table.rows}


def _cli_counts(rec) -> tuple[int, dict[str, int]]:
    line = next(ln for ln in _table_text(rec).splitlines() if ln.startswith("excluded:"))
    found = re.fullmatch(r"excluded: (\d+) models; rules failed: (.*)", line)
    assert found, line
    return int(found.group(1)), {code: int(n) for n, code in re.findall(r"(\d+) (\w+)", found.group(2))}


def test_three_views_give_the_same_counts(rec):
    w = rec.workloads[0]
    dashboard = {g["family"]: len(g["models"]) for g in exclusion_groups(w)}
    report = _report_counts(rec)
    total, cli = _cli_counts(rec)
    assert report == dashboard
    assert total == len(w.excluded)
    assert cli == dict(list(report.items())[: len(cli)])  # the terminal line shows the top groups, same order
    assert len(report) >= 3  # the case really has several families


def test_counts_follow_the_reason_codes(rec):
    w = rec.workloads[0]
    by_language = {m for m, rs in w.excluded.items() if any(ReasonCode.languages in r.codes for r in rs)}
    assert _report_counts(rec)["languages"] == len(by_language) > 0
    # a model that fails language and modality counts in both groups
    both = [m for m, rs in w.excluded.items()
            if {ReasonCode.languages, ReasonCode.modalities} <= {c for r in rs for c in r.codes}]
    groups = {g["family"]: {m for m, _ in g["models"]} for g in exclusion_groups(w)}
    assert both and all(m in groups["languages"] and m in groups["modalities"] for m in both)


def test_json_keeps_reason_strings(rec):
    excluded = rec.to_dict()["workloads"][0]["excluded"]
    assert excluded and all(isinstance(r, str) and r for e in excluded for r in e["reasons"])


def test_the_terminal_line_counts_rules_not_a_partition(rec):
    """The groups count a model once per rule it fails, so they add up to more than the models excluded
    here (a model fails both languages and modalities, test above): the line names them rules failed."""
    w = rec.workloads[0]
    total, cli = _cli_counts(rec)
    assert sum(len(g["models"]) for g in exclusion_groups(w)) > total == len(w.excluded)
    line = next(ln for ln in _table_text(rec).splitlines() if ln.startswith("excluded:"))
    assert line.startswith(f"excluded: {total} models; rules failed: ") and " by " not in line
