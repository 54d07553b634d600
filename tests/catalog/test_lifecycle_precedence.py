"""A curated retirement date read from a vendor's deprecation page is not silently overwritten by litellm's.

The precedence is the one `selector catalog refresh` applies to every figure (selector/catalog/refresh.py): a
figure whose source group (`sources.dates`) cites a page that is not a maintained map, read after the map was
built, is kept, and the refresh says why; `validate` and the cross-check still report the disagreement, so it is
never silent. An older vendor page gives way to the map. On the hand-written maps of tests/catalog/test_refresh.py
(litellm 9.9.9 built 2026-11-20, gpt-4o-mini retiring 2027-01-14).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from selector.catalog import load_catalog
from selector.catalog.maintained import cross_check, read_exceptions
from selector.catalog.refresh import refresh

from tests.catalog.test_refresh import BUILT, TODAY, copy, maps  # noqa: F401  (fixtures)

VENDOR_DATE = dt.date(2026, 12, 31)  # a curated date that differs from the map's 2027-01-14


def _set_retirement(directory: Path, retrieved: dt.date) -> None:
    path = directory / "models" / "openai.yaml"
    text = path.read_text()
    text = text.replace("    dates: models-dev\n", "    dates: {title: OpenAI API deprecations page, url: "
                        f"'https://developers.openai.com/api/docs/deprecations', retrieved: '{retrieved}'}}\n", 1)
    text = text.replace("  tool_calling: true\n", f"  tool_calling: true\n  deprecation_date: '{VENDOR_DATE}'\n", 1)
    path.write_text(text)


def _retirement(directory: Path) -> dt.date | None:
    return load_catalog([directory], include_shipped=False).get("gpt-4o-mini").deprecation_date


def test_a_vendor_deprecation_page_newer_than_the_map_keeps_its_date(maps, copy):  # noqa: F811
    _set_retirement(copy, BUILT + dt.timedelta(days=13))
    assert _retirement(copy) == VENDOR_DATE
    plan, _ = refresh(copy, maps, today=TODAY)
    kept = [k for k in plan.kept if (k.profile, k.field) == ("gpt-4o-mini", "deprecation_date")]
    assert kept and "newer than litellm 9.9.9" in kept[0].why, plan.kept
    assert _retirement(copy) == VENDOR_DATE  # not overwritten
    check = cross_check(load_catalog([copy], include_shipped=False), maps, read_exceptions(copy), TODAY)
    assert [(d.profile, d.field, d.curated, d.mapped) for d in check.unexplained
            if d.field == "deprecation_date"] == [("gpt-4o-mini", "deprecation_date", VENDOR_DATE,
                                                   dt.date(2027, 1, 14))]  # ...but not silent


def test_a_vendor_deprecation_page_older_than_the_map_gives_way(maps, copy):  # noqa: F811
    _set_retirement(copy, dt.date(2026, 1, 5))
    refresh(copy, maps, today=TODAY)
    assert _retirement(copy) == dt.date(2027, 1, 14)
