"""Validation messages land beside the field they are about."""

from __future__ import annotations

from dashboard.logic.validate import check, place, slot_for, slot_messages, summary
from dashboard.logic.form import form_paths


def _slots(workloads: int) -> list[str]:
    return ["", "workloads", "weights", "budget", *[f"workloads[{i}]" for i in range(workloads)],
            *[f"workloads[{i}].{g}" for i in range(workloads) for g in ("knowledge", "data")],
            *form_paths(workloads)]


def test_messages_go_beside_their_fields(doc):
    doc["workloads"][1]["requests_per_month"] = -5
    doc["workloads"][0]["languages"] = ["en", "EN"]
    doc["workloads"][0]["knowledge"] = {"corpus_tokens": 1, "typo": 2}
    doc["weights"] = {"quality": 0, "cost": 0, "latency": 0, "interpretability": 0}
    slots = _slots(2)
    text = dict(zip(slots, slot_messages(check(doc), slots), strict=True))
    assert "must be >= 0" in text["workloads[1].requests_per_month"]
    assert text["workloads[0].languages"].startswith("entry 2: got 'EN'")
    assert "ISO 639-1" in text["workloads[0].languages"]
    assert text["workloads[0].knowledge"].startswith("typo: unknown key")
    assert "at least one weight must be positive" in text["weights"]
    assert text["workloads[0].name"] == ""


def test_duplicate_names_are_reported_on_the_workloads_section(doc):
    doc["workloads"][1]["name"] = doc["workloads"][0]["name"]
    placed = place(check(doc).problems, set(_slots(2)))
    assert "appears twice" in placed["workloads"][0]


def test_unknown_places_fall_back_to_the_form():
    assert slot_for("weird.path[3]", {"x"}) == ""
    assert slot_for("", {""}) == ""


def test_summary(doc):
    assert summary(check(doc)) == "Ready: 2 workloads, all fields valid."
    assert summary(check({"workloads": []})).startswith("1 problem to fix")
    assert not check("not a mapping").ok and not check(None).ok
