"""The app factory, its layout and callbacks, and the ``selector dashboard`` command."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from dashboard import create_app, ids
from dashboard.callbacks.navigation import PAGE_IDS
from dashboard.logic.pages import PAGES
from selector.cli.app import app as cli_app
from selector.cli.dashboard_cmd import is_loopback
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


def test_callbacks_are_registered(app):
    outputs = " ".join(app.callback_map)
    for target in (ids.FORM, ids.STORE_REQ, ids.RESULTS, ids.CATALOG_TABLE, ids.CATALOG_COMPARE,
                   ids.REPORT_DOWNLOAD, ids.DOWNLOAD_YAML):
        assert target in outputs


def test_two_apps_share_no_state():
    a, b = create_app(), create_app()
    assert a is not b and a.layout is not b.layout


def test_the_library_never_imports_dash():
    code = ("import sys, selector.cli.app, selector.recommend, selector.report;"
            "print(sorted(m for m in sys.modules if m == 'dash' or m.startswith(('dash.', 'dashboard'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_is_loopback():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("[::1]") and is_loopback("LOCALHOST")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.0.0.1") and not is_loopback("host.example")


def test_remote_host_needs_allow_remote(monkeypatch):
    started = []
    monkeypatch.setattr("dash.Dash.run", lambda self, **kw: started.append(kw))
    runner = CliRunner()
    refused = runner.invoke(cli_app, ["dashboard", "--host", "0.0.0.0"])
    assert refused.exit_code == 2 and "--allow-remote" in refused.output and not started
    ok = runner.invoke(cli_app, ["dashboard", "--host", "0.0.0.0", "--allow-remote", "--port", "9000"])
    assert ok.exit_code == 0, ok.output
    assert started == [{"host": "0.0.0.0", "port": 9000, "debug": False}]


def test_default_is_loopback_and_bad_catalog_is_exit_2(monkeypatch, tmp_path):
    started = []
    monkeypatch.setattr("dash.Dash.run", lambda self, **kw: started.append(kw))
    runner = CliRunner()
    assert runner.invoke(cli_app, ["dashboard"]).exit_code == 0
    assert started[0]["host"] == "127.0.0.1" and started[0]["port"] == 8050
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "bad.yaml").write_text("models: [{id: 1}]\n")
    bad = runner.invoke(cli_app, ["dashboard", "--catalog", str(tmp_path)])
    assert bad.exit_code == 2 and "bad.yaml" in bad.output
    assert runner.invoke(cli_app, ["dashboard", "--port", "70000"]).exit_code == 2
