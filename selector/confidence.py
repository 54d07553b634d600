"""How sure a choice is, in words: the share of SMAA samples in which it ranks first, and the score gap to the
runner-up (``scoring.yaml`` ``confidence``; docs/decision.md, "Sensitivity").

    clear       first share ≥ confidence.clear (0.70)
    likely      first share ≥ confidence.likely (0.40)
    close call  below it, or held in place by a portfolio constraint (max_models, a budget): the runner-up wins
                often enough that the two should be tested on the user's own examples

The report's bottom line (selector.report.bottomline) and the terminal summary use the same thresholds.

Pure: the thresholds are passed in (or read from the shipped scoring table by :func:`confidence_words`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Confidence:
    """A choice's confidence: its word, the first-rank share and the sample count behind it."""

    word: str  # clear | likely | close call
    first_share: float
    samples: int
    margin: float | None  # score of the choice minus the runner-up's (None: no runner-up)

    def sentence(self, runner_up: str | None = None, remark: str | None = None) -> str:
        """One line for the terminal or the report.

        >>> Confidence("close call", 0.46, 2000, 0.004).sentence("Qwen2.5-7B")
        'close call: first in 46% of 2,000 samples; Qwen2.5-7B is 0.004 behind: test both on your own examples'
        >>> Confidence("clear", 0.93, 2000, 0.05).sentence()
        'clear: first in 93% of 2,000 samples'
        >>> Confidence("close call", 0.13, 2000, -0.024).sentence("gemma")
        'close call: first in 13% of 2,000 samples; gemma scores 0.024 higher alone, the portfolio keeps this choice'

        ``remark`` (a close call only) adds a fact that can settle it, e.g. :func:`retirement_remark`.
        """
        text = f"{self.word}: first in {self.first_share:.0%} of {self.samples:,} samples"
        if self.word != "close call" or self.margin is None or not runner_up:
            return text
        tail = f"; {remark}" if remark else ""
        if self.margin < 0:  # the runner-up is better on its own; a portfolio constraint (max_models, budget) holds
            return f"{text}; {runner_up} scores {-self.margin:.3f} higher alone, the portfolio keeps this choice{tail}"
        return f"{text}; {runner_up} is {self.margin:.3f} behind: test both on your own examples{tail}"


def retirement_remark(choice: Any, runner_up: Any | None, name: str | None = None) -> str | None:
    """The lifecycle fact that can settle a close call: the choice retires within the horizon (its option's
    ``retires_on``) and the runner-up does not, or retires later. Retiring is a note, never a score term (no
    published figure prices a migration: docs/decision.md), so in a near tie it is said where the tie is.
    ``name`` names the runner-up where the line has not named it already.

    >>> import datetime as dt
    >>> from types import SimpleNamespace as O
    >>> retirement_remark(O(retires_on=dt.date(2027, 3, 30)), O(retires_on=None))
    'the choice retires on 2027-03-30, within the horizon; the runner-up does not'
    >>> retirement_remark(O(retires_on=dt.date(2027, 3, 30)), O(retires_on=dt.date(2027, 9, 1)))
    'the choice retires on 2027-03-30, within the horizon; the runner-up later, on 2027-09-01'
    >>> retirement_remark(O(retires_on=dt.date(2027, 3, 30)), O(retires_on=None), "Mistral Large 3")
    'the choice retires on 2027-03-30, within the horizon; the runner-up, Mistral Large 3, does not'
    >>> retirement_remark(O(retires_on=None), O(retires_on=dt.date(2027, 9, 1))) is None
    True
    """
    mine = getattr(choice, "retires_on", None)
    if mine is None or runner_up is None:
        return None
    theirs = getattr(runner_up, "retires_on", None)
    named = f", {name}," if name else ""
    text = f"the choice retires on {mine.isoformat()}, within the horizon; the runner-up{named}"
    if theirs is None:
        return text + " does not"
    return text + f" later, on {theirs.isoformat()}" if theirs > mine else None


def classify(first_share: float, clear: float, likely: float) -> str:
    """The word for a first-rank share.

    >>> classify(0.8, 0.7, 0.4), classify(0.6, 0.7, 0.4), classify(0.36, 0.7, 0.4)
    ('clear', 'likely', 'close call')
    """
    if first_share >= clear:
        return "clear"
    if first_share >= likely:
        return "likely"
    return "close call"


def confidence_words() -> tuple[float, float]:
    """The shipped thresholds (clear, likely) from ``catalog/reference/scoring.yaml``."""
    from selector.options.quality import scoring_reference

    words = scoring_reference()["confidence"]
    return float(words["clear"]), float(words["likely"])


def choice_confidence(smaa: Any, choice_key: str, choice_score: float, runner_up_score: float | None,
                      thresholds: tuple[float, float] | None = None, held: bool = False) -> Confidence | None:
    """The confidence of the choice ``choice_key`` from a workload's SMAA result (``None`` when SMAA did not run
    or the choice was not among its options); ``held``: a portfolio constraint holds it in place."""
    if not smaa or choice_key not in smaa.get("acceptability", {}):
        return None
    clear, likely = thresholds or confidence_words()
    first = float(smaa["acceptability"][choice_key][0])
    margin = None if runner_up_score is None else choice_score - runner_up_score
    word = "close call" if held else classify(first, clear, likely)
    return Confidence(word, first, int(smaa.get("samples", 0)), margin)
