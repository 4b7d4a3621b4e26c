"""Layer 2: data-driven clusters nested inside the problem areas of layer 1."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.cluster import choose_k, fit_kmeans, merge_small
from analysis.features import Matrix
from analysis.reasons import FIXED, OVERALL, PER_AREA


@dataclass(frozen=True)
class Layering:
    """Global cluster index per row, the number of clusters and the reason for k."""

    labels: np.ndarray
    k: int
    reason: str


def _allocate(total: int, sizes: dict[int, float], caps: dict[int, int]) -> dict[int, int]:
    """Split ``total`` clusters over areas in proportion to size (largest remainder),
    at least one per area and at most its cap."""
    n = sum(sizes.values())
    quota = {a: total * s / n for a, s in sizes.items()}
    alloc = {a: max(1, min(caps[a], int(q))) for a, q in quota.items()}
    by_remainder = sorted(sizes, key=lambda a: (-(quota[a] - int(quota[a])), a))
    while sum(alloc.values()) < total:
        grown = False
        for a in by_remainder:
            if sum(alloc.values()) >= total:
                break
            if alloc[a] < caps[a]:
                alloc[a] += 1
                grown = True
        if not grown:
            break
    return alloc


def nested_clusters(
    X: Matrix, area: np.ndarray, weights: np.ndarray, k: int | None, max_k: int, min_size: int, seed: int
) -> Layering:
    """Cluster rows separately inside each area so clusters never straddle areas.

    Args:
        X: row vectors (unique answers).
        area: area index per row (layer 1).
        weights: number of answers behind each row.
        k: fixed total number of clusters, or None to choose per area by silhouette.
        max_k: upper bound on the total number of clusters.
        min_size: smallest cluster; smaller ones are merged into a neighbour.
        seed: random seed.

    Returns:
        Layering with global labels 0..k-1.
    """
    areas = [int(a) for a in np.unique(area)]
    sizes = {a: float(weights[area == a].sum()) for a in areas}
    caps = {a: max(1, min(int(sizes[a] // max(min_size, 1)), int((area == a).sum()))) for a in areas}
    if k is not None and k < len(areas):
        labels = merge_small(X, fit_kmeans(X, k, seed, weights), 1, weights)
        return Layering(
            labels,
            int(labels.max()) + 1,
            f"fixed k={k} (fewer than the {len(areas)} areas: one flat clustering)",
        )
    budget = k if k is not None else max(max_k, len(areas))
    alloc = _allocate(budget, sizes, caps)
    labels = np.full(X.shape[0], -1, dtype=int)
    offset, reasons = 0, []
    for a in areas:
        rows = np.flatnonzero(area == a)
        if k is None:
            choice = choose_k(X[rows], alloc[a], seed + a, min_size)
            k_a, why = choice.k, choice.reason
        else:
            k_a, why = alloc[a], "fixed"
        local = fit_kmeans(X[rows], k_a, seed + a, weights[rows])
        local = merge_small(X[rows], local, min_size, weights[rows])
        labels[rows] = local + offset
        offset += int(local.max()) + 1
        reasons.append((a, int(local.max()) + 1, why))
    reason = _reason(k, offset, len(areas), max_k)
    return Layering(labels, offset, reason)


def _reason(k: int | None, total: int, n_areas: int, max_k: int) -> str:
    if k is not None:
        return FIXED % {"k": k, "areas": n_areas}
    if n_areas > 1:
        return PER_AREA % {"k": total, "areas": n_areas, "max_k": max_k}
    return OVERALL % {"k": total, "max_k": max_k}
