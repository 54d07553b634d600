"""The catalog explorer: filters agree with the library's, rows are sortable numbers, comparisons cite sources."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.layout.catalog import comparison
from dashboard.logic.catalog import (
    COMPARE_MAX, compare, filter_profiles, make_filters, quality_families, table_rows,
)
from selector.catalog.query import Filters, select


def test_no_filter_lists_everything(catalog):
    rows = table_rows(filter_profiles(catalog, make_filters()))
    assert len(rows) == len(catalog)
    assert {r["id"] for r in rows} == {p.id for p in catalog}


def test_filters_agree_with_the_library(catalog):
    f = make_filters(language="ja", modality="image", open_weights="no", max_price="5")
    mine = {p.id for p in filter_profiles(catalog, f)}
    theirs = {p.id for p in select(catalog, Filters(language="ja", modality="image", open_weights=False, max_price=5))}
    assert mine == theirs


def test_provider_kind_and_search(catalog):
    provider = catalog.providers()[0]
    rows = table_rows(filter_profiles(catalog, make_filters(providers=[provider], kinds=["llm"])))
    assert rows and {r["provider"] for r in rows} == {provider} and {r["kind"] for r in rows} == {"llm"}
    some = next(iter(catalog))
    found = filter_profiles(catalog, make_filters(search=some.id.upper()))
    assert some.id in {p.id for p in found}
    assert filter_profiles(catalog, make_filters(search="no-such-model-anywhere")) == []


def test_rows_keep_numbers_numeric_and_pick_the_quality_family(catalog):
    fams = quality_families(catalog)
    assert fams[0] in ("general", "code", "knowledge")
    rows = table_rows(list(catalog), "code")
    with_code = {p.id: p.quality["code"] for p in catalog if p.quality and "code" in p.quality}
    for r in rows:
        assert r["quality"] == (round(with_code[r["id"]], 3) if r["id"] in with_code else None)
        assert r["input_price"] is None or isinstance(r["input_price"], (int, float))
        assert r["open_weights"] in ("yes", "no")
    assert table_rows([]) == []


def test_compare_side_by_side_with_sources_and_dates(catalog):
    ids = [p.id for p in catalog][: COMPARE_MAX + 2]
    data = compare(catalog, ids)
    assert data["models"] == ids[:COMPARE_MAX] and data["dropped"] == 2
    fields = [r["field"] for r in data["rows"]]
    assert "context window (tokens)" in fields and any(f.startswith("quality: ") for f in fields)
    assert all(set(r) == {"field", *data["models"]} for r in data["rows"])
    assert data["sources"] and all(s["retrieved"] for s in data["sources"])
    assert {s["model"] for s in data["sources"]} == set(data["models"])
    assert compare(catalog, ["nope"])["models"] == []
    assert len(comparison(data)) == 4 and len(comparison(compare(catalog, []))) == 1


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=10), st.lists(st.text(max_size=5), max_size=3), st.integers(),
                 st.floats(allow_nan=True)))
def test_malformed_filter_values_never_raise(catalog, value):
    f = make_filters(value, value, value, value, value, value, value)
    assert isinstance(filter_profiles(catalog, f), list)


def test_the_language_filtered_on_leads_the_languages_column(catalog):
    """With language = ja the column shows ja first, not the three codes that happen to come first."""
    rows = table_rows(filter_profiles(catalog, make_filters(language="ja")), "general", "ja")
    assert rows and all(r["languages"].startswith("ja") for r in rows)
    plain = table_rows(filter_profiles(catalog, make_filters(language="ja")), "general")
    assert not all(r["languages"].startswith("ja") for r in plain)  # the shipped lists do not start with it
