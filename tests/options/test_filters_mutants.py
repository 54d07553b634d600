"""selector.options.filters rule by rule, on catalog profiles altered one field at a time: the code each
reason carries and its exact wording (both are printed in the report's exclusions)."""

from __future__ import annotations

import datetime as dt

from selector.options import filters
from selector.options.reasons import Reason
from selector.requirements import parse_requirements
from selector.vocab import EvidenceGrade, Hosting, ReasonCode

TODAY = dt.date(2026, 12, 2)


def _req(extra: str = "", task: str = "chat", top: str = ""):
    return parse_requirements(f"{top}task: {task}\nrequests_per_month: 1000\n" + extra)


def _w(extra: str = "", task: str = "chat"):
    return _req(extra, task).workloads[0]


def _llm(catalog, **update):
    """gpt-4o-mini (an on-demand LLM: text and image in, text out, tool calling, opaque) with fields replaced."""
    return catalog.get("gpt-4o-mini").model_copy(update=update)


def test_kind_rule_wording(catalog):
    assert filters.kind_rule(_w(), catalog.get("text-embedding-3-small"), _req(), TODAY) == [
        Reason(ReasonCode.task, "is an embedding model; task chat needs llm")]
    assert filters.kind_rule(_w(task="embedding"), _llm(catalog), _req(task="embedding"), TODAY) == [
        Reason(ReasonCode.task, "is a llm model; task embedding needs embedding")]
    assert filters.kind_rule(_w(), _llm(catalog), _req(), TODAY) == []


def test_modality_rule_names_every_missing_modality(catalog):
    text_only = _llm(catalog, input_modalities=["text"], output_modalities=["text"])
    w = _w("input_modalities: [text, image, audio]\noutput_modalities: [image, audio]\n")
    assert filters.modality_rule(w, text_only, _req(), TODAY) == [
        Reason(ReasonCode.modalities, "does not read image, audio"),
        Reason(ReasonCode.modalities, "does not produce image, audio")]
    # a text model writes a label or a number
    assert filters.modality_rule(_w("output_modalities: [label, number]\n"), text_only, _req(), TODAY) == []
    no_text_out = _llm(catalog, output_modalities=["image"])
    assert filters.modality_rule(_w("output_modalities: [label]\n"), no_text_out, _req(), TODAY) == [
        Reason(ReasonCode.modalities, "does not produce label")]


def test_language_rule_and_unverified_languages(catalog):
    w = _w("languages: [en, ja, ko]\n")
    assert filters.language_rule(w, _llm(catalog, languages=["en"]), _req(), TODAY) == [
        Reason(ReasonCode.languages, "lacks language ja, ko")]
    tabular = catalog.get("logistic-regression").model_copy(update={"languages": ["en"]})
    assert filters.language_rule(w, tabular, _req(), TODAY) == []  # tabular models read numbers
    assert filters.unverified_languages(w, catalog.get("logistic-regression").model_copy(
        update={"languages": None})) == ()
    assert filters.unverified_languages(w, _llm(catalog, languages=None)) == ("ja", "ko")


def test_context_rule(catalog):
    r = _req("min_context_tokens: 200000\n")
    w = r.workloads[0]
    assert filters.context_rule(w, _llm(catalog, context_window=None), r, TODAY) == [
        Reason(ReasonCode.min_context_tokens, "context window unknown; 200,000 tokens required")]
    assert filters.context_rule(w, _llm(catalog, context_window=128000), r, TODAY) == [
        Reason(ReasonCode.min_context_tokens, "context window 128,000 < 200,000 tokens required")]
    assert filters.context_rule(w, _llm(catalog, context_window=200000), r, TODAY) == []  # exactly enough
    tabular = catalog.get("logistic-regression").model_copy(update={"context_window": None})
    assert filters.context_rule(w, tabular, r, TODAY) == []


def test_open_weights_interpretability_and_agent_rules(catalog):
    r = _req("open_weights_required: true\ninterpretability: interpretable\nmulti_step_actions: true\n")
    w = r.workloads[0]
    p = _llm(catalog, open_weights=False, interpretability="opaque", tool_calling=False)
    assert filters.open_weights_rule(w, p, r, TODAY) == [
        Reason(ReasonCode.open_weights_required, "weights are not open (open_weights_required)")]
    assert filters.interpretability_rule(w, p, r, TODAY) == [
        Reason(ReasonCode.interpretability,
               "not interpretable (opaque); 'interpretable' rules out foundation models")]
    assert filters.agent_rule(w, p, r, TODAY) == [
        Reason(ReasonCode.multi_step_actions, "no tool calling; multi-step actions need an agent that calls tools")]


