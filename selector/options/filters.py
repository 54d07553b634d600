"""Model-level feasibility: does a profile qualify for a workload at all? (docs/decision.md)

Each rule returns the reasons a profile is out (:class:`~selector.options.reasons.Reason`, coded by the
requirement field it enforces); an empty list means it qualifies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from selector.catalog.profile_types import ModelProfile
from selector.options.reasons import Reason
from selector.requirements.models import Requirements, Workload
from selector.vocab import EvidenceGrade, Hosting, ReasonCode, Task, member

Rule = Callable[[Workload, ModelProfile, Requirements, dt.date], list[Reason]]

# An LLM that writes text can emit a label or a number.
TEXT_COVERS = {"label", "number"}


def kind_rule(w: Workload, p: ModelProfile, req: Requirements, today: dt.date) -> list[Reason]:
    kinds = member(Task, w.task).kinds
    if p.kind not in kinds:
        article = "an" if p.kind[0] in "aeiou" else "a"
        needs = " or ".join(sorted(kinds))
        return [Reason(ReasonCode.task, f"is {article} {p.kind} model; task {w.task} needs {needs}")]
    return []


def modality_rule(w: Workload, p: ModelProfile, req: Requirements, today: dt.date) -> list[Reason]:
    reasons: list[Reason] = []
    missing_in = [str(m) for m in w.input_modalities if str(m) not in p.input_modalities]
    if missing_in:
        reasons.append(Reason(ReasonCode.modalities, f"does not read {', '.join(missing_in)}"))
    outs: set[str] = set(p.output_modalities)
    if "text" in outs:
        outs |= TEXT_COVERS
    missing_out = [str(m) for m in w.output_modalities if str(m) not in outs]
    if missing_out:
        reasons.append(Reason(ReasonCode.modalities, f"does not produce {', '.join(missing_out)}"))
    return reasons


def language_rule(w: Workload, p: ModelProfile, req: Requirements, today: dt.date) -> list[Reason]:
    if p.kind == "classical":  # tabular models read numbers, not language
        return []
    if p.languages is None:  # no published list: unknown, not English only (kept, flagged, discounted)
        return []
    missing = [lang for lang in w.languages if lang not in p.languages]
    if not missing:
        return []
    return [Reason(ReasonCode.languages, f"lacks language {', '.join(missing)}")]


def unverified_languages(w: Workload, p: ModelProfile) -> tuple[str, ...]:
    """The workload's languages a profile without a published list may or may not serve (English is
    assumed: every vendor documents its models in English)."""
    if p.kind == "classical" or p.languages is not None:
        return ()
    return tuple(lang for lang in w.languages if lang != "en")


def context_rule(w: Workload, p: ModelProfile, req: Requirements, today: dt.date) -> list[Reason]:
    if w.min_context_tokens is None or p.kind == "classical":
        return []
    if p.context_window is None:
        return [Reason(ReasonCode.min_context_tokens,
                       f"context window unknown; {w.min_context_tokens:,.0f} tokens required")]
    if p.context_window < w.min_context_tokens:
        return [Reason(ReasonCode.min_context_tokens,
                       f"context window {p.context_window:,} < {w.min_context_tokens:,.0f} tokens required")]
    return []


def open_weights_rule(w: Workload, p: ModelProfile, req: Requirements, today: dt.date) -> list[Reason]:
    if w.open_weights_required and not p.open_weights:
        return [Reason(ReasonCode.open_weights_required, "weights are not open (open_weights_required)")]
    return []


def _offered_hostings(p: ModelProfile) -> set[Hosting]:
    """Every hosting an option of this profile can be served on: its own and its customisation offers'."""
    out = {Hosting(h) for h in p.hosting or ()}
    for offer in (p.fine_tuning, p.continued_pretraining):
        serving = getattr(offer, "serving", None) if offer is not None else None
        if serving is not None:
            out.add(Hosting(serving))
    return out


def allowed_hosting_rule(w: Workload, p: ModelProfile, req: Requirements, today: dt.date) -> list[Reason]:
    """``allowed_hosting``: a profile none of whose options can run on an allowed hosting is out (options
    on a disallowed hosting of a profile that has an allowed one are dropped per option, in build)."""
    if w.allowed_hosting is None:
        return []
    offered = _offered_hostings(p)
    if offered & set(w.allowed_hosting):
        return []
    shown = ", ".join(sorted(offered)) or "no hosting"
    return [Reason(ReasonCode.allowed_hosting, f"served only on {shown}; allowed_hosting is "
                                               f"{', '.join(w.allowed_hosting)}")]


