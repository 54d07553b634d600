"""Models another model serves at least as well in every workload: dropped before solving, the optimum kept.

With ``max_models`` set, model ``m`` is dominated by model ``n`` when, in every workload, each option on ``m``
has an option on ``n`` that scores at least as high, costs no more on each budget that can bind, needs no
shared charge the first does not (when a budget can bind: shared charges are paid only out of budgets) and is
in no cut. Any choice using ``m`` then does at least as well with each of those options swapped for its match:
no more models (``m`` goes, ``n`` may come), no more spend on any budget, every cut still broken (the options
coming in are in none), and no less score. Dominance is transitive, so models are dropped one by one, each
when a model still kept dominates it (of two that dominate each other, the later in name order stays).

On a 200-workload portfolio of 128 models this leaves 35 to the solver (13 once the monthly budget is relaxed
to see whether it binds), with the same answer (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from selector.optimise.problem import Item


def dominated_models(workloads: Sequence[str], items: Mapping[str, Sequence[Item]], monthly: bool, one_off: bool,
                     in_cuts: Collection[tuple[str, str]] = ()) -> set[str]:
    """The models :mod:`this module <selector.optimise.dominance>` drops; ``monthly`` and ``one_off``: whether
    that budget can bind; ``in_cuts``: the (workload, option key) pairs of every cut."""
    import numpy as np  # only here: the optimiser's data types import without numpy

    models = sorted({i.model for w in workloads for i in items[w]})
    if len(models) < 2:
        return set()
    index = {m: k for k, m in enumerate(models)}
    n = len(models)
    budgets = monthly or one_off
    shared = sorted({i.shared for w in workloads for i in items[w]})
    shared_id = {s: k for k, s in enumerate(shared)}
    within = np.array([[set(b) <= set(a) for b in shared] for a in shared], dtype=bool)  # [a, b]: b's inside a's
    covered = np.ones((n, n), dtype=bool)  # [m, n]: every option of m so far has an option of n that does as well
    for w in workloads:
        opts = items[w]
        if not opts:
            continue
        score = np.array([i.score for i in opts])
        beats = score[None, :] >= score[:, None]  # [a, b]: option b does at least as well as option a
        if monthly:
            usd = np.array([i.monthly_usd for i in opts])
            beats &= usd[None, :] <= usd[:, None]
        if one_off:
            usd = np.array([i.one_off_usd for i in opts])
            beats &= usd[None, :] <= usd[:, None]
        if budgets:
            t = np.array([shared_id[i.shared] for i in opts])
            beats &= within[t[:, None], t[None, :]]
        if in_cuts:
            beats &= np.array([(w, i.key) not in in_cuts for i in opts])[None, :]
        model = np.array([index[i.model] for i in opts])
        order = np.argsort(model, kind="stable")
        grouped = model[order]
        starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
        present = grouped[starts]
        by_model = np.zeros((len(opts), n), dtype=bool)  # [a, n]: some option of model n does as well as a
        by_model[:, present] = np.logical_or.reduceat(beats[:, order], starts, axis=1)
        covered[present] &= np.logical_and.reduceat(by_model[order], starts, axis=0)
    kept = np.ones(n, dtype=bool)
    dropped: set[str] = set()
    for m in range(n):
        others = covered[m] & kept
        others[m] = False
        if others.any():
            kept[m] = False
            dropped.add(models[m])
    return dropped
