"""The report's Guidance section, keyed on the choice actually made (``catalog/reference/guidance.yaml``).

What a workload gets depends on its choice and its requirements, never on the task alone:

- a classical model (``classical_training``): how to score, calibration, fairness (disparate impact across
  groups), monotonicity and leakage checks; no prompt or sampling advice and no jailbreak risks;
- a foundation model: starting sampling values for the task, prompt techniques, prompt-injection and
  data-exposure risks and the guardrails that answer them;
- an agent (``multi_step_actions``): allow-listed, least-privilege tools, human confirmation before
  irreversible actions, a cap on model calls and on spend per request, a temperature of at most 0.2;
- retrieval (``rag``, ``rag_fine_tuning``): the RAG plan, injection and poisoning through retrieved text,
  grounding and citation checks, retrieval recall in the evaluation;
- training (fine-tuning, pretraining): data preparation, the method, training-data poisoning;
- more than one language, or a language other than English: per-language evaluation and guardrail coverage;
- every plan: a numeric acceptance bar and the test-set size that checks it (:mod:`selector.report.acceptance`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from selector.catalog.guidance_models import Guidance, InferenceParameters
from selector.catalog.reference import load_reference
from selector.report.acceptance import FORMULAS, Acceptance, acceptance
from selector.vocab import Strategy, Task

if TYPE_CHECKING:
    from selector.requirements.models import Workload
    from selector.result import Scored

_SYMBOL = {"proportion": "p", "bounded_mean": "p", "auroc": "A", "r2": "R²"}
_NO_SAMPLING = (Task.embedding, Task.tabular_classification, Task.tabular_regression)


def _num(x: float) -> str:
    """``0.2``, ``0``, ``1`` (no trailing zeros)."""
    return f"{x:g}"


def _money(x: float) -> str:
    """Dollars with two significant digits below $1 (``$0.0012``), cents above.

    >>> _money(0.00123), _money(0.5), _money(12.345)
    ('$0.0012', '$0.50', '$12.35')
    """
    if x >= 1 or x <= 0:
        return f"${x:,.2f}"
    return f"${x:.{max(2, 1 - math.floor(math.log10(x)))}f}"


def is_classical(s: Scored, task: str) -> bool:
    """A classical model (trained on the user's rows), not a foundation model."""
    return s.option.strategy is Strategy.classical_training or task in (Task.tabular_classification,
                                                                        Task.tabular_regression)


def is_multilingual(languages: list[str]) -> bool:
    """More than one language, or one that is not English."""
    return len(languages) > 1 or languages != ["en"]


def _inference(g: Guidance, task: str, agent: bool, classical: bool) -> str:
    if classical:
        return "Inference: " + g.classical.inference
    notes = g.inference_parameters
    if task == Task.embedding:
        return f"Inference: {notes['embedding_note']}"
    raw = notes.get(task, notes["default"])
    p = raw if isinstance(raw, InferenceParameters) else notes["default"]
    assert isinstance(p, InferenceParameters)
    if p.temperature is None:
        return f"Inference parameters: {p.reason}."
    t, reason = p.temperature, p.reason
    if agent and t > g.agent.temperature.value:
        t, reason = g.agent.temperature.value, g.agent.temperature.rationale
    top_p = "" if p.top_p is None else (", top-p left at 1" if p.top_p == 1 else f", top-p {_num(p.top_p)}")
    return (f"Inference parameters to start from: temperature {_num(t)}{top_p} — {reason.rstrip('.')}. "
            f"{notes['sampling_note']} {notes['max_tokens_note']}")


def _agent(g: Guidance, s: Scored, w: Workload | None) -> str:
    a, ref = g.agent, load_reference()
    calls = 1 + ref.number("agents.steps_per_request")
    cap = math.ceil(a.call_cap_factor.value * calls)
    actions = ", ".join(a.irreversible_actions)
    text = (f"Agent safeguards ({g.risks['agents']}): " + "; ".join(a.safeguards) +
            f"; human confirmation for irreversible actions ({actions}): the agent proposes the exact action and "
            "a person approves it before it runs (OWASP LLM06); "
            f"a step cap of {cap} model calls per request ({_num(a.call_cap_factor.value)}× the {_num(calls)} planned)")
    o = s.option
    requests = w.requests_per_month if w is not None else 0
    if o.hosting.managed and requests > 0:
        per_request = o.cost.monthly_usd / requests
        text += (f" and a spend cap of {_money(a.spend_cap_factor.value * per_request)} per request "
                 f"({_num(a.spend_cap_factor.value)}× the expected {_money(per_request)}), with an alert when the "
                 f"month passes {_money(a.spend_cap_factor.value * o.cost.monthly_usd)} (OWASP LLM10)")
    else:
        text += " (the cap bounds GPU time; spend is the fixed cost of the deployment) (OWASP LLM10)"
    return text + "."


def _classical_checks(g: Guidance, task: str) -> str:
    c = g.classical
    di = _num(c.disparate_impact_min.value)
    checks = {**c.checks, **(c.regression_checks if task == Task.tabular_regression else {})}
    return "Checks before use: " + "; ".join(f"{k.replace('_', ' ')} — {v.format(disparate_impact_min=di)}"
                                             for k, v in checks.items()) + "."


def _risks(g: Guidance, s: Scored, task: str, agent: bool) -> str:
    o = s.option
    risks = {k: v for k, v in g.risks.items() if k != "agents"}
    if task == Task.embedding:
        risks = {"data_exposure": g.risks["data_exposure"], "access_control": g.rag.risks["access_control"]}
    if o.strategy.retrieves:
        risks = {**risks, **g.rag.risks}
    if o.strategy.fine_tunes or o.strategy.pretrains:
        risks = {**risks, **g.fine_tuning.risks}
    if agent:
        risks["excessive_agency"] = ("tools and autonomy beyond what the task needs (OWASP LLM06): "
                                     "see the agent safeguards")
    text = "Risks and guardrails: " + "; ".join(f"{k.replace('_', ' ')} — {v}" for k, v in risks.items()) + "."
    if task == Task.embedding:
        return text  # no generated text to filter
    guards = list(g.guardrails) + (list(g.rag.guardrails) if o.strategy.retrieves else [])
    return text + " Guardrails: " + "; ".join(guards) + "."


def _plan(g: Guidance, s: Scored, w: Workload | None, task: str, agent: bool,
          classical: bool) -> tuple[str, str, Acceptance]:
    """The plan's bullet (what to measure) and its acceptance bullet (the bar and the test-set size)."""
    o, ev = s.option, g.evaluation
    languages = list(w.languages) if w is not None else ["en"]
    uncertainty = getattr(load_reference().scoring.quality.uncertainty, o.quality_level.value)
    acc = acceptance(task, o.quality, w.min_quality if w is not None else 0.0, float(uncertainty),
                     len(languages) if is_multilingual(languages) else 1, ev.acceptance)
    parts = [f"metrics {', '.join(ev.metrics.get(task, ['task success rate', 'human review']))}"]
    if o.strategy.retrieves:
        parts += g.rag.evaluation
    if agent:
        parts += g.agent.evaluation
    if classical:
        which = "regression" if task == Task.tabular_regression else "classification"
        di = _num(g.classical.disparate_impact_min.value)
        parts.append(g.classical.evaluation[which].format(disparate_impact_min=di))
    elif task not in (Task.embedding, Task.image_generation):
        parts.append(f"benchmarks for context only: {', '.join(ev.benchmarks)}")
    size = f"{acc.examples:,} examples"
    if acc.per_class is not None:
        size += f" ({acc.per_class:,} of each class)"
    if acc.languages > 1:
        size += f" per language, {acc.total_examples:,} for the {acc.languages} languages"
    bar = (f"Acceptance: {acc.metric} ≥ {acc.threshold:.2f} ({acc.basis}) on a labelled test set of at least {size}, "
           f"sized so that the {acc.confidence:.0%} interval at the bar is ±{_num(acc.half_width)}: "
           f"{FORMULAS[acc.kind]}, with z = {_z(acc.confidence)}, {_SYMBOL[acc.kind]} = {acc.threshold:.2f}, "
           f"m = {_num(acc.half_width)}; "
           f"{ev.acceptance.human_review}. {ev.acceptance.caveat}")
    return "Evaluation plan: " + "; ".join(parts) + ".", bar, acc


def _z(confidence: float) -> str:
    from selector.report.acceptance import z_value

    return f"{z_value(confidence):.2f}"


def workload_guidance(s: Scored, w: Workload | None, g: Guidance | None = None) -> tuple[str, ...]:
    """The guidance bullets for one choice, in reading order."""
    g = g or load_reference().guidance
    o = s.option
    task = str(w.task) if w is not None else "default"
    agent = bool(w is not None and w.multi_step_actions)
    classical = is_classical(s, task)
    items = [_inference(g, task, agent, classical)]
    if not classical and task not in _NO_SAMPLING and task != Task.image_generation:
        tech = g.prompting.techniques
        items.append("Prompt: " + "; ".join(f"{k.replace('_', '-')}: {v}" for k, v in tech.items()) +
                     ". Template sketch: [instruction] [context] [input data] [output indicator].")
    if o.strategy.retrieves:
        items.append("RAG plan: " + "; ".join(g.rag.plan) + ".")
    if o.strategy.fine_tunes or o.strategy.pretrains:
        items.append("Data preparation: " + "; ".join(g.fine_tuning.data_preparation) + ".")
        if o.candidate.method in g.fine_tuning.methods:
            items.append(f"Method ({o.candidate.method}): {g.fine_tuning.methods[str(o.candidate.method)]}.")
    if agent:
        items.append(_agent(g, s, w))
    if classical:
        items.append(_classical_checks(g, task))
    else:
        items.append(_risks(g, s, task, agent))
    languages = list(w.languages) if w is not None else ["en"]
    if is_multilingual(languages):
        text = f"Languages ({', '.join(languages)}): {g.multilingual.evaluation}"
        items.append(text + ("." if classical else f"; {g.multilingual.guardrails}."))
    plan, bar, _ = _plan(g, s, w, task, agent, classical)
    items += [plan, bar]
    return tuple(items)


_CITES = {
    "llm": ("owasp-llm01", "bedrock-guardrails"),
    "rag": ("owasp-llm01", "owasp-llm04", "owasp-llm08", "bedrock-guardrails"),
    "training": ("owasp-llm04",), "agent": ("openai-sampling", "owasp-llm06", "owasp-llm10"),
    "classical": ("niculescu-mizil-2005", "eeoc-four-fifths"), "multilingual": ("bedrock-guardrails-languages",),
    "proportion": ("wilson-1927",), "bounded_mean": ("wilson-1927", "bhatia-davis-2000"),
    "auroc": ("wilson-1927", "hanley-mcneil-1982"), "r2": ("wilson-1927", "olkin-finn-1995"),
}
"""Which ``guidance.yaml`` sources each part of the guidance rests on (a test checks every id is listed)."""


def cited_sources(s: Scored, w: Workload | None, g: Guidance) -> list[str]:
    """The source ids behind the bullets :func:`workload_guidance` gives this choice, in first-cited order."""
    o = s.option
    task = str(w.task) if w is not None else "default"
    classical = is_classical(s, task)
    ids: list[str] = ["aws-skill-builder"]
    if classical:
        ids += _CITES["classical"] if task != Task.tabular_regression else ()
    elif task == Task.embedding:
        ids.append("owasp-llm08")
    else:
        raw = g.inference_parameters.get(task)
        if isinstance(raw, InferenceParameters):
            ids += raw.source
        ids += _CITES["llm"]
        if o.strategy.retrieves:
            ids += _CITES["rag"]
        if o.strategy.fine_tunes or o.strategy.pretrains:
            ids += _CITES["training"]
        if w is not None and w.multi_step_actions:
            ids += _CITES["agent"]
        if w is not None and is_multilingual(list(w.languages)):
            ids += _CITES["multilingual"]
    kind = g.evaluation.acceptance.metric.get(task)
    ids += _CITES[kind.kind if kind else "proportion"]
    return list(dict.fromkeys(ids))
