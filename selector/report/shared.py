"""Guidance and exclusions said once: a bullet or an exclusion that holds for several workloads is printed
once with the workloads it applies to, then each workload gets only its own."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from selector.catalog.reference import load_reference
from selector.options.reasons import exclusion_counts
from selector.report.blocks import Bullets, Para, Section, Table
from selector.report.bottomline import display, how

if TYPE_CHECKING:
    from selector.result import Recommendation


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


_SENTENCE = re.compile(r"(?<=[a-z0-9)\]%])\. (?=[A-Z])")


def _clauses(sentence: str) -> list[str]:
    """A sentence cut at its top-level "; " (not inside brackets); the last piece keeps the full stop."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(sentence):
        depth += 1 if ch in "([" else -1 if ch in ")]" else 0
        if ch == ";" and depth == 0 and sentence[i + 1:i + 2] == " ":
            out.append(sentence[start:i])
            start = i + 2
    out.append(sentence[start:])
    return [x for x in out if x]


def _parts(bullet: str) -> tuple[str, list[str]]:
    """``"Label: a; b. c."`` → ``("Label", ["a", "b.", "c."])``: clauses, a full stop ending each sentence."""
    label, sep, body = bullet.partition(": ")
    if not sep or len(label) > 40:
        label, body = "", bullet
    pieces: list[str] = []
    for sentence in _SENTENCE.split(body):
        sentence = sentence if sentence.endswith(".") else sentence + "."
        pieces += _clauses(sentence)
    return label, pieces


def _joined(pieces: list[str]) -> str:
    text = ""
    for p in pieces:
        p = p[4:] if not text and p.startswith("and ") else p  # a shared tail read on its own
        text += p if not text else (" " if text.endswith(".") else "; ") + p
    return text if text.endswith(".") else text + "."


def split_shared(per: dict[str, tuple[str, ...]]) -> tuple[list[tuple[tuple[str, ...], tuple[str, ...]]],
                                                              dict[str, tuple[str, ...]]]:
    """Guidance said once: each sentence of each labelled bullet that several workloads share goes into
    one bullet for that group of workloads; each workload keeps only its own sentences.

    >>> shared, own = split_shared({"a": ("Prompt: be clear; cite (a; b). Use a template.",),
    ...                             "b": ("Prompt: be brief; cite (a; b). Use a template.",)})
    >>> shared, own["a"], own["b"]
    ([(('a', 'b'), ('Prompt: cite (a; b). Use a template.',))], ('Prompt: be clear.',), ('Prompt: be brief.',))
    """
    holders: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, str]] = []
    for name, bullets in per.items():
        for b in bullets:
            label, sentences = _parts(b)
            for sentence in sentences:
                key = (label, sentence)
                if key not in holders:
                    order.append(key)
                holders.setdefault(key, [])
                if name not in holders[key]:
                    holders[key].append(name)

    def bullets_of(keys: list[tuple[str, str]]) -> tuple[str, ...]:
        by_label: dict[str, list[str]] = {}
        for label, sentence in keys:
            by_label.setdefault(label, []).append(sentence)
        return tuple((f"{label}: " if label else "") + _joined(ss) for label, ss in by_label.items())

    groups: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for key in order:
        if len(holders[key]) > 1:
            groups.setdefault(tuple(holders[key]), []).append(key)
    shared = [(names, bullets_of(keys)) for names, keys in sorted(groups.items(), key=lambda g: -len(g[0]))]
    own = {name: bullets_of([k for k in order if holders[k] == [name]]) for name in per}
    return shared, own


def guidance_section(rec: Recommendation) -> Section:
    """Per chosen option its guidance bullets (:mod:`selector.report.guidance`), those common to several
    workloads first and once, then the sources they cite (folded)."""
    from selector.catalog.guidance_models import PROJECT_DEFAULT
    from selector.report.guidance import cited_sources, workload_guidance

    g = load_reference().guidance
    req = rec.requirements
    by_name = {w.name: w for w in req.workloads} if req is not None else {}
    per: dict[str, tuple[str, ...]] = {}
    cited: list[str] = []
    for wr in rec.workloads:
        if wr.choice:
            per[wr.name] = tuple(workload_guidance(wr.choice, by_name.get(wr.name), g))
            cited += cited_sources(wr.choice, by_name.get(wr.name), g)
    shared, own = split_shared(per)
    blocks: list[Any] = []
    for names, bullets in shared:
        who = "every workload" if len(names) == len(per) else _join(list(names))
        blocks.append(Para(f"For {who}:"))
        blocks.append(Bullets(bullets))
    choices = {w.name: w for w in rec.workloads if w.choice}
    for name, bullets in own.items():
        if bullets:
            w = choices[name]
            assert w.choice is not None
            blocks.append(Para(f"{name} only ({display(w, w.choice.option.model)}, {how(w.choice)}):"))
            blocks.append(Bullets(bullets))
    if cited:
        rows = tuple((k, g.sources[k].title, g.sources[k].url) for k in dict.fromkeys(cited))
        blocks.append(Table(("id", "source", "address"), rows,
                            f"sources of this guidance (numbers marked '{PROJECT_DEFAULT}' carry their rationale in "
                            "catalog/reference/guidance.yaml)", collapsed=True))
    return Section("guidance", "Guidance", tuple(blocks))


def exclusions_section(rec: Recommendation) -> Section:
    """Models ruled out, counted per requirement (one column per workload), then the notable ones once."""
    counts = {w.name: exclusion_counts(w.excluded) for w in rec.workloads}
    codes: list[Any] = []
    for c in counts.values():
        codes += [k for k in c if k not in codes]
    blocks: list[Any] = []
    if codes:
        names = [w.name for w in rec.workloads]
        single = len(names) == 1
        cols = ("constraint", "models ruled out") if single else ("constraint", *names)
        blocks.append(Table(cols, tuple((code.value, *(counts[n].get(code, 0) for n in names)) for code in codes),
                            "exclusions grouped by the requirement they fail (a model can fail several); every "
                            "excluded model with its reasons is in the JSON output"))
    notable: dict[tuple[str, str], dict[str, Any]] = {}
    for w in rec.workloads:
        for r in w.views.get("notable_excluded") or ():
            row = notable.setdefault((r["model"], r["reason"]), {"name": r["name"], "model": r["model"],
                                                                  "constraint": r["constraint"],
                                                                  "reason": r["reason"], "workloads": []})
            row["workloads"].append(w.name)
    if notable:
        rows = tuple((r["name"] + (f" ({r['model']})" if r["name"] != r["model"] else ""),
                      r["constraint"].replace("_", " "), r["reason"],
                      "all" if len(r["workloads"]) == len(rec.workloads) > 1 else ", ".join(r["workloads"]))
                     for r in notable.values())
        blocks.append(Table(("model", "fails", "why", "for"), rows,
                            "notable exclusions: rated above the choice for the task and ruled out by a single "
                            "requirement (relaxing it would put them in the running)"))
    elif codes:
        blocks.append(Para("No excluded model is rated above the choice and ruled out by a single requirement: the "
                           "exclusions did not take a better-rated option away."))
    return Section("exclusions", "Exclusions", tuple(blocks))
