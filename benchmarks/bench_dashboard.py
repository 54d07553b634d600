"""Benchmark: submit → results rendered, for a two-workload example on the shipped catalog (issue #7).

Two measurements:

1. **The callback's plain-function path**, in-process: validate the document, recommend (fresh memo,
   so the solve is never skipped), build the results page's components with the first chart of each
   workload, and serialise them as Dash does.
2. **End to end in a browser** (Debian chromium, headless, 1280×800), when chromium and chromedriver
   are installed: a fresh page, the requirements uploaded, then the time from the click on
   *Recommend* until the choice cards are shown, and until every callback has finished (the first
   chart drawn); then a what-if change of one volume until the page is re-solved and settled.

The document is ``examples/portfolio-shared-budget.yaml`` cut to its first two workloads; each run
changes the volumes slightly, so no run is answered from the dashboard's memo.

    .venv/bin/python benchmarks/bench_dashboard.py [--runs 7] [--no-browser] [--check]
        [--screenshots docs/images]

``--check`` exits 1 when the plain-function median misses the 1 s budget. ``--screenshots DIR``
also saves one 1280×800 screenshot per page as DIR/dashboard-*.png. Results are recorded in
docs/benchmarks.md ("Dashboard").
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_S = 1.0
EXAMPLE = ROOT / "examples" / "portfolio-shared-budget.yaml"


def two_workloads(run: int) -> dict:
    """The portfolio example's first two workloads; ``run`` nudges the volumes so every run is a fresh solve."""
    from dashboard.logic.documents import load_example

    doc = copy.deepcopy(load_example(EXAMPLE.name, EXAMPLE.parent).doc)
    doc["workloads"] = doc["workloads"][:2]
    for w in doc["workloads"]:
        w["requests_per_month"] += run
    return doc


def stats(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} s (min {min(values):.3f}, max {max(values):.3f})"


def plain_path(runs: int) -> dict[str, list[float]]:
    """Time the submit path as the callbacks run it, part by part."""
    import plotly

    from dashboard.app import DASHBOARD_SETTINGS
    from dashboard.layout.results import results_view
    from dashboard.logic.results import Solver
    from selector.catalog import load_catalog

    catalog = load_catalog()
    times: dict[str, list[float]] = {"recommend": [], "page": [], "total": []}
    for run in range(runs + 1):  # run 0 warms imports and plotly's templates up
        doc = two_workloads(run)
        solve = Solver(catalog, DASHBOARD_SETTINGS)
        t0 = time.perf_counter()
        outcome = solve(doc)
        t1 = time.perf_counter()
        view = results_view(doc, solve)  # the page, with the first chart of each workload
        json.dumps([view.summary, view.top, view.details], cls=plotly.utils.PlotlyJSONEncoder)
        t2 = time.perf_counter()
        assert outcome.recommendation is not None and len(outcome.recommendation.workloads) == 2
        if run:
            for key, value in (("recommend", t1 - t0), ("page", t2 - t1), ("total", t2 - t0)):
                times[key].append(value)
    return times


def browser_path(runs: int, shots: Path | None) -> dict[str, list[float]]:
    """Click to choice cards, click to settled, and a what-if volume change to settled, in chromium."""
    import yaml
    from selenium.webdriver.common.by import By

    from dashboard import create_app, ids
    from tests.dashboard.devtools import (
        choice_cards, chromium_driver, click, serve, settle, text_of, type_into, upload, wait_until,
    )

    times: dict[str, list[float]] = {"cards": [], "settled": [], "what-if": []}
    app = create_app()
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as tmp, serve(app) as url:
        driver = chromium_driver()
        try:
            for run in range(runs + 1):  # run 0 loads plotly.js and the table code once
                doc = two_workloads(run)  # run 0 (the screenshots) has the example's own volumes
                path = Path(tmp) / "customer-ops.yaml"  # the name the page reports as loaded
                path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
                driver.get(url + "/")
                wait_until(lambda: text_of(driver, ids.FORM_STATUS).startswith("Ready: 1"), 30, "page did not load")
                upload(driver, str(path))
                wait_until(lambda: text_of(driver, ids.FORM_STATUS).startswith("Ready: 2"), 30, "upload failed")
                settle(driver)
                if run == 0 and shots:
                    shoot(driver, shots / "dashboard-requirements.png")
                t0 = time.perf_counter()
                click(driver, ids.SUBMIT)
                wait_until(lambda: len([c for c in choice_cards(driver) if "score" in c]) == 2, 30, "no results")
                t1 = time.perf_counter()
                wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, ".chart-body .main-svg"), 30, "no chart")
                settle(driver)
                t2 = time.perf_counter()
                if run == 0 and shots:
                    driver.execute_script("window.scrollTo(0, 0)")
                    shoot(driver, shots / "dashboard-results.png")
                    scroll_to(driver, f"#{ids.RESULTS}")
                    shoot(driver, shots / "dashboard-results-detail.png")
                before = choice_cards(driver)
                target = ids.whatif_volume("workloads[1].requests_per_month")
                t3 = time.perf_counter()
                type_into(driver, target, str(doc["workloads"][1]["requests_per_month"] * 3))
                wait_until(lambda: (c := choice_cards(driver)) != before and len(c) == 2, 30, "no re-solve")
                settle(driver)
                t4 = time.perf_counter()
                if run:
                    times["cards"].append(t1 - t0)
                    times["settled"].append(t2 - t0)
                    times["what-if"].append(t4 - t3)
            if shots:
                catalog_shot(driver, shots)
                whatif_shot(driver, url, shots)
            logs = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
            if logs:
                sys.exit(f"browser console errors: {logs}")
        finally:
            driver.quit()
    return times


