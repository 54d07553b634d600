"""Question answering over a retrieved corpus is scored on the general family, not on closed-book recall
(quality_benchmarks.yaml knowledge.with_retrieval; docs/decision.md "Answers from retrieved text")."""

from __future__ import annotations

import copy

from selector.catalog import crosswalk
from selector.catalog.paths import reference_dir
from selector.options.quality import option_quality, quality_evidence
from selector.requirements import parse_requirements

QA = "task: question_answering\nrequests_per_month: 1000\n"
LLAMA_8B = "cerebras/llama-3.1-8b"


def _workload(corpus: int):
    return parse_requirements(QA + f"knowledge: {{corpus_tokens: {corpus}}}\n").workloads[0]


def test_rag_answers_are_scored_on_general_and_closed_book_on_knowledge(catalog):
    ev = quality_evidence(reference_dir())
    p = catalog.get(LLAMA_8B)
    general, knowledge = ev.figure("general", p), ev.figure("knowledge", p)
    assert general.value > knowledge.value + 0.2  # an 8B reads well and recalls few facts: 0.35 vs 0.08
    closed = option_quality(_workload(0), p, "prompt_engineering", evidence=ev)
    rag = option_quality(_workload(40_000_000), p, "rag", evidence=ev)
    assert closed.value == round(knowledge.value, 4)
    assert "aa-omniscience-accuracy" in closed.basis and "scored on general" not in closed.basis
    assert rag.value > round(general.value, 4)  # general plus the retrieval effect on its headroom
    assert "lmarena-text-overall" in rag.basis and "scored on general, not closed-book knowledge" in rag.basis


def test_a_with_retrieval_naming_no_family_is_reported():
    data = copy.deepcopy(quality_evidence(reference_dir()).data)
    assert crosswalk.check(data) == []
    data["families"]["knowledge"]["with_retrieval"] = "generl"
    assert any(m.startswith("families.knowledge.with_retrieval: 'generl'") for m in crosswalk.check(data))
    data["families"]["knowledge"]["with_retrieval"] = "knowledge"
    assert any("is not another declared family" in m for m in crosswalk.check(data))
