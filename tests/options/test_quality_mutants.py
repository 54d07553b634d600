"""selector.options.quality pinned on a small hand-made benchmark file (issue #13, mutation testing).

Every expected figure below is worked by hand from the data in ``_data()`` or read from the shipped
``catalog/reference/strategy_effects.yaml`` / ``quality_calibration.yaml`` / ``scoring.yaml`` (cited inline).
"""

from __future__ import annotations

import datetime as dt
import os
from types import SimpleNamespace

import pytest
import yaml

from selector.options import quality as q
from selector.options.quality import QualityEvidence, base_quality, option_quality, quality_evidence, strategy_points
from selector.requirements import parse_requirements
from selector.vocab import QualityLevel

D = dt.date(2026, 1, 2)


def _fig(raw, ci=None):
    out = {"raw": raw, "source": "src", "date": D, "entry": "row"}
    if ci:
        out["ci95"] = ci
    return out


def _data() -> dict:
    pct = {"kind": "percent"}
    return {
        "sources": {"src": {}},
        "benchmarks": {b: {"source": "src", "transform": pct} for b in ("B", "S", "C", "R", "M", "K", "V")},
        "families": {
            "general": {"benchmark": "B", "applies_to": "llm", "crosswalks": ["S"]},
            "knowledge": {"benchmark": "K", "applies_to": "llm", "with_retrieval": "general"},
            "code": {"benchmark": "C", "applies_to": "llm"},
            "reasoning": {"benchmark": "R", "applies_to": "llm"},
            "multilingual": {"benchmark": "M", "applies_to": "llm"},
            "vision": {"benchmark": "V", "applies_to": "llm with image input"},
        },
        "crosswalk_rules": {"min_n": 3, "min_r": 0.9},
        "catalog_ids": {f"p{i}": f"m{i}" for i in range(1, 7)},
        "figures": {
            # S -> B over m1..m3: x = 10, 20, 30; y = 20, 30, 50. mx = 20, my = 33.333, sxx = 200, sxy = 300,
            # slope 1.5, intercept 3.333; residuals 1.667, -3.333, 1.667, ssr 16.667, rse = sqrt(16.667/1) = 4.082;
            # syy = 466.67, r = 300 / sqrt(200 * 466.67) = 0.982
            "B": {"m1": _fig(20), "m2": _fig(30), "m3": _fig(50), "m4": _fig(61.237, [55.5, 66.5])},
            "S": {"m1": _fig(10), "m2": _fig(20), "m3": _fig(30), "m5": _fig(40)},
            "C": {"m1": _fig(12), "m2": _fig(23.456), "m3": _fig(50), "m4": _fig(70)},
            "R": {"m1": _fig(40), "m2": _fig(60)},
            "M": {"m1": _fig(45)},
            "V": {"m1": _fig(80)},
        },
    }


def _p(i, quality=None, benchmarks=None, image=False):
    return SimpleNamespace(
        id=f"p{i}",
        kind="llm",
        input_modalities=["text", "image"] if image else ["text"],
        quality=quality,
        quality_benchmarks=benchmarks,
    )


def _w(text: str = ""):
    return parse_requirements("task: chat\nrequests_per_month: 1000\n" + text).workloads[0]


def test_evidence_accessors_and_figure_cache():
    ev = QualityEvidence(_data())
    assert ev.covers(_p(1)) and not ev.covers(SimpleNamespace(id="outsider"))
    assert ev.benchmark("general") == "B" and ev.benchmark("code") == "C"
    assert ev.with_retrieval("knowledge") == "general"
    assert ev.with_retrieval("general") is None and ev.with_retrieval("absent") is None
    assert ev.figure("absent", _p(1)) is None
    assert ev.figure("vision", _p(1)) is None  # text-only model: the vision family does not rate it
    assert ev.figure("vision", _p(1, image=True)).value == pytest.approx(0.8)
    first = ev.figure("general", _p(4))
    assert (first.status, first.raw, first.value) == ("measured", 61.237, pytest.approx(0.61237))
    assert ev.figure("general", _p(4)) is first  # cached per (family, slug)
    assert ev.figure("general", _p(5)).status == "crosswalked"


