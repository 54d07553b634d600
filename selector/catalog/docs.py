"""Generate the catalog reference (fields, units, bounds) from ``catalog/schema/profile.yaml``.

``python -m selector.catalog.docs`` rewrites the generated block of ``docs/catalog.md``; a test fails
when the block and the schema disagree, so the docs cannot drift from validation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from selector.catalog.schema import schema_data

BEGIN = "<!-- BEGIN GENERATED: profile fields (python -m selector.catalog.docs) -->"
END = "<!-- END GENERATED -->"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def fields_markdown() -> str:
    data = schema_data()
    lines = ["| field | type | unit | bounds | cited by | description |", "|---|---|---|---|---|---|"]
    for f in data["fields"]:
        bounds = " ".join(f"{k} {f[k]}" for k in ("ge", "le") if k in f)
        req = " (required)" if f.get("required") else ""
        lines.append(f"| `{f['name']}`{req} | {_cell(f['type'])} | {_cell(f.get('unit', ''))} | {bounds} | "
                     f"{f.get('figure', '')} | {_cell(f.get('description', ''))} |")
    for name, obj in data["objects"].items():
        lines += ["", f"**`{name}`** — {_cell(obj.get('description', ''))}", "",
                  "| field | type | unit | description |", "|---|---|---|---|"]
        for f in obj["fields"]:
            req = " (required)" if f.get("required") else ""
            lines.append(f"| `{f['name']}`{req} | {_cell(f['type'])} | {_cell(f.get('unit', ''))} | "
                         f"{_cell(f.get('description', ''))} |")
    lines += ["", "Allowed values:", ""]
    lines += [f"- `{name}`: {', '.join(values)}" for name, values in data["enums"].items()]
    return "\n".join(lines)


def render_block() -> str:
    return f"{BEGIN}\n{fields_markdown()}\n{END}"


def update(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    path.write_text(text[:start] + render_block() + text[end:], encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    update(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs" / "catalog.md")
