"""Assign problem areas to answers: keyword prior + similarity learned from the corpus.

Keywords are precise but miss answers that describe a problem without naming it
("folk står och säljer i trappan"). A classifier trained on the answers that keywords
label confidently (plus the taxonomy's example phrases) carries those labels to similar
answers in the same feature space — self-training, with no human labels involved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from analysis.features import Matrix
from analysis.keywords import STRONG, KeywordMatcher
from analysis.taxonomy import Taxonomy

MAX_PSEUDO = 20_000  # enough to learn the areas; keeps 1M-answer runs fast


@dataclass(frozen=True)
class ThemeScores:
    """Per-answer area scores and the resulting primary and multi-label areas."""

    scores: np.ndarray
    primary: np.ndarray  # area index per answer
    themes: tuple[tuple[int, ...], ...]


def _examples(taxonomy: Taxonomy) -> tuple[list[str], list[int]]:
    texts: list[str] = []
    labels: list[int] = []
    for idx, area in enumerate(taxonomy.areas):
        texts.extend(area.examples)
        labels.extend([idx] * len(area.examples))
    return texts, labels


class ThemeAssigner:
    """Scores answers against a taxonomy.

    Args (constructor):
        taxonomy: the areas.
        classifier_weight: how much the self-trained classifier's probability adds to
            keyword scores.
        min_probability: below this, an answer without keywords falls back to ``ovrigt``.
        share: secondary areas are kept when their score is at least this share of the top.
        seed: random seed for sampling pseudo-labels.
    """

    def __init__(
        self,
        taxonomy: Taxonomy,
        classifier_weight: float = 0.8,
        min_probability: float = 0.3,
        share: float = 0.6,
        seed: int = 0,
    ) -> None:
        self.taxonomy = taxonomy
        self.classifier_weight = classifier_weight
        self.min_probability = min_probability
        self.share = share
        self.seed = seed

    def fit(self, texts: Sequence[str], X: Matrix, representation) -> ThemeAssigner:  # type: ignore[no-untyped-def]
        """Fit the self-trained classifier.

        Args:
            texts: normalised answer texts (rows of ``X``).
            X: their vectors from ``representation``.
            representation: fitted TextRepresentation used to embed the example phrases.

        Returns:
            self
        """
        self.matcher_ = KeywordMatcher(self.taxonomy)
        self.keyword_scores_ = self.matcher_.score(texts)
        ex_texts, ex_labels = _examples(self.taxonomy)
        rows = self._pseudo_rows(self.keyword_scores_)
        X_train = _vstack(X[rows], representation.transform(ex_texts))
        y = np.concatenate([self.keyword_scores_[rows].argmax(axis=1), ex_labels]).astype(int)
        self.representation_ = representation
        self.classifier_: LogisticRegression | None = None
        if len(np.unique(y)) >= 2:
            self.classifier_ = LogisticRegression(C=4.0, class_weight="balanced", max_iter=300)
            self.classifier_.fit(X_train, y)
        return self

    def _pseudo_rows(self, kw: np.ndarray) -> np.ndarray:
        top = kw.max(axis=1)
        second = np.partition(kw, -2, axis=1)[:, -2] if kw.shape[1] > 1 else np.zeros(len(kw))
        # Confident: at least one strong keyword and a clear winner.
        rows = np.flatnonzero((top >= STRONG) & (top - second >= 0.5))
        if len(rows) > MAX_PSEUDO:
            rng = np.random.default_rng(self.seed)
            rows = np.sort(rng.choice(rows, MAX_PSEUDO, replace=False))
        return rows

    def probabilities(self, X: Matrix) -> np.ndarray:
        """Classifier probabilities per area (zeros where the classifier is missing)."""
        n_areas = len(self.taxonomy.areas)
        out = np.zeros((X.shape[0], n_areas), dtype=np.float32)
        if self.classifier_ is not None:
            out[:, self.classifier_.classes_] = self.classifier_.predict_proba(X)
        return out

    def assign(
        self, X: Matrix, keyword_scores: np.ndarray | None = None, proba: np.ndarray | None = None
    ) -> ThemeScores:
        """Assign areas to the fitted answers (or to new ones with their keyword scores).

        Args:
            X: answer vectors.
            keyword_scores: keyword scores; defaults to those computed in ``fit``.
            proba: replacement probabilities (e.g. from a learned model).

        Returns:
            ThemeScores with a primary area index and all areas above the threshold.
        """
        kw = self.keyword_scores_ if keyword_scores is None else keyword_scores
        p = self.probabilities(X) if proba is None else proba
        scores = kw + self.classifier_weight * p
        fallback = self.taxonomy.codes.index(self.taxonomy.fallback)
        primary = scores.argmax(axis=1)
        weak = (kw.max(axis=1) < STRONG) & (p.max(axis=1) < self.min_probability)
        primary[weak & (kw.max(axis=1) == 0)] = fallback
        themes = tuple(
            self._themes(row, kw_row, int(prim), fallback)
            for row, kw_row, prim in zip(scores, kw, primary, strict=True)
        )
        return ThemeScores(scores=scores, primary=primary, themes=themes)

    def _themes(self, row: np.ndarray, kw_row: np.ndarray, primary: int, fallback: int) -> tuple[int, ...]:
        top = row[primary]
        extra = [
            int(i)
            for i in np.flatnonzero((kw_row >= STRONG) & (row >= self.share * top))
            if i != primary and i != fallback
        ]
        return (primary, *extra)


def _vstack(a: Matrix, b: Matrix) -> Matrix:
    import scipy.sparse as sp

    if sp.issparse(a) or sp.issparse(b):
        return sp.vstack([sp.csr_matrix(a), sp.csr_matrix(b)], format="csr")
    return np.vstack([a, b])
