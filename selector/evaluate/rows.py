"""Read and check an evaluation file (docs/evaluation.md): one row per (example, model), JSONL or CSV.

Columns: ``id``, ``model`` (a catalog id), ``prediction``, ``reference``, and optionally ``strategy``,
``latency_ms``, ``cost_usd`` and ``task``. In JSONL a ``reference`` may be a list of acceptable answers
(the best match counts, as in SQuAD). Every problem is reported like a requirements file's: file, line,
field and what is allowed, raised as one :class:`~selector.errors.InputError` (exit code 2).

The size limit is checked on the file's metadata before a byte is read, so a 100 MB file is refused at
once; only regular files are read (a FIFO or a device could block or never end).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selector.errors import InputError, Problem
from selector.evaluate.config import TASKS, limits, task_spec
from selector.options.types import STRATEGIES  # the strategy vocabulary (selector.vocab)
from selector.requirements.messages import suggest

REQUIRED = ("id", "model", "prediction", "reference")
OPTIONAL = ("strategy", "latency_ms", "cost_usd", "task")
COLUMNS = REQUIRED + OPTIONAL
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
DEFAULT_STRATEGY = "prompt_engineering"  # a row without a strategy measured the model as prompted
MAX_PROBLEMS = 20  # reported at once; the rest are counted


@dataclass(frozen=True)
class Row:
    """One model's answer to one example."""

    id: str
    model: str
    prediction: str
    reference: tuple[str, ...]  # one or more acceptable answers
    strategy: str = DEFAULT_STRATEGY
    latency_ms: float | None = None
    cost_usd: float | None = None
    line: int = 0


@dataclass(frozen=True)
class EvalData:
    """A validated evaluation file."""

    source: str
    task: str
    rows: tuple[Row, ...]
    sha256: str

    @property
    def examples(self) -> int:
        return len({r.id for r in self.rows})

    def systems(self) -> dict[tuple[str, str], tuple[Row, ...]]:
        """Rows grouped by (model, strategy), each group in file order."""
        out: dict[tuple[str, str], list[Row]] = {}
        for r in self.rows:
            out.setdefault((r.model, r.strategy), []).append(r)
        return {k: tuple(v) for k, v in out.items()}


def check_file(path: Path) -> int:
    """The file's size, once it is known to be a regular file within the size limit (nothing is read)."""
    src = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError.single(src, "", "file not found") from None
    except OSError as exc:
        raise InputError.single(src, "", f"cannot read file ({exc.strerror})") from None
    if not stat.S_ISREG(st.st_mode):
        kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file (a pipe, device or socket)"
        raise InputError.single(src, "", f"is {kind}; expected a JSONL or CSV file")
    max_bytes = int(limits()["max_bytes"])
    if st.st_size > max_bytes:
        raise InputError.single(src, "", f"file is {st.st_size:,} bytes; the limit is {max_bytes:,} bytes "
                                         "(split the evaluation by model or sample fewer examples)")
    return int(st.st_size)


def read_bytes(path: Path) -> bytes:
    """The file's bytes: a regular file, within the size limit (checked before reading), not binary."""
    src = str(path)
    check_file(path)
    max_bytes = int(limits()["max_bytes"])
    with path.open("rb") as fh:
        raw = fh.read(max_bytes + 1)
    if len(raw) > max_bytes:  # grew while we looked
        raise InputError.single(src, "", f"more than {max_bytes:,} bytes; refused")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError.single(src, "", f"binary data (NUL byte at offset {nul}); expected UTF-8 JSONL or CSV text",
                                line=raw.count(b"\n", 0, nul) + 1)
    return raw


