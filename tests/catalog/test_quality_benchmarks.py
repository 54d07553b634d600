"""catalog/reference/quality_benchmarks.yaml: one benchmark per family, sourced figures, sound transforms
and cross-walks (selector/catalog/crosswalk.py)."""

from __future__ import annotations

import copy
import datetime as dt
import math
import statistics

import pytest
import yaml

from selector.catalog import crosswalk as cw
from selector.catalog.paths import reference_dir, shipped_catalog_dir


@pytest.fixture(scope="module")
def data():
    return cw.load()


def test_file_loads_and_names_every_family(data):
    schema = yaml.safe_load((shipped_catalog_dir() / "schema" / "profile.yaml").read_text(encoding="utf-8"))
    assert list(data["families"]) == schema["enums"]["quality_family"]
    assert cw.check(data) == []
    for name, src in data["sources"].items():
        assert src["title"] and (src.get("url") or src.get("data")), name
        assert isinstance(src["as_of"], dt.date) and isinstance(src["retrieved"], dt.date), name


def test_every_figure_has_a_source_and_a_date(data):
    n = 0
    for bench, rows in data["figures"].items():
        for slug, fig in rows.items():
            src = data["sources"][fig["source"]]
            assert src["title"], (bench, slug)
            assert isinstance(fig["date"], dt.date) and fig["date"] <= data["retrieved"], (bench, slug)
            assert fig["entry"], (bench, slug)
            n += 1
    assert n > 300


def test_every_curated_id_has_a_slug(data, catalog):
    assert set(data["catalog_ids"]) == {p.id for p in catalog}
    assert set(data["models"]) <= set(data["catalog_ids"].values())


def test_one_benchmark_per_family(data, catalog):
    """Within a family every figure is on the family's benchmark; another benchmark's figure enters only
    through a declared, usable cross-walk."""
    for family, spec in data["families"].items():
        seen = set()
        for p in catalog:
            if not cw.applies(spec, p):
                continue
            fig = cw.family_figure(data, family, data["catalog_ids"][p.id])
            assert fig.benchmark == spec["benchmark"], (family, p.id)
            if fig.status == "measured":
                assert fig.via is None
            elif fig.status == "crosswalked":
                assert fig.via in spec["crosswalks"] and fig.crosswalk.usable, (family, p.id)
            else:
                assert fig.value is None and fig.raw is None, (family, p.id)
            seen.add((fig.benchmark, fig.via))
        assert {b for b, _ in seen} == {spec["benchmark"]}


def test_a_second_benchmark_without_crosswalk_is_refused(data):
    doctored = copy.deepcopy(data)
    # a figure filed under the family's benchmark but read from another source: check() names it
    doctored["figures"]["aa-gpqa-diamond"]["nova-lite"]["source"] = "lmarena-text"
    assert any("figures.aa-gpqa-diamond.nova-lite.source" in m for m in cw.check(doctored))
    # a family that names two benchmarks
    doctored = copy.deepcopy(data)
    doctored["families"]["code"]["benchmark"] = ["lmarena-text-coding", "aa-scicode"]
    assert any(m.startswith("families.code.benchmark") for m in cw.check(doctored))
    doctored = copy.deepcopy(data)
    doctored["benchmarks"]["mteb-eng-v2"]["transform"] = {"kind": "quantile"}
    assert any(m.startswith("benchmarks.mteb-eng-v2.transform.kind") for m in cw.check(doctored))
    # without the declared cross-walk, a model lacking the benchmark stays unknown (never the other figure)
    doctored = copy.deepcopy(data)
    doctored["families"]["vision"]["crosswalks"] = []
    assert "claude-sonnet-4-5" not in doctored["figures"]["lmarena-vision-overall"]
    fig = cw.family_figure(doctored, "vision", "claude-sonnet-4-5")
    assert fig.status == "unknown" and fig.value is None


def test_transform_is_monotone_and_below_one(data, catalog):
    for family, spec in data["families"].items():
        transform = data["benchmarks"][spec["benchmark"]]["transform"]
        raws = sorted(f["raw"] for f in data["figures"][spec["benchmark"]].values())
        values = [cw.to_unit(transform, r) for r in raws]
        assert all(a < b for a, b in zip(values, values[1:]) if a != b) and values == sorted(values), family
        for p in catalog:
            if cw.applies(spec, p):
                fig = cw.family_figure(data, family, data["catalog_ids"][p.id])
                if fig.value is not None:
                    assert 0.0 < fig.value < 1.0, (family, p.id, fig.value)
                    if fig.low is not None:
                        assert fig.low <= fig.value <= fig.high < 1.0, (family, p.id)


def test_elo_anchor_is_the_named_entry(data):
    """An Elo transform's anchor is the anchor entry's own rating in the same benchmark, where curated."""
    for bench, spec in data["benchmarks"].items():
        t = spec["transform"]
        if t["kind"] != "elo_expected":
            continue
        rows = [f for f in data["figures"][bench].values() if t["anchor_entry"].startswith(f["entry"])]
        if rows:
            assert rows[0]["raw"] == pytest.approx(t["anchor"], abs=0.01), bench
            assert cw.to_unit(t, rows[0]["raw"]) == pytest.approx(0.5, abs=1e-4)


