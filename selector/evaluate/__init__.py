"""``selector evaluate``: quality measured on the user's own examples, and back into the decision.

The flow is one-way, one module per step::

    data.jsonl/csv ─► rows (read, validate) ─► metrics (one module per task family) ─► stats (seeded
    bootstrap, paired tests) ─► run (EvaluationResult) ─► evidence (evidence.yaml) ─► recommend --evidence

:mod:`selector.evaluate.plan` goes the other way: from a recommendation to the pilot worth running.
The metric packages (scikit-learn, rouge-score, sacrebleu) are the ``evaluate`` extra; they are imported
only when a metric needs them (:mod:`selector.evaluate.deps`).
"""

from __future__ import annotations

from selector.evaluate.config import TASKS, task_spec
from selector.evaluate.rows import EvalData, Row, load_rows

__all__ = ["TASKS", "EvalData", "Row", "load_rows", "task_spec"]
