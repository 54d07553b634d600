"""The app factory, its layout and callbacks, and the ``selector dashboard`` command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from typer.testing import CliRunner

from selector.cli.app import app as cli_app
from selector.cli.dashboard_cmd import is_loopback

from dashboard import create_app, ids
from dashboard.callbacks.navigation import PAGE_IDS
from dashboard.logic.pages import PAGES
from tests.conftest import ROOT
from tests.dashboard.test_results import walk


@pytest.fixture(scope="module")
def app():
    return create_app()


def test_layout_ids_are_unique_and_cover_the_pages(app):
    found = [c.id for c in walk(app.layout) if getattr(c, "id", None) is not None]
    keys = [ids.dom_id(i) for i in found]
    assert len(keys) == len(set(keys))
    for static in (ids.URL, ids.STORE_REQ, ids.FORM, ids.SUBMIT, ids.RESULTS, ids.CATALOG_TABLE, *PAGE_IDS.values()):
        assert static in keys
    assert [p for p, _, _ in PAGES] == list(PAGE_IDS)


def test_the_form_starts_with_one_field_per_schema_field(app):
    from dashboard.logic.form import form_paths

    fields = [c.id["path"] for c in walk(app.layout) if isinstance(getattr(c, "id", None), dict)
              and c.id.get("type") == ids.FIELD]
    assert fields == list(form_paths(1))
    messages = {c.id["path"] for c in walk(app.layout) if isinstance(getattr(c, "id", None), dict)
                and c.id.get("type") == ids.MESSAGE}
    assert set(fields) <= messages and {"", "weights", "workloads", "workloads[0]", "budget"} <= messages


def _submit(app, name: str, volume: float) -> dict:
    """Press Submit as the browser does: the callback found through /_dash-dependencies, the form's values
    from /_dash-layout, one POST to /_dash-update-component (the path of tests/reliability/dashboard_load.py)."""
    from tests.reliability.dashboard_load import _fields, _payload

    client = app.server.test_client()
    dep = next(d for d in client.get("/_dash-dependencies").get_json()
               if any(i["id"] == ids.SUBMIT for i in d["inputs"]))
    fields = _fields(client.get("/_dash-layout").get_json())
    res = client.post("/_dash-update-component", data=json.dumps(_payload(dep, fields, name, volume)),
                      content_type="application/json")
    assert res.status_code == 200, res.data[:500]
    return res.get_json()["response"]


def test_submitting_the_form_stores_it_and_shows_the_results(app):
    """Through Dash's own endpoint (not by reading the callback map): the submitted workload is stored as typed
    and the results page names it. (Replaces a substring match over the registered callback ids.)"""
    response = _submit(app, "alpha-bot", 12_345.0)
    stored = response[ids.STORE_REQ]["data"]["workloads"][0]
    assert (stored["name"], float(stored["requests_per_month"])) == ("alpha-bot", 12_345.0)
    assert "alpha-bot" in json.dumps(response["results-top"])


def _table_ids(app) -> set[str]:
    table = next(c for c in walk(app.layout) if getattr(c, "id", None) == ids.CATALOG_TABLE)
    return {row["id"] for row in table.data}


def test_two_apps_share_no_state(tmp_path):
    """Each app holds its own catalog and its own memo of results: a model from one app's --catalog is not in
    the other's catalog table, and what one app was sent does not appear in the other's answer. (Replaces
    `a is not b`, which could not fail.)"""
    doc = yaml.safe_load((ROOT / "tests" / "fixtures" / "catalog" / "models" / "openai.yaml").read_text())
    extra = dict(next(m for m in doc["models"] if m["id"] == "gpt-4o-mini"), id="only-in-b", name="Only in B")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "b.yaml").write_text(yaml.safe_dump({"models": [extra]}), encoding="utf-8")
    a, b = create_app(), create_app([tmp_path])
    assert "only-in-b" in _table_ids(b) and "only-in-b" not in _table_ids(a)
    first = _submit(a, "sent-to-a", 1_000.0)
    second = _submit(b, "sent-to-b", 2_000.0)
    assert "sent-to-a" in json.dumps(first["results-top"]) and "sent-to-a" not in json.dumps(second)
    assert second[ids.STORE_REQ]["data"]["workloads"][0]["name"] == "sent-to-b"


def test_the_library_never_imports_dash():
    code = ("import sys, selector.cli.app, selector.recommend, selector.report;"
            "print(sorted(m for m in sys.modules if m == 'dash' or m.startswith(('dash.', 'dashboard'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_is_loopback():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("[::1]") and is_loopback("LOCALHOST")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.0.0.1") and not is_loopback("host.example")


def test_remote_host_needs_allow_remote(monkeypatch):
    started = []  # the server is not started: waitress's serve (dashboard.serve) is replaced
    monkeypatch.setattr("dashboard.serve.serve", lambda app, host, port: started.append({"host": host, "port": port}))
    runner = CliRunner()
    refused = runner.invoke(cli_app, ["dashboard", "--host", "0.0.0.0"])
    assert refused.exit_code == 2 and "--allow-remote" in refused.output and not started
    ok = runner.invoke(cli_app, ["dashboard", "--host", "0.0.0.0", "--allow-remote", "--port", "9000"])
    assert ok.exit_code == 0, ok.output
    assert started == [{"host": "0.0.0.0", "port": 9000}]


def test_default_is_loopback_and_bad_catalog_is_exit_2(monkeypatch, tmp_path):
    started = []  # the server is not started: waitress's serve (dashboard.serve) is replaced
    monkeypatch.setattr("dashboard.serve.serve", lambda app, host, port: started.append({"host": host, "port": port}))
    runner = CliRunner()
    assert runner.invoke(cli_app, ["dashboard"]).exit_code == 0
    assert started[0]["host"] == "127.0.0.1" and started[0]["port"] == 8050
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "bad.yaml").write_text("models: [{id: 1}]\n")
    bad = runner.invoke(cli_app, ["dashboard", "--catalog", str(tmp_path)])
    assert bad.exit_code == 2 and "bad.yaml" in bad.output
    assert runner.invoke(cli_app, ["dashboard", "--port", "70000"]).exit_code == 2
