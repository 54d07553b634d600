"""The one loader of the reference data (``catalog/reference/*.yaml``), validated on load.

Every number the cost models, the scoring and the report use lives in those files with its source
(see their README). Each table is validated by its pydantic model (``reference_models.py``,
``extra="forbid"``; a figure whose source is ``"project default"`` must give a ``rationale``) and a
broken file raises :class:`~selector.errors.InputError` naming the file and the field. The result is
an immutable :class:`Reference`: read-only figures keyed ``"<file>.<name>"`` (what the cost kernels
read with :meth:`Reference.number`), typed tables (``ref.training.mfu``, ``ref.scoring.cost``, …),
GPUs, CPU instances and vector stores, and the SHA-256 of every file read (for provenance).

Reference figures may name catalog models (``rag.default_embedding_model``,
``latency.self_hosted_calibration``). :meth:`Reference.model` looks such a name up in the catalog the
reference was bound to (:meth:`Reference.bound`; :func:`selector.catalog.load.load_catalog` binds it),
or, unbound, in the catalog directory that holds the reference directory. Cost code never loads
a catalog itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import pydantic
from pydantic import BaseModel, ValidationError

from selector.catalog.paths import reference_dir
from selector.catalog.reference_models import (
    DOCUMENT_FILES,
    FIGURE_FILES,
    TABLES,
    AgentFigures,
    CachingFigures,
    CpuItem,
    Figure,
    FigureFile,
    GpuItem,
    Guidance,
    HostingFigures,
    LabellingFigures,
    LatencyFigures,
    PromptingFigures,
    QualityCalibration,
    RagFigures,
    Scoring,
    StoreItem,
    StrategyEffects,
    TableFile,
    TrainingFigures,
)
from selector.errors import InputError, Problem
from selector.requirements.messages import dotted
from selector.yamlio import parse_document, read_text

# Figures the code reads, per file: a missing one is a load error, not a KeyError deep in a formula.
REQUIRED: dict[str, tuple[str, ...]] = {family: tuple(n for n, f in model.model_fields.items() if f.is_required())
                                        for family, model in FIGURE_FILES.items()}

M = TypeVar("M", bound=BaseModel)
ModelLookup = Callable[[str], Any]


@dataclass(frozen=True)
class Gpu:
    """A GPU type with its AWS instances."""

    id: str
    name: str
    memory_gb: float
    peak_bf16_tflops: float
    memory_bandwidth_tb_s: float
    training_cluster: bool
    instances: tuple[tuple[str, int, float], ...]  # (instance, gpus, USD per instance-hour)

    @property
    def usd_per_gpu_hour(self) -> float:
        """The cheapest instance price per GPU-hour (USD)."""
        return min(price / gpus for _, gpus, price in self.instances)

    @property
    def node_gpus(self) -> int:
        """GPUs in the largest instance: the size of one node."""
        return max(gpus for _, gpus, _ in self.instances)


@dataclass(frozen=True)
class CpuInstance:
    id: str
    vcpus: int
    memory_gib: float
    usd_per_hour: float


@dataclass(frozen=True)
class VectorStore:
    """A vector store's pricing and capacity (``None`` where the store does not bill that way)."""

    id: str
    name: str
    fixed_usd_per_month: float
    latency_ms: float
    usd_per_unit_hour: float | None = None
    min_units: float | None = None
    unit_step: float | None = None
    memory_gb_per_unit: float | None = None
    vector_memory_share: float | None = None
    copies: float | None = None
    queries_per_s_per_unit: float | None = None
    storage_usd_per_gb_month: float = 0.0
    max_documents: float | None = None
    max_queries_per_day: float | None = None
    tokens_per_document: float | None = None


@dataclass(frozen=True)
class Tables:
    """The typed tables of one reference directory."""

    training: TrainingFigures
    hosting: HostingFigures
    latency: LatencyFigures
    rag: RagFigures
    prompting: PromptingFigures
    agents: AgentFigures
    labelling: LabellingFigures
    caching: CachingFigures
    strategy_effects: StrategyEffects
    scoring: Scoring
    guidance: Guidance
    quality_calibration: QualityCalibration


