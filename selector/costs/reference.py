"""Load and validate the cost models' reference data (``catalog/reference/*.yaml``).

Every number the cost models use lives in those files with its source (see their README). This
module validates them with pydantic (``extra="forbid"``; a figure whose source is ``"project
default"`` must give a ``rationale``), checks that every figure the code needs is present, and returns
an immutable :class:`Reference`: read-only mappings of figures, GPUs, CPU instances and vector stores.
A broken file raises :class:`~selector.errors.InputError` naming the file and the field. The schema
of the files is in ``reference_schema.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError

from selector.catalog.paths import reference_dir
from selector.costs.reference_schema import CpuItem, Figure, FigureFile, GpuItem, StoreItem, TableFile
from selector.errors import InputError, Problem
from selector.requirements.messages import dotted
from selector.yamlio import parse_document, read_text

# Figures the code reads, per file: a missing one is a load error, not a KeyError deep in a formula.
REQUIRED: dict[str, tuple[str, ...]] = {
    "training": ("flops_per_param_token", "forward_flops_per_param_token", "lora_flops_per_param_token",
                 "qlora_flops_per_param_token", "chinchilla_tokens_per_param", "mfu", "bytes_per_param",
                 "weight_bytes_per_param", "gpu_memory_utilization", "fine_tuning_epochs",
                 "continued_pretraining_epochs", "default_serving_precision"),
    "hosting": ("hours_per_month", "peak_to_average", "serving_concurrency", "kv_cache_overhead",
                "tensor_parallel_sizes", "min_replicas", "provisioned_model_units", "classical_instance",
                "classical_requests_per_s_per_instance", "classical_training_hours",
                "batch_completion_window_hours"),
    "latency": ("llmperf_output_tokens_per_s", "llmperf_ttft_s", "llmperf_params_billion",
                "api_power_law_provider", "undisclosed_reference_model", "self_hosted_calibration",
                "prefill_efficiency", "classical_latency_ms", "image_latency_ms", "embedding_latency_ms"),
    "rag": ("chunk_tokens", "chunk_overlap_tokens", "top_k", "embedding_dimensions", "hnsw_m", "hnsw_bytes",
            "text_bytes_per_token", "updates_per_month", "realtime_updates_per_month",
            "changed_share_per_update", "knowledge_base_fee_usd_per_month", "default_embedding_model"),
    "prompting": ("few_shot_examples", "structured_task_min_examples", "max_tokens_per_example",
                  "template_tokens", "fine_tuned_template_tokens", "chain_of_thought"),
    "agents": ("steps_per_request", "tool_tokens_per_step", "output_tokens_per_step", "tool_latency_ms_per_step"),
    "labelling": ("usd_per_label_per_labeller", "labellers_per_item", "usd_per_completion_example",
                  "label_tasks", "fine_tuning_min_examples", "classical_min_examples"),
}


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


@dataclass(frozen=True, eq=False)
class Reference:
    """All reference data, read-only. Figures are keyed ``"<file>.<name>"`` (e.g. ``"training.mfu"``)."""

    figures: Mapping[str, Figure]
    gpus: Mapping[str, Gpu]
    cpus: Mapping[str, CpuInstance]
    stores: Mapping[str, VectorStore]
    directory: str

    def figure(self, key: str) -> Figure:
        try:
            return self.figures[key]
        except KeyError:
            raise KeyError(f"no reference figure {key!r} in {self.directory}") from None

    def value(self, key: str) -> Any:
        return self.figure(key).value

    def number(self, key: str) -> float:
        value = self.value(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"reference figure {key!r} is {value!r}, expected a number")
        return float(value)

    def table(self, key: str) -> Mapping[str, Any]:
        value = self.value(key)
        if not isinstance(value, Mapping):
            raise TypeError(f"reference figure {key!r} is {value!r}, expected a mapping")
        return value

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


def _read(path: Path) -> Any:
    return parse_document(read_text(path), str(path))


def _validate(model: type[BaseModel], data: Any, path: Path) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = tuple(Problem(dotted(e["loc"]), e["msg"]) for e in exc.errors())
        raise InputError(str(path), problems) from None


def _num(fig: Figure | None, path: Path, field: str) -> float | None:
    if fig is None:
        return None
    if isinstance(fig.value, bool) or not isinstance(fig.value, int | float) or fig.value < 0:
        raise InputError.single(str(path), field, f"expected a non-negative number, got {fig.value!r}")
    return float(fig.value)


def _gpus(path: Path, figures: dict[str, Figure]) -> dict[str, Gpu]:
    out = {}
    for gid, raw in _validate(TableFile, _read(path), path).items.items():
        item = _validate(GpuItem, raw, path)
        for field in ("training_cluster", "memory_gb", "peak_bf16_tflops", "memory_bandwidth_tb_s"):
            figures[f"gpus.{gid}.{field}"] = getattr(item, field)
        out[gid] = Gpu(gid, item.name, _num(item.memory_gb, path, f"items.{gid}.memory_gb"),
                       _num(item.peak_bf16_tflops, path, f"items.{gid}.peak_bf16_tflops"),
                       _num(item.memory_bandwidth_tb_s, path, f"items.{gid}.memory_bandwidth_tb_s"),
                       bool(item.training_cluster.value),
                       tuple((i.instance, i.gpus, i.usd_per_hour) for i in item.instances))
    return out


def _cpus(path: Path, figures: dict[str, Figure]) -> dict[str, CpuInstance]:
    out = {}
    for cid, raw in _validate(TableFile, _read(path), path).items.items():
        item = _validate(CpuItem, raw, path)
        figures[f"cpu_instances.{cid}.usd_per_hour"] = item.usd_per_hour
        out[cid] = CpuInstance(cid, item.vcpus, item.memory_gib,
                               _num(item.usd_per_hour, path, f"items.{cid}.usd_per_hour"))
    return out


def _stores(path: Path, figures: dict[str, Figure]) -> dict[str, VectorStore]:
    out = {}
    for sid, raw in _validate(TableFile, _read(path), path).items.items():
        item = _validate(StoreItem, raw, path)
        values = {}
        for field in StoreItem.model_fields:
            fig = getattr(item, field)
            if isinstance(fig, Figure):
                figures[f"vector_stores.{sid}.{field}"] = fig
                values[field] = _num(fig, path, f"items.{sid}.{field}")
        out[sid] = VectorStore(sid, item.name, **values)
    return out


@cache
def _load(directory: str) -> Reference:
    root = Path(directory)
    figures: dict[str, Figure] = {}
    for family, names in REQUIRED.items():
        path = root / f"{family}.yaml"
        parsed = _validate(FigureFile, _read(path), path)
        missing = [n for n in names if n not in parsed.figures]
        if missing:
            raise InputError.single(str(path), "figures", f"missing required figure(s): {', '.join(missing)}")
        figures.update({f"{family}.{name}": fig for name, fig in parsed.figures.items()})
    gpus = _gpus(root / "gpus.yaml", figures)
    cpus = _cpus(root / "cpu_instances.yaml", figures)
    stores = _stores(root / "vector_stores.yaml", figures)
    classical = figures["hosting.classical_instance"].value
    if classical not in cpus:
        raise InputError.single(str(root / "hosting.yaml"), "figures.classical_instance.value",
                                f"{classical!r} is not in cpu_instances.yaml (allowed: {', '.join(cpus)})")
    return Reference(MappingProxyType(figures), MappingProxyType(gpus), MappingProxyType(cpus),
                     MappingProxyType(stores), str(root))


def load_reference(directory: str | Path | None = None) -> Reference:
    """The validated reference data (cached per directory; default: the shipped ``catalog/reference``).

    >>> ref = load_reference()
    >>> ref.number("training.flops_per_param_token")
    6.0
    >>> ref.gpus["a100-80gb"].peak_bf16_tflops
    312.0
    """
    return _load(str(Path(directory) if directory is not None else reference_dir()))
