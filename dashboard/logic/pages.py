"""Which page a URL shows."""

from __future__ import annotations

# (key, path, title) in the order of the navigation bar.
PAGES = (("requirements", "/", "Requirements"), ("results", "/results", "Results"), ("catalog", "/catalog", "Catalog"))


def page_for(pathname: str | None) -> str:
    """The page key of a URL path; unknown paths show the requirements page.

    >>> page_for("/results"), page_for("/catalog/"), page_for(None), page_for("/nope")
    ('results', 'catalog', 'requirements', 'requirements')
    """
    path = (pathname or "/").rstrip("/") or "/"
    return next((key for key, p, _ in PAGES if p == path), "requirements")
