"""Retrieval-augmented generation: indexing, refresh, the vector store, query embeddings, context.

    chunks            = corpus / (chunk − overlap);  embedded tokens = chunks × chunk
    indexing (once)   = embedded tokens × embedding price / 1e6
    refresh / month   = embedded tokens × changed share per update × updates per month × price / 1e6
    index memory      = chunks × 1.1 × (4·dims + 8·m) bytes × copies       (OpenSearch HNSW estimate)
    store units       = max(min units, ⌈max(memory / (GB per unit × vector share), peak qps / qps per unit)⌉)
    store floor       = min units × USD per unit-hour × 730 + fixed fee   (shared across workloads)
    store usage       = (units − min units) × USD per unit-hour × 730 + storage GB × USD per GB-month
    query embeddings  = queries × query tokens × embedding price / 1e6
    context / request = top-k × chunk tokens;  retrieval latency = query embedding + store query
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from selector.costs.hosting import peak_requests_per_s
from selector.costs.inference import api_prices, embedding_cost
from selector.costs.memo import by_identity
from selector.costs.reference import Reference, VectorStore
from selector.costs.types import CostUnavailable, finite_non_negative, require
from selector.costs.units import BYTES_PER_GB, DAYS_PER_MONTH_AVG

UPDATE_FREQUENCIES = ("static", "yearly", "monthly", "weekly", "daily", "realtime")


def chunk_count(corpus_tokens: float, chunk_tokens: float, overlap_tokens: float) -> float:
    """corpus / (chunk − overlap) chunks (fractional; a mean over corpora).

    >>> round(chunk_count(5_000_000, 1024, 20), 1)
    4980.1
    """
    return corpus_tokens / (chunk_tokens - overlap_tokens)


def hnsw_bytes_per_vector(dims: float, m: float, overhead: float, per_dimension: float, per_link: float) -> float:
    """overhead × (per_dimension × dims + per_link × m) bytes.

    >>> round(hnsw_bytes_per_vector(256, 16, 1.1, 4, 8), 1)
    1267.2
    """
    return overhead * (per_dimension * dims + per_link * m)


def step_ceil(value: float, step: float) -> float:
    """``value`` rounded up to a multiple of ``step``.

    >>> step_ceil(1.2, 0.5), step_ceil(2.0, 1.0)
    (1.5, 2.0)
    """
    return math.ceil(value / step - 1e-12) * step


@dataclass(frozen=True)
class StoreRow:
    """What a vector store costs for one corpus whatever the traffic (:func:`store_at` prices it at a volume)."""

    id: str
    latency_ms: float
    fits: bool  # holds the corpus (its document limit)
    usage_usd: float  # storage, USD per month
    fixed_usd: float  # its fixed fee per month
    max_queries_per_day: float | None
    usd_per_unit_hour: float | None  # None: not billed by capacity units
    min_units: float
    unit_step: float
    memory_units: float
    queries_per_s_per_unit: float
    hours: float
    peak_to_average: float


def store_row(store: VectorStore, chunks: float, corpus_tokens: float, ref: Reference) -> StoreRow:
    """``store``'s figures for the corpus (chunks and tokens), read once."""
    hours = ref.number("hosting.hours_per_month")
    dims = ref.number("rag.embedding_dimensions")
    storage_gb = (chunks * dims * ref.table("rag.hnsw_bytes")["per_dimension"]
                  + corpus_tokens * ref.number("rag.text_bytes_per_token")) / BYTES_PER_GB
    usage = storage_gb * store.storage_usd_per_gb_month
    fits = not (store.max_documents is not None
                and corpus_tokens / (store.tokens_per_document or 1) > store.max_documents)
    memory_units = 0.0
    if store.usd_per_unit_hour is not None:
        # the reference schema gives a store billed by capacity units all of its unit figures
        assert (store.min_units is not None and store.unit_step is not None and store.memory_gb_per_unit is not None
                and store.vector_memory_share is not None and store.copies is not None
                and store.queries_per_s_per_unit is not None)
        hb = ref.table("rag.hnsw_bytes")
        per_vector = hnsw_bytes_per_vector(dims, ref.number("rag.hnsw_m"), hb["overhead"], hb["per_dimension"],
                                           hb["per_link"])
        memory_gb = chunks * per_vector * store.copies / BYTES_PER_GB
        memory_units = memory_gb / (store.memory_gb_per_unit * store.vector_memory_share)
    return StoreRow(store.id, store.latency_ms, fits, usage, store.fixed_usd_per_month, store.max_queries_per_day,
                    store.usd_per_unit_hour, store.min_units or 0.0, store.unit_step or 0.0, memory_units,
                    store.queries_per_s_per_unit or 0.0, hours, ref.number("hosting.peak_to_average"))


def store_at(row: StoreRow, queries_per_month: float) -> tuple[float, float] | None:
    """(floor, usage) USD per month of the store at ``queries_per_month``, or ``None`` if it cannot hold them."""
    if not row.fits:
        return None
    if row.max_queries_per_day is not None and queries_per_month / DAYS_PER_MONTH_AVG > row.max_queries_per_day:
        return None
    if row.usd_per_unit_hour is None:
        return row.fixed_usd, row.usage_usd
    peak_qps = peak_requests_per_s(queries_per_month, row.hours, row.peak_to_average)
    units = max(row.min_units, step_ceil(max(row.memory_units, peak_qps / row.queries_per_s_per_unit),
                                         row.unit_step))
    floor = row.min_units * row.usd_per_unit_hour * row.hours + row.fixed_usd
    return floor, row.usage_usd + (units - row.min_units) * row.usd_per_unit_hour * row.hours