def _decode(raw: bytes, src: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(src, "", f"not UTF-8 text (invalid byte at offset {exc.start}); save the file as UTF-8",
                                line=raw.count(b"\n", 0, exc.start) + 1) from None


def _jsonl_records(text: str, src: str, problems: list[Problem]) -> Iterable[tuple[int, dict[str, Any]]]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem("", f"not valid JSON ({exc.msg} at column {exc.colno}); each line must be one "
                                        "JSON object", n))
            continue
        if not isinstance(obj, dict):
            problems.append(Problem("", f"expected a JSON object with keys {', '.join(REQUIRED)}, "
                                        f"got {type(obj).__name__}", n))
            continue
        yield n, obj


def _csv_records(text: str, src: str, problems: list[Problem]) -> Iterable[tuple[int, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise InputError.single(src, "", f"not valid CSV ({exc})", line=1) from None
    header = [h.strip() for h in header]
    _check_columns(header, src, 1)
    start = reader.line_num + 1
    try:
        for values in reader:
            line = start
            start = reader.line_num + 1
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                problems.append(Problem("", f"{len(values)} values for {len(header)} columns "
                                            f"({', '.join(header)})", line))
                continue
            yield line, {h: v for h, v in zip(header, values, strict=True) if not (h in OPTIONAL and v == "")}
    except csv.Error as exc:
        raise InputError.single(src, "", f"not valid CSV ({exc})", line=reader.line_num) from None


def _check_columns(keys: Iterable[str], src: str, line: int) -> None:
    keys = list(keys)
    problems = []
    for k in keys:
        if k not in COLUMNS:
            hint = suggest(k, COLUMNS)
            problems.append(Problem(k, f"unknown column{f'; did you mean {hint!r}?' if hint else ''} "
                                       f"(allowed: {', '.join(COLUMNS)})", line))
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        problems.append(Problem(", ".join(missing), f"missing required column(s); every row needs "
                                                    f"{', '.join(REQUIRED)}", line))
    if problems:
        raise InputError(src, tuple(problems))


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)) and not (isinstance(value, float) and not math.isfinite(value)):
        return str(value)
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and x >= 0 else None


def _row(n: int, rec: dict[str, Any], task: str, models: set[str], problems: list[Problem]) -> Row | None:
    before = len(problems)
    for key in rec:
        if key not in COLUMNS:
            hint = suggest(key, COLUMNS)
            problems.append(Problem(key, f"unknown key{f'; did you mean {hint!r}?' if hint else ''} "
                                         f"(allowed: {', '.join(COLUMNS)})", n))
    for key in REQUIRED:
        if key not in rec:
            problems.append(Problem(key, f"missing; every row needs {', '.join(REQUIRED)}", n))
    if len(problems) > before:
        return None
    ident, model, prediction = _text(rec["id"]), _text(rec["model"]), _text(rec["prediction"])
    if not ident or not ident.strip():
        problems.append(Problem("id", "empty; give each example an id (the same id for every model's row)", n))
    if model is None or model not in models:
        hint = suggest(str(model), models) if model else None
        problems.append(Problem("model", f"{model!r} is not a catalog id"
                                         f"{f'; did you mean {hint!r}?' if hint else ''} "
                                         "(`selector catalog list` shows the ids; add a profile with --catalog)", n))
    if prediction is None or not prediction.strip():
        problems.append(Problem("prediction", "empty; write the model's output (if it returned nothing, record a "
                                              "placeholder such as <no answer>, which scores as wrong)", n))
    ref = rec["reference"]
    refs = tuple(_text(r) for r in ref) if isinstance(ref, list) else (_text(ref),)
    if not refs or any(r is None or not r.strip() for r in refs):
        problems.append(Problem("reference", "empty or not text; give the expected answer (in JSONL, a list of "
                                             "acceptable answers is allowed)", n))
    elif len(refs) > 1 and (spec := task_spec(task)) is not None and spec.family == "classification":
        problems.append(Problem("reference", "a list of references; classification takes one gold label per row", n))
    strategy = rec.get("strategy", DEFAULT_STRATEGY)
    if strategy not in STRATEGIES:
        hint = suggest(str(strategy), STRATEGIES)
        did = f"; did you mean {hint!r}?" if hint else ""
        allowed = ", ".join(STRATEGIES)
        problems.append(Problem("strategy", f"{strategy!r} is not a strategy{did} (allowed: {allowed})", n))
    if "task" in rec and rec["task"] != task:
        problems.append(Problem("task", f"{rec['task']!r} differs from --task {task}; one evaluation file holds "
                                        "one task (split mixed tasks into one file each)", n))
    nums = {}
    for key in ("latency_ms", "cost_usd"):
        if key in rec:
            nums[key] = _number(rec[key])
            if nums[key] is None:
                problems.append(Problem(key, f"{rec[key]!r} is not a number >= 0", n))
    if len(problems) > before or ident is None or model is None or prediction is None:
        return None
    return Row(ident.strip(), model, prediction, tuple(r.strip() for r in refs if r is not None), strategy,
               nums.get("latency_ms"), nums.get("cost_usd"), n)


