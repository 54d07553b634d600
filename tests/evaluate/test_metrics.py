"""Each metric against its reference implementation's own published values and hand-worked cases."""

from __future__ import annotations

import numpy as np
import pytest

from selector.evaluate.metrics import scorer
from selector.evaluate.metrics.classification import ClassificationScorer, confusion_metrics
from selector.evaluate.metrics.squad import exact_match_score, f1_score, normalize_answer


def _point(family, metrics, preds, refs):
    return scorer(family, metrics, preds, [r if isinstance(r, list) else [r] for r in refs]).point()


# --- classification: scikit-learn's documentation examples -------------------------------------------
# sklearn.metrics.f1_score / precision_score / recall_score docstrings (scikit-learn 1.9,
# https://scikit-learn.org/stable/modules/generated/sklearn.metrics.f1_score.html):
# y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1] -> macro F1 0.267, macro precision 0.22,
# macro recall 0.33; accuracy_score docstring: [0, 2, 1, 3] vs [0, 1, 2, 3] -> 0.5.
def test_classification_matches_sklearn_documentation():
    m = _point("classification", ["accuracy", "precision_macro", "recall_macro", "f1_macro"],
               list("021001"), list("012012"))
    assert m["f1_macro"] == pytest.approx(0.2667, abs=5e-4)
    assert m["precision_macro"] == pytest.approx(0.2222, abs=5e-4)
    assert m["recall_macro"] == pytest.approx(0.3333, abs=5e-4)
    assert _point("classification", ["accuracy"], list("0213"), list("0123"))["accuracy"] == 0.5


def test_classification_hand_worked():
    # gold a a b b, predicted a b b b: class a P=1 R=.5 F=2/3; class b P=2/3 R=1 F=.8; macro F1 = 11/15
    m = _point("classification", ["accuracy", "f1_macro"], ["a", "b", "b", "b"], ["a", "a", "b", "b"])
    assert m["accuracy"] == 0.75
    assert m["f1_macro"] == pytest.approx(11 / 15)


def test_accuracy_and_macro_f1_diverge_on_an_imbalanced_set():
    # 95 "ok", 5 "fraud"; the model always answers "ok": accuracy 0.95, macro F1 (0.974 + 0) / 2 = 0.487
    refs = ["ok"] * 95 + ["fraud"] * 5
    m = _point("classification", ["accuracy", "f1_macro"], ["ok"] * 100, refs)
    assert m["accuracy"] == pytest.approx(0.95)
    assert m["f1_macro"] == pytest.approx((2 * 95 / 195) / 2)
    assert m["accuracy"] - m["f1_macro"] > 0.45


def test_vectorised_resamples_equal_sklearn_on_each_resample():
    skm = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(3)
    refs = list(rng.choice(list("abcd"), size=60, p=[0.6, 0.2, 0.15, 0.05]))
    preds = [r if rng.random() < 0.7 else rng.choice(list("abcd")) for r in refs]
    s = ClassificationScorer(["accuracy", "precision_macro", "recall_macro", "f1_macro"], preds, refs)
    idx = rng.integers(0, 60, size=(40, 60))
    fast = confusion_metrics(s.y_true[idx], s.y_pred[idx], len(s.labels))
    for b in range(40):
        t, p = s.y_true[idx[b]], s.y_pred[idx[b]]
        pr, rc, f1, _ = skm.precision_recall_fscore_support(t, p, average="macro", zero_division=0)
        assert fast["precision_macro"][b] == pytest.approx(pr)
        assert fast["recall_macro"][b] == pytest.approx(rc)
        assert fast["f1_macro"][b] == pytest.approx(f1)
        assert fast["accuracy"][b] == pytest.approx(skm.accuracy_score(t, p))


def test_per_class_figures():
    s = ClassificationScorer(["f1_macro"], ["a", "b", "b", "b"], ["a", "a", "b", "b"])
    rows = {r["label"]: r for r in s.per_class()}
    assert rows["a"]["precision"] == 1.0 and rows["a"]["recall"] == 0.5 and rows["a"]["support"] == 2
    assert rows["b"]["f1"] == pytest.approx(0.8)