def test_prior_is_the_lower_quartile_with_the_full_range():
    ev = QualityEvidence(_data())
    # general: 0.2, 0.3, 0.5, 0.61237 and m5's cross-walked 0.63333; exclusive quartile of 5 at 1.5 -> 0.25
    assert ev.prior("general") == pytest.approx((0.25, 0.2, 0.6333333))
    # code, 4 values: q1 = (3 * 0.12 + 0.23456) / 4 = 0.14864
    assert ev.prior("code") == pytest.approx((0.14864, 0.12, 0.70))
    assert ev.prior("code") == pytest.approx((0.14864, 0.12, 0.70))  # second call from the cache
    # reasoning, 2 values: q1 = (5 * 0.4 - 0.6) / 4 = 0.35 (exclusive method extrapolates)
    assert ev.prior("reasoning") == pytest.approx((0.35, 0.4, 0.6))
    assert ev.prior("multilingual") == pytest.approx((0.45, 0.45, 0.45))  # one value: itself
    assert ev.prior("knowledge") is None  # nobody measured


def test_quality_evidence_reads_the_file_beside_the_tables_and_rereads_a_changed_one(tmp_path):
    assert quality_evidence(tmp_path) is None
    path = tmp_path / "quality_benchmarks.yaml"
    path.write_text(yaml.safe_dump(_data()), encoding="utf-8")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    ev = quality_evidence(str(tmp_path))
    assert ev.benchmark("general") == "B" and ev.prior("code") == pytest.approx((0.14864, 0.12, 0.70))
    changed = _data()
    changed["families"]["general"]["benchmark"] = "C"
    path.write_text(yaml.safe_dump(changed), encoding="utf-8")
    os.utime(path, ns=(2_000_000_000, 2_000_000_000))
    assert quality_evidence(tmp_path).benchmark("general") == "C"


def test_base_quality_from_the_benchmark_file():
    ev = QualityEvidence(_data())
    m = base_quality("chat", _p(4), ev)
    assert m == q.Quality(
        0.6124,
        "B: 61.237 (dated 2026-01-02) on the family's one benchmark",
        False,
        QualityLevel.measured,
        pytest.approx(0.555),
        pytest.approx(0.665),
    )
    c = base_quality("chat", _p(5), ev)
    # 1.5 * 40 + 3.333 = 63.333 -> 0.6333; interval 63.333 -/+ 4.082
    assert c == q.Quality(
        0.6333,
        "no B figure; cross-walked from S 40 by a line fitted on 3 models with both (r=0.98, residual error 4.08)",
        True,
        QualityLevel.fallback_family,
        pytest.approx(0.592508, abs=1e-5),
        pytest.approx(0.674158, abs=1e-5),
    )
    u = base_quality("code", _p(5), ev)
    assert u == q.Quality(
        0.1486,
        "quality unknown: no C figure and no usable cross-walk; scored at the lower "
        "quartile of the curated models (0.12-0.70), never checked against min_quality",
        True,
        QualityLevel.unknown,
        pytest.approx(0.12),
        pytest.approx(0.70),
    )


def test_base_quality_from_the_profile_and_calibrations():
    ev = QualityEvidence(_data())
    own = base_quality(
        "chat", SimpleNamespace(id="x", quality={"general": 0.71}, quality_benchmarks={"general": "MMLU 71"})
    )
    assert own == q.Quality(0.71, "MMLU 71", False, QualityLevel.measured)
    assert (
        base_quality("chat", SimpleNamespace(id="x", quality={"general": 0.71}, quality_benchmarks=None)).basis
        == "general"
    )
    # quality_calibration.yaml general <- reasoning: 1.2556 * 0.55 - 0.0239 = 0.66668 -> 0.6667
    cal = base_quality(
        "chat", SimpleNamespace(id="x", quality={"reasoning": 0.55}, quality_benchmarks={"reasoning": "GPQA 55"})
    )
    assert cal == q.Quality(
        0.6667,
        "no general figure; estimated from reasoning (GPQA 55) by a linear calibration (r=0.886, n=29)",
        True,
        QualityLevel.fallback_family,
    )
    bare = base_quality("chat", SimpleNamespace(id="x", quality={"reasoning": 0.55}, quality_benchmarks=None))
    assert bare.basis.startswith("no general figure; estimated from reasoning (reasoning) by")
    # 1.2556 * 0.9 - 0.0239 = 1.106 -> capped at 1; general <- knowledge 1.4901 * 0.3 - 0.6089 < 0 -> 0
    assert base_quality("chat", SimpleNamespace(id="x", quality={"reasoning": 0.9}, quality_benchmarks={})).value == 1.0
    assert base_quality("chat", SimpleNamespace(id="x", quality={"knowledge": 0.3}, quality_benchmarks={})).value == 0.0
    # outside the benchmark file, with no figure: the file's prior for the family (code: no calibrations)
    out = base_quality("code", SimpleNamespace(id="outsider", quality=None, quality_benchmarks=None), ev)
    assert out == q.Quality(
        0.1486,
        "quality unknown: no code figure; scored at the lower quartile of the curated "
        "models (0.12-0.70), never checked against min_quality",
        True,
        QualityLevel.unknown,
        pytest.approx(0.12),
        pytest.approx(0.70),
    )
    # covered, unknown, no prior (knowledge), no figure: scoring.yaml quality.unknown_default 0.5
    dflt = base_quality("question_answering", _p(6), ev)
    assert dflt == q.Quality(
        0.5,
        "quality unknown: no benchmark figure for knowledge; scored at the documented "
        "default 0.5, never checked against min_quality",
        True,
        QualityLevel.unknown,
    )
    # tabular has no entry in quality_calibration.yaml at all
    assert (
        base_quality("tabular_regression", SimpleNamespace(id="x", quality=None, quality_benchmarks=None)).value == 0.5
    )


