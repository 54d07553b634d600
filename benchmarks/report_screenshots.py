"""Screenshots of the HTML report for docs/images/ (headless Debian chromium, no network).

    PYTHONPATH=. python benchmarks/report_screenshots.py [examples/portfolio-shared-budget.yaml] [docs/images]

Writes ``report-top.png`` (the bottom line, as a reader first sees it) and ``report-workload.png`` (one
workload's part: rationale, figures and charts). Look at them before committing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options

from selector.catalog import load_catalog
from selector.recommend import Settings, recommend
from selector.report import write_report
from selector.requirements import load_requirements


def main(example: str = "examples/portfolio-shared-budget.yaml", out: str = "docs/images") -> None:
    rec = recommend(load_requirements(example), load_catalog(), Settings())
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--force-device-scale-factor=1"):
        options.add_argument(flag)
    with tempfile.TemporaryDirectory(prefix="report-shots-") as tmp:
        page = Path(tmp) / "report.html"
        write_report(rec, page)
        driver = webdriver.Chrome(options=options)
        try:
            driver.set_window_size(1000, 1000)
            driver.get(page.as_uri())
            time.sleep(1.0)  # the charts draw on load
            driver.save_screenshot(str(target / "report-top.png"))
            second = rec.workloads[1 if len(rec.workloads) > 1 else 0].name
            from selector.report.workloads import anchor

            driver.set_window_size(1000, 1500)
            driver.execute_script(f"document.getElementById('{anchor(second)}').scrollIntoView()")
            time.sleep(0.5)
            driver.save_screenshot(str(target / "report-workload.png"))
        finally:
            driver.quit()
    print(f"wrote {target / 'report-top.png'} and {target / 'report-workload.png'}")


if __name__ == "__main__":
    main(*sys.argv[1:])
