"""Shared deployments: sized for the summed traffic of their workloads; each workload reports its share."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from selector.costs.gpu_sizing import Load, plan_gpu_for_loads
from selector.recommend import Settings, recommend
from selector.requirements import parse_requirements
from selector.sharing import allocate

from tests.recommend.test_recommend import recheck, shares_add_up

FAST = Settings(smaa_samples=100, today=dt.date(2026, 11, 26), break_even=False)
LLAMA = "meta-llama/Llama-3.1-8B-Instruct"


def _portfolio(n: int, budget: str = "") -> str:
    """n chat workloads of growing volume."""
    rows = "\n".join(
        f"  - {{name: w{i}, task: chat, requests_per_month: {200_000 + 150_000 * i}, input_tokens: {400 + 40 * i}, "
        f"output_tokens: 150}}"
        for i in range(n))
    return f"{budget}workloads:\n{rows}\n"


@pytest.fixture(scope="module")
def self_hosted_catalog(tmp_path_factory):
    """The frozen fixture catalog's open-weights, self-hosted-only profiles: every choice is a GPU deployment."""
    import shutil

    from selector.catalog import load_catalog

    from tests.fixtures.frozen import FROZEN

    root = tmp_path_factory.mktemp("selfhosted")
    shutil.copytree(FROZEN / "reference", root / "reference")
    shutil.copy(FROZEN / "sources.yaml", root / "sources.yaml")
    (root / "models").mkdir()
    shutil.copy(FROZEN / "models" / "self-hosted.yaml", root / "models" / "self-hosted.yaml")
    return load_catalog([root], include_shipped=False)


def test_shared_deployment_covers_the_summed_peak_of_its_workloads(self_hosted_catalog):
    """20 workloads on self-hosted deployments: a deployment's replicas cover the sum of its workloads'
    busy-hour rate × replica-seconds, each workload's cost is its share and the shares add up to the totals."""
    catalog = self_hosted_catalog
    rec = recommend(parse_requirements(_portfolio(20)), catalog, FAST)
    assert rec.status == "optimal"
    shares_add_up(rec)
    d = rec.to_dict()
    gpu = [c for c in d["shared_charges"] if c["key"].endswith(":self_hosted_gpu")]
    assert gpu and len(gpu[0]["workloads"]) >= 2
    chosen = {w.name: w.choice.option for w in rec.workloads if w.choice}
    ref = catalog.reference_data()
    alloc = allocate(chosen, {w.name: w for w in rec.requirements.workloads}, catalog, ref)
    bill = next(b for b in alloc.bills if b.key == gpu[0]["key"])
    assert bill.plan is not None
    assert bill.plan.replicas >= math.ceil(sum(bill.plan.load_replicas) - 1e-9)
    assert sum(bill.plan.load_replicas) > 1  # summed traffic needs more than the floor replica
    assert bill.monthly_usd == pytest.approx(gpu[0]["monthly_usd"], abs=0.01)
    assert sum(bill.shares.values()) == pytest.approx(1.0)


def test_pooled_plan_sums_loads_and_matches_one_load():
    from tests.fixtures.frozen import frozen_reference

    ref = frozen_reference()
    one = Load(2_000_000, 800, 200)
    alone = plan_gpu_for_loads(8, None, [one], ref, gpu="l4")
    many = plan_gpu_for_loads(8, None, [one] * 10, ref, gpu="l4")
    assert many.load_replicas == pytest.approx(alone.load_replicas * 10)
    assert many.replicas == max(1, math.ceil(10 * alone.load_replicas[0] - 1e-12))
    assert many.replicas > alone.replicas


def test_portfolio_example_shares_add_up(catalog):
    from pathlib import Path

    from selector.requirements import load_requirements

    path = Path(__file__).resolve().parents[2] / "examples" / "portfolio-shared-budget.yaml"
    rec = recommend(load_requirements(path), catalog, FAST)
    assert rec.status == "optimal"
    shares_add_up(rec)
    recheck(rec, catalog)
