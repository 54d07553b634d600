"""Fixtures for the cost-model tests: the shipped reference data and a seeded workload factory."""

from __future__ import annotations

import pytest

from selector.costs.reference import load_reference
from selector.requirements.models import Workload

BASE_WORKLOAD = {
    "name": "faq-bot",
    "task": "question_answering",
    "requests_per_month": 200_000,
    "input_tokens": 800,
    "output_tokens": 200,
}


@pytest.fixture(scope="session")
def ref():
    return load_reference()


@pytest.fixture
def workload():
    """Build a validated Workload from the base Q&A workload plus overrides (nested dicts allowed)."""

    def _make(**overrides) -> Workload:
        return Workload.model_validate({**BASE_WORKLOAD, **overrides})

    return _make
