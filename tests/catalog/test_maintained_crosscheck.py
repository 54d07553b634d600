"""Issue #14: every curated price within 5% of litellm's map (and genai-prices' where it has the model), and every
retirement date litellm records present on the matching profile, unless catalog/maintained/exceptions.yaml
explains the difference. Read from the installed packages (`make venv` installs both), offline."""

from __future__ import annotations

import pytest

from selector.catalog.maintained import cross_check, installed_maps, read_exceptions


@pytest.fixture(scope="module")
def check(catalog):
    maps = installed_maps()
    if maps.litellm is None or maps.genai is None:
        pytest.fail("litellm and genai-prices must be installed for the cross-check: run `make venv`")
    return cross_check(catalog, maps, read_exceptions())


def test_every_priced_api_profile_is_compared(catalog, check):
    priced = {p.id for p in catalog if p.provider not in ("self-hosted", "classical")
              and (p.input_usd_per_1m_tokens is not None or p.usd_per_image is not None)}
    assert sorted(priced - set(check.compared)) == []  # neither map has them: add a key to maintained/keys.yaml


def test_no_unexplained_difference(check):
    failures = [d.describe() for d in check.unexplained]
    assert failures == [], "\n".join(failures)


def test_every_exception_is_still_needed(check):
    """A row of exceptions.yaml that no longer matches a difference is stale and must go."""
    used = {(d.profile, d.field, d.map.source) for d, _ in check.explained}
    stale = sorted(set(read_exceptions()) - used)
    assert stale == []
