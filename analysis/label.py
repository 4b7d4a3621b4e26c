"""Describe clusters: class-based TF-IDF labels and representative answers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from analysis.features import Matrix
from analysis.text import Stemmer, stop_words, tokenize

# Tag words from redaction and filler that never make a useful label.
_EXTRA_STOP = frozenset(
    {
        "namn",
        "telefon",
        "personnummer",
        "post",
        "mer",
        "fler",
        "bra",
        "finns",
        "behövs",
        "känns",
        "gör",
        "få",
        "går",
        "ta",
        "stan",
    }
)


class ClassTfidf:
    """Class-based TF-IDF (as in BERTopic's c-TF-IDF) over stems, shown as surface words.

    Each cluster is one "document"; a stem's weight is its in-cluster frequency times
    log(1 + average cluster length / its total frequency), so words frequent in one
    cluster but rare elsewhere score highest.
    """

    def __init__(self, n_terms: int = 5) -> None:
        self.n_terms = n_terms

    def fit(self, texts: Sequence[str], labels: Sequence[int]) -> ClassTfidf:
        """Compute top terms per cluster.

        Args:
            texts: answer texts (a sample per cluster is enough).
            labels: cluster id per text.

        Returns:
            self, with ``top_terms_`` mapping cluster id to readable words.
        """
        stemmer, stop = Stemmer(), stop_words() | _EXTRA_STOP
        surface: dict[str, Counter[str]] = {}
        classes = sorted(set(labels))
        row_of = {c: i for i, c in enumerate(classes)}
        vocab: dict[str, int] = {}
        rows, cols = [], []
        for text, label in zip(texts, labels, strict=True):
            for token in set(tokenize(text)):
                if len(token) < 3 or token in stop:
                    continue
                stem = stemmer.stem(token)
                surface.setdefault(stem, Counter())[token] += 1
                rows.append(row_of[label])
                cols.append(vocab.setdefault(stem, len(vocab)))
        self.top_terms_: dict[int, tuple[str, ...]] = {c: () for c in classes}
        if not vocab:
            return self
        tf = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(classes), len(vocab))).toarray()
        weights = self._weights(tf)
        stems = np.array(list(vocab))
        for c, i in row_of.items():
            order = np.argsort(-weights[i], kind="stable")[: self.n_terms]
            self.top_terms_[c] = tuple(
                surface[s].most_common(1)[0][0] for s in stems[order] if weights[i][vocab[s]] > 0
            )
        return self

    @staticmethod
    def _weights(tf: np.ndarray) -> np.ndarray:
        norm = tf / np.maximum(tf.sum(axis=1, keepdims=True), 1)
        avg = tf.sum() / tf.shape[0]
        idf = np.log(1 + avg / np.maximum(tf.sum(axis=0), 1))
        # Require a term to appear at least twice in a cluster (when the cluster allows it)
        # so one-off words do not become labels.
        return norm * idf * np.where(tf >= 2, 1.0, 0.3)


def representatives(X: Matrix, rows: np.ndarray, texts: Sequence[str], n: int = 3) -> tuple[str, ...]:
    """The ``n`` distinct texts nearest to the cluster centroid.

    Args:
        X: vectors of all answers.
        rows: row indices of the cluster's answers.
        texts: texts of all answers (already redacted).
        n: how many to return.

    Returns:
        Up to ``n`` distinct texts, most central first.
    """
    sub = X[rows]
    centroid = np.asarray(sub.mean(axis=0)).ravel()
    sims = np.asarray(sub @ centroid).ravel()
    picked: list[str] = []
    for i in np.argsort(-sims, kind="stable"):
        text = texts[rows[i]]
        if text not in picked:
            picked.append(text)
        if len(picked) == n:
            break
    return tuple(picked)


def cohesion(X: Matrix, rows: np.ndarray) -> float:
    """Mean cosine similarity of the rows to their centroid (1 = identical answers)."""
    sub = X[rows]
    centroid = np.asarray(sub.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    if norm == 0:
        return 0.0
    return float(np.asarray(sub @ (centroid / norm)).mean())
