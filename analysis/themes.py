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
    confidence: np.ndarray | None = None  # margin of the best area, 0..1, per answer


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
        share: kept for compatibility (the old secondary-area rule's share of the top).
        seed: random seed for sampling pseudo-labels.
        second_min_keywords: a second area needs a strong keyword; with at least this
            keyword score it is kept even when no clause is about it alone.
        second_min_probability: a second area that only shares the lead of a clause also
            needs this classifier probability.

    A second problem area is an area other than the primary (and not the fallback) with
    a strong keyword of its own that either leads a clause of the answer alone ("Mörkt i
    parken, och där säljs det knark"), shares a clause's lead with classifier support, or
    has several keywords. Words that merely set the scene of the primary problem (a moped
    that was stolen) rarely lead a clause alone.
    """

    def __init__(
        self,
        taxonomy: Taxonomy,
        classifier_weight: float = 0.8,
        min_probability: float = 0.3,
        share: float = 0.6,
        seed: int = 0,
        second_min_keywords: float = 1.4,
        second_min_probability: float = 0.05,
    ) -> None:
        self.taxonomy = taxonomy
        self.second_min_keywords = second_min_keywords
        self.second_min_probability = second_min_probability
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
        self.texts_ = list(texts)
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
        self,
        X: Matrix,
        keyword_scores: np.ndarray | None = None,
        proba: np.ndarray | None = None,
        texts: Sequence[str] | None = None,
        primary: np.ndarray | None = None,
        confidence_scores: np.ndarray | None = None,
    ) -> ThemeScores:
        """Assign areas to the fitted answers (or to new ones with their keyword scores).

        Args:
            X: answer vectors.
            keyword_scores: keyword scores; defaults to those computed in ``fit``.
            proba: replacement probabilities (e.g. from a learned model).
            texts: the normalised texts, for clause evidence of second areas; defaults to
                those of ``fit`` when ``keyword_scores`` is None, else no clause evidence.
            primary: a primary area per answer chosen elsewhere (e.g. fine-tuned by
                reviewed answers); second areas are then found around it.
            confidence_scores: scores whose top-two margin gives ``confidence``
                (defaults to the combined scores).

        Returns:
            ThemeScores with a primary area index and all areas above the threshold.
        """
        kw = self.keyword_scores_ if keyword_scores is None else keyword_scores
        p = self.probabilities(X) if proba is None else proba
        scores = kw + self.classifier_weight * p
        fallback = self.taxonomy.codes.index(self.taxonomy.fallback)
        if primary is None:
            primary = scores.argmax(axis=1)
            weak = (kw.max(axis=1) < STRONG) & (p.max(axis=1) < self.min_probability)
            primary[weak & (kw.max(axis=1) == 0)] = fallback
        else:
            primary = np.asarray(primary, dtype=int).copy()
        if texts is None and keyword_scores is None:
            texts = self.texts_
        candidate = kw >= STRONG
        candidate[np.arange(len(primary)), primary] = False
        candidate[:, fallback] = False
        sole = np.zeros(kw.shape, dtype=bool)
        shared = np.zeros(kw.shape, dtype=bool)
        # Clause evidence only matters where another area has a strong keyword: split
        # just those answers into clauses (a small share of a large survey).
        rows = np.flatnonzero(candidate.any(axis=1))
        if texts is not None and len(rows):
            sole[rows], shared[rows] = self.matcher_.clause_tops([texts[int(i)] for i in rows])
        second = candidate & (
            sole | (shared & (p >= self.second_min_probability)) | (kw >= self.second_min_keywords)
        )
        # Strongest evidence first, so themes[1] is the most likely second area.
        themes = tuple(
            _ordered(int(prim), row, srow) for prim, row, srow in zip(primary, second, scores, strict=True)
        )
        return ThemeScores(
            scores=scores,
            primary=primary,
            themes=themes,
            confidence=_margin(scores if confidence_scores is None else confidence_scores, primary),
        )


def _margin(scores: np.ndarray, primary: np.ndarray) -> np.ndarray:
    """(chosen − best other) / chosen, clipped to 0..1; 0 when nothing scores."""
    s = np.asarray(scores, dtype=float)
    if s.shape[1] < 2:
        return np.ones(len(s))
    chosen = s[np.arange(len(s)), primary]
    other = s.copy()
    other[np.arange(len(s)), primary] = -np.inf
    best_other = other.max(axis=1)
    return np.clip((chosen - best_other) / np.maximum(chosen, 1e-9), 0.0, 1.0)


def _ordered(primary: int, second: np.ndarray, scores: np.ndarray) -> tuple[int, ...]:
    extra = sorted((int(j) for j in np.flatnonzero(second)), key=lambda j: (-float(scores[j]), j))
    return (primary, *extra)


def _vstack(a: Matrix, b: Matrix) -> Matrix:
    import scipy.sparse as sp

    if sp.issparse(a) or sp.issparse(b):
        return sp.vstack([sp.csr_matrix(a), sp.csr_matrix(b)], format="csr")
    return np.vstack([a, b])