def hosting_allowed(w: Workload, hosting: Hosting) -> bool:
    """Whether an option on ``hosting`` meets the workload's ``allowed_hosting`` (none: every hosting)."""
    return w.allowed_hosting is None or Hosting(hosting) in w.allowed_hosting


def allowed_providers_rule(w: Workload, p: ModelProfile, req: Requirements, today: dt.date) -> list[Reason]:
    if w.allowed_providers is None or p.provider in w.allowed_providers:
        return []
    return [Reason(ReasonCode.allowed_providers, f"served by {p.provider}; allowed_providers is "
                                                 f"{', '.join(w.allowed_providers)}")]


def interpretability_rule(w: Workload, p: ModelProfile, req: Requirements, today: dt.date) -> list[Reason]:
    need = str(w.interpretability)
    if need == "interpretable" and p.interpretability != "interpretable":
        return [Reason(ReasonCode.interpretability,
                       f"not interpretable ({p.interpretability}); 'interpretable' rules out foundation models")]
    return []


def agent_rule(w: Workload, p: ModelProfile, req: Requirements, today: dt.date) -> list[Reason]:
    if w.multi_step_actions and not p.tool_calling:
        return [Reason(ReasonCode.multi_step_actions,
                       "no tool calling; multi-step actions need an agent that calls tools")]
    return []


def region_rule(w: Workload, p: ModelProfile, req: Requirements, today: dt.date) -> list[Reason]:
    if not req.region or p.kind == "classical" or (Hosting.self_hosted_gpu in (p.hosting or []) and p.open_weights):
        return []  # self-hosted models and classical models run wherever the user deploys them
    if getattr(p, "region_pinned", None) is False:
        return [Reason(ReasonCode.region, f"the provider's API is not pinned to a region, so {req.region} "
                                          "cannot be guaranteed")]
    if p.regions is None:  # data residency is a hard requirement: an unconfirmed region cannot satisfy it
        return [Reason(ReasonCode.region, f"no region data for this profile, so {req.region} cannot be confirmed",
                       EvidenceGrade.unknown)]
    if p.regions and req.region not in p.regions:
        shown = ", ".join(p.regions[:5]) + (", …" if len(p.regions) > 5 else "")
        return [Reason(ReasonCode.region, f"not offered in {req.region} (offered in {shown})")]
    return []


def lifecycle_rule(w: Workload, p: ModelProfile, req: Requirements, today: dt.date) -> list[Reason]:
    if p.deprecation_date is not None and p.deprecation_date <= today:
        successor = getattr(p, "successor", None)
        then = f"; the vendor names {successor} as its successor" if successor else ""
        return [Reason(ReasonCode.lifecycle, f"retired on {p.deprecation_date.isoformat()}{then}")]
    return []


RULES: tuple[Rule, ...] = (
    kind_rule, modality_rule, language_rule, context_rule, open_weights_rule, allowed_hosting_rule,
    allowed_providers_rule,
    interpretability_rule, agent_rule, region_rule, lifecycle_rule,
)


# What RULES read of a workload, and of the requirements only the region (tested against their source): the
# build shares a profile's reasons between workloads alike in these (selector.options.build).
READ_FIELDS = ("task", "input_modalities", "output_modalities", "languages", "min_context_tokens",
               "open_weights_required", "allowed_hosting", "allowed_providers", "interpretability",
               "multi_step_actions")


def read_fields(w: Workload) -> tuple[Any, ...]:
    """:data:`READ_FIELDS` of ``w`` (lists as tuples): workloads equal in this get the same reasons."""
    return tuple(tuple(map(str, v)) if isinstance(v, list) else v for v in (getattr(w, f) for f in READ_FIELDS))


def exclusion_reasons(w: Workload, p: ModelProfile, req: Requirements, today: dt.date) -> list[Reason]:
    """All reasons a profile cannot serve a workload (empty: it qualifies at model level)."""
    reasons: list[Reason] = []
    for rule in RULES:
        reasons.extend(rule(w, p, req, today))
    return reasons


def lifecycle_note(p: ModelProfile, req: Requirements, today: dt.date) -> str | None:
    """A warning when the model retires before the horizon ends."""
    if p.deprecation_date is None:
        return None
    months = (p.deprecation_date.year - today.year) * 12 + (p.deprecation_date.month - today.month)
    if 0 < months < req.horizon_months:
        successor = getattr(p, "successor", None)
        then = f" (successor named by the vendor: {successor})" if successor else ""
        return (f"{p.id} retires on {p.deprecation_date.isoformat()}, within the {req.horizon_months}-month "
                f"horizon{then}")
    return None