def test_offered_hostings_include_the_customisation_offers(catalog):
    titan = catalog.get("amazon.titan-text-express-v1")  # fine-tuned and pretrained copies on provisioned throughput
    assert titan.fine_tuning.serving == "provisioned_throughput"
    api_only = titan.model_copy(update={"hosting": ["on_demand_api"]})
    assert filters._offered_hostings(api_only) == {Hosting.on_demand_api, Hosting.provisioned_throughput}
    ft_only = api_only.model_copy(update={"continued_pretraining": None})
    assert filters._offered_hostings(ft_only) == {Hosting.on_demand_api, Hosting.provisioned_throughput}
    unserved = ft_only.model_copy(update={"fine_tuning": titan.fine_tuning.model_copy(update={"serving": None})})
    assert filters._offered_hostings(unserved) == {Hosting.on_demand_api}
    assert filters._offered_hostings(_llm(catalog, hosting=None, fine_tuning=None)) == set()


def test_allowed_hosting_rule_wording(catalog):
    r = _req("allowed_hosting: [self_hosted_gpu, self_hosted_cpu]\n")
    w = r.workloads[0]
    titan = catalog.get("amazon.titan-text-express-v1")
    assert filters.allowed_hosting_rule(w, titan, r, TODAY) == [Reason(
        ReasonCode.allowed_hosting, "served only on on_demand_api, provisioned_throughput; allowed_hosting is "
                                    "self_hosted_gpu, self_hosted_cpu")]
    nowhere = _llm(catalog, hosting=None, fine_tuning=None)
    assert filters.allowed_hosting_rule(w, nowhere, r, TODAY) == [Reason(
        ReasonCode.allowed_hosting, "served only on no hosting; allowed_hosting is self_hosted_gpu, self_hosted_cpu")]
    # a provisioned-throughput copy is enough for allowed_hosting [provisioned_throughput]
    pt = _req("allowed_hosting: [provisioned_throughput]\n")
    api_only = titan.model_copy(update={"hosting": ["on_demand_api"]})
    assert filters.allowed_hosting_rule(pt.workloads[0], api_only, pt, TODAY) == []


def _region_req(region: str | None = "eu-west-1"):
    return _req(top=f"region: {region}\n" if region else "")


def _region(catalog, p, region: str | None = "eu-west-1"):
    r = _region_req(region)
    return filters.region_rule(r.workloads[0], p, r, TODAY)


def test_region_rule_wording(catalog):
    unpinned = _llm(catalog, region_pinned=False, regions=[])
    assert _region(catalog, unpinned) == [Reason(
        ReasonCode.region, "the provider's API is not pinned to a region, so eu-west-1 cannot be guaranteed")]
    unknown = _llm(catalog, region_pinned=None, regions=None)
    assert _region(catalog, unknown) == [Reason(
        ReasonCode.region, "no region data for this profile, so eu-west-1 cannot be confirmed", EvidenceGrade.unknown)]
    five = ["us-east-1", "us-east-2", "us-west-2", "ap-south-1", "ca-central-1"]
    pinned = _llm(catalog, region_pinned=True, regions=five)
    assert _region(catalog, pinned) == [Reason(
        ReasonCode.region, "not offered in eu-west-1 (offered in us-east-1, us-east-2, us-west-2, ap-south-1, "
                           "ca-central-1)")]
    six = _llm(catalog, region_pinned=True, regions=[*five, "sa-east-1"])  # the first five, then an ellipsis
    assert _region(catalog, six) == [Reason(
        ReasonCode.region, "not offered in eu-west-1 (offered in us-east-1, us-east-2, us-west-2, ap-south-1, "
                           "ca-central-1, …)")]


