"""``selector catalog show ID``: one profile as readable text within 100 columns (no Python reprs).

Lists read as comma-separated words, booleans as yes/no, nested tables (quality, fine-tuning,
provisioned throughput) one entry per indented line, prices by the money rule of
:mod:`selector.cli.render`, quality to two decimals; every line wrapped under its label. The exact
values are in ``--format json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from selector.cli.render import WIDTH, money, number, quality, wrap_line

_QUALITY_KEYS = ("quality", "language_quality")


def value_text(key: str, value: Any) -> str:
    """One value as text: ``usd`` figures as money, quality on two decimals, lists joined.

    >>> value_text("languages", ["en", "ja"]), value_text("open_weights", False)
    ('en, ja', 'no')
    >>> value_text("input_usd_per_1m_tokens", 0.06), value_text("batch_discount", 0.5)
    ('$0.06', '0.5')
    """
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(key, v) for v in value) or "-"
    if "usd" in key and isinstance(value, (int, float)) and not isinstance(value, bool):
        return money(value)
    if key in _QUALITY_KEYS and isinstance(value, float):
        return quality(value)
    return number(value)


def profile_text(data: Mapping[str, Any], origin: object = None, width: int = WIDTH) -> str:
    """The profile ``data`` (``profile_dict``) as lines of ``key: value``, nested values indented.

    >>> print(profile_text({"id": "m", "languages": ["en", "fr"], "quality": {"general": 0.4906},
    ...                     "sources": {"prices": {"title": "Pricing", "url": "https://x",
    ...                                            "retrieved": "2026-01-02"}}}))
    id: m
    languages: en, fr
    quality:
      general: 0.49
    sources:
      prices: Pricing, retrieved 2026-01-02
        <https://x>
    """
    lines: list[str] = []
    for key, value in data.items():
        if value in (None, [], {}, ""):
            continue
        if key == "sources" and isinstance(value, Mapping):
            lines.append("sources:")
            for fig, src in value.items():
                src = src if isinstance(src, Mapping) else {"title": src}
                lines.append(f"  {fig}: {src.get('title')}, retrieved {src.get('retrieved')}"
                             + (" (estimate)" if src.get("estimate") else ""))
                if src.get("url"):
                    lines.append(f"    <{src['url']}>")
            continue
        if isinstance(value, Mapping):
            lines.append(f"{key}:")
            parent = key if key in _QUALITY_KEYS or "usd" in key else None
            for sub, v in value.items():
                if v in (None, [], {}, ""):
                    continue
                lines.append(f"  {sub}: {value_text(parent or str(sub), v)}")
            continue
        lines.append(f"{key}: {value_text(key, value)}")
    if origin is not None:
        lines.append(f"file: {origin}")
    return "\n".join(piece for line in lines for piece in wrap_line(line, width))