def test_strategy_points_each_effect():
    # strategy_effects.yaml: rag 0.05, fine_tuning 0.06, narrow 0.34 (>= 1000 examples), DAPT 0.0275, pretraining 0
    assert strategy_points("prompt_engineering", _w()) == (0.0, [], False)
    assert strategy_points("prompt_engineering", _w())[2] is False
    assert strategy_points("rag", _w()) == (0.0, [], False)
    assert strategy_points("rag", _w("knowledge: {corpus_tokens: 1}\n")) == (
        0.05,
        ["+0.05 retrieval (Balaguer et al. 2024)"],
        False,
    )
    narrow = _w("data: {labelled_examples: 1000}\n").model_copy(update={"task": "classification"})
    pts, why, est = strategy_points(
        "rag_fine_tuning", narrow.model_copy(update={"knowledge": _w("knowledge: {corpus_tokens: 5}\n").knowledge})
    )
    assert pts == pytest.approx(0.39) and est is False
    assert why == ["+0.05 retrieval (Balaguer et al. 2024)", "+0.34 task-specific fine-tuning (Zhao et al. 2024)"]
    assert strategy_points("fine_tuning", _w("data: {labelled_examples: 999}\n")) == (0.0, [], False)
    assert strategy_points("fine_tuning", _w("style_consistency: medium\n")) == (
        0.06,
        ["+0.06 fine-tuning (Balaguer et al. 2024)"],
        False,
    )
    assert strategy_points("fine_tuning", _w("domain_specificity: high\n"))[0] == 0.06
    assert strategy_points("continued_pretraining", _w()) == (
        0.0275,
        ["+0.0275 domain-adaptive pretraining (Gururangan et al. 2020)"],
        True,
    )
    assert strategy_points("pretraining", _w()) == (
        0.0,
        [
            "pretrained from scratch outside the measured regime: "
            "scored like its template architecture (project default)"
        ],
        True,
    )


def test_option_quality_on_the_headroom():
    ev = QualityEvidence(_data())
    qa = parse_requirements(
        "task: question_answering\nrequests_per_month: 1000\nknowledge: {corpus_tokens: 9}\n"
    ).workloads[0]
    r = option_quality(qa, _p(4), "rag", evidence=ev)
    # scored on general: 0.61237 -> 0.6124 + 0.05 * (1 - 0.6124) / 0.5 = 0.6124 + 0.03876 = 0.65116 -> 0.6512
    # low 0.555 + 0.1 * 0.445 = 0.5995; high 0.665 + 0.1 * 0.335 = 0.6985
    assert r == q.Quality(
        0.6512,
        "B: 61.237 (dated 2026-01-02) on the family's one benchmark (answers from retrieved "
        "text: scored on general, not closed-book knowledge); +0.05 retrieval (Balaguer et al. 2024) "
        "(on the remaining headroom)",
        False,
        QualityLevel.measured,
        pytest.approx(0.5995),
        pytest.approx(0.6985),
    )
    plain = option_quality(_w(), _p(4), "prompt_engineering", evidence=ev)
    assert plain == q.Quality(
        0.6124,
        "B: 61.237 (dated 2026-01-02) on the family's one benchmark",
        False,
        QualityLevel.measured,
        pytest.approx(0.555),
        pytest.approx(0.665),
    )
    cp = option_quality(_w(), _p(4), "continued_pretraining", evidence=ev)
    # 0.6124 + 0.0275 * 0.3876 / 0.5 = 0.6124 + 0.021318 = 0.633718 -> 0.6337; an estimate now
    assert (cp.value, cp.estimated, cp.level) == (0.6337, True, QualityLevel.fallback_family)
    code = parse_requirements("task: code\nrequests_per_month: 1000\n").workloads[0]
    unk = option_quality(code, _p(5), "continued_pretraining", evidence=ev)
    # 0.1486 + 0.0275 * 0.8514 / 0.5 = 0.1486 + 0.046827 = 0.195427 -> 0.1954; low 0.12 + 0.055 * 0.88 = 0.1684
    assert (unk.value, unk.level) == (0.1954, QualityLevel.unknown)
    assert unk.low == pytest.approx(0.1684) and unk.high == pytest.approx(0.7 + 0.055 * 0.3)