def test_region_rule_passes(catalog):
    assert _region(catalog, _llm(catalog, region_pinned=True, regions=["us-east-1", "eu-west-1"])) == []
    assert _region(catalog, _llm(catalog, region_pinned=None, regions=[])) == []  # [] and not unpinned: no list
    assert _region(catalog, _llm(catalog, region_pinned=False, regions=[]), region=None) == []
    tabular = catalog.get("logistic-regression").model_copy(update={"regions": None, "region_pinned": None})
    assert _region(catalog, tabular) == []  # classical models run where the user deploys them
    own_gpu = _llm(catalog, hosting=["self_hosted_gpu"], open_weights=True, regions=None, region_pinned=None)
    assert _region(catalog, own_gpu) == []


def test_region_rule_needs_both_self_hosting_and_open_weights(catalog):
    unknown = Reason(ReasonCode.region, "no region data for this profile, so eu-west-1 cannot be confirmed",
                     EvidenceGrade.unknown)
    closed_gpu = _llm(catalog, hosting=["self_hosted_gpu"], open_weights=False, regions=None, region_pinned=None)
    assert _region(catalog, closed_gpu) == [unknown]
    open_api = _llm(catalog, hosting=["on_demand_api"], open_weights=True, regions=None, region_pinned=None)
    assert _region(catalog, open_api) == [unknown]


def test_lifecycle_rule(catalog):
    r = _req()
    w = r.workloads[0]
    today_retired = _llm(catalog, deprecation_date=TODAY, successor="gpt-5-mini")
    assert filters.lifecycle_rule(w, today_retired, r, TODAY) == [Reason(
        ReasonCode.lifecycle, "retired on 2026-12-02; the vendor names gpt-5-mini as its successor")]
    no_successor = _llm(catalog, deprecation_date=dt.date(2026, 1, 31), successor=None)
    assert filters.lifecycle_rule(w, no_successor, r, TODAY) == [
        Reason(ReasonCode.lifecycle, "retired on 2026-01-31")]
    assert filters.lifecycle_rule(w, _llm(catalog, deprecation_date=dt.date(2026, 12, 3)), r, TODAY) == []


def test_lifecycle_note_counts_whole_months_within_the_horizon(catalog):
    r = _req(top="horizon_months: 12\n")

    def note(day: dt.date, successor: str | None = None):
        return filters.lifecycle_note(_llm(catalog, deprecation_date=day, successor=successor), r, TODAY)

    # 2027-11 from 2026-12: (2027 - 2026) * 12 + (11 - 12) = 11 months < 12
    assert note(dt.date(2027, 11, 15), "gpt-5-mini") == (
        "gpt-4o-mini retires on 2027-11-15, within the 12-month horizon (successor named by the vendor: gpt-5-mini)")
    assert note(dt.date(2027, 1, 5)) == "gpt-4o-mini retires on 2027-01-05, within the 12-month horizon"  # 1 month
    assert note(dt.date(2026, 12, 20)) is None  # 0 months: the same month is not "within" (lifecycle_rule's day)
    assert note(dt.date(2027, 12, 5)) is None  # 12 months: at the horizon, not within it
    assert filters.lifecycle_note(_llm(catalog, deprecation_date=None), r, TODAY) is None


def test_rules_read_optional_fields_defensively():
    """A profile-like object without the optional fields (a duck-typed profile from a --catalog plugin) reads
    them as absent: no successor, an unknown pinning, an offer with no serving of its own."""
    from types import SimpleNamespace

    bare = SimpleNamespace(id="m-x", kind="llm", hosting=["on_demand_api"], open_weights=False, regions=None,
                           deprecation_date=dt.date(2027, 3, 1), fine_tuning=SimpleNamespace(),
                           continued_pretraining=None)
    r = _req(top="horizon_months: 12\n")
    assert filters.lifecycle_note(bare, r, TODAY) == "m-x retires on 2027-03-01, within the 12-month horizon"
    assert filters.lifecycle_rule(r.workloads[0], bare, r, dt.date(2027, 3, 1)) == [
        Reason(ReasonCode.lifecycle, "retired on 2027-03-01")]
    assert filters.region_rule(r.workloads[0], bare, _region_req(), TODAY) == [Reason(
        ReasonCode.region, "no region data for this profile, so eu-west-1 cannot be confirmed", EvidenceGrade.unknown)]
    assert filters._offered_hostings(bare) == {Hosting.on_demand_api}
