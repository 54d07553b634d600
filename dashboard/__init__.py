"""The selector dashboard (Dash): requirements form, results, catalog explorer, report downloads.

``create_app()`` builds the app; ``selector dashboard`` runs it. The library (``selector``) never
imports this package.
"""

from dashboard.app import create_app

__all__ = ["create_app"]
