"""Feasibility rules (domain.md §1–2) on real catalog profiles: every exclusion has a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from selector.options.filters import exclusion_reasons, lifecycle_note, unverified_languages
from selector.options.quality import base_quality, option_quality
from selector.options.strategies import candidates
from selector.requirements import parse_requirements

from tests.fixtures.frozen import frozen_catalog

TODAY = dt.date(2026, 11, 26)


def req(text: str):
    return parse_requirements(text)


def reasons(catalog, model_id: str, text: str):
    r = req(text)
    return [str(x) for x in exclusion_reasons(r.workloads[0], catalog.get(model_id), r, TODAY)]


def test_language_rule_uses_vendor_lists(catalog):
    text = "task: chat\nrequests_per_month: 1\nlanguages: [ja]\n"
    assert reasons(catalog, "claude-haiku-4-5", text) == []  # Anthropic lists ja
    out = reasons(catalog, "meta.llama3-1-8b-instruct-v1:0", text)
    assert out == ["lacks language ja"]
    assert reasons(catalog, "gpt-4o-mini", text) == []  # OpenAI's MMMLU table lists ja
    unlisted = catalog.get("mistral-medium-latest")  # Mistral Medium 3.5: no published list
    assert unlisted.languages is None
    r = req(text)
    assert exclusion_reasons(r.workloads[0], unlisted, r, TODAY) == []  # unknown is kept, not English only
    assert unverified_languages(r.workloads[0], unlisted) == ("ja",)
    assert unverified_languages(r.workloads[0], catalog.get("claude-haiku-4-5")) == ()


def test_modality_and_kind(catalog):
    text = "task: image_understanding\nrequests_per_month: 1\n"
    assert any("does not read image" in r for r in reasons(catalog, "meta.llama3-1-8b-instruct-v1:0", text))
    assert reasons(catalog, "amazon.nova-lite-v1:0", text) == []
    assert any("task embedding needs embedding" in r
               for r in reasons(catalog, "gpt-4o-mini", "task: embedding\nrequests_per_month: 1\n"))


def test_interpretable_rules_out_foundation_models(catalog):
    text = "task: tabular_classification\nrequests_per_month: 1\ninterpretability: interpretable\n"
    assert reasons(catalog, "logistic-regression", text) == []
    assert any("not interpretable" in r for r in reasons(catalog, "gradient-boosting-shap", text))
    explainable = text.replace("interpretable\n", "explainable\n")
    assert reasons(catalog, "gradient-boosting-shap", explainable) == []


def test_agents_need_tool_calling(catalog):
    text = "task: chat\nrequests_per_month: 1\nmulti_step_actions: true\n"
    assert any("tool calling" in r for r in reasons(catalog, "amazon.titan-text-express-v1", text))
    assert reasons(catalog, "amazon.nova-pro-v1:0", text) == []


def test_open_weights_context_and_retirement(catalog):
    assert reasons(catalog, "gpt-4o", "task: chat\nrequests_per_month: 1\nopen_weights_required: true\n")
    assert reasons(catalog, "meta.llama3-1-70b-instruct-v1:0",
                   "task: chat\nrequests_per_month: 1\nopen_weights_required: true\n") == []
    out = reasons(catalog, "meta.llama3-8b-instruct-v1:0", "task: chat\nrequests_per_month: 1\nmin_context_tokens: 32000\n")
    assert out == ["context window 8,192 < 32,000 tokens required"]
    retired = reasons(catalog, "amazon.nova-canvas-v1:0", "task: image_generation\nrequests_per_month: 1\n")
    assert retired == ["retired on 2026-09-30"]


def test_lifecycle_note_within_horizon(catalog):
    r = req("task: chat\nrequests_per_month: 1\nhorizon_months: 24\n")
    note = lifecycle_note(catalog.get("meta.llama3-8b-instruct-v1:0"), r, TODAY)
    assert note and "2027-03-30" in note


def test_knowledge_corpus_requires_rag(catalog):
    r = req("task: question_answering\nrequests_per_month: 1\nknowledge: {corpus_tokens: 1000000, update_frequency: daily}\n")
    cands, skipped = candidates(r.workloads[0], catalog.get("gpt-4o-mini"), 20)
    assert {c.strategy for c in cands} == {"rag"}  # no labels → no rag_fine_tuning either
    assert "retrieval" in skipped["prompt_engineering"].message


def test_no_labels_no_fine_tuning_unless_labelling_budgeted(catalog):
    base = "task: extraction\nrequests_per_month: 1\n"
    model = catalog.get("amazon.titan-text-express-v1")
    r = req(base)
    cands, skipped = candidates(r.workloads[0], model, 20)
    assert "fine_tuning" not in {c.strategy for c in cands} and "labelled" in skipped["fine_tuning"].message
    r = req(base + "budget: {one_off_usd: 10000}\n")  # a one-off budget alone buys no labels (domain.md §2)
    cands, skipped = candidates(r.workloads[0], model, 20)
    assert "fine_tuning" not in {c.strategy for c in cands}
    assert skipped["fine_tuning"].code == "data" and "labelling_budget_usd" in skipped["fine_tuning"].message
    r = req(base + "budget: {one_off_usd: 10000}\ndata: {labelling_budget_usd: 500}\n")
    cands, _ = candidates(r.workloads[0], model, 20)
    assert "fine_tuning" in {c.strategy for c in cands}


def test_offer_closed_to_new_users_is_skipped_with_reason(catalog):
    r = req("task: extraction\nrequests_per_month: 1\ndata: {labelled_examples: 500}\n")
    cands, skipped = candidates(r.workloads[0], catalog.get("gpt-4o-mini"), 20)
    assert "fine_tuning" not in {c.strategy for c in cands}
    assert "no longer accepts new users" in skipped["fine_tuning"].message
    reopened = catalog.get("gpt-4o-mini")
    reopened = reopened.model_copy(update={"fine_tuning": reopened.fine_tuning.model_copy(
        update={"open_to_new_users": True})})
    cands, _ = candidates(r.workloads[0], reopened, 20)
    assert "fine_tuning" in {c.strategy for c in cands}


def test_self_hosted_fine_tuning_methods(catalog):
    r = req("task: extraction\nrequests_per_month: 1\ndata: {labelled_examples: 2000}\n")
    cands, _ = candidates(r.workloads[0], catalog.get("meta-llama/Llama-3.1-8B-Instruct"), 20)
    ft = {(c.strategy, c.method, c.hosting) for c in cands if c.strategy == "fine_tuning"}
    assert ft == {("fine_tuning", "lora", "self_hosted_gpu"), ("fine_tuning", "full", "self_hosted_gpu")}


def test_continued_pretraining_and_pretraining_gates(catalog):
    model = catalog.get("meta-llama/Llama-3.2-1B-Instruct")  # 1.23B params → ~24.6B tokens for pretraining
    low = req("task: extraction\nrequests_per_month: 1\ndata: {domain_corpus_tokens: 1.0e9}\n")
    _, skipped = candidates(low.workloads[0], model, 20)
    assert "domain_specificity is low" in skipped["continued_pretraining"].message
    high = req("task: extraction\nrequests_per_month: 1\ndomain_specificity: high\ndata: {domain_corpus_tokens: 1.0e9}\n")
    cands, skipped = candidates(high.workloads[0], model, 20)
    assert "continued_pretraining" in {c.strategy for c in cands}
    assert "Chinchilla" in skipped["pretraining"].message
    big = req("task: extraction\nrequests_per_month: 1\ndomain_specificity: high\ndata: {domain_corpus_tokens: 3.0e10}\n")
    cands, _ = candidates(big.workloads[0], model, 20)
    assert "pretraining" in {c.strategy for c in cands}


def test_quality_family_chain_and_strategy_effects(catalog):
    """gpt-4o-mini in the frozen fixture catalog (tests/fixtures/catalog): chat reads the LMArena text score 1288
    (quantile 0.6642), code HumanEval 87.2 → 0.872, question answering MMLU 82.0 → 0.82; RAG adds 5 points
    (Balaguer et al. 2024, arXiv 2401.08406), fine-tuning for a strict style 6, both 11, each on the headroom
    left → 0.838, 0.8416, 0.8596. (Replaces expectations recomputed with base_quality itself.)"""
    p = frozen_catalog().get("gpt-4o-mini")
    chat = base_quality("chat", p)
    assert (chat.value, chat.level, chat.estimated) == (0.6642, "measured", False)
    assert base_quality("code", p).value == 0.872
    assert base_quality("question_answering", p).value == 0.82
    r = req("task: question_answering\nrequests_per_month: 1\nknowledge: {corpus_tokens: 1000}\n"
            "style_consistency: high\ndata: {labelled_examples: 2000}\n")
    assert option_quality(r.workloads[0], p, "prompt_engineering").value == pytest.approx(0.82)
    q_rag = option_quality(r.workloads[0], p, "rag")
    # Strategy points are read at a base of 0.5 and scaled to the headroom left (strategy_effects.yaml
    # headroom.reference_base): gain = points x (1 - 0.82) / (1 - 0.5) = points x 0.36.
    assert q_rag.value == pytest.approx(0.838) and "+0.05 retrieval" in q_rag.basis  # 0.82 + 0.05 x 0.36
    assert option_quality(r.workloads[0], p, "fine_tuning", "lora").value == pytest.approx(0.8416)  # + 0.06 x 0.36
    assert option_quality(r.workloads[0], p, "rag_fine_tuning", "lora").value == pytest.approx(0.8596)  # + 0.11 x 0.36
    unknown = catalog.get("amazon.titan-text-lite-v1")
    q = base_quality("chat", unknown)
    assert q.level == "unknown" and q.estimated and q.value == 0.5


def test_missing_family_is_calibrated_not_copied(catalog):
    """gpt-oss-120b has an MMLU figure but no arena figure: chat quality is mapped, not MMLU as is."""
    p = catalog.get("openai.gpt-oss-120b-1:0")
    assert "general" not in p.quality and "knowledge" in p.quality
    q = base_quality("chat", p)
    assert q.estimated and q.level == "fallback_family" and "calibration" in q.basis
    assert q.value != p.quality["knowledge"]


def test_calibration_file_matches_shipped_catalog(catalog):
    from selector.catalog.calibrate import fit
    from selector.options.quality import calibrations

    assert fit(catalog.profiles) == calibrations()


# --- one benchmark per family (catalog/reference/quality_benchmarks.yaml) ---------------------------


def _evidence(catalog):
    from selector.options.quality import quality_evidence

    return quality_evidence(catalog.reference_data().directory)


def test_benchmark_figure_is_the_family_figure(catalog):
    from selector.catalog import crosswalk

    ev = _evidence(catalog)
    p = catalog.get("gpt-4.1-mini")
    fig = crosswalk.profile_quality(ev.data, p)["general"]
    q = base_quality("chat", p, ev)
    assert fig.status == "measured" and q.level == "measured" and not q.estimated
    assert q.value == pytest.approx(round(fig.value, 4)) and q.value < 1.0
    assert fig.benchmark in q.basis


def test_unknown_quality_is_unknown_with_the_widest_interval(catalog):
    ev = _evidence(catalog)
    p = catalog.get("amazon.titan-text-lite-v1")  # in no source the benchmark file reads
    q = base_quality("chat", p, ev)
    q1, low, high = ev.prior("general")  # lower quartile of the curated values
    assert q.level == "unknown" and q.estimated and q.value == pytest.approx(round(q1, 4))
    assert (q.low, q.high) == (low, high) and "never checked against min_quality" in q.basis


def test_unknown_quality_never_excludes_on_min_quality(catalog):
    from selector.options.build import workload_options

    r = req("task: chat\nrequests_per_month: 1000\nmin_quality: 0.99\n")
    wo = workload_options(r.workloads[0], r, catalog, TODAY)
    kept = {o.model for o in wo.options}
    assert "amazon.titan-text-lite-v1" in kept or "amazon.titan-text-lite-v1" in dict(wo.excluded) and not any(
        rr.code == "min_quality" for rr in wo.excluded["amazon.titan-text-lite-v1"])
    assert all(o.quality_level != "measured" for o in wo.options)  # every measured figure is below 0.99
    assert any(o.quality_level == "unknown" for o in wo.options)


def test_the_rules_read_only_the_fields_their_reasons_are_remembered_by():
    """exclusion_reasons remembers reasons per (profile, filters.READ_FIELDS of the workload, region, date): every
    workload field a rule reads is among READ_FIELDS and the requirements' region is all they read of the
    requirements (read off each rule's source), so a field left out would fail here, not give stale reasons."""
    import inspect
    import re

    from selector.options import filters

    for rule in filters.RULES:
        source = inspect.getsource(rule)
        assert set(re.findall(r"\bw\.(\w+)", source)) <= set(filters.READ_FIELDS), rule.__name__
        assert set(re.findall(r"\breq\.(\w+)", source)) <= {"region"}, rule.__name__
        assert not re.search(r"\bw\b(?!\.)", source.split(":", 1)[1].split("\n", 1)[1]), rule.__name__  # w whole


def test_workloads_alike_in_what_the_rules_read_get_the_same_reasons(catalog):
    """Another volume or prompt length: the same reasons (remembered); another language, modality or limit read
    by a rule: its own."""
    r = req("task: chat\nrequests_per_month: 1\nlanguages: [ja]\n")
    other = req("task: chat\nrequests_per_month: 900000\ninput_tokens: 5000\nlanguages: [ja]\n")
    p = catalog.get("meta.llama3-1-8b-instruct-v1:0")
    assert exclusion_reasons(other.workloads[0], p, other, TODAY) == exclusion_reasons(r.workloads[0], p, r, TODAY)
    assert [str(x) for x in exclusion_reasons(r.workloads[0], p, r, TODAY)] == ["lacks language ja"]
    en = req("task: chat\nrequests_per_month: 900000\nlanguages: [en]\n")
    assert exclusion_reasons(en.workloads[0], p, en, TODAY) == []
    agent = req("task: chat\nrequests_per_month: 1\nlanguages: [en]\nmulti_step_actions: true\n")
    no_tools = catalog.get("meta.llama3-8b-instruct-v1:0")
    assert exclusion_reasons(en.workloads[0], no_tools, en, TODAY) == []
    assert [x.code for x in exclusion_reasons(agent.workloads[0], no_tools, agent, TODAY)] == ["multi_step_actions"]
    retired = catalog.get("claude-haiku-4-5")
    late = dt.date(2100, 1, 1)
    assert (exclusion_reasons(en.workloads[0], retired, en, late) == []) == (retired.deprecation_date is None)
