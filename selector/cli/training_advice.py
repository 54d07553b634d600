"""The warning ``selector estimate training`` prints when a plan runs too long, with a GPU count that fits.

The suggestion keeps the run's GPU-hours (the same FLOPs at the same MFU), so its cost hardly changes;
it spreads them over more GPUs, rounded up to whole nodes when more than one node is needed. Real MFU
tends to fall as a job spreads over more nodes, so the count is a floor to plan from.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from selector.cli.render import money, wrap_line
from selector.costs.compute import TrainingRun


def gpus_for(run: TrainingRun, target_days: float, node_gpus: int = 8) -> int:
    """GPUs that finish ``run``'s GPU-hours in ``target_days`` (whole nodes above one node).

    >>> from selector.costs.compute import estimate_training
    >>> run = estimate_training(7, 1e12, "a100-80gb", gpus=2, mfu=0.4, usd_per_gpu_hour=2.0)
    >>> round(run.wall_days), gpus_for(run, 30)
    (1948, 136)
    """
    needed = max(run.gpus, math.ceil(run.gpu_hours / (target_days * 24)))
    if needed > node_gpus:
        needed = math.ceil(needed / node_gpus) * node_gpus
    return needed


def _duration(days: float) -> str:
    return f"{days:,.0f} days" + (f" ({days / 365:.1f} years)" if days >= 365 else "")


def long_run_warning(run: TrainingRun, target_days: float, rerun: Callable[[int], TrainingRun]) -> str:
    """The warning (wrapped to 100 columns): how long the plan runs, and the ``--gpus`` that brings it
    near ``target_days``."""
    from selector.costs import load_reference

    node = load_reference().gpus[run.gpu].node_gpus or 8
    n = gpus_for(run, target_days, node)
    better = rerun(n)
    return "\n".join(wrap_line(
        f"warning: this plan runs {_duration(run.wall_days)} on {run.gpus} × {run.gpu}. With --gpus {n} it "
            f"takes about {better.wall_days:,.1f} days for {money(round(better.cost_usd))} (the same GPU-hours; "
        f"--target-days {target_days:g} sets the goal). MFU often falls on many nodes: check it with --mfu."))
