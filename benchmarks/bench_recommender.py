"""Recommender benchmarks (issue #5). Prints figures; record them in docs/benchmarks.md.

(a) one workload against the full imported litellm catalog: `selector recommend` wall time, process start
    included (median of runs after a first, cache-warming run);
(b) 200 workloads with max_models and budgets, in process;
(c) SMAA with 10,000 samples on one workload's options;
(d) the same weighted ranking by the optimiser and by a plain pandas weighted sum (and scikit-criteria
    when installed): identical order, and the time ratio;
(e) side by side in one run, alternating: (a)'s `selector recommend` process and a scikit-criteria process
    ranking as many alternatives (one per profile) on four criteria with `WeightedSumModel`, each timed from
    process start to exit; the ratio is median(selector) / median(scikit-criteria), so below 1 selector is
    faster. The scikit-criteria process is given its decision matrix ready-made (a seeded N x 4 `.npy`; the
    ranking's cost does not depend on the values): it only starts, imports, loads and ranks, the least work
    it can do, so the ratio does not flatter selector. Needs the `bench` extra; skipped without it.

    .venv/bin/python benchmarks/bench_recommender.py [--runs 5] [--only a,e]

Run with bytecode caching on (as after `pip install`): with PYTHONDONTWRITEBYTECODE=1 every process start
compiles selector's modules again (about 0.7 s more). The load average is printed with each figure.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
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


SKC_RANK = '''
import sys
import numpy as np
import skcriteria as skc
from skcriteria.agg.simple import WeightedSumModel
m = np.load(sys.argv[1])
dm = skc.mkdm(m + 1e-9, [max] * 4, weights=[0.4, 0.3, 0.2, 0.1], alternatives=[f"a{i}" for i in range(len(m))])
WeightedSumModel().evaluate(dm)
'''


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def bench_e(runs: int) -> dict:
    try:
        import skcriteria  # noqa: F401
    except ImportError:
        return {"skipped": "scikit-criteria not installed (pip install -e '.[bench]')"}
    from selector.catalog import load_catalog

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "imported"
        subprocess.run([SELECTOR, "catalog", "import", "litellm", "--out", str(out)], check=True, capture_output=True)
        n = len(load_catalog([out]))
        matrix = Path(tmp) / "matrix.npy"
        np.save(matrix, np.random.default_rng(0).random((n, 4)))
        script = Path(tmp) / "skc_rank.py"
        script.write_text(SKC_RANK)
        sel = [SELECTOR, "recommend", str(ROOT / "examples" / "generic-chat-low-volume.yaml"), "--catalog", str(out),
               "--format", "json"]
        skc = [sys.executable, str(script), str(matrix)]
        subprocess.run(sel, check=True, capture_output=True)  # warm the caches of both
        subprocess.run(skc, check=True, capture_output=True)
        t_sel, t_skc, loads = [], [], [_load()]
        cpu: dict[int, list[float]] = {id(t_sel): [], id(t_skc): []}
        for _ in range(runs):
            for cmd, times in ((sel, t_sel), (skc, t_skc)):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True)
                times.append(time.perf_counter() - t)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[id(times)].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            loads.append(_load())
    sel_m, skc_m = statistics.median(t_sel), statistics.median(t_skc)
    cpu_sel, cpu_skc = statistics.median(cpu[id(t_sel)]), statistics.median(cpu[id(t_skc)])
    return {"alternatives": n, "selector_s": sel_m, "skcriteria_s": skc_m, "ratio": sel_m / skc_m,
            "selector_runs": t_sel, "skcriteria_runs": t_skc, "loads": loads,
            "selector_cpu_s": cpu_sel, "skcriteria_cpu_s": cpu_skc, "cpu_ratio": cpu_sel / cpu_skc}


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
    parser.add_argument("--only", default="a,b,c,d,e", help="comma-separated benchmarks to run (default: all)")
    args = parser.parse_args()
    only = set(args.only.split(","))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load average {_load()}")
    if "a" in only:
        a = bench_a(args.runs)
        print(f"(a) recommend, 1 workload x {a['profiles']} profiles (process start included): "
              f"median {a['median_s']:.2f} s (min {a['min_s']:.2f}, max {a['max_s']:.2f}); target <= 1 s; "
              f"load average {_load()}", flush=True)
    if "e" in only:
        e = bench_e(args.runs)
        if "skipped" in e:
            print(f"(e) {e['skipped']}")
        else:
            print(f"(e) side by side, {args.runs} alternating runs: selector recommend median {e['selector_s']:.2f} s "
                  f"({', '.join(f'{x:.2f}' for x in e['selector_runs'])}), scikit-criteria ranking "
                  f"{e['alternatives']} alternatives x 4 criteria median {e['skcriteria_s']:.2f} s "
                  f"({', '.join(f'{x:.2f}' for x in e['skcriteria_runs'])}); ratio {e['ratio']:.2f}, "
                  f"target <= 0.45; load averages {' | '.join(e['loads'])}; CPU time (user + system) medians: "
                  f"selector {e['selector_cpu_s']:.2f} s, scikit-criteria {e['skcriteria_cpu_s']:.2f} s, "
                  f"ratio {e['cpu_ratio']:.2f}", flush=True)
    if "b" in only:
        b = bench_b()
        print(f"(b) {b['workloads']} workloads, max_models 5, budgets: {b['seconds']:.2f} s, status {b['status']}, "
              f"{b['options']} options, {b['distinct_models']} models; target <= 5 s; load average {_load()}",
              flush=True)
    if not only & {"c", "d"}:
        return
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
