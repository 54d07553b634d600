"""The content-keyed cache of validated profiles and parsed reference documents (selector/catalog/pickle_cache.py):
a hit gives equal profiles, an edit or a problem is computed afresh, and an entry others could write is never read."""

from __future__ import annotations

import os

import pytest

from selector.catalog import load_catalog, pickle_cache
from selector.errors import InputError

PROFILE = """
models:
  - id: my-model
    name: My model
    provider: acme
    kind: llm
    input_modalities: [text]
    output_modalities: [text]
    input_usd_per_1m_tokens: 1.5
    output_usd_per_1m_tokens: 2.0
    sources:
      prices: {title: Acme price list, url: https://acme.example/pricing, retrieved: 2026-11-01}
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SELECTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SELECTOR_NO_CACHE", raising=False)
    return tmp_path / "cache" / "parsed"


def _user(tmp_path, text: str):
    user = tmp_path / "user"
    user.mkdir(exist_ok=True)
    (user / "acme.yaml").write_text(text)
    return user


def test_validated_profiles_are_reused_by_content(tmp_path, cache):
    user = _user(tmp_path, PROFILE)
    first = load_catalog([user])
    assert list(cache.glob("*.pickle")), "the validated profiles were cached"
    again = load_catalog([user])
    assert again.get("my-model") == first.get("my-model")
    assert again.sha256 == first.sha256 and again.origin == first.origin
    _user(tmp_path, PROFILE.replace("1.5", "2.5"))
    assert load_catalog([user]).get("my-model").input_usd_per_1m_tokens == 2.5


def test_a_problem_is_reported_every_time(tmp_path, cache):
    """Only successes are stored: a file that fails validation fails again, with its message and line."""
    user = _user(tmp_path, PROFILE)
    load_catalog([user])
    _user(tmp_path, PROFILE.replace("1.5", "-1.5"))
    for _ in range(2):
        with pytest.raises(InputError) as err:
            load_catalog([user])
        assert "input_usd_per_1m_tokens" in str(err.value)


def test_key_covers_the_sources_a_file_may_cite(tmp_path, cache):
    """A profile citing a source by name is cached against the sources it could see: once the name is gone,
    the file is validated again and refused."""
    user = tmp_path / "user"
    user.mkdir()
    (user / "sources.yaml").write_text("acme:\n  title: Acme price list\n  url: https://acme.example/p\n"
                                       "  retrieved: 2026-11-01\n")
    (user / "acme.yaml").write_text(PROFILE.replace(
        "prices: {title: Acme price list, url: https://acme.example/pricing, retrieved: 2026-11-01}", "prices: acme"))
    assert load_catalog([user]).get("my-model").sources["prices"].title == "Acme price list"
    (user / "sources.yaml").write_text("other:\n  title: Other\n  url: https://other.example\n"
                                       "  retrieved: 2026-11-01\n")
    with pytest.raises(InputError, match="unknown source name 'acme'"):
        load_catalog([user])


def test_an_entry_others_can_write_is_not_read(tmp_path, cache):
    calls = []

    def compute():
        calls.append(1)
        return {"value": len(calls)}

    assert pickle_cache.cached("k" * 64, compute) == {"value": 1}
    assert pickle_cache.cached("k" * 64, compute) == {"value": 1} and len(calls) == 1
    entry = cache / f"{'k' * 64}.pickle"
    os.chmod(entry, 0o666)  # group- and world-writable: could hold anyone's code
    assert pickle_cache.cached("k" * 64, compute) == {"value": 2}


def test_corrupt_entry_and_no_cache(tmp_path, cache, monkeypatch):
    assert pickle_cache.cached("c" * 64, lambda: 1) == 1
    (cache / f"{'c' * 64}.pickle").write_bytes(b"not a pickle")
    assert pickle_cache.cached("c" * 64, lambda: 2) == 2
    monkeypatch.setenv("SELECTOR_NO_CACHE", "1")
    assert pickle_cache.cached("c" * 64, lambda: 3) == 3


def test_cached_document_is_parse_document(tmp_path, cache):
    """The parsed reference documents keep their types (dates stay dates, unlike the JSON cache of model files)."""
    from selector.yamlio import CATALOG_LIMITS, parse_document

    text = "rows:\n" + "".join(f"  - {{measured: 2026-0{1 + i % 9}-01, value: {i}.5}}\n" for i in range(2000))
    expected = parse_document(text, "t.yaml", CATALOG_LIMITS)
    assert pickle_cache.cached_document(text, "t.yaml", CATALOG_LIMITS) == expected
    assert pickle_cache.cached_document(text, "t.yaml", CATALOG_LIMITS) == expected  # from the cache
    assert list(cache.glob("*.pickle"))


def test_checked_measured_latency_is_cached_equal_and_read_only(tmp_path, cache):
    """The measured-latency file is checked once per version: the entry read back is equal to a fresh check,
    and its mappings are read-only again (MappingProxyType does not pickle; MeasuredLatency rebuilds them)."""
    import types

    from selector.catalog import latency_measured as lm
    from selector.catalog.paths import reference_dir

    path = str(reference_dir() / lm.FILE_NAME)
    with open(path, encoding="utf-8") as handle:
        fresh = lm.parse_measured_latency(pickle_cache._parse_any(handle.read(), path, lm.CATALOG_LIMITS), path)
    lm._load.cache_clear()
    first = lm._load(path)
    assert len(list(cache.glob("*.pickle"))) == 2  # the parsed document and the checked result
    lm._load.cache_clear()
    again = lm._load(path)  # from the pickle
    lm._load.cache_clear()
    assert again is not first and again == first == fresh
    for mapping in (again.catalog_map, again.providers, again._by_model, *again.contracted, *again.serving):
        assert isinstance(mapping, types.MappingProxyType)
    linked = next(iter(fresh.catalog_map))
    assert again.model_level(linked) == fresh.model_level(linked) is not None


def _fresh_reference(directory):
    from selector.catalog import reference

    reference._load.cache_clear()
    return reference._load(str(directory))


def test_reference_tables_are_reused_by_content_and_stay_frozen(tmp_path, cache):
    """The checked reference data comes from the cache on a second read, equal to a fresh parse field by field
    (read-only views rebuilt as read-only views); an edited table is read afresh, and a table that fails its
    check fails again with its message."""
    import shutil
    from types import MappingProxyType

    from selector.catalog.paths import reference_dir

    ref_dir = tmp_path / "reference"
    shutil.copytree(reference_dir(), ref_dir)
    try:
        os.environ["SELECTOR_NO_CACHE"] = "1"
        fresh = _fresh_reference(ref_dir)
        del os.environ["SELECTOR_NO_CACHE"]
        assert not cache.exists() or not list(cache.glob("*.pickle"))
        first = _fresh_reference(ref_dir)
        entries = set(cache.glob("*.pickle"))
        assert entries, "the checked reference data was cached"
        from selector.catalog import reference

        real = reference._checked
        reference._checked = lambda *a: pytest.fail("a cache hit must not parse and check again")
        try:
            hit = _fresh_reference(ref_dir)
        finally:
            reference._checked = real
        assert set(cache.glob("*.pickle")) == entries
        for got in (first, hit):
            assert dict(got.figures) == dict(fresh.figures) and dict(got.gpus) == dict(fresh.gpus)
            assert dict(got.cpus) == dict(fresh.cpus) and dict(got.stores) == dict(fresh.stores)
            assert got.tables == fresh.tables and dict(got.documents) == dict(fresh.documents)
            assert got.files == fresh.files and got.directory == fresh.directory
        frozen = [f.value for f in hit.figures.values() if isinstance(f.value, MappingProxyType)]
        assert frozen, "some figures are mappings, frozen as read-only views"
        with pytest.raises(TypeError):
            frozen[0]["x"] = 1  # type: ignore[index]
        hosting = ref_dir / "hosting.yaml"
        hosting.write_text(hosting.read_text().replace("value: 730", "value: 731", 1))
        assert _fresh_reference(ref_dir).number("hosting.hours_per_month") == 731
        hosting.write_text(hosting.read_text().replace("value: 731", "value: [731", 1))
        for _ in range(2):
            with pytest.raises(InputError, match="hosting.yaml"):
                _fresh_reference(ref_dir)
    finally:
        os.environ.pop("SELECTOR_NO_CACHE", None)
        from selector.catalog import reference

        reference._load.cache_clear()
