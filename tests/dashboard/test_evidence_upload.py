"""The dashboard's evaluation-file upload: decoded and validated by a plain function, carried with the
submitted document, and used by the solver in place of the catalog prior."""

from __future__ import annotations

import base64

import yaml

from selector.recommend import Settings

from dashboard.logic.evidence import KEY, attach, decode_evidence, split
from dashboard.logic.results import solve
from tests.conftest import EXAMPLES

EVIDENCE = EXAMPLES / "evaluation" / "evidence.yaml"


def _upload(data: bytes) -> str:
    return "data:application/x-yaml;base64," + base64.b64encode(data).decode()


def test_a_valid_upload_is_summarised():
    loaded = decode_evidence(_upload(EVIDENCE.read_bytes()), "evidence.yaml")
    assert loaded.ok and loaded.text == EVIDENCE.read_text(encoding="utf-8")
    assert "5 measurement(s) of classification" in loaded.message and "400 examples" in loaded.message


def test_bad_uploads_say_why():
    assert not decode_evidence(None, "e.yaml").ok
    assert "not a UTF-8" in decode_evidence(_upload(b"\xff\xfe\x00"), "e.yaml").message
    bad = decode_evidence(_upload(b"selector_evidence: 1\nmeasurements: []\n"), "e.yaml")
    assert not bad.ok and "e.yaml" in bad.message and "evaluation" in bad.message


def test_the_document_carries_the_evidence_and_the_solver_uses_it(catalog):
    doc = yaml.safe_load((EXAMPLES / "evaluation" / "req.yaml").read_text(encoding="utf-8"))
    assert attach(doc, None) is doc
    carried = attach(doc, EVIDENCE.read_text(encoding="utf-8"))
    rest, ev = split(carried)
    assert KEY not in rest and rest == doc and ev is not None
    settings = Settings(smaa_samples=100, break_even=False)
    prior = solve(doc, catalog, settings).recommendation
    measured = solve(carried, catalog, settings).recommendation
    assert prior.workloads[0].choice.option.model == "fireworks_ai/accounts/fireworks/models/llama-v3p1-70b-instruct"
    assert measured.workloads[0].choice.option.model == "fireworks_ai/accounts/fireworks/models/llama-v3p3-70b-instruct"
    assert "evaluation" in measured.provenance
