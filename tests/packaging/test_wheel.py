"""An installed (non-editable) selector finds its catalog: the wheel carries catalog/ as selector/_catalog."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from tests.conftest import ROOT


def test_wheel_ships_the_catalog_and_finds_it(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("selector-*.whl"))
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "selector/_catalog/schema/profile.yaml" in names
        assert "selector/_catalog/reference/gpus.yaml" in names
        assert any(n.startswith("dashboard/") for n in names)
        assert "selector/evaluate/evaluation.yaml" in names  # selector evaluate's metrics and statistics
        zf.extractall(target)
    code = ("import selector.catalog.paths as p, selector.catalog as c; "
            "print(p.shipped_catalog_dir()); print(len(c.load_catalog()))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                         env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, cwd=tmp_path).stdout.split()
    assert out[0] == str(target / "selector" / "_catalog")
    assert int(out[1]) >= 60
