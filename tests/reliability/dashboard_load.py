"""A load harness for the dashboard: N concurrent sessions submit their own requirements over HTTP.

It talks to a real threaded server on 127.0.0.1 through Dash's own callback endpoint, the way a
browser does: the submit callback's inputs and states are read from ``/_dash-dependencies`` and
the form's fields from ``/_dash-layout``. Each request carries a unique workload name and volume so
the answer can be checked for cross-talk. ``python tests/reliability/dashboard_load.py [seconds]``
prints the figures recorded in docs/reliability.md.
"""

from __future__ import annotations

import json
import statistics
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Figures:
    sessions: int
    seconds: float
    served: int = 0
    errors: list[str] = field(default_factory=list)
    crosstalk: int = 0
    latencies: list[float] = field(default_factory=list)
    rss_mb: list[tuple[float, float]] = field(default_factory=list)  # (elapsed s, MB)

    def p(self, q: float) -> float:
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")

    def summary(self) -> str:
        first = self.rss_mb[0][1] if self.rss_mb else float("nan")
        last = self.rss_mb[-1][1] if self.rss_mb else float("nan")
        peak = max((m for _, m in self.rss_mb), default=float("nan"))
        return (f"{self.sessions} sessions for {self.seconds:.0f} s on {HOST}: {self.served} submissions served, "
                f"{len(self.errors)} errors, {self.crosstalk} cross-talk; latency median "
                f"{statistics.median(self.latencies) if self.latencies else float('nan'):.2f} s, p95 {self.p(0.95):.2f} s, "
                f"max {max(self.latencies, default=float('nan')):.2f} s; "
                f"RSS after warm-up {first:.0f} MB, at the end {last:.0f} MB, peak {peak:.0f} MB")


def _get(base: str, path: str):
    with urllib.request.urlopen(base + path, timeout=60) as resp:
        return json.load(resp)


def _fields(layout) -> list[tuple[dict, object]]:
    found: list[tuple[dict, object]] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            props = node.get("props", {})
            cid = props.get("id")
            if isinstance(cid, dict) and cid.get("type") in ("field", "weight"):
                found.append((cid, props.get("value")))
            for value in props.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(layout)
    return found


def _payload(dep: dict, fields: list[tuple[dict, object]], name: str, volume: float) -> dict:
    form = [(cid, val) for cid, val in fields if cid["type"] == "field"]
    weights = [(cid, val) for cid, val in fields if cid["type"] == "weight" and cid.get("form") == "req"]
    values = []
    for cid, val in form:
        if cid["path"].endswith("].name"):
            val = name if cid["path"].startswith("workloads[0]") else val
        if cid["path"] == "workloads[0].requests_per_month":
            val = volume
        values.append((cid, val))
    outputs = []
    for part in dep["output"].strip(".").split("..."):
        ident, prop = part.rsplit(".", 1)
        outputs.append({"id": ident, "property": prop})
    return {
        "output": dep["output"], "outputs": outputs,
        "inputs": [{"id": "req-submit", "property": "n_clicks", "value": 1}],
        "changedPropIds": ["req-submit.n_clicks"],
        "state": [
            [{"id": cid, "property": "value", "value": val} for cid, val in values],
            [{"id": cid, "property": "id", "value": cid} for cid, _ in values],
            [{"id": cid, "property": "value", "value": val} for cid, val in weights],
            [{"id": cid, "property": "id", "value": cid} for cid, _ in weights],
            {"id": "store-evidence", "property": "data", "value": None},  # no evaluation file uploaded
        ],
    }


def run(seconds: float = 60.0, sessions: int = 20) -> Figures:
    from werkzeug.serving import make_server

    from dashboard.app import create_app

    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server(HOST, 0, create_app().server, threaded=True)
    base = f"http://{HOST}:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    figures = Figures(sessions, seconds)
    lock = threading.Lock()
    try:
        dep = next(d for d in _get(base, "/_dash-dependencies")
                   if any(i["id"] == "req-submit" for i in d["inputs"]))
        fields = _fields(_get(base, "/_dash-layout"))
        stop = time.monotonic() + seconds

        def session(i: int) -> None:
            n = 0
            while time.monotonic() < stop:
                n += 1
                name, volume = f"session-{i}-{n}", float(1000 + 7919 * i + n)
                body = json.dumps(_payload(dep, fields, name, volume)).encode()
                req = urllib.request.Request(base + "/_dash-update-component", data=body,
                                             headers={"Content-Type": "application/json"})
                t0 = time.monotonic()
                try:
                    with urllib.request.urlopen(req, timeout=120) as resp:
                        answer = json.load(resp)
                except Exception as exc:  # noqa: BLE001 - every failure is counted, none hidden
                    with lock:
                        figures.errors.append(f"{name}: {type(exc).__name__}: {exc}")
                    continue
                elapsed = time.monotonic() - t0
                stored = answer.get("response", {}).get("store-requirements", {}).get("data") or {}
                mine = (stored.get("workloads") or [{}])[0]
                ok = mine.get("name") == name and float(mine.get("requests_per_month", -1)) == volume
                shown = name in json.dumps(answer.get("response", {}).get("results-top", {}))
                with lock:
                    figures.served += 1
                    figures.latencies.append(elapsed)
                    if not (ok and shown):
                        figures.crosstalk += 1

        def sample_memory() -> None:
            start = time.monotonic()
            while time.monotonic() < stop:
                figures.rss_mb.append((time.monotonic() - start, rss_mb()))
                time.sleep(2)

        workers = [threading.Thread(target=session, args=(i,)) for i in range(sessions)]
        sampler = threading.Thread(target=sample_memory)
        for w in workers:
            w.start()
        time.sleep(min(5.0, seconds / 4))  # warm-up before the first memory sample
        sampler.start()
        for w in workers:
            w.join()
        sampler.join()
    finally:
        server.shutdown()
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    print(run(float(sys.argv[1]) if len(sys.argv) > 1 else 60.0).summary())
