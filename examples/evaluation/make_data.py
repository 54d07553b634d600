"""Write tickets.csv: an ILLUSTRATIVE evaluation of ticket-triage candidates (not real model outputs).

Seeded and deterministic: running it again writes the same bytes (tests/evaluate/test_worked_example.py
checks that). 400 support tickets with imbalanced gold labels (billing 55%, technical 30%, account 10%,
outage 5%); each candidate answers every ticket with a per-class recall chosen to illustrate a common
finding: a model strong on the big classes but blind to the rare one scores a high accuracy and a low
macro F1. Costs per row are each model's catalog prices for the workload's 400 input and 5 output
tokens; the self-hosted fine-tuned model has no per-request price, so its rows leave cost_usd empty.

    python examples/evaluation/make_data.py [OUT.csv]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

SEED = 20261202
EXAMPLES = 400
LABELS = ("billing", "technical", "account", "outage")
SHARES = (0.55, 0.30, 0.10, 0.05)
INPUT_TOKENS, OUTPUT_TOKENS = 400, 5
# (model, strategy): recall per gold label, in LABELS order; a miss goes to the confused label below.
CANDIDATES = {
    ("fireworks_ai/accounts/fireworks/models/llama-v3p1-8b-instruct", "fine_tuning"): (0.97, 0.93, 0.70, 0.15),
    ("fireworks_ai/accounts/fireworks/models/llama-v3p1-70b-instruct", "fine_tuning"): (0.96, 0.92, 0.80, 0.70),
    ("fireworks_ai/accounts/fireworks/models/llama-v3p3-70b-instruct", "fine_tuning"): (0.95, 0.92, 0.85, 0.80),
    ("Qwen/Qwen2.5-7B-Instruct", "fine_tuning"): (0.93, 0.85, 0.55, 0.10),
    ("mistral-large-latest", "prompt_engineering"): (0.96, 0.93, 0.85, 0.75),
}
CONFUSED_WITH = {"billing": "account", "technical": "outage", "account": "billing", "outage": "technical"}


def prices() -> dict[str, tuple[float, float] | None]:
    from selector.catalog import load_catalog

    cat = load_catalog()
    out = {}
    for model, _ in CANDIDATES:
        p = cat.get(model)
        ok = p is not None and p.input_usd_per_1m_tokens is not None and p.output_usd_per_1m_tokens is not None
        out[model] = (p.input_usd_per_1m_tokens, p.output_usd_per_1m_tokens) if ok else None
    return out


def rows() -> list[dict[str, str]]:
    rng = np.random.default_rng(SEED)
    gold = rng.choice(len(LABELS), size=EXAMPLES, p=SHARES)
    price = prices()
    out = []
    for (model, strategy), recall in CANDIDATES.items():
        hits = rng.random(EXAMPLES)
        latency = rng.lognormal(mean=np.log(600), sigma=0.3, size=EXAMPLES)
        for i, g in enumerate(gold):
            label = LABELS[g]
            pred = label if hits[i] < recall[g] else CONFUSED_WITH[label]
            cost = ""
            if price[model] is not None and strategy == "prompt_engineering":
                usd_in, usd_out = price[model]
                cost = f"{(INPUT_TOKENS * usd_in + OUTPUT_TOKENS * usd_out) / 1e6:.8f}"
            out.append({"id": f"t{i + 1:04d}", "model": model, "strategy": strategy, "prediction": pred,
                        "reference": label, "latency_ms": f"{latency[i]:.0f}", "cost_usd": cost})
    return out


def main(path: str | None = None) -> Path:
    target = Path(path) if path else Path(__file__).with_name("tickets.csv")
    with target.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "model", "strategy", "prediction", "reference",
                                                "latency_ms", "cost_usd"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows())
    return target


if __name__ == "__main__":
    print(main(sys.argv[1] if len(sys.argv) > 1 else None))
