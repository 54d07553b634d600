"""A volume so small that its lower curve end underflows to zero gives no break-even curve, not a crash
(found by tests/reliability/test_fuzz.py: requests_per_month 5e-324 made numpy.geomspace raise)."""

from __future__ import annotations

from selector.recommend import Settings, recommend
from selector.requirements import parse_requirements


def test_a_denormal_volume_has_no_curve_and_no_crash(catalog):
    req = parse_requirements("name: a\ntask: chat\nrequests_per_month: 5.0e-324\n")
    rec = recommend(req, catalog, Settings(smaa_samples=100))
    (w,) = rec.workloads
    assert w.choice is not None
    assert w.views.get("volume_curve") in (None, {})
