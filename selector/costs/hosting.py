"""Always-on hosting: self-hosted GPU replicas, CPU instances for classical models, provisioned throughput.

Self-hosted GPU plans are sized in :mod:`selector.costs.gpu_sizing` (re-exported here) from the helpers
below:

    replica capacity = min(concurrency / (prefill + output/speed),  GPUs·peak·eff / (2·N·(in + out)))  req/s
    peak rate        = requests per month / (730 h · 3600) × peak-to-average
    replicas         = max(1, ⌈peak rate / capacity⌉);  instances packed ⌊instance GPUs / replica GPUs⌋ per instance
"""

from __future__ import annotations

import math

from selector.costs.reference import Reference
from selector.costs.types import CostUnavailable, finite_non_negative, require
from selector.costs.units import SECONDS_PER_HOUR

COMMITMENTS = {"none": "usd_per_model_unit_hour", "one_month": "usd_per_model_unit_hour_1_month",
               "six_months": "usd_per_model_unit_hour_6_months"}
COMMITMENT_MONTHS = {"none": 0, "one_month": 1, "six_months": 6}


def peak_requests_per_s(requests_per_month: float, hours_per_month: float, peak_to_average: float) -> float:
    """Busy-hour request rate: requests / (hours · 3600) × peak-to-average.

    >>> round(peak_requests_per_s(200_000, 730, 3.0), 4)
    0.2283
    """
    return requests_per_month / (hours_per_month * SECONDS_PER_HOUR) * peak_to_average


def replica_capacity_rps(concurrency: float, prefill_s: float, decode_s: float, compute_tokens_per_s: float,
                         tokens_per_request: float) -> float:
    """Requests per second one replica sustains: the lesser of its decode slots and its compute.

    >>> round(replica_capacity_rps(16, 0.09, 4.0, 1e5, 1000), 3)
    3.912
    """
    busy = prefill_s + decode_s
    slots = concurrency / busy if busy > 0 else math.inf  # a request of no tokens holds no slot
    return min(slots, compute_tokens_per_s / tokens_per_request)


def replicas_needed(peak_rps: float, capacity_rps: float, min_replicas: int) -> int:
    """max(min, ⌈peak / capacity⌉).

    >>> replicas_needed(0.23, 3.9, 1), replicas_needed(10, 3.9, 1)
    (1, 3)
    """
    return max(int(min_replicas), math.ceil(peak_rps / capacity_rps - 1e-12))


def instances_for(replicas: int, gpus_per_replica: int, instance_gpus: int) -> tuple[int, int]:
    """(instances in total, instances of the first replica) when replicas are packed onto instances.

    >>> instances_for(3, 1, 8), instances_for(3, 16, 8)
    ((1, 1), (6, 2))
    """
    if gpus_per_replica <= instance_gpus:
        per_instance = instance_gpus // gpus_per_replica
        return math.ceil(replicas / per_instance), 1
    per_replica = math.ceil(gpus_per_replica / instance_gpus)
    return replicas * per_replica, per_replica


def cpu_hosting_monthly(requests_per_month: float, ref: Reference) -> tuple[float, float, int, str]:
    """(floor USD/month, usage USD/month, instances, instance type) for a classical model on CPU."""
    finite_non_negative(requests_per_month, "requests_per_month")
    instance = ref.cpus[ref.value("hosting.classical_instance")]
    hours = ref.number("hosting.hours_per_month")
    peak = peak_requests_per_s(requests_per_month, hours, ref.number("hosting.peak_to_average"))
    count = replicas_needed(peak, ref.number("hosting.classical_requests_per_s_per_instance"),
                            int(ref.number("hosting.min_replicas")))
    monthly = instance.usd_per_hour * hours
    return monthly, (count - 1) * monthly, count, instance.id


def provisioned_monthly_usd(model_units: float, usd_per_model_unit_hour: float, hours_per_month: float) -> float:
    """Model units × USD per model-unit-hour × hours per month.

    >>> provisioned_monthly_usd(1, 20.50, 730)
    14965.0
    """
    return model_units * usd_per_model_unit_hour * hours_per_month


def committed_months(horizon_months: int, term_months: int) -> int:
    """Months paid for a horizon under a commitment term (whole terms; no term = the horizon itself).

    >>> committed_months(5, 6), committed_months(8, 6), committed_months(5, 0)
    (6, 12, 5)
    """
    return horizon_months if term_months == 0 else math.ceil(horizon_months / term_months) * term_months


def provisioned_rate(offer: object, horizon_months: int, commitment: str | None = None, *,
                     allow_no_commitment: bool = True) -> tuple[str, float]:
    """(commitment, USD per model-unit-hour averaged over the horizon).

    A given ``commitment`` is used as is; otherwise the one with the lowest cost over the horizon wins,
    whole terms paid (a 6-month term for a 5-month horizon costs 6 months). Averaging over the horizon
    keeps one-off + monthly × horizon equal to what is paid.

    >>> from types import SimpleNamespace as NS
    >>> titan = NS(usd_per_model_unit_hour=20.5, usd_per_model_unit_hour_1_month=18.4,
    ...            usd_per_model_unit_hour_6_months=14.8)
    >>> provisioned_rate(titan, 1, "none"), provisioned_rate(titan, 1), provisioned_rate(titan, 5)
    (('none', 20.5), ('one_month', 18.4), ('six_months', 17.76))
    """
    if commitment is not None:
        require(commitment in COMMITMENTS, "commitment", f"got {commitment!r} (allowed: {', '.join(COMMITMENTS)})")
        rate = getattr(offer, COMMITMENTS[commitment])
        if rate is None:
            raise CostUnavailable(f"no provisioned-throughput price for commitment {commitment!r}")
        return commitment, float(rate)
    options = []
    for name, attr in COMMITMENTS.items():
        rate = getattr(offer, attr)
        if rate is None or (name == "none" and not allow_no_commitment):
            continue
        average = float(rate) * committed_months(horizon_months, COMMITMENT_MONTHS[name]) / horizon_months
        options.append((round(average, 12), COMMITMENT_MONTHS[name], name))
    if not options:
        raise CostUnavailable("no provisioned-throughput price for the commitments allowed")
    average, _, name = min(options)
    return name, average


# the self-hosted GPU planner lives in its own module; it reads the helpers above
from selector.costs.gpu_sizing import GpuPlan, Load, plan_gpu_for_loads, plan_latency_ms, plan_self_hosted_gpu  # noqa: E402

__all__ = ["GpuPlan", "Load", "committed_months", "cpu_hosting_monthly", "instances_for", "peak_requests_per_s",
           "plan_gpu_for_loads", "plan_latency_ms", "plan_self_hosted_gpu", "provisioned_monthly_usd",
           "provisioned_rate", "replica_capacity_rps", "replicas_needed"]
