"""Prompt overhead: templates, few-shot examples by style and task, chain-of-thought."""

from __future__ import annotations

from selector.costs.prompting import prompt_overhead


def test_style_drives_few_shot_examples(ref, workload):
    low = prompt_overhead(workload(style_consistency="low"), "prompt_engineering", ref)
    high = prompt_overhead(workload(style_consistency="high"), "prompt_engineering", ref)
    assert low.extra_input_tokens == 150
    assert high.extra_input_tokens == 150 + 5 * 1000


def test_structured_tasks_get_examples_even_at_low_style(ref, workload):
    over = prompt_overhead(workload(task="classification", input_tokens=300, output_tokens=5), "rag", ref)
    assert over.few_shot_tokens == 2 * 305


def test_fine_tuned_prompt_is_short(ref, workload):
    over = prompt_overhead(workload(style_consistency="high"), "fine_tuning", ref)
    assert over.extra_input_tokens == 30 and over.few_shot_tokens == 0


def test_chain_of_thought_for_reasoning(ref, workload):
    assert prompt_overhead(workload(task="reasoning"), "prompt_engineering", ref).output_multiplier == 3.0
    assert prompt_overhead(workload(), "prompt_engineering", ref).output_multiplier == 1.0
