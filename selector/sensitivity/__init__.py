"""Sensitivity: weight stability intervals and seeded SMAA."""

from selector.sensitivity.smaa import SmaaInput, SmaaResult, smaa
from selector.sensitivity.weights import stability_interval, stability_table

__all__ = ["SmaaInput", "SmaaResult", "smaa", "stability_interval", "stability_table"]
