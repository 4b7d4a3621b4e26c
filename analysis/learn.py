"""Learn problem areas from answers that people have reviewed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from analysis.features import TfidfRepresentation
from analysis.keywords import KeywordMatcher
from analysis.taxonomy import Taxonomy, load_taxonomy
from analysis.text import normalise
from analysis.types import ReviewedExample

MIN_EXAMPLES = 30
MIN_PER_CLASS = 2
PRIOR_WEIGHT = 0.5  # scale of keyword-score features next to the TF-IDF features

Baseline = Callable[[Sequence[str]], Sequence[str]]


class _Model:
    """TF-IDF (words + char n-grams) plus keyword-score features → logistic regression."""

    def __init__(self, taxonomy: Taxonomy, seed: int) -> None:
        self.taxonomy = taxonomy
        self.seed = seed

    def _features(self, texts: Sequence[str], fit: bool) -> sp.csr_matrix:
        if fit:
            self.rep_ = TfidfRepresentation(n_components=None, seed=self.seed)
            tfidf = self.rep_.fit_transform(texts)
        else:
            tfidf = self.rep_.transform(texts)
        prior = KeywordMatcher(self.taxonomy).score(texts)
        prior = np.minimum(prior, 3.0) * PRIOR_WEIGHT
        return sp.hstack([tfidf, sp.csr_matrix(prior)], format="csr")

    def fit(self, texts: Sequence[str], labels: Sequence[str] | np.ndarray) -> _Model:
        self.clf_ = LogisticRegression(C=10.0, class_weight="balanced", max_iter=1000)
        self.clf_.fit(self._features(texts, fit=True), list(labels))
        return self

    def predict_proba(self, texts: Sequence[str]) -> tuple[np.ndarray, tuple[str, ...]]:
        return self.clf_.predict_proba(self._features(texts, fit=False)), tuple(self.clf_.classes_)


@dataclass(frozen=True)
class TrainedThemeModel:
    """A classifier trained on reviewed answers, with its cross-validated quality.

    ``beats_unsupervised`` is True only when its cross-validated macro-F1 is higher than
    the unsupervised assignment's macro-F1 on the same reviewed answers.
    """

    model: _Model
    cv_macro_f1: float
    cv_accuracy: float
    unsupervised_macro_f1: float
    beats_unsupervised: bool
    n_examples: int

    def predict(self, texts: Sequence[str]) -> tuple[str, ...]:
        """Predict an area code per text."""
        proba, classes = self.predict_proba(texts)
        return tuple(classes[i] for i in proba.argmax(axis=1))

    def predict_proba(self, texts: Sequence[str]) -> tuple[np.ndarray, tuple[str, ...]]:
        """Class probabilities per text and the class codes of the columns."""
        return self.model.predict_proba([normalise(t) for t in texts])


def _keyword_baseline(taxonomy: Taxonomy) -> Baseline:
    matcher = KeywordMatcher(taxonomy)

    def predict(texts: Sequence[str]) -> list[str]:
        scores = matcher.score(texts)
        codes = np.array(taxonomy.codes)
        out = codes[scores.argmax(axis=1)]
        out[scores.max(axis=1) == 0] = taxonomy.fallback
        return list(out)

    return predict


def train_theme_model(
    examples: Sequence[ReviewedExample],
    seed: int = 0,
    taxonomy: Taxonomy | None = None,
    baseline: Baseline | None = None,
) -> TrainedThemeModel | None:
    """Train and cross-validate a theme classifier on reviewed answers.

    Args:
        examples: reviewed answers (text → area code).
        seed: random seed for the folds.
        taxonomy: taxonomy for keyword features (default: shipped taxonomy).
        baseline: unsupervised predictor to beat (default: keyword matching).

    Returns:
        The trained model, or None when there are too few examples (fewer than 30,
        or fewer than two areas with at least two examples each).
    """
    taxonomy = taxonomy or load_taxonomy()
    counts = Counter(e.area for e in examples)
    kept = [e for e in examples if counts[e.area] >= MIN_PER_CLASS and e.text.strip()]
    if len(kept) < MIN_EXAMPLES or len({e.area for e in kept}) < 2:
        return None
    texts = [normalise(e.text) for e in kept]
    labels = np.array([e.area for e in kept])
    cv_pred = _cross_val_predict(texts, labels, taxonomy, seed)
    unsup = np.array(list((baseline or _keyword_baseline(taxonomy))(texts)))
    cv_f1 = float(f1_score(labels, cv_pred, average="macro", zero_division=0))
    unsup_f1 = float(f1_score(labels, unsup, average="macro", zero_division=0))
    model = _Model(taxonomy, seed).fit(texts, labels)
    return TrainedThemeModel(
        model=model,
        cv_macro_f1=cv_f1,
        cv_accuracy=float((cv_pred == labels).mean()),
        unsupervised_macro_f1=unsup_f1,
        beats_unsupervised=cv_f1 > unsup_f1,
        n_examples=len(kept),
    )


def _cross_val_predict(texts: list[str], labels: np.ndarray, taxonomy: Taxonomy, seed: int) -> np.ndarray:
    n_splits = int(min(5, Counter(labels).most_common()[-1][1]))
    folds = StratifiedKFold(n_splits=max(n_splits, 2), shuffle=True, random_state=seed)
    pred = np.empty(len(texts), dtype=object)
    for train, test in folds.split(texts, labels):
        model = _Model(taxonomy, seed).fit([texts[i] for i in train], labels[train])
        proba, classes = model.predict_proba([texts[i] for i in test])
        pred[test] = np.array(classes)[proba.argmax(axis=1)]
    return pred.astype(str)