def test_language_mean(data):
    for slug, fig in data["figures"]["lmarena-text-languages"].items():
        assert len(fig["by_language"]) == 7
        assert fig["raw"] == round(statistics.fmean(fig["by_language"].values()), 2), slug


def test_fit_line_reproduces_hand_worked_case():
    # x = 1..4, y = 2, 3, 5, 6: x̄ = 2.5, ȳ = 4, Sxx = 5, Syy = 10, Sxy = 7
    # slope = 7/5 = 1.4, intercept = 4 - 1.4*2.5 = 0.5, r = 7/sqrt(50)
    # residuals 0.1, -0.3, 0.3, -0.1 -> SSR = 0.2, rse = sqrt(0.2 / 2)
    ln = cw.fit_line([(1, 2), (2, 3), (3, 5), (4, 6)])
    assert (ln.slope, ln.intercept, ln.n) == (pytest.approx(1.4), pytest.approx(0.5), 4)
    assert ln.r == pytest.approx(7 / math.sqrt(50))
    assert ln.rse == pytest.approx(math.sqrt(0.1))
    with pytest.raises(ValueError):
        cw.fit_line([(1, 2), (2, 3)])


def test_crosswalked_figure_carries_the_fit_and_its_error():
    def fig(raw):
        return {"raw": raw, "entry": "e", "source": "s", "date": dt.date(2026, 1, 1)}

    data = {
        "sources": {"s": {"title": "t", "url": "u", "as_of": dt.date(2026, 1, 1), "retrieved": dt.date(2026, 1, 2)}},
        "benchmarks": {"A": {"source": "s", "transform": {"kind": "fraction"}},
                       "B": {"source": "s", "transform": {"kind": "percent"}}},
        "families": {"general": {"benchmark": "B", "applies_to": "llm", "crosswalks": ["A"]}},
        "crosswalk_rules": {"min_n": 4, "min_r": 0.9},
        "catalog_ids": {f"id{i}": f"m{i}" for i in range(1, 6)},
        "figures": {"A": {"m1": fig(1), "m2": fig(2), "m3": fig(3), "m4": fig(4), "m5": fig(10)},
                    "B": {"m1": fig(2), "m2": fig(3), "m3": fig(5), "m4": fig(6)}},
    }
    assert cw.check(data) == []
    out = cw.family_figure(data, "general", "m5")
    assert out.status == "crosswalked" and out.via == "A" and out.crosswalk.line.n == 4
    assert out.raw == pytest.approx(1.4 * 10 + 0.5)
    assert out.value == pytest.approx(0.145)
    assert (out.low, out.high) == (pytest.approx((14.5 - math.sqrt(0.1)) / 100), pytest.approx((14.5 + math.sqrt(0.1)) / 100))
    assert cw.family_figure(data, "general", "m1").status == "measured"
    data["crosswalk_rules"]["min_n"] = 5  # the fit no longer qualifies: unknown, not a guess
    assert cw.family_figure(data, "general", "m5").status == "unknown"


def test_unknown_prior_is_median_and_full_range(data):
    curated = set(data["catalog_ids"].values())
    slugs = [s for s in data["figures"]["mteb-eng-v2"] if s in curated]
    median, low, high = cw.unknown_prior(data, "embedding", slugs)
    values = sorted(data["figures"]["mteb-eng-v2"][s]["raw"] / 100 for s in slugs)
    assert len(values) >= 4
    assert (median, low, high) == (pytest.approx(statistics.median(values)), values[0], values[-1])
    assert cw.unknown_prior(data, "embedding", ["mistral-embed"]) is None
    assert cw.family_figure(data, "embedding", "mistral-embed").status == "unknown"


def test_coverage_file_is_current(data, catalog):
    text = (reference_dir() / cw.COVERAGE_FILE).read_text(encoding="utf-8")
    assert text == cw.report(data, catalog.profiles), "run `python -m selector.catalog.crosswalk`"
    cov = yaml.safe_load(text)["coverage"]
    llm_ids = sum(1 for p in catalog if p.kind == "llm")
    for family in ("general", "knowledge", "reasoning", "code", "multilingual"):
        assert sum(cov[family]["counts"].values()) == llm_ids


def test_profile_quality_rates_the_families_a_profile_serves(data, catalog):
    sonnet = next(p for p in catalog if p.id == "anthropic.claude-sonnet-4-5-20250929-v1:0")
    q = cw.profile_quality(data, sonnet)
    assert set(q) == {"general", "knowledge", "reasoning", "code", "multilingual", "vision"}
    assert q["general"].status == "measured" and q["general"].raw == data["figures"]["lmarena-text-overall"]["claude-sonnet-4-5"]["raw"]
    assert q["vision"].status == "crosswalked"  # LMArena's vision board has no Claude 4.5 entry
    ebm = next(p for p in catalog if p.id == "explainable-boosting-machine")
    assert set(cw.profile_quality(data, ebm)) == {"tabular"}
