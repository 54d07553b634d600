"""Markdown renderer: tables and text; the charts live in the HTML report."""

from __future__ import annotations

import re

from selector.report.blocks import Bullets, Chart, ChartRow, Heading, Para, Report, Table

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
# Every code point a Markdown renderer (or an editor) may treat as a line end, and the other C0/C1
# controls: folded to a space so user text can never start a new block (list, rule, code, heading).
_LINE_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_BLOCK_START = re.compile(r"^(?:[-=]|\d{1,9}(?=[.)]))")  # list item, rule, setext underline, "1." / "1)"
# A word a GFM or linkify renderer would turn into a live link: a scheme, www., an e-mail address, or
# a host name ending in a generic or a two-letter top-level domain (linkify-it's fuzzy links).
_LINKISH = re.compile(r"//|\b(?:mailto|ftp|https?):|www\.|\w@\w|"
                      r"[\w-]\.(?:[a-z]{2}|biz|com|edu|gov|net|org|pro|web|xxx|aero|"
                      r"asia|coop|info|museum|name|shop|рф|xn--[\w-]+)(?![\w-])", re.IGNORECASE)
_WORDS = re.compile(r"([^\s|]+)")


def _code(word: str) -> str:
    """A word as an inline code span (never a link), fenced longer than any backtick run inside it."""
    fence = "`" * (max((len(r) for r in re.findall("`+", word)), default=0) + 1)
    pad = " " if word.startswith("`") or word.endswith("`") else ""
    return f"{fence}{pad}{word}{pad}{fence}"


def md_escape(text: object) -> str:
    """Escape Markdown and inline HTML so user text renders as text, on one line, with no live link.

    Line-ending code points (``\\r``, ``\\u2028``, ...) fold to spaces; a leading list, rule or heading
    marker is escaped; anything a linkify renderer would link is shown as inline code instead.

    >>> md_escape("<script>alert(1)</script> [x](y)")
    '\\\\<script\\\\>alert\\\\(1\\\\)\\\\</script\\\\> \\\\[x\\\\]\\\\(y\\\\)'
    >>> md_escape("a\\r- b\\u2028---"), md_escape("- x"), md_escape("1. x")
    ('a - b ---', '\\\\- x', '1\\\\. x')
    >>> md_escape("see http://e.com/x or www.e.org")
    'see `http://e.com/x` or `www.e.org`'
    """
    value = _LINE_BREAKS.sub(" ", str(text)).strip()
    out = []
    for i, part in enumerate(_WORDS.split(value)):
        found = _LINKISH.search(part) if i % 2 else None
        if found is None:
            out.append(_SPECIAL.sub(r"\\\1", part))
            continue
        start = found.start()
        if not found.group().startswith(("/", "www")) and not found.group().endswith(":"):
            while start > 0 and (part[start - 1].isalnum() or part[start - 1] in "._+-"):  # the host or mailbox
                start -= 1
        out.append(_SPECIAL.sub(r"\\\1", part[:start]) + _code(part[start:]))
    escaped = "".join(out)
    return _BLOCK_START.sub(lambda m: m.group() + "\\" if m.group()[0].isdigit() else "\\" + m.group(), escaped,
                            count=1)


def render_markdown(report: Report) -> str:
    out = [f"# {md_escape(report.title)}", "", f"_{md_escape(report.subtitle)}_", ""]
    for section in report.sections:
        out += [f"## {section.title}", ""]
        for block in section.blocks:
            if isinstance(block, Para):
                out += [("**" + md_escape(block.text) + "**") if block.lead else md_escape(block.text), ""]
            elif isinstance(block, Heading):
                out += [f"### {md_escape(block.text)}", ""]
            elif isinstance(block, Bullets):
                out += [f"- {md_escape(i)}" for i in block.items] + [""]
            elif isinstance(block, Table):
                if block.caption:
                    out += [f"**{md_escape(block.caption)}**", ""]
                out.append("| " + " | ".join(md_escape(c) for c in block.columns) + " |")
                out.append("|" + "---|" * len(block.columns))
                out += ["| " + " | ".join(md_escape(v) for v in row) + " |" for row in block.rows]
                out.append("")
            elif isinstance(block, (Chart, ChartRow)):
                for chart in block.charts if isinstance(block, ChartRow) else (block,):
                    title = chart.figure.layout.title.text or "chart"
                    out += [f"_Chart: {md_escape(title)}: {md_escape(chart.caption)} (in the HTML report)._", ""]
    return "\n".join(out)