@by_identity(maxsize=1024)  # one tuple per (corpus, reference data): the RAG options of a workload share it
def store_rows(corpus_tokens: float, ref: Reference) -> tuple[StoreRow, ...]:
    """:func:`store_row` of every vector store in the reference data, in its order."""
    chunks = chunk_count(corpus_tokens, ref.number("rag.chunk_tokens"), ref.number("rag.chunk_overlap_tokens"))
    return tuple(store_row(store, chunks, corpus_tokens, ref) for store in ref.stores.values())


def choose_store(rows: tuple[StoreRow, ...], queries_per_month: float) -> tuple[str, float, float, float] | None:
    """(store id, monthly floor USD, monthly usage USD, query latency ms) of the cheapest of ``rows`` that fits
    (ties: the first id), or ``None`` when none does."""
    priced = []
    for row in rows:
        costs = store_at(row, queries_per_month)
        if costs is not None:
            priced.append((costs[0] + costs[1], row.id, costs[0], costs[1], row.latency_ms))
    if not priced:
        return None
    _, store_id, floor, usage, latency = min(priced)
    return store_id, floor, usage, latency


def choose_vector_store(corpus_tokens: float, queries_per_month: float,
                        ref: Reference) -> tuple[str, float, float, float]:
    """(store id, monthly floor USD, monthly usage USD, query latency ms) of the cheapest store that fits.

    >>> from selector.costs.reference import load_reference
    >>> choose_vector_store(5_000_000, 200_000, load_reference())[:2]
    ('aurora_serverless_v2_pgvector', 43.8)
    """
    corpus_tokens = finite_non_negative(corpus_tokens, "corpus_tokens")
    queries_per_month = finite_non_negative(queries_per_month, "queries_per_month")
    chosen = choose_store(store_rows(corpus_tokens, ref), queries_per_month)
    if chosen is None:
        raise CostUnavailable(f"no vector store in catalog/reference/vector_stores.yaml holds {corpus_tokens:,.0f} "
                              f"tokens at {queries_per_month:,.0f} queries/month")
    return chosen


def updates_per_month(update_frequency: str, ref: Reference) -> float:
    """Knowledge updates per month for an update frequency (``rag.yaml``).

    >>> from selector.costs.reference import load_reference
    >>> updates_per_month("weekly", load_reference())
    4.345238
    """
    require(update_frequency in UPDATE_FREQUENCIES, "update_frequency",
            f"got {update_frequency!r} (allowed: {', '.join(UPDATE_FREQUENCIES)})")
    if update_frequency == "realtime":
        return ref.number("rag.realtime_updates_per_month")
    return float(ref.table("rag.updates_per_month")[update_frequency])


@dataclass(frozen=True)
class RagPlan:
    """Costs and effects of retrieval for one workload."""

    store: str
    store_floor_usd: float  # per month, shared across workloads on the same store
    store_usage_usd: float  # per month
    indexing_usd: float  # once
    refresh_usd: float  # per month
    query_embedding_usd: float  # per month
    knowledge_base_fee_usd: float  # per month
    context_tokens: float  # added to every request's input
    retrieval_ms: float
    assumptions: dict[str, float | str] = field(default_factory=dict)


def plan_rag(corpus_tokens: float, update_frequency: str, queries_per_month: float, query_tokens: float,
             embedding: Any, ref: Reference) -> RagPlan:
    """Price retrieval over ``corpus_tokens`` with the ``embedding`` model profile (needs its input price)."""
    if embedding is None:
        raise CostUnavailable("RAG needs an embedding model; none was given")
    price = api_prices(embedding).input
    for name, value in (("corpus_tokens", corpus_tokens), ("queries_per_month", queries_per_month),
                        ("query_tokens", query_tokens)):
        finite_non_negative(value, name)
    chunk, overlap = ref.number("rag.chunk_tokens"), ref.number("rag.chunk_overlap_tokens")
    embedded = chunk_count(corpus_tokens, chunk, overlap) * chunk
    updates = updates_per_month(update_frequency, ref)
    share = float(ref.table("rag.changed_share_per_update")[update_frequency])
    store, floor, usage, store_ms = choose_vector_store(corpus_tokens, queries_per_month, ref)
    top_k = ref.number("rag.top_k")
    embed_ms = ref.number("latency.embedding_latency_ms")
    return RagPlan(
        store=store, store_floor_usd=floor, store_usage_usd=usage,
        indexing_usd=embedding_cost(embedded, price),
        refresh_usd=embedding_cost(embedded * share * updates, price),
        query_embedding_usd=embedding_cost(queries_per_month * query_tokens, price),
        knowledge_base_fee_usd=ref.number("rag.knowledge_base_fee_usd_per_month"),
        context_tokens=top_k * chunk, retrieval_ms=embed_ms + store_ms,
        assumptions={"rag.chunk_tokens": chunk, "rag.chunk_overlap_tokens": overlap, "rag.top_k": top_k,
                     "rag.embedding_model": embedding.id, "rag.embedding_usd_per_1m_tokens": price,
                     "rag.vector_store": store, "rag.updates_per_month": updates,
                     "rag.changed_share_per_update": share, "rag.embedding_dimensions":
                     ref.number("rag.embedding_dimensions"), "latency.embedding_latency_ms": embed_ms,
                     "rag.store_latency_ms": store_ms})