@dataclass(frozen=True, eq=False)
class Reference:
    """All reference data, read-only. Figures are keyed ``"<file>.<name>"`` (e.g. ``"training.mfu"``)."""

    figures: Mapping[str, Figure]
    gpus: Mapping[str, Gpu]
    cpus: Mapping[str, CpuInstance]
    stores: Mapping[str, VectorStore]
    directory: str
    tables: Tables | None = None
    documents: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    files: tuple[tuple[str, str], ...] = ()  # (file name, SHA-256 of its bytes), in TABLES order
    lookup: ModelLookup | None = field(default=None, repr=False)
    # number() and table() answers by key: asked hundreds of thousands of times in a portfolio (figures are read-only)
    _numbers: dict[str, float] = field(default_factory=dict, init=False, repr=False, compare=False)
    _tables_by_key: dict[str, Mapping[str, Any]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __repr__(self) -> str:
        bound = "bound" if self.lookup is not None else "unbound"
        return f"Reference({self.directory!r}, {len(self.figures)} figures, {bound})"

    # --- figures, as the cost kernels read them ---------------------------------------------------

    def figure(self, key: str) -> Figure:
        try:
            return self.figures[key]
        except KeyError:
            raise KeyError(f"no reference figure {key!r} in {self.directory}") from None

    def value(self, key: str) -> Any:
        return self.figure(key).value

    def number(self, key: str) -> float:
        found = self._numbers.get(key)
        if found is not None:
            return found
        value = self.value(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"reference figure {key!r} is {value!r}, expected a number")
        self._numbers[key] = float(value)
        return float(value)

    def optional_number(self, key: str) -> float | None:
        """``number(key)``, or None where the reference data has no such figure (an optional figure that
        older reference copies and test fixtures predate)."""
        return self.number(key) if key in self.figures else None

    def table(self, key: str) -> Mapping[str, Any]:
        found = self._tables_by_key.get(key)
        if found is not None:
            return found
        value = self.value(key)
        if not isinstance(value, Mapping):
            raise TypeError(f"reference figure {key!r} is {value!r}, expected a mapping")
        self._tables_by_key[key] = value
        return value

    # --- typed tables -------------------------------------------------------------------------------

    def _tables(self) -> Tables:
        if self.tables is None:
            raise LookupError(f"reference data in {self.directory} was built without its typed tables")
        return self.tables

    @property
    def training(self) -> TrainingFigures:
        return self._tables().training

    @property
    def hosting(self) -> HostingFigures:
        return self._tables().hosting

    @property
    def latency(self) -> LatencyFigures:
        return self._tables().latency

    @property
    def rag(self) -> RagFigures:
        return self._tables().rag

    @property
    def prompting(self) -> PromptingFigures:
        return self._tables().prompting

    @property
    def agents(self) -> AgentFigures:
        return self._tables().agents

    @property
    def labelling(self) -> LabellingFigures:
        return self._tables().labelling

    @property
    def caching(self) -> CachingFigures:
        return self._tables().caching

    @property
    def strategy_effects(self) -> StrategyEffects:
        return self._tables().strategy_effects

    @property
    def scoring(self) -> Scoring:
        return self._tables().scoring

    @property
    def guidance(self) -> Guidance:
        return self._tables().guidance

    @property
    def quality_calibration(self) -> QualityCalibration:
        return self._tables().quality_calibration

    def document(self, name: str) -> Any:
        """A document table (strategy_effects, scoring, guidance, quality_calibration) as parsed, validated."""
        try:
            return self.documents[name]
        except KeyError:
            raise KeyError(f"no reference document {name!r} in {self.directory} "
                           f"(known: {', '.join(self.documents)})") from None

    # --- catalog models named by the reference ----------------------------------------------------

    def bound(self, lookup: ModelLookup) -> Reference:
        """This reference data, resolving model names with ``lookup`` (e.g. a :class:`Catalog`'s ``get``)."""
        return replace(self, lookup=lookup)

    def model(self, model_id: str) -> Any:
        """The catalog profile with this id, from the bound catalog (else the catalog holding this directory);
        ``None`` when it has no such model."""
        lookup = self.lookup if self.lookup is not None else _home_catalog(self.directory)
        return lookup(model_id)

    # --- documentation -----------------------------------------------------------------------------

    def project_defaults(self) -> dict[str, Figure]:
        """Every figure without a public source (``source: project default``), keyed by its path."""
        return {k: f for k, f in self.figures.items() if f.is_project_default}

    def project_defaults_markdown(self) -> str:
        """The project defaults as a Markdown table (the source of the list in ``docs/methodology.md``)."""
        def text(value: Any, sep: str = ", ") -> str:
            if isinstance(value, Mapping):
                return sep.join(f"{k}: {text(v, ' / ')}" for k, v in value.items())
            return sep.join(text(v) for v in value) if isinstance(value, tuple) else str(value)

        rows = ["| figure | value | unit | rationale |", "|---|---|---|---|"]
        for key, fig in self.project_defaults().items():
            rationale = " ".join((fig.rationale or "").split()).replace("|", "\\|")
            rows.append(f"| `{key}` | {text(fig.value)} | {fig.unit or ''} | {rationale} |")
        return "\n".join(rows) + "\n"


def _home_catalog(directory: str) -> ModelLookup:
    """The ``get`` of the catalog whose directory holds ``directory`` (the shipped one for the shipped data)."""
    home = Path(directory).parent
    if home.resolve() == reference_dir().parent.resolve():
        return _shipped_lookup()
    return _dir_lookup(str(home))


@cache
def _shipped_lookup() -> ModelLookup:
    from selector.catalog.load import load_catalog  # load.py binds references to catalogs: import at use

    return load_catalog().get


@cache
def _dir_lookup(home: str) -> ModelLookup:
    from selector.catalog.load import load_catalog

    return load_catalog([home], include_shipped=False).get


def _validate(model: type[M], data: Any, path: Path, prefix: tuple[str | int, ...] = ()) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = tuple(Problem(dotted((*prefix, *e["loc"])), e["msg"]) for e in exc.errors())
        raise InputError(str(path), problems) from None


def _num(fig: Figure | None, path: Path, field_path: str) -> float | None:
    if fig is None:
        return None
    if isinstance(fig.value, bool) or not isinstance(fig.value, int | float) or fig.value < 0:
        raise InputError.single(str(path), field_path, f"expected a non-negative number, got {fig.value!r}")
    return float(fig.value)


def _need(value: float | None) -> float:
    assert value is not None  # the item models make these figures required
    return value


def _gpus(path: Path, doc: Any, figures: dict[str, Figure]) -> dict[str, Gpu]:
    out = {}
    for gid, raw in _validate(TableFile, doc, path).items.items():
        item = _validate(GpuItem, raw, path, ("items", gid))
        for name in ("training_cluster", "memory_gb", "peak_bf16_tflops", "memory_bandwidth_tb_s"):
            figures[f"gpus.{gid}.{name}"] = getattr(item, name)
        out[gid] = Gpu(gid, item.name, _need(_num(item.memory_gb, path, f"items.{gid}.memory_gb")),
                       _need(_num(item.peak_bf16_tflops, path, f"items.{gid}.peak_bf16_tflops")),
                       _need(_num(item.memory_bandwidth_tb_s, path, f"items.{gid}.memory_bandwidth_tb_s")),
                       bool(item.training_cluster.value),
                       tuple((i.instance, i.gpus, i.usd_per_hour) for i in item.instances))
    return out


def _cpus(path: Path, doc: Any, figures: dict[str, Figure]) -> dict[str, CpuInstance]:
    out = {}
    for cid, raw in _validate(TableFile, doc, path).items.items():
        item = _validate(CpuItem, raw, path, ("items", cid))
        figures[f"cpu_instances.{cid}.usd_per_hour"] = item.usd_per_hour
        out[cid] = CpuInstance(cid, item.vcpus, item.memory_gib,
                               _need(_num(item.usd_per_hour, path, f"items.{cid}.usd_per_hour")))
    return out


def _stores(path: Path, doc: Any, figures: dict[str, Figure]) -> dict[str, VectorStore]:
    out = {}
    for sid, raw in _validate(TableFile, doc, path).items.items():
        item = _validate(StoreItem, raw, path, ("items", sid))
        values: dict[str, Any] = {}
        for name in StoreItem.model_fields:
            fig = getattr(item, name)
            if isinstance(fig, Figure):
                figures[f"vector_stores.{sid}.{name}"] = fig
                values[name] = _num(fig, path, f"items.{sid}.{name}")
        out[sid] = VectorStore(sid, item.name, **values)
    return out


#: Evidence tables that a catalog may carry beside the reference tables: measured latency
#: (selector.catalog.latency_measured), one benchmark per quality family (selector.catalog.crosswalk) and
#: hidden reasoning tokens per model and effort (selector.costs.reasoning).
EVIDENCE_FILES = ("latency_measured", "quality_benchmarks", "quality_coverage", "reasoning")


# The modules whose code decides the checked reference data built from the files' text (the cache key
# hashes their source, selector.catalog.pickle_cache).
_MODULES = ("selector.catalog.reference", "selector.catalog.reference_models", "selector.catalog.guidance_models",
            "selector.yamlio", "selector.requirements.messages")


@cache
def _load(directory: str) -> Reference:
    """The checked reference data of ``directory``: parsed and validated once per version of its files (the
    tables are about 50 ms to parse and check; from the pickle cache, a few), then frozen."""
    from selector.catalog.pickle_cache import cached_text_result

    root = Path(directory)
    texts = {name: read_text(root / f"{name}.yaml") for name in TABLES}
    evidence = []
    for name in EVIDENCE_FILES:  # read and checked by their own modules where used; hashed here as well
        path = root / f"{name}.yaml"
        if path.is_file():
            evidence.append((f"{name}.yaml", hashlib.sha256(path.read_bytes()).hexdigest()))
    keyed = "\0".join(f"{name}\0{text}" for name, text in texts.items())
    extra = f"{pydantic.VERSION}\0{root}\0{evidence!r}"  # the typed tables are pydantic models
    figures, gpus, cpus, stores, typed, documents, files = cached_text_result(
        keyed, "reference", _MODULES, lambda: _checked(root, texts, evidence), extra=extra)
    return Reference(MappingProxyType(figures), MappingProxyType(gpus), MappingProxyType(cpus),
                     MappingProxyType(stores), str(root), Tables(**typed), MappingProxyType(documents), tuple(files))


def _checked(root: Path, texts: Mapping[str, str], evidence: list[tuple[str, str]]) -> tuple[Any, ...]:
    """Parse and validate the reference tables (raising :class:`InputError` naming file and field); plain
    containers, so the result can be cached."""
    docs: dict[str, Any] = {}
    files: list[tuple[str, str]] = []
    for name in TABLES:
        path = root / f"{name}.yaml"
        docs[name] = parse_document(texts[name], str(path))
        files.append((f"{name}.yaml", hashlib.sha256(texts[name].encode("utf-8")).hexdigest()))
    files.extend(evidence)
    figures: dict[str, Figure] = {}
    typed: dict[str, Any] = {}
    for family, model in FIGURE_FILES.items():
        path = root / f"{family}.yaml"
        parsed = _validate(FigureFile, docs[family], path)
        missing = [n for n in REQUIRED[family] if n not in parsed.figures]
        if missing:
            raise InputError.single(str(path), "figures", f"missing required figure(s): {', '.join(missing)}")
        typed[family] = _validate(model, parsed.figures, path, ("figures",))
        figures.update({f"{family}.{name}": fig for name, fig in parsed.figures.items()})
    gpus = _gpus(root / "gpus.yaml", docs["gpus"], figures)
    cpus = _cpus(root / "cpu_instances.yaml", docs["cpu_instances"], figures)
    stores = _stores(root / "vector_stores.yaml", docs["vector_stores"], figures)
    classical = figures["hosting.classical_instance"].value
    if classical not in cpus:
        raise InputError.single(str(root / "hosting.yaml"), "figures.classical_instance.value",
                                f"{classical!r} is not in cpu_instances.yaml (allowed: {', '.join(cpus)})")
    for name, document in DOCUMENT_FILES.items():
        typed[name] = _validate(document, docs[name], root / f"{name}.yaml")
    documents = {name: docs[name] for name in DOCUMENT_FILES}
    return figures, gpus, cpus, stores, typed, documents, files


def load_reference(directory: str | Path | None = None) -> Reference:
    """The validated reference data (cached per directory; default: the shipped ``catalog/reference``).

    >>> ref = load_reference()
    >>> ref.number("training.flops_per_param_token")
    6.0
    >>> ref.gpus["a100-80gb"].peak_bf16_tflops
    312.0
    >>> ref.training.mfu.value == ref.number("training.mfu")
    True
    """
    return _load(_directory_key(directory))


@lru_cache(maxsize=64)
def _directory_key(directory: str | Path | None) -> str:
    """The cache key of a reference directory (memoised: it is asked for once per priced option)."""
    return str(Path(directory) if directory is not None else reference_dir())
