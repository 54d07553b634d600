"""Confidence words on a choice: the SMAA first-rank share against scoring.yaml's thresholds."""

from __future__ import annotations

import pytest

from selector.confidence import choice_confidence, classify, confidence_words


def test_shipped_thresholds_are_seven_and_four_in_ten():
    assert confidence_words() == (0.70, 0.40)


@pytest.mark.parametrize(("share", "word"), [(0.70, "clear"), (0.6999, "likely"), (0.40, "likely"),
                                             (0.3999, "close call"), (0.0, "close call"), (1.0, "clear")])
def test_boundaries_belong_to_the_surer_word(share, word):
    assert classify(share, 0.70, 0.40) == word


def test_a_choice_held_by_the_portfolio_is_a_close_call_whatever_its_share():
    smaa = {"samples": 100, "acceptability": {"a": [0.9]}}
    assert choice_confidence(smaa, "a", 0.5, 0.52, (0.7, 0.4)).word == "clear"
    assert choice_confidence(smaa, "a", 0.5, 0.52, (0.7, 0.4), held=True).word == "close call"


def test_reads_the_choice_share_not_another_options():
    smaa = {"samples": 2000, "seed": 0, "acceptability": {"a": [0.3, 0.5, 0.2], "b": [0.7, 0.3, 0.0]}}
    sure = choice_confidence(smaa, "a", 0.51, 0.50, (0.75, 0.5))
    assert (sure.word, sure.first_share, sure.samples, round(sure.margin, 6)) == ("close call", 0.3, 2000, 0.01)
    assert choice_confidence(smaa, "b", 0.6, None, (0.75, 0.5)).word == "likely"
    assert choice_confidence({}, "a", 0.5, None) is None
    assert choice_confidence(smaa, "c", 0.5, None) is None


def test_close_call_names_the_runner_up_and_which_way_the_gap_goes():
    smaa = {"samples": 100, "acceptability": {"a": [0.2]}}
    ahead = choice_confidence(smaa, "a", 0.52, 0.50, (0.75, 0.5)).sentence("B")
    behind = choice_confidence(smaa, "a", 0.50, 0.52, (0.75, 0.5)).sentence("B")
    assert "B is 0.020 behind" in ahead and "test both" in ahead
    assert "B scores 0.020 higher alone" in behind and "the portfolio keeps this choice" in behind
