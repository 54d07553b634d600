"""Fixtures for the dashboard tests: requirement documents made by small seeded factories."""

from __future__ import annotations

import random

import pytest

from dashboard.app import DASHBOARD_SETTINGS
from dashboard.logic.results import Solver
from selector.recommend import Settings

TASKS = ("chat", "question_answering", "summarization", "extraction", "code")


def make_doc(seed: int = 0, workloads: int = 2) -> dict:
    """A valid requirements document with ``workloads`` text workloads (seeded, so tests are repeatable)."""
    rng = random.Random(seed)
    return {
        "name": f"portfolio-{seed}",
        "horizon_months": rng.choice([6, 12, 24]),
        "weights": {"quality": 0.4, "cost": 0.3, "latency": 0.2, "interpretability": 0.1},
        "workloads": [{
            "name": f"w{i}", "task": rng.choice(TASKS), "requests_per_month": rng.choice([1_000, 50_000, 400_000]),
            "input_tokens": rng.choice([300, 800, 1500]), "output_tokens": rng.choice([100, 200, 400]),
        } for i in range(workloads)],
    }


@pytest.fixture
def doc():
    return make_doc()


@pytest.fixture(scope="session")
def solver(catalog):
    """A memoised solver with fewer SMAA samples: the tests check structure, not the sampling."""
    return Solver(catalog, Settings(smaa_samples=200, seed=DASHBOARD_SETTINGS.seed))
