"""Recommender benchmarks (issue #5). Prints figures; record them in docs/benchmarks.md.

(a) one workload against the full imported litellm catalog: `selector recommend` wall time, process start
    included (median of runs after a first, cache-warming run);
(b) 200 workloads with max_models and budgets, in process;
(c) SMAA with 10,000 samples on one workload's options;
(d) the same weighted ranking by the optimiser and by a plain pandas weighted sum (and scikit-criteria
    when installed): identical order, and the time ratio.

    .venv/bin/python benchmarks/bench_recommender.py [--runs 5]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SELECTOR = str(Path(sys.executable).parent / "selector")


def bench_a(runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "imported"
        subprocess.run([SELECTOR, "catalog", "import", "litellm", "--out", str(out)], check=True, capture_output=True)
        cmd = [SELECTOR, "recommend", str(ROOT / "examples" / "generic-chat-low-volume.yaml"), "--catalog", str(out),
               "--format", "json"]
        subprocess.run(cmd, check=True, capture_output=True)  # warm the parse cache
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - t)
        from selector.catalog import load_catalog

        n = len(load_catalog([out]))
    return {"profiles": n, "median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)}


def portfolio(n: int, seed: int = 0):
    from selector.requirements import requirements_from_dict

    rng = np.random.default_rng(seed)
    tasks = ["chat", "question_answering", "summarization", "classification", "extraction", "code"]
    workloads = []
    for i in range(n):
        task = tasks[i % len(tasks)]
        w = {"name": f"w{i:03d}", "task": task, "requests_per_month": float(rng.integers(1_000, 500_000)),
             "input_tokens": float(rng.integers(200, 3000)), "output_tokens": float(rng.integers(50, 600))}
        if task == "question_answering" and i % 2:
            w["knowledge"] = {"corpus_tokens": float(rng.integers(1e5, 5e7)), "update_frequency": "weekly"}
        if task in ("classification", "extraction"):
            w["data"] = {"labelled_examples": float(rng.integers(0, 5000))}
        workloads.append(w)
    return requirements_from_dict({"workloads": workloads, "max_models": 5,
                                   "budget": {"monthly_usd": 200_000, "one_off_usd": 100_000}})


def bench_b() -> dict:
    from selector.catalog import load_catalog
    from selector.recommend import Settings, recommend

    cat = load_catalog()
    req = portfolio(200)
    t = time.perf_counter()
    rec = recommend(req, cat, Settings(smaa_samples=2000))
    elapsed = time.perf_counter() - t
    models = {w.choice.option.model for w in rec.workloads if w.choice}
    return {"workloads": 200, "status": rec.status, "seconds": elapsed, "distinct_models": len(models),
            "options": sum(len(w.options) for w in rec.workloads)}


def _options():
    from selector.catalog import load_catalog
    from selector.recommend import Settings, recommend
    from selector.requirements import load_requirements

    rec = recommend(load_requirements(ROOT / "examples" / "generic-chat-low-volume.yaml"), load_catalog(),
                    Settings(smaa_samples=100, break_even=False))
    return rec, list(rec.workloads[0].options)


def bench_c(options) -> dict:
    from selector.recommend import Settings, _smaa

    t = time.perf_counter()
    _smaa(options, Settings(smaa_samples=10_000, seed=1))
    return {"options": len(options), "samples": 10_000, "seconds": time.perf_counter() - t}


def bench_d(rec, options) -> dict:
    import pandas as pd

    from selector.optimise import Item, AssignmentProblem, solve
    from selector.scoring import CRITERIA

    weights = rec.weights
    frame = pd.DataFrame([{k: s.utilities[k] for k in CRITERIA} | {"key": s.option.key} for s in options])
    t = time.perf_counter()
    scores = frame[list(CRITERIA)].to_numpy() @ np.array([weights[k] for k in CRITERIA])
    pandas_order = list(frame.assign(score=scores).sort_values(["score", "key"], ascending=[False, True])["key"][:10])
    t_pandas = time.perf_counter() - t
    t = time.perf_counter()
    remaining = {s.option.key: s for s in options}
    milp_order = []
    for _ in range(10):  # the optimiser's ranking: best, then best of the rest, ...
        items = tuple(Item(k, s.option.model, sum(weights[c] * s.utilities[c] for c in CRITERIA), 0, 0)
                      for k, s in sorted(remaining.items()))
        sol = solve(AssignmentProblem(("w",), {"w": items}))
        milp_order.append(sol.chosen["w"])
        remaining.pop(sol.chosen["w"])
    t_milp = time.perf_counter() - t
    out = {"options": len(options), "identical_top10": pandas_order == milp_order,
           "pandas_s": t_pandas, "milp_s": t_milp, "ratio": t_milp / max(t_pandas, 1e-9)}
    try:
        import skcriteria as skc
        from skcriteria.agg.simple import WeightedSumModel

        dm = skc.mkdm(frame[list(CRITERIA)].to_numpy() + 1e-9, [max] * 4,
                      weights=[weights[k] for k in CRITERIA], alternatives=list(frame["key"]))
        t = time.perf_counter()
        rank = WeightedSumModel().evaluate(dm)
        t_skc = time.perf_counter() - t
        order = [a for _, a in sorted(zip(rank.rank_, rank.alternatives))][:10]
        out.update({"skcriteria_identical_top10": order == pandas_order, "skcriteria_s": t_skc})
    except ImportError:
        out["skcriteria"] = "not installed"
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}")
    a = bench_a(args.runs)
    print(f"(a) recommend, 1 workload x {a['profiles']} profiles (process start included): "
          f"median {a['median_s']:.2f} s (min {a['min_s']:.2f}, max {a['max_s']:.2f}); target < 1 s")
    b = bench_b()
    print(f"(b) {b['workloads']} workloads, max_models 5, budgets: {b['seconds']:.2f} s, status {b['status']}, "
          f"{b['options']} options, {b['distinct_models']} models; target < 10 s")
    rec, options = _options()
    c = bench_c(options)
    print(f"(c) SMAA {c['samples']:,} samples over {c['options']} options: {c['seconds']:.3f} s; target < 2 s")
    d = bench_d(rec, options)
    print(f"(d) ranking of {d['options']} options: optimiser == pandas weighted sum (top 10): {d['identical_top10']}; "
          f"pandas {d['pandas_s'] * 1000:.2f} ms, optimiser {d['milp_s'] * 1000:.1f} ms (x{d['ratio']:.0f}); "
          + (f"scikit-criteria identical: {d['skcriteria_identical_top10']}, {d['skcriteria_s'] * 1000:.1f} ms"
             if "skcriteria_s" in d else f"scikit-criteria: {d.get('skcriteria')}"))


if __name__ == "__main__":
    main()