def test_option_quality_caps_at_one_and_defaults_the_reference_base(monkeypatch):
    ev = QualityEvidence(_data())
    w = _w("knowledge: {corpus_tokens: 9}\n")
    big = {"effects": {"rag": {"points": 0.8, "source": "S, x"}}, "headroom": {"reference_base": 0.5}}
    monkeypatch.setattr(q, "strategy_effects", lambda: big)
    # 0.6124 + 0.8 * 0.3876 / 0.5 = 1.232 -> capped at 1; high 0.665 + 1.6 * 0.335 > 1 -> 1
    capped = option_quality(w, _p(4), "rag", evidence=ev)
    assert capped.value == 1.0 and capped.high == 1.0
    none = {"effects": {"rag": {"points": 0.1, "source": "S, x"}}}
    monkeypatch.setattr(q, "strategy_effects", lambda: none)
    # no headroom entry: reference base 0 -> gain 0.1 * (1 - 0.6124) = 0.03876 -> 0.65116 -> 0.6512
    assert option_quality(w, _p(4), "rag", evidence=ev).value == 0.6512


def test_option_quality_joins_two_reasons():
    ev = QualityEvidence(_data())
    w = parse_requirements(
        "task: classification\nrequests_per_month: 1000\nknowledge: {corpus_tokens: 9}\n"
        "data: {labelled_examples: 1000}\n"
    ).workloads[0]
    basis = option_quality(w, _p(4), "rag_fine_tuning", evidence=ev).basis
    assert basis == (
        "B: 61.237 (dated 2026-01-02) on the family's one benchmark; +0.05 retrieval (Balaguer et al. "
        "2024); +0.34 task-specific fine-tuning (Zhao et al. 2024) (on the remaining headroom)"
    )


def test_remembered_qualities_are_those_worked_out_afresh(catalog):
    """option_quality remembers its answer per base quality and strategy points (workloads of one task and data
    share them): warm or cold, every profile, strategy and workload below gets the same Quality; other points
    (another count of labelled examples) or another profile is another answer, not a remembered one."""
    from selector.options.strategies import candidates as strategy_candidates

    req = parse_requirements(
        "workloads:\n"
        "  - {name: a, task: classification, requests_per_month: 1000, data: {labelled_examples: 5000}}\n"
        "  - {name: b, task: classification, requests_per_month: 9000, data: {labelled_examples: 5000}}\n"
        "  - {name: c, task: classification, requests_per_month: 1000, data: {labelled_examples: 40}}\n"
        "  - {name: d, task: question_answering, requests_per_month: 1000,\n"
        "     knowledge: {corpus_tokens: 1000000, update_frequency: weekly}}\n")
    seen = {}
    for w in req.workloads:
        for profile in list(catalog)[:40]:
            cands, _ = strategy_candidates(w, profile, 20.0)
            for c in cands:
                q._with_points.cache_clear()
                cold = option_quality(w, profile, c.strategy, c.method)
                warm = option_quality(w, profile, c.strategy, c.method)
                assert warm == cold and warm is cold
                seen[(w.name, profile.id, str(c.strategy), c.method)] = cold
    for (name, pid, strategy, method), quality in seen.items():
        w = next(x for x in req.workloads if x.name == name)
        assert option_quality(w, catalog.get(pid), strategy, method) == quality  # with everything else remembered
    tuned = [k[1:] for k in seen if k[0] == "a" and k[2] == "fine_tuning" and ("c", *k[1:]) in seen]
    assert tuned and all(seen[("a", *k)] != seen[("c", *k)] for k in tuned)  # 5,000 examples against 40
    assert all(seen[("a", *k[1:])] == q2 for k, q2 in seen.items() if k[0] == "b")  # the same task and data