# --- SQuAD v1.1 evaluation script: hand-worked -------------------------------------------------------
def test_squad_normalisation_and_scores():
    assert normalize_answer("  The Denver Broncos!! ") == "denver broncos"
    assert exact_match_score("Denver Broncos", "the denver broncos.") == 1.0
    assert exact_match_score("Broncos", "Denver Broncos") == 0.0
    # "broncos" vs "denver broncos": P = 1/1, R = 1/2 -> F1 = 2/3
    assert f1_score("Broncos", "Denver Broncos") == pytest.approx(2 / 3)
    assert f1_score("an apple", "the pear") == 0.0  # articles removed: nothing left in common


def test_squad_takes_the_best_reference_and_averages():
    m = _point("extraction", ["exact_match", "token_f1"], ["Broncos", "Paris"],
               [["Denver Broncos", "Broncos"], ["London"]])
    assert m["exact_match"] == 0.5  # the first matches its second reference exactly
    assert m["token_f1"] == 0.5


# --- ROUGE: rouge-score's own test cases (rouge_score/rouge_scorer_test.py, google-research/rouge) -----
@pytest.mark.parametrize("metric, target, prediction, expected", [
    ("rouge1", "testing one two", "testing", 1 / 2),        # testRouge1
    ("rouge2", "testing one two", "testing one", 2 / 3),    # testRouge2
    ("rougeL", "testing one two", "testing one", 4 / 5),    # testRougeLConsecutive
    ("rougeL", "testing one two", "testing two", 4 / 5),    # testRougeLNonConsecutive
])
def test_rouge_matches_rouge_score_tests(metric, target, prediction, expected):
    pytest.importorskip("rouge_score")
    assert _point("summarization", [metric], [prediction], [target])[metric] == pytest.approx(expected)


def test_rouge_hand_worked_mean_over_examples():
    pytest.importorskip("rouge_score")
    # "the cat" vs "the cat sat": P 1, R 2/3 -> F 0.8; a disjoint pair -> 0; mean 0.4
    m = _point("summarization", ["rouge1"], ["the cat", "dogs"], ["the cat sat", "birds"])
    assert m["rouge1"] == pytest.approx(0.4)


# --- BLEU and chrF: sacrebleu's own tests (mjpost/sacrebleu test/test_bleu.py, test/test_chrf.py) ------
_REFS = [['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
         ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.']]
_HYPS = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.']


def test_bleu_matches_sacrebleu_readme_case():
    pytest.importorskip("sacrebleu")
    refs = [[_REFS[0][i], _REFS[1][i]] for i in range(3)]  # two references per segment
    assert _point("translation", ["bleu"], _HYPS, refs)["bleu"] == pytest.approx(0.48530827, abs=1e-8)


@pytest.mark.parametrize("hyps, refs, expected", [
    (["a", "b"], ["a", "c"], 0.5),                  # test_cases_effective_order: 50.0
    (["a b c"], ["abc"], 1.0),                      # 100.0 (whitespace is removed)
    (["aa"], ["ab"], 0.25),                         # 25.0
    (["Niemand hat die Absicht, eine Mauer zu errichten"], ["Niemand hat die Absicht, eine Mauer zu errichten"], 1.0),
])
def test_chrf_matches_sacrebleu_tests(hyps, refs, expected):
    pytest.importorskip("sacrebleu")
    assert _point("translation", ["chrf"], hyps, refs)["chrf"] == pytest.approx(expected, abs=1e-6)


def test_translation_resamples_recompute_the_corpus_score():
    pytest.importorskip("sacrebleu")
    import sacrebleu

    s = scorer("translation", ["bleu", "chrf"], _HYPS, [[r] for r in _REFS[0]])
    idx = np.array([[0, 0, 2], [1, 2, 1]])
    boot = s.resample(idx)
    for b, row in enumerate(idx):
        hyps = [_HYPS[i] for i in row]
        refs = [[_REFS[0][i] for i in row]]
        assert boot["bleu"][b] == pytest.approx(sacrebleu.corpus_bleu(hyps, refs).score / 100)
        assert boot["chrf"][b] == pytest.approx(sacrebleu.corpus_chrf(hyps, refs).score / 100)
