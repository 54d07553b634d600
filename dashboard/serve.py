"""Serve the dashboard with waitress (a production WSGI server in pure Python) instead of Flask's
development server, which prints a warning and is not meant for real use."""

from __future__ import annotations

from typing import Any


def serve(app: Any, host: str, port: int, threads: int = 4) -> None:
    """Block serving ``app`` (a Dash app; its Flask server is the WSGI callable) on ``host:port``."""
    from waitress import serve as waitress_serve

    waitress_serve(app.server, host=host, port=port, threads=threads, ident="selector-dashboard")