def _consistency(rows: list[Row], problems: list[Problem]) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    gold: dict[str, tuple[tuple[str, ...], int]] = {}
    for r in rows:
        key = (r.id, r.model, r.strategy)
        if key in seen:
            problems.append(Problem("id", f"example {r.id!r} appears twice for {r.model} ({r.strategy}); "
                                          f"first on line {seen[key]}", r.line))
        else:
            seen[key] = r.line
        if r.id in gold and gold[r.id][0] != r.reference:
            problems.append(Problem("reference", f"example {r.id!r} has a different reference on line "
                                                 f"{gold[r.id][1]}; every model must be judged on the same answer",
                                    r.line))
        gold.setdefault(r.id, (r.reference, r.line))


def parse_rows(text: str, fmt: str, task: str, models: Iterable[str], source: str = "<data>",
               sha256: str = "") -> EvalData:
    """Validate the text of an evaluation file (``fmt`` is ``jsonl`` or ``csv``)."""
    if task_spec(task) is None:
        hint = suggest(task, TASKS)
        raise InputError.single("--task", "task", f"{task!r} has no automatic metric here"
                                f"{f'; did you mean {hint!r}?' if hint else ''} (allowed: {', '.join(TASKS)}); "
                                "judge other tasks by human review or a rubric")
    problems: list[Problem] = []
    known = set(models)
    records = _jsonl_records(text, source, problems) if fmt == "jsonl" else _csv_records(text, source, problems)
    rows = []
    max_rows = int(limits()["max_rows"])
    for n, rec in records:
        row = _row(n, rec, task, known, problems)
        if row is not None:
            rows.append(row)
        if len(rows) > max_rows:
            raise InputError.single(source, "", f"more than {max_rows:,} rows; the limit is {max_rows:,}")
        if len(problems) > 5 * MAX_PROBLEMS:
            break
    if not problems:
        _consistency(rows, problems)
    if not rows and not problems:
        problems.append(Problem("", f"no rows; expected one {fmt.upper()} row per (example, model) with "
                                    f"{', '.join(REQUIRED)}"))
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(Problem("", f"... and {len(problems) - MAX_PROBLEMS} more problem(s)"))
        raise InputError(source, tuple(shown))
    return EvalData(source, task, tuple(rows), sha256)


def load_rows(path: str | Path, task: str, models: Iterable[str]) -> EvalData:
    """Read and validate ``DATA`` for ``--task``; ``models`` are the catalog's ids."""
    p = Path(path)
    raw = read_bytes(p)
    fmt = SUFFIXES.get(p.suffix.lower())
    if fmt is None:
        raise InputError.single(str(p), "", f"unknown file type {p.suffix or '(none)'!r}; "
                                            f"allowed: {', '.join(SUFFIXES)}")
    return parse_rows(_decode(raw, str(p)), fmt, task, models, str(p), hashlib.sha256(raw).hexdigest())
