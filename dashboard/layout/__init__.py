"""Builders of the pages: small functions returning Dash components."""
