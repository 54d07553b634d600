"""The model catalog: profiles (schema as data), loading, validation, queries and importers."""

from selector.catalog.load import Catalog, load_catalog
from selector.catalog.schema import profile_model

__all__ = ["Catalog", "load_catalog", "profile_model"]
