"""PDF via Debian's chromium printing the self-contained HTML (no download, no network)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from selector.errors import EnvironmentMissing

CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-pdf-header-footer", "--virtual-time-budget=15000",
)


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def html_to_pdf(html_text: str, out: Path, timeout: float = 120) -> None:
    """Print HTML to PDF with headless chromium; a clear error if the browser is missing."""
    browser = chromium_path()
    if browser is None:
        raise EnvironmentMissing("writing a PDF report needs chromium, which is not on PATH",
                                 "install Debian's package 'chromium' (`make setup` does), or write .html "
                                 "and print it from a browser")
    with tempfile.TemporaryDirectory(prefix="selector-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html_text, encoding="utf-8")
        target = Path(tmp) / "report.pdf"
        cmd = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={target}", page.as_uri()]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise EnvironmentMissing(f"chromium ({browser}) could not print the PDF ({type(exc).__name__})",
                                     "check that Debian's chromium starts headless here, or write .html") from None
        if not target.exists() or target.stat().st_size == 0:
            raise EnvironmentMissing(f"chromium ({browser}) produced no PDF",
                                     "check that Debian's chromium starts headless here, or write .html")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, out)
