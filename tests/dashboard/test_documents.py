"""Uploads, examples and the YAML download: every problem is a message, never an exception."""

from __future__ import annotations

import base64

import yaml

from dashboard.logic.actions import ADD, LOAD_EXAMPLE, REMOVE, UPLOAD, form_action, yaml_download
from dashboard.logic.documents import decode_upload, list_examples, load_example, read_document, to_yaml
from dashboard.logic.validate import check
from selector.yamlio import LIMITS
from tests.conftest import EXAMPLES


def _data_url(data: bytes) -> str:
    return "data:application/x-yaml;base64," + base64.b64encode(data).decode()


def test_upload_of_a_valid_file(doc):
    loaded = decode_upload(_data_url(to_yaml(doc).encode()), "req.yaml")
    assert loaded.ok and not loaded.problems
    assert check(loaded.doc).requirements == check(doc).requirements


def test_single_workload_shorthand_goes_under_workloads():
    loaded = read_document("name: x\ntask: chat\nrequests_per_month: 10\n", "short.yaml")
    assert loaded.doc["workloads"][0]["task"] == "chat" and not loaded.problems


def test_problems_of_an_upload_name_file_line_and_field():
    loaded = read_document("workloads:\n  - name: a\n    task: chatt\n    requests_per_month: 5\n", "bad.yaml")
    assert loaded.ok  # still loaded: the form shows what it can, beside the fields
    assert any(p.startswith("bad.yaml:3: workloads[0].task: got 'chatt'; did you mean chat?") for p in loaded.problems)


def test_unusable_uploads_are_refused_with_a_reason():
    cases = {
        "not base64": "data:x;base64,@@@@",
        "binary": _data_url(b"\x00\x01\x02"),
        "not utf-8": _data_url(b"\xff\xfe\xfa"),
        "a list": _data_url(b"- 1\n- 2\n"),
        "invalid yaml": _data_url(b"a: [1, 2\n"),
        "empty": "",
        "too big": _data_url(b"#" * (LIMITS.max_bytes + 10)),
    }
    for what, contents in cases.items():
        loaded = decode_upload(contents, "../../etc/passwd")
        assert not loaded.ok and loaded.problems, what
        assert all("passwd" in p or "upload" in p for p in loaded.problems), what


def test_examples_carry_their_purpose_and_unknown_names_are_refused():
    options = list_examples(EXAMPLES)
    assert all(o["label"] and o["value"].endswith(".yaml") for o in options)
    assert any("RAG" in o["label"] for o in options)
    assert not load_example("../pyproject.toml", EXAMPLES).ok
    assert list_examples(EXAMPLES / "missing") == []


def test_yaml_download_round_trips(doc):
    data = yaml_download(doc)
    assert data["filename"] == "portfolio-0.yaml" and data["base64"] is False
    assert yaml.safe_load(data["content"]) == doc
    assert list(yaml.safe_load(data["content"])) == list(doc)  # keys keep the file's order


def test_form_actions(doc):
    example = form_action(LOAD_EXAMPLE, doc, example="support-faq-rag.yaml", examples_dir=EXAMPLES)
    assert example.doc["name"] == "support-faq" and example.status == ("Loaded example support-faq-rag.yaml.",)
    assert example.weights and abs(sum(example.weights.values()) - 1.0) < 1e-9
    broken = form_action(UPLOAD, doc, upload=("data:x;base64,@@", "x.yaml"))
    assert broken.doc is None and broken.status_kind == "error" and broken.status[0].startswith("Could not load")
    assert len(form_action(ADD, doc).doc["workloads"]) == 3
    assert len(form_action(REMOVE, doc, index=1).doc["workloads"]) == 1
    assert form_action("bogus", doc).doc is None
    assert form_action(REMOVE, doc, index=None).doc is None


def test_an_upload_with_an_unknown_key_is_not_loaded_and_names_the_key_and_the_allowed_ones():
    """budget.monthly (for monthly_usd) would vanish from the form, which has no field for it (issue #19)."""
    text = "name: p\nbudget:\n  monthly: 100\nworkloads:\n  - {name: a, task: chat, requests_per_month: 1000}\n"
    contents = "data:application/yaml;base64," + base64.b64encode(text.encode()).decode()
    update = form_action(UPLOAD, {}, upload=(contents, "req.yaml"))
    assert update.doc is None and update.weights is None and update.status_kind == "error"
    assert update.status[0].startswith("Did not load req.yaml")
    (line,) = update.status[1:]
    assert line.startswith("req.yaml:3: budget.monthly: unknown key; did you mean monthly_usd?")
    assert "monthly_usd, one_off_usd" in line


def test_example_descriptions_are_whole():
    """The picker shows each example's whole '# Shows:' comment, not its first line cut mid-sentence."""
    options = list_examples(EXAMPLES)
    for o in options:
        assert o["description"].endswith("."), o  # every Shows comment ends a sentence
        assert "#" not in o["description"] and "Expect" not in o["description"]
    legal = next(o for o in options if o["value"] == "legal-open-weights-finetune.yaml")
    assert legal["description"].endswith("hosted APIs are never returned, even for open models.")
