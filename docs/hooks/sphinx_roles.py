"""MkDocs hook: show Sphinx cross-reference roles in docstrings (:class:`X`, :func:`~a.b.f`) as code.

The library's docstrings use Sphinx roles; mkdocstrings renders them as ``:class:<code>X</code>``.
This hook keeps the code span and drops the role (``~a.b.f`` shows as ``f``, as Sphinx would).
"""

from __future__ import annotations

import re

_ROLE = re.compile(r":(?:py:)?(?:class|func|mod|meth|data|attr|exc|obj|const):<code>(~?)([^<]*)</code>")


def strip_roles(html: str) -> str:
    """
    >>> strip_roles("see :class:<code>Recommendation</code> and :meth:<code>~CostEstimate.tco</code>")
    'see <code>Recommendation</code> and <code>tco</code>'
    """
    return _ROLE.sub(lambda m: f"<code>{m.group(2).rsplit('.', 1)[-1] if m.group(1) else m.group(2)}</code>", html)


def on_page_content(html: str, **_: object) -> str:
    return strip_roles(html)
