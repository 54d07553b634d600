"""``selector evaluate plan req.yaml``: the pilot worth running before committing to a choice.

Per workload: the candidates (the choice, its runners-up and the best option of every other strategy,
all from :func:`selector.recommend.recommend`), the task's metric, and the number of examples that tells
apart two models whose quality differs by the workload's margin (the prior gap between the choice and its
runner-up, at least ``min_margin``), by the standard sample size for comparing two proportions
(Fleiss, Levin & Paik 2003, *Statistical Methods for Rates and Proportions*, eq. 4.14, without continuity
correction):

    n = [z(1-α/2) √(2 p̄ q̄) + z(1-β) √(p1 q1 + p2 q2)]² / (p1 - p2)²,   p̄ = (p1 + p2) / 2

with α = 0.05 and power 1 - β = 0.8 (``selector/evaluate/evaluation.yaml``). It treats the two models'
answers as independent samples; scoring both on the same examples (a paired design, McNemar) usually
needs fewer, so the figure is on the safe side.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from selector.catalog import Catalog
    from selector.requirements.models import Requirements
    from selector.result import Scored, WorkloadResult

from selector.evaluate.config import statistics, task_spec

TEMPLATE_COLUMNS = ("id", "model", "strategy", "prediction", "reference", "latency_ms", "cost_usd")
TEMPLATE_ROWS_PER_CANDIDATE_MAX = 5000


def two_proportion_n(p1: float, p2: float, alpha: float = 0.05, power: float = 0.8) -> int:
    """Examples per model to detect p1 vs p2 with a two-sided test (rounded up).

    JMP's documentation works p1 = 0.08, p2 = 0.06, alpha 0.05, power 0.8 to 2,554 per group:

    >>> two_proportion_n(0.08, 0.06)
    2554
    """
    if not (0 < p1 < 1 and 0 < p2 < 1) or p1 == p2:
        raise ValueError("p1 and p2 must lie strictly between 0 and 1 and differ")
    z = NormalDist()
    za, zb = z.inv_cdf(1 - alpha / 2), z.inv_cdf(power)
    pbar = (p1 + p2) / 2
    num = za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return math.ceil(num ** 2 / (p1 - p2) ** 2)


@dataclass(frozen=True)
class Candidate:
    model: str
    strategy: str
    hosting: str
    prior_quality: float
    role: str  # choice | runner-up | best <strategy>


@dataclass(frozen=True)
class WorkloadPlan:
    workload: str
    task: str
    metric: str | None
    candidates: tuple[Candidate, ...]
    margin: float | None
    examples_needed: int | None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"workload": self.workload, "task": self.task, "metric": self.metric,
                "candidates": [c.__dict__ | {"prior_quality": round(c.prior_quality, 4)} for c in self.candidates],
                "margin": self.margin, "examples_needed": self.examples_needed, "note": self.note}


@dataclass(frozen=True)
class Plan:
    workloads: tuple[WorkloadPlan, ...]
    alpha: float
    power: float

    def to_dict(self) -> dict[str, Any]:
        return {"alpha": self.alpha, "power": self.power, "workloads": [w.to_dict() for w in self.workloads]}

    def text(self) -> str:
        lines = []
        for w in self.workloads:
            lines.append(f"== {w.workload} ({w.task}) ==")
            if w.metric and w.margin is not None and w.examples_needed is not None:
                lines.append(f"metric: {w.metric}; {w.examples_needed:,} examples per candidate tell apart a "
                             f"{w.margin * 100:.1f}-point difference (alpha {self.alpha}, power {self.power})")
            for c in w.candidates:
                lines.append(f"  {c.role:<28} {c.model} · {c.strategy} · {c.hosting} (prior {c.prior_quality:.2f})")
            if w.note:
                lines.append(f"note: {w.note}")
            lines.append("")
        return "\n".join(lines).rstrip()


def candidates(result: WorkloadResult) -> tuple[Candidate, ...]:
    """The choice, the runners-up and the best option of each other strategy, without repeats."""
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()

    def add(s: Scored, role: str) -> None:
        o = s.option
        key = (o.model, str(o.strategy))
        if key not in seen:
            seen.add(key)
            out.append(Candidate(o.model, str(o.strategy), str(o.hosting), o.quality, role))

    if result.choice is not None:
        add(result.choice, "choice")
    for s in result.alternatives:
        add(s, "runner-up")
    strategies = {c.strategy for c in out}
    for s in result.options:  # sorted best score first
        if str(s.option.strategy) not in strategies:
            strategies.add(str(s.option.strategy))
            add(s, f"best {s.option.strategy}")
    return tuple(out)


def make_plan(req: Requirements, catalog: Catalog, margin: float | None = None, top: int = 3) -> Plan:
    from selector.recommend import Settings, recommend

    st = statistics()
    alpha, power = float(st["alpha"]), float(st["power"])
    rec = recommend(req, catalog, Settings(top=top, smaa_samples=100, break_even=False))
    tasks = {w.name: str(w.task) for w in req.workloads}
    plans = []
    for r in rec.workloads:
        task = tasks[r.name]
        spec = task_spec(task)
        cands = candidates(r)
        if spec is None:
            plans.append(WorkloadPlan(r.name, task, None, cands, None, None,
                                      f"{task} has no automatic metric here: judge the candidates by human review or "
                                      "a rubric, then write an evidence file by hand"))
            continue
        gap = margin
        note = ""
        if gap is None:
            if len(cands) >= 2:
                gap = abs(cands[0].prior_quality - cands[1].prior_quality)
                note = f"margin = the prior gap between {cands[0].model} and {cands[1].model}"
            else:
                gap = float(st["default_margin"])
                note = "one candidate only: sized for the default margin"
            if gap < float(st["min_margin"]):
                note += f" ({gap * 100:.1f} points), raised to the {float(st['min_margin']) * 100:.0f}-point minimum"
                gap = float(st["min_margin"])
        p1 = min(max(cands[0].prior_quality if cands else 0.5, 0.01), 0.99)
        p2 = p1 - gap if p1 - gap > 0 else p1 + gap
        n = two_proportion_n(p1, min(p2, 0.99), alpha, power)
        plans.append(WorkloadPlan(r.name, task, spec.primary, cands, round(gap, 4), n, note))
    return Plan(tuple(plans), alpha, power)


def template_rows(plan: WorkloadPlan) -> list[dict[str, Any]]:
    """One row per (example, candidate) to fill in: prediction and reference left empty."""
    n = min(plan.examples_needed or 1, TEMPLATE_ROWS_PER_CANDIDATE_MAX)
    width = len(str(n))
    return [{"id": f"ex-{i:0{width}d}", "model": c.model, "strategy": c.strategy, "prediction": "",
             "reference": "", "latency_ms": "", "cost_usd": ""}
            for i in range(1, n + 1) for c in plan.candidates]


def write_templates(plan: Plan, directory: Path, stem: str) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for w in plan.workloads:
        if not w.candidates:
            continue
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in w.workload)
        path = directory / f"{stem}-{safe}-evaluation.csv"
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(TEMPLATE_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(template_rows(w))
        path.write_text(buf.getvalue(), encoding="utf-8")
        written.append(path)
    return written
