"""The offline guarantee: every command works with the network blocked, and none even tries it.

``socket.socket``, ``socket.create_connection`` and ``getaddrinfo`` are monkeypatched to raise, and a
process audit hook refuses (and records) any socket created or connected by other means, so a library
that caught the error and carried on would still fail the test.
"""

from __future__ import annotations

import json
import socket
import sys

import pytest

from tests.reliability.harness import ROOT, run_cli

FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
_ATTEMPTS: list[str] = []
_GUARD = {"on": False}
_EVENTS = ("socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
           "socket.sendto", "urllib.Request")


def _audit(event: str, args) -> None:
    if _GUARD["on"] and event in _EVENTS:
        _ATTEMPTS.append(f"{event} {args!r:.120}")
        raise OSError(f"network blocked by the offline test ({event})")


sys.addaudithook(_audit)  # hooks cannot be removed; it only acts while a test below has switched it on


class _BlockedSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        _ATTEMPTS.append(f"socket.socket{args!r}")
        raise OSError("network blocked by the offline test")


def _refuse(name):
    def refuse(*args, **kwargs):
        _ATTEMPTS.append(f"{name}{args!r:.120}")
        raise OSError(f"network blocked by the offline test ({name})")

    return refuse


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setattr(socket, "socket", _BlockedSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        monkeypatch.setattr(socket, name, _refuse(name))
    _ATTEMPTS.clear()
    _GUARD["on"] = True
    yield
    _GUARD["on"] = False
    assert _ATTEMPTS == [], f"network attempted: {_ATTEMPTS}"


def test_the_guard_works(offline):
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("pypi.org", 443), timeout=1)
    with pytest.raises(OSError, match="blocked"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    assert len(_ATTEMPTS) == 2
    _ATTEMPTS.clear()


def ok(argv: list[str]):
    out = run_cli(argv)
    assert out.code in (0, 3), (argv, out.stderr[-2000:])
    return out


@pytest.mark.parametrize("fmt,report", [("json", "html"), ("table", "md"), ("markdown", None), ("html", None)])
def test_recommend_every_format_and_report_offline(offline, tmp_path, fmt, report):
    req = EXAMPLES / "portfolio-shared-budget.yaml"
    extra = ["--report", str(tmp_path / f"r.{report}")] if report else []
    out = ok(["recommend", str(req), "--format", fmt, "--samples", "100", *extra])
    assert out.stdout.strip()
    if report == "html":
        assert (tmp_path / "r.html").stat().st_size > 1_000_000  # plotly.js inlined, nothing fetched
    if report == "md":
        assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# selector report")


def test_infeasible_recommendation_offline(offline):
    out = ok(["recommend", str(EXAMPLES / "infeasible-latency.yaml"), "--format", "json", "--samples", "100"])
    assert out.code == 3 and json.loads(out.stdout)["conflicts"]


@pytest.mark.parametrize("solver", ["HiGHS", "PULP_CBC_CMD"])
def test_both_solvers_offline(offline, solver):
    ok(["recommend", str(EXAMPLES / "tabular-churn-interpretable.yaml"), "--solver", solver, "--samples", "100"])


def test_catalog_commands_offline(offline, tmp_path):
    assert len(json.loads(ok(["catalog", "list", "--format", "json"]).stdout)) > 50
    ok(["catalog", "list", "--format", "csv", "--task", "chat"])
    ok(["catalog", "list"])
    assert json.loads(ok(["catalog", "show", "gpt-4o-mini", "--format", "json"]).stdout)["id"] == "gpt-4o-mini"
    ok(["catalog", "show", "gpt-4o-mini"])
    assert "ok:" in ok(["catalog", "validate"]).stdout
    out_dir = tmp_path / "imported"
    ok(["catalog", "import", "litellm", "--path", str(FIXTURES / "litellm_sample.json"), "--out", str(out_dir)])
    assert "ok:" in ok(["catalog", "validate", str(out_dir)]).stdout
    ok(["catalog", "list", "--catalog", str(out_dir), "--format", "json"])
    ok(["catalog", "import", "models-dev", str(FIXTURES / "models_dev"), "--out", str(tmp_path / "md")])


def test_estimate_offline(offline):
    data = json.loads(ok(["estimate", "training", "--params-billion", "7", "--tokens", "1e12", "--gpu", "a100-80gb",
                          "--gpus", "512", "--format", "json"]).stdout)
    assert data["flops"] == pytest.approx(4.2e22)
    ok(["estimate", "inference", "--model", "gpt-4o-mini", "--requests", "1e5", "--format", "json"])
    ok(["estimate", "rag", "--corpus-tokens", "1e7", "--queries", "1e5", "--format", "json"])
    ok(["schema"])
