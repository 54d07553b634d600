"""Prompt engineering: the tokens every request carries besides the user's own input.

    extra input  = template tokens + examples × min(input + output, max tokens per example)
    examples     = few-shot count by style_consistency (at least the structured-task minimum for
                   classification/extraction); a fine-tuned model needs none and a shorter template
    output       = output tokens × chain-of-thought multiplier (reasoning tasks)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from selector.costs.memo import by_identity
from selector.costs.reference import Reference
from selector.costs.types import name_of
from selector.vocab import Strategy

FINE_TUNED_STRATEGIES = frozenset(s for s in Strategy if s.fine_tunes)


def few_shot_tokens(examples: float, example_tokens: float, max_tokens_per_example: float) -> float:
    """examples × min(example tokens, cap).

    >>> few_shot_tokens(5, 1000, 1000), few_shot_tokens(2, 4200, 1000)
    (5000, 2000)
    """
    return examples * min(example_tokens, max_tokens_per_example)


@dataclass(frozen=True)
class PromptOverhead:
    """Tokens added to each request by the prompt, and the output multiplier."""

    template_tokens: float
    few_shot_tokens: float
    output_multiplier: float
    assumptions: dict[str, float | str] = field(default_factory=dict)
    examples: float = 0.0  # the few-shot examples, each as long as a request (input + output), at most example_cap
    example_cap: float = 0.0

    @property
    def extra_input_tokens(self) -> float:
        return self.template_tokens + self.few_shot_tokens


@by_identity()  # the same for every option of a (workload, strategy) family: computed once
def prompt_overhead(workload: Any, strategy: str, ref: Reference) -> PromptOverhead:
    """The prompt overhead of ``workload`` under ``strategy`` (reads ``prompting.yaml``)."""
    task = name_of(workload.task)
    cot = ref.table("prompting.chain_of_thought")
    multiplier = float(cot["output_multiplier"]) if task in cot["tasks"] else 1.0
    if strategy in FINE_TUNED_STRATEGIES:
        template = ref.number("prompting.fine_tuned_template_tokens")
        return PromptOverhead(template, 0.0, multiplier, {
            "prompting.fine_tuned_template_tokens": template, "prompting.few_shot_examples": 0.0,
            "prompting.output_multiplier": multiplier})
    examples = float(ref.table("prompting.few_shot_examples")[name_of(workload.style_consistency)])
    structured = ref.table("prompting.structured_task_min_examples")
    if task in structured["tasks"]:
        examples = max(examples, float(structured["examples"]))
    cap = ref.number("prompting.max_tokens_per_example")
    shots = few_shot_tokens(examples, workload.input_tokens + workload.output_tokens, cap)
    template = ref.number("prompting.template_tokens")
    return PromptOverhead(template, shots, multiplier, {
        "prompting.template_tokens": template, "prompting.few_shot_examples": examples,
        "prompting.max_tokens_per_example": cap, "prompting.output_multiplier": multiplier}, examples, cap)
