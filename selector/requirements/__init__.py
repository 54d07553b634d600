"""The requirements contract (docs/requirements.md): models and loading."""

from selector.requirements.load import (
    load_requirements,
    parse_requirements,
    requirements_from_dict,
    requirements_sha256,
)
from selector.requirements.models import (
    Budget,
    InputModality,
    Interpretability,
    Knowledge,
    Level,
    OutputModality,
    Requirements,
    TrainingData,
    Weights,
    Workload,
)
from selector.vocab import Task, UpdateFrequency

__all__ = [
    "Budget", "InputModality", "Interpretability", "Knowledge", "Level", "OutputModality",
    "Requirements", "Task", "TrainingData", "UpdateFrequency", "Weights", "Workload",
    "load_requirements", "parse_requirements", "requirements_from_dict", "requirements_sha256",
]
