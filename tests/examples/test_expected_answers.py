"""Examples that show what they say (issue 16 point 7): each example's opening comment states the class of
answer in a machine-readable line, checked here with the expert panel's checker (tests/panel, docs/panel.md):

    # Expect: {strategy: [rag], hosting: [on_demand_api]}             (the first workload)
    # Expect ticket-summaries: {service_tier: [batch], needs: [service_tier]}   (a named workload)

``needs`` names spec §5 features the answer depends on; the check is skipped, naming them, where this code
lacks them (PANEL_NO_SKIP=1 runs it anyway). Together the declared answers choose every strategy, every
hosting and the batch tier."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from selector.vocab import Hosting, Strategy

from tests.panel import panel

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
EXPECT = re.compile(r"^#\s*Expect(?:\s+(?P<workload>[\w.-]+))?:\s*(?P<body>\{.*\})\s*$", re.IGNORECASE)


def expectations(path: Path) -> list[tuple[str | None, dict[str, Any]]]:
    """(workload name or None for the first, expectation) for each ``# Expect`` line of the leading comment."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        m = EXPECT.match(line)
        if m:
            out.append((m["workload"], yaml.safe_load(m["body"])))
    return out


def _declared(key: str, exp: dict[str, Any]) -> set[str]:
    return set(exp.get(key) or ())


CASES = [(p, w, e) for p in EXAMPLES for w, e in expectations(p)]


def test_every_example_states_its_answer():
    missing = [p.name for p in EXAMPLES if not expectations(p)]
    assert not missing, f"examples without an '# Expect: {{...}}' line in their opening comment: {missing}"


def _declared_vocabulary() -> tuple[set[str], set[str], set[str]]:
    """Each declared answer names exactly one strategy/hosting where it names any, so the union is a claim
    about what the examples choose, not about what they might."""
    strategies: set[str] = set()
    hostings: set[str] = set()
    tiers: set[str] = set()
    for _, _, exp in CASES:
        if exp.get("status") == "infeasible":
            continue
        if len(_declared("strategy", exp)) == 1:
            strategies |= _declared("strategy", exp)
        if len(_declared("hosting", exp)) == 1:
            hostings |= _declared("hosting", exp)
        tiers |= _declared("service_tier", exp)
    return strategies, hostings, tiers


def test_declared_answers_cover_the_vocabulary():
    strategies, hostings, tiers = _declared_vocabulary()
    expected = {s.value for s in Strategy}
    assert strategies >= expected, f"strategies no example chooses: {expected - strategies}"
    assert hostings == {h.value for h in Hosting}, f"hostings no example chooses: {set(Hosting) - hostings}"
    assert "batch" in tiers


def test_declared_answers_include_pretraining():
    """examples/biomedical-pretraining.yaml: pretraining from scratch in the regime Gu et al. 2021 measured."""
    strategies, _, _ = _declared_vocabulary()
    assert Strategy.pretraining.value in strategies


def test_expect_lines_parse_and_use_known_keys():
    for path, _, exp in CASES:
        for feature in exp.get("needs", ()):
            assert feature in panel.FEATURES, f"{path.name}: unknown feature {feature!r}"


@pytest.mark.parametrize(("path", "workload", "exp"), CASES,
                         ids=[f"{p.stem}:{w or 'first'}" for p, w, _ in CASES])
def test_example_answer_is_of_the_stated_class(path: Path, workload: str | None, exp: dict[str, Any]):
    exp = dict(exp)
    needs = exp.pop("needs", [])
    missing = [] if panel.NO_SKIP else [f for f in needs if not panel.feature_present(f)]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (spec §5, issue 16), absent on this branch")
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = panel.run(doc, workload)
    failures = panel.check(exp, result, doc)
    assert not failures, (f"\nexample {path.name} ({workload or 'first workload'}) does not show what it says:\n  - "
                          + "\n  - ".join(failures) + f"\ncame back: {panel.describe(result)}\n")


def example_needs(path: Path) -> set[str]:
    """Every feature an example's expectations need (examples using spec §5 fields cannot even load without)."""
    return {f for _, e in expectations(path) for f in e.get("needs", ())}
