"""``Settings.views``: the report's extra data (selector.views) is worked out only where a report is rendered;
the answer itself is the same either way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from selector.recommend import Settings, recommend
from selector.requirements import load_requirements

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "agent-booking.yaml"


def test_without_views_the_answer_is_the_same_and_the_views_are_empty(catalog) -> None:
    req = load_requirements(EXAMPLE)
    settings = Settings(today=dt.date(2026, 12, 1), smaa_samples=200)
    full = recommend(req, catalog, settings)
    bare = recommend(req, catalog, Settings(today=settings.today, smaa_samples=200, views=False))
    a, b = full.to_dict(), bare.to_dict()
    for d in (a, b):
        d["provenance"].pop("generated_at", None)
    assert a == b
    assert all(w.views for w in full.workloads if w.choice)  # names at least: the comparison means something
    assert not any(w.views for w in bare.workloads)


def test_the_cli_asks_for_views_only_when_it_renders_a_report(tmp_path: Path, monkeypatch) -> None:
    import selector.recommend as module
    from selector.cli.app import main

    seen: list[bool] = []
    real = module.recommend

    def spy(req, catalog, settings=Settings(), **kw):
        seen.append(settings.views)
        return real(req, catalog, settings, **kw)

    monkeypatch.setattr(module, "recommend", spy)
    for extra in (["--format", "json"], ["--format", "table"], ["--format", "markdown"],
                  ["--report", str(tmp_path / "r.md")]):
        try:
            main(["recommend", str(EXAMPLE), "--samples", "100", *extra])
        except SystemExit as exc:
            assert exc.code in (0, None)
    assert seen == [False, False, True, True]
