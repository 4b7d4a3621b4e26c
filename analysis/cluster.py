"""K-means clustering with automatic, explained choice of k."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import silhouette_score

from analysis.features import Matrix

SILHOUETTE_SAMPLE = 1000
MIN_SILHOUETTE = 0.03  # below this a split is not better than one group
MINIBATCH_ABOVE = 20_000


@dataclass(frozen=True)
class KChoice:
    """The chosen number of clusters and why."""

    k: int
    reason: str
    silhouettes: tuple[tuple[int, float], ...] = ()


def _distinct_rows(X: Matrix, limit: int) -> int:
    """Number of distinct rows among the first 5000, capped at ``limit`` (k ≤ this)."""
    sample = X[: min(X.shape[0], 5000)]
    if sp.issparse(sample):
        sample = sp.csr_matrix(sample)
        keys = {
            (sample.indices[a:b].tobytes(), np.round(sample.data[a:b], 5).tobytes())
            for a, b in zip(sample.indptr[:-1], sample.indptr[1:], strict=True)
        }
        return min(len(keys), limit)
    return min(len(np.unique(np.round(np.asarray(sample), 5), axis=0)), limit)


def _candidates(upper: int) -> list[int]:
    """Every k up to 10, then about ten evenly spread values (silhouette is smooth in k)."""
    if upper <= 10:
        return list(range(2, upper + 1))
    return sorted({*range(2, 7), *np.linspace(7, upper, 6).round().astype(int).tolist()})


def fit_kmeans(
    X: Matrix, k: int, seed: int, weights: np.ndarray | None = None, n_init: int = 4
) -> np.ndarray:
    """Cluster rows of ``X`` into ``k`` groups deterministically.

    Args:
        X: row vectors (dense or sparse).
        k: number of clusters (>= 1).
        seed: random seed.
        weights: optional sample weights (e.g. counts of duplicate answers).
        n_init: restarts (KMeans only).

    Returns:
        Cluster index per row.
    """
    n = X.shape[0]
    if k <= 1 or n <= 1:
        return np.zeros(n, dtype=int)
    if n > MINIBATCH_ABOVE:
        model: KMeans | MiniBatchKMeans = MiniBatchKMeans(
            n_clusters=k, random_state=seed, batch_size=4096, n_init=3, max_no_improvement=10
        )
    else:
        model = KMeans(n_clusters=k, random_state=seed, n_init=n_init)
    return model.fit_predict(X, sample_weight=weights)


def choose_k(X: Matrix, k_max: int, seed: int, min_size: int = 3) -> KChoice:
    """Choose k in 2..k_max by silhouette on a sample; 1 if no split is clearly better.

    Args:
        X: row vectors.
        k_max: upper bound for k.
        seed: random seed.
        min_size: smallest useful cluster; bounds k by n / min_size.

    Returns:
        KChoice with the reason in words.
    """
    n = X.shape[0]
    # Silhouette on text keeps creeping up with k; the square-root rule of thumb keeps
    # the number of groups readable (about 15 for 500 answers, 700 for a million).
    rule = max(2, round(math.sqrt(n / 2)))
    upper = min(k_max, rule, n // max(min_size, 1), _distinct_rows(X, k_max))
    if upper < 2:
        return KChoice(1, f"one group: {n} answers allow no split of at least {min_size}")
    rng = np.random.default_rng(seed)
    idx = np.sort(rng.choice(n, SILHOUETTE_SAMPLE, replace=False)) if n > SILHOUETTE_SAMPLE else np.arange(n)
    sample = X[idx]
    results: list[tuple[int, float]] = []
    for k in _candidates(upper):
        labels = fit_kmeans(sample, k, seed, n_init=2)
        if len(np.unique(labels)) < 2:
            break
        results.append((k, float(silhouette_score(sample, labels, metric="cosine"))))
    if not results:
        return KChoice(1, "one group: the answers are too similar to split")
    best_k, best = max(results, key=lambda r: (r[1], -r[0]))
    if best < MIN_SILHOUETTE:
        return KChoice(
            1, f"one group: best silhouette {best:.2f} (k={best_k}) is below {MIN_SILHOUETTE}", tuple(results)
        )
    return KChoice(
        best_k,
        f"k={best_k} has the highest silhouette ({best:.2f}) for k in "
        f"2–{upper} (bound: max_k and √(n/2)) on {len(idx)} answers",
        tuple(results),
    )


def merge_small(
    X: Matrix, labels: np.ndarray, min_size: int, weights: np.ndarray | None = None
) -> np.ndarray:
    """Move members of clusters smaller than ``min_size`` to the nearest larger cluster.

    Args:
        X: row vectors.
        labels: cluster index per row.
        min_size: smallest allowed cluster (counted with weights).
        weights: optional sample weights.

    Returns:
        New labels numbered 0..m-1.
    """
    labels = labels.copy()
    w = np.ones(len(labels)) if weights is None else weights
    while True:
        ids = np.unique(labels)
        sizes = {int(c): float(w[labels == c].sum()) for c in ids}
        small = [c for c in ids if sizes[int(c)] < min_size]
        if not small or len(ids) <= 1:
            break
        victim = min(small, key=lambda c: (sizes[int(c)], c))
        others = [c for c in ids if c != victim]
        centroids = np.vstack([np.asarray(X[labels == c].mean(axis=0)).ravel() for c in others])
        rows = np.flatnonzero(labels == victim)
        sims = X[rows] @ centroids.T
        labels[rows] = np.asarray(others)[np.asarray(sims).argmax(axis=1)]
    _, renumbered = np.unique(labels, return_inverse=True)
    return renumbered
