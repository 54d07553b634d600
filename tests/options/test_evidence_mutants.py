"""selector.options.evidence: each grade rule and its exact basis text (docs/decision.md "Evidence grades")."""

from __future__ import annotations

from types import SimpleNamespace as NS

from selector.options.evidence import Evidence, choice_evidence, fallback_evidence, option_evidence, price_evidence
from selector.options.latency_bound import LatencyFigures
from selector.vocab import EvidenceGrade as G, Hosting, QualityLevel

P = NS(id="acme/m1")


def test_price_evidence_per_hosting_and_source():
    assert price_evidence(P, Hosting.self_hosted_gpu, None) == (
        G.estimated,
        "derived: GPUs sized by the roofline model at listed hourly rates",
    )
    assert price_evidence(P, Hosting.self_hosted_cpu, None) == (
        G.estimated,
        "derived: CPU instances sized for the peak rate at listed hourly rates",
    )
    assert price_evidence(P, Hosting.provisioned_throughput, None) == (
        G.estimated,
        "derived: an assumed number of model units at the listed hourly rate",
    )
    assert price_evidence(P, Hosting.on_demand_api, None) == (G.unknown, "acme/m1 names no source for its prices")
    assert price_evidence(P, Hosting.on_demand_api, NS(title="Acme pricing", estimate=True)) == (
        G.estimated,
        "price marked estimate: Acme pricing",
    )
    assert price_evidence(P, Hosting.on_demand_api, NS(title="Acme pricing", estimate=False)) == (
        G.measured,
        "listed price: Acme pricing",
    )


def test_option_evidence_combines_the_three_grades():
    lat = LatencyFigures("p90", 120.0, 100.0, 30.0, 20.0, G.estimated, "roofline rule")
    ev = option_evidence(
        QualityLevel.fallback_family, "MMLU 70", lat, P, "on_demand_api", NS(title="T", estimate=False)
    )
    assert ev == Evidence(G.estimated, G.estimated, G.measured, "MMLU 70", "p90: roofline rule", "listed price: T")
    assert ev.as_dict() == {"quality": "estimated", "latency": "estimated", "price": "measured"}
    assert ev.note("m1") == (
        "evidence for m1: quality estimated (MMLU 70); latency estimated (p90: roofline rule); "
        "price measured (listed price: T)"
    )


def test_equal_evidence_is_one_object_and_different_evidence_is_not():
    """Options with the same grades and bases share one frozen Evidence (what a child process sends back holds it
    once); any field that differs gives its own, equal to a freshly built one."""
    lat = LatencyFigures("p90", 120.0, 100.0, 30.0, 20.0, G.estimated, "roofline rule")
    source = NS(title="T", estimate=False)
    one = option_evidence(QualityLevel.fallback_family, "MMLU 70", lat, P, "on_demand_api", source)
    two = option_evidence(QualityLevel.fallback_family, "MMLU 70", lat, P, "on_demand_api", source)
    assert one is two
    other = option_evidence(QualityLevel.fallback_family, "MMLU 71", lat, P, "on_demand_api", source)
    assert other is not one and other == Evidence(G.estimated, G.estimated, G.measured, "MMLU 71",
                                                  "p90: roofline rule", "listed price: T")
    hosted = option_evidence(QualityLevel.fallback_family, "MMLU 70", lat, P, "self_hosted_gpu", source)
    assert hosted.price is G.estimated and hosted is not one


def _option(latency_estimated, assumptions, evidence=None, level=QualityLevel.unknown):
    return NS(
        cost=NS(latency_estimated=latency_estimated, assumptions=assumptions),
        quality_level=level,
        quality_basis="prior",
        evidence=evidence,
    )


def test_fallback_and_choice_evidence():
    est = fallback_evidence(_option(True, {"latency.rule": "rule X"}))
    assert est == Evidence(G.unknown, G.estimated, G.unknown, "prior", "rule X", "not graded")
    meas = fallback_evidence(_option(False, {}, level=QualityLevel.measured))
    assert meas == Evidence(G.measured, G.measured, G.unknown, "prior", "", "not graded")
    built = Evidence(G.measured, G.measured, G.measured)
    assert choice_evidence(_option(False, {}, evidence=built)) is built
    assert choice_evidence(_option(True, {"latency.rule": "r"}, evidence={"not": "evidence"})) == Evidence(
        G.unknown, G.estimated, G.unknown, "prior", "r", "not graded"
    )


class _BareSource:
    """A price source with neither ``title`` nor ``estimate``: its text is its title, and it is not an estimate."""

    def __str__(self) -> str:
        return "Acme list"


def test_a_bare_source_is_a_listed_price_and_a_missing_one_names_the_profile():
    assert price_evidence(P, Hosting.on_demand_api, _BareSource()) == (G.measured, "listed price: Acme list")
    lat = LatencyFigures("p50", 1.0, 1.0, 1.0, 1.0, G.measured, "endpoint")
    ev = option_evidence(QualityLevel.measured, "b", lat, P, Hosting.on_demand_api, None)
    assert (ev.price, ev.price_basis) == (G.unknown, "acme/m1 names no source for its prices")


def test_a_plain_string_source_is_its_own_title():
    """A source given as a bare string is printed as it is (``getattr(str, "title")`` is a method, not a title)."""
    assert price_evidence(P, Hosting.on_demand_api, "Acme price list, 2026-11-01") == (
        G.measured, "listed price: Acme price list, 2026-11-01")
