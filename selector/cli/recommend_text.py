"""The terminal summary of ``selector recommend`` (``--format table``): every line within 100 columns.

Numbers follow the rules of :mod:`selector.cli.render`; full ids and every figure are in ``--format json``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from selector.cli.render import WIDTH, grid, money, score, wrap_line
from selector.confidence import choice_confidence, retirement_remark
from selector.labels import duration, hosting_label, quality_label, strategy_label
from selector.options.evidence import choice_evidence

if TYPE_CHECKING:
    from selector.result import Recommendation, Scored, WorkloadResult

_LINE_BREAKS = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_RUNNER_COLUMNS = ("model", "strategy", "hosting", "$/month", "TCO", "quality", "latency", "score")
_NUMERIC = ("$/month", "TCO", "quality", "latency", "score")


def one_line(text: str) -> str:
    r"""User text on one terminal line: line breaks shown as escapes, so a name cannot forge a line.

    >>> one_line("a\nchoice: x\r\u2028")
    'a\\nchoice: x\\r\\u2028'
    """
    return _LINE_BREAKS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _strategy(scored: Scored, short: bool) -> str:
    o = scored.option
    method = o.candidate.method if o.strategy.fine_tunes else None
    name = strategy_label(o, short)
    if not method:
        return name
    return f"{name}/{method}" if short else f"{name} ({method})"


def _quality(scored: Scored, short: bool = False) -> str:
    return quality_label(scored.option.quality, choice_evidence(scored.option).quality, short)


def _choice_lines(w: WorkloadResult, horizon: int) -> list[str]:
    c = w.choice
    if c is None:
        return ["choice: none (no option meets every constraint: see the conflicts below)"]
    o = c.option
    lines = [f"choice: {o.model} · {_strategy(c, False)} · {hosting_label(o)}",
             f"  {money(w.monthly_cost_usd)}/month, {money(w.one_off_cost_usd)} one-off, TCO {money(c.tco_usd)} "
             f"over {horizon} months",
             f"  quality {_quality(c)} · latency {duration(o.latency_ms)} · score {score(c.score)}"]
    runner = w.alternatives[0] if w.alternatives else None
    sure = choice_confidence(w.smaa, o.key, c.score, runner.score if runner else None,
                             held="held_by" in (w.explanation or {}))
    if sure is not None:
        named = (f"{one_line(runner.option.model)} ({_strategy(runner, True)}, {hosting_label(runner.option, True)})"
                 if runner else None)
        remark = retirement_remark(o, runner.option if runner else None)
        lines.append("  confidence: " + sure.sentence(named, remark))
    return lines


def runners_up(alternatives: tuple[Scored, ...], width: int = WIDTH) -> str:
    """The runners-up as a table: short strategy and hosting names, the model id wrapped when long."""
    rows = [[one_line(a.option.model) + (" (over budget)" if a.over_budget else ""), _strategy(a, True),
             hosting_label(a.option, True),
             money(a.option.cost.monthly_usd, ""), money(a.tco_usd, ""), _quality(a, True),
             duration(a.option.latency_ms), score(a.score)] for a in alternatives]
    return grid(rows, _RUNNER_COLUMNS, width=width, wrap=("model",), right=_NUMERIC)


def table_text(rec: Recommendation) -> str:
    """The whole summary: per workload the choice, runners-up, exclusions and notes; then the totals
    (or, when nothing qualifies, why) and the shared charges."""
    from selector.options.reasons import exclusion_counts, rules_failed

    lines: list[str] = []
    for w in rec.workloads:
        lines.append(f"== {one_line(w.name)} ==")
        lines += _choice_lines(w, rec.horizon_months)
        if w.alternatives:
            lines.append("runners-up:" if w.choice else "closest options (each breaks a constraint):")
            lines.append(runners_up(w.alternatives))
        counts = list(exclusion_counts(w.excluded).items())
        if counts:
            groups = rules_failed((code.value, n) for code, n in counts[:6]) + (", …" if len(counts) > 6 else "")
            lines.append(f"excluded: {len(w.excluded)} models; {groups}")
        lines.extend(f"note: {one_line(n)}" for n in w.notes)
        lines.append("")
    t = rec.totals
    if rec.status == "optimal":
        lines.append(f"totals: {money(t['monthly_cost_usd'])}/month, {money(t['one_off_cost_usd'])} one-off, "
                     f"TCO {money(t['tco_usd'])} over {rec.horizon_months} months")
    else:
        lines.append("infeasible: no plan meets every constraint" +
                     (", because:" if rec.conflicts else " (no conflict was identified)"))
    for charge in rec.shared_charges:  # each shared charge whole; the workloads above carry their shares
        lines.append(f"shared: {one_line(str(charge['key']))} {money(charge['monthly_usd'])}/month, split between "
                     + ", ".join(one_line(str(n)) for n in charge["workloads"]))
    for conflict in rec.conflicts:
        lines.append(f"conflict: {one_line(str(conflict['constraint']))}: {one_line(str(conflict['message']))}")
    out: list[str] = []
    for line in lines:  # tables are already within WIDTH; prose lines wrap under their label
        out.extend(line.split("\n") if "\n" in line else wrap_line(line))
    return "\n".join(out)
