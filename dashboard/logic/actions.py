"""What the requirements page's buttons do to the document, as plain functions the callbacks call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard import ids
from dashboard.logic.documents import Loaded, decode_upload, download_name, load_example, to_yaml
from dashboard.logic.form import add_workload, remove_workload, weights_for_sliders
from dashboard.logic.validate import check

LOAD_EXAMPLE, UPLOAD, ADD, REMOVE = "example", "upload", "add", "remove"
_BY_COMPONENT = {ids.EXAMPLE: LOAD_EXAMPLE, ids.UPLOAD: UPLOAD, ids.ADD_WORKLOAD: ADD}


def action_for(trigger: Any, value: Any) -> tuple[str | None, int | None]:
    """Which form action a component's change asks for, and the workload index for a removal.

    A button that merely appeared (no clicks yet) or a picker that was reset asks for nothing.

    >>> action_for(ids.remove_workload(2), 1), action_for(ids.remove_workload(2), None)
    (('remove', 2), (None, None))
    >>> action_for(ids.EXAMPLE, "a.yaml"), action_for(ids.EXAMPLE, None)
    (('example', None), (None, None))
    """
    if not value:
        return None, None
    if isinstance(trigger, dict) and trigger.get("type") == ids.REMOVE_WORKLOAD:
        return REMOVE, trigger.get("index")
    return _BY_COMPONENT.get(trigger), None


@dataclass(frozen=True)
class FormUpdate:
    """A new document for the form (``None``: leave the form as it is) and what to tell the person."""

    doc: dict[str, Any] | None
    weights: dict[str, float] | None = None  # new slider positions, when the document brought weights
    status: tuple[str, ...] = ()
    status_kind: str = "info"  # info | error


def _loaded(loaded: Loaded, what: str) -> FormUpdate:
    """What the form shows after a file is read. A key the form has no field for is never dropped
    silently: the file is not loaded, and the message names the key and the keys allowed there."""
    if not loaded.ok:
        return FormUpdate(None, None, (f"Could not load {what}:", *loaded.problems), "error")
    if loaded.unknown:
        return FormUpdate(None, None, (f"Did not load {what}: it has keys the requirements do not have (the form "
                                       "could not keep them). Fix the file and upload it again:",
                                       *loaded.unknown, *loaded.problems), "error")
    if loaded.problems:
        return FormUpdate(loaded.doc, weights_for_sliders(loaded.doc),
                          (f"Loaded {what}, with problems to fix (marked beside the fields where the form has "
                           "one):", *loaded.problems), "error")
    return FormUpdate(loaded.doc, weights_for_sliders(loaded.doc), (f"Loaded {what}.",))


def form_action(action: str, current: dict[str, Any], *, example: str | None = None,
                upload: tuple[str | None, str | None] = (None, None), index: int | None = None,
                examples_dir: Path | None = None) -> FormUpdate:
    """Apply one action; anything unexpected leaves the form unchanged (never raises)."""
    if action == LOAD_EXAMPLE and example:
        return _loaded(load_example(example, examples_dir), f"example {example}")
    if action == UPLOAD and upload[0]:
        contents, filename = upload
        return _loaded(decode_upload(contents, filename), filename or "the upload")
    if action == ADD:
        return FormUpdate(add_workload(current))
    if action == REMOVE and isinstance(index, int):
        return FormUpdate(remove_workload(current, index))
    return FormUpdate(None)


NOT_SENT = "Not solved yet: fix the fields marked in red, then press Recommend again."


def submit(doc: dict[str, Any]) -> tuple[bool, str]:
    """Whether the document can be recommended on, and the line to show under the button.

    The count of problems is already shown beside the button (the form's status line), so the line
    says what to do rather than repeating it.

    >>> submit({"name": "p", "workloads": []})[1] == NOT_SENT
    True
    """
    checked = check(doc)
    return checked.ok, "" if checked.ok else NOT_SENT


def yaml_download(doc: dict[str, Any]) -> dict[str, Any]:
    """``dcc.Download`` data for the current form as ``req.yaml`` (also when it does not validate yet)."""
    return {"content": to_yaml(doc), "filename": download_name(doc, ".yaml"), "type": "application/yaml",
            "base64": False}