def scroll_to(driver, selector: str, above: int = 70) -> None:
    """Scroll so the element is at the top of the window, below the sticky header."""
    driver.execute_script("const e = document.querySelector(arguments[0]);"
                          "window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - arguments[1]);",
                          selector, above)


def shoot(driver, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    time.sleep(0.3)  # let transitions finish
    driver.save_screenshot(str(path))
    print(f"  screenshot {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def catalog_shot(driver, shots: Path) -> None:
    """The catalog page, filtered to models that serve Japanese, with two of them compared below the table."""
    from selenium.webdriver.common.by import By

    from dashboard import ids
    from tests.dashboard.devtools import click, settle, type_into

    click(driver, ids.nav_link("catalog"))
    settle(driver)
    type_into(driver, ids.FILTER_LANGUAGE, "ja")
    time.sleep(0.5)  # the filter's debounce
    settle(driver)
    boxes = driver.find_elements(By.CSS_SELECTOR, f"#{ids.CATALOG_TABLE} td.dash-select-cell input")
    for box in boxes[:2]:
        box.click()
    settle(driver)
    driver.execute_script("window.scrollTo(0, 0)")
    shoot(driver, shots / "dashboard-catalog.png")
    scroll_to(driver, f"#{ids.CATALOG_COMPARE} h4", 330)  # the end of the comparison and its sources
    shoot(driver, shots / "dashboard-catalog-compare.png")


def whatif_shot(driver, url: str, shots: Path) -> None:
    """The what-if panel of examples/legal-open-weights-finetune.yaml: a volume past the break-even with
    continued pretraining (the note says why fine-tuning stays), then a value that is not a number."""
    from dashboard import ids
    from tests.dashboard.devtools import choice_cards, click, settle, text_of, type_into, upload, wait_until

    volume = "workloads[0].requests_per_month"
    driver.get(url + "/")
    wait_until(lambda: text_of(driver, ids.FORM_STATUS).startswith("Ready: 1"), 30, "page did not load")
    upload(driver, str(ROOT / "examples" / "legal-open-weights-finetune.yaml"))
    wait_until(lambda: "legal-open-weights-finetune" in text_of(driver, ids.LOAD_STATUS), 30, "upload failed")
    settle(driver)
    click(driver, ids.SUBMIT)
    wait_until(lambda: choice_cards(driver) and driver.current_url.endswith("/results"), 90, "no results")
    settle(driver, 90)
    type_into(driver, ids.whatif_volume(volume), "400,000")
    wait_until(lambda: "break-even" in text_of(driver, ids.WHATIF_NOTE), 90, "no what-if note")
    settle(driver, 90)
    scroll_to(driver, f"#{ids.RESULTS_TOP}", 70)
    shoot(driver, shots / "dashboard-whatif.png")
    type_into(driver, ids.whatif_volume(volume), "lots")
    wait_until(lambda: text_of(driver, ids.whatif_error(volume)).strip(), 30, "no what-if error")
    settle(driver)
    scroll_to(driver, f"#{ids.RESULTS_TOP}", 70)  # leaving the field moved the focus down the page
    shoot(driver, shots / "dashboard-whatif-error.png")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured repetitions (median reported)")
    parser.add_argument("--no-browser", action="store_true", help="only the in-process measurement")
    parser.add_argument("--screenshots", type=Path, help="save one 1280×800 screenshot per page here")
    parser.add_argument("--check", action="store_true", help=f"exit 1 unless the plain path takes < {BUDGET_S} s")
    args = parser.parse_args(argv)
    print(f"date {dt.date.today()} · {platform.machine()} · {os.cpu_count()} cores · Python "
          f"{platform.python_version()} · load average {os.getloadavg()[0]:.2f}")
    plain = plain_path(args.runs)
    print(f"plain-function path, {args.runs} runs (validate + recommend; page components with the first charts):")
    for key, values in plain.items():
        print(f"  {key:>9}: {stats(values)}")
    browser_ok = bool(shutil.which("chromium") and shutil.which("chromedriver"))
    if not args.no_browser and browser_ok:
        timings = browser_path(args.runs, args.screenshots.resolve() if args.screenshots else None)
        print(f"browser, {args.runs} runs (click on Recommend → ...):")
        for key, values in timings.items():
            print(f"  {key:>9}: {stats(values)}")
    elif not args.no_browser:
        print("browser: skipped (chromium/chromedriver not installed; run `make browser`)")
    if args.check and statistics.median(plain["total"]) >= BUDGET_S:
        print(f"FAIL: the plain path takes {statistics.median(plain['total']):.3f} s; the budget is {BUDGET_S} s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
