"""The vocabulary types hold the words of the schema, the requirements model and the contract."""

from __future__ import annotations

import yaml

from selector.catalog.paths import shipped_catalog_dir as catalog_dir
from selector.requirements.models import Requirements
from selector.vocab import FtMethod, Hosting, ReasonCode, Strategy, Task, TaskFamily, UpdateFrequency

# The contract's words, copied from spec.md §2 (strategy and hosting vocabularies).
SPEC_STRATEGIES = ["prompt_engineering", "rag", "fine_tuning", "rag_fine_tuning", "continued_pretraining",
                   "pretraining", "classical_training"]
SPEC_HOSTINGS = ["on_demand_api", "provisioned_throughput", "self_hosted_gpu", "self_hosted_cpu"]


def _schema_enums() -> dict[str, list[str]]:
    with open(catalog_dir() / "schema" / "profile.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)["enums"]


def _requirements_enum(name: str) -> list[str]:
    return Requirements.model_json_schema()["$defs"][name]["enum"]


def test_strategies_and_hostings_are_the_spec_words():
    assert [s.value for s in Strategy] == SPEC_STRATEGIES
    assert [h.value for h in Hosting] == SPEC_HOSTINGS


def test_enums_match_the_profile_schema():
    enums = _schema_enums()
    assert [h.value for h in Hosting] == enums["hosting"]
    assert [m.value for m in FtMethod] == enums["ft_method"]
    assert [f.value for f in TaskFamily] == enums["quality_family"]


def test_enums_match_the_requirements_schema():
    assert [t.value for t in Task] == _requirements_enum("Task")
    assert [u.value for u in UpdateFrequency] == _requirements_enum("UpdateFrequency")


def test_predicates():
    assert {s for s in Strategy if s.retrieves} == {Strategy.rag, Strategy.rag_fine_tuning}
    assert {s for s in Strategy if s.fine_tunes} == {Strategy.fine_tuning, Strategy.rag_fine_tuning}
    assert {s for s in Strategy if s.pretrains} == {Strategy.continued_pretraining, Strategy.pretraining}
    assert not Strategy.prompt_engineering.trains_weights and not Strategy.rag.trains_weights
    assert Strategy.classical_training.trains_weights
    assert {h for h in Hosting if h.managed} == {Hosting.on_demand_api, Hosting.provisioned_throughput}
    assert FtMethod.qlora.adapter and not FtMethod.full.adapter


def test_every_task_has_a_family_of_the_schema_and_a_kind():
    kinds = set(_schema_enums()["kind"])
    for task in Task:
        assert task.family in TaskFamily
        assert task.kinds <= kinds and task.kinds


def test_reason_codes_name_requirement_fields_or_catalog_facts():
    fields = set(Requirements.model_json_schema()["$defs"]["Workload"]["properties"])
    facts = {"region", "lifecycle", "modalities", "data", "prices"}  # region is a top-level field
    for code in ReasonCode:
        assert code.value in fields or code.value in facts, code
        assert code.label
