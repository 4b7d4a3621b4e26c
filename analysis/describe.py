"""Turn cluster labels into ClusterSummary records."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.features import Matrix
from analysis.label import ClassTfidf, PhraseLabeler, cohesion, representatives
from analysis.taxonomy import Taxonomy
from analysis.types import ClusterSummary

LABEL_SAMPLE = 500  # texts per cluster for c-TF-IDF; enough for stable top terms
NEW_TOPIC_COHESION = 0.3


def describe_clusters(
    X: Matrix,
    texts: Sequence[str],
    labels: np.ndarray,
    weights: np.ndarray,
    primary: np.ndarray,
    taxonomy: Taxonomy,
    n_answers: int,
    min_size: int,
    languages: Sequence[str] | None = None,
) -> tuple[tuple[ClusterSummary, ...], np.ndarray]:
    """Describe clusters and renumber them by size (largest first).

    Args:
        X: vectors of the unique answer texts.
        texts: the unique (redacted) texts.
        labels: cluster per unique text.
        weights: number of answers per unique text.
        primary: area index per unique text.
        taxonomy: areas, for suggested themes.
        n_answers: all answers including non-answers (denominator of ``share``).
        min_size: smallest cluster that can be a new topic.
        languages: language per unique text, so that a label is written in its cluster's
            most common language.

    Returns:
        The summaries ordered by id, and an array mapping old label → new id.
    """
    ids = np.unique(labels)
    sizes = np.array([weights[labels == c].sum() for c in ids])
    ranked = ids[np.argsort(-sizes, kind="stable")]
    order = np.zeros(int(ids.max()) + 1, dtype=int)
    order[ranked] = np.arange(len(ranked))
    sample_rows = _label_sample(labels, ranked)
    sample_texts = [texts[i] for i in sample_rows]
    sample_labels = [int(labels[i]) for i in sample_rows]
    ctfidf = ClassTfidf().fit(sample_texts, sample_labels)
    sample_languages = [languages[i] for i in sample_rows] if languages is not None else None
    phrases = PhraseLabeler().fit(
        sample_texts,
        sample_labels,
        _central_order(X, sample_rows, sample_labels),
        sample_languages,
        [float(weights[i]) for i in sample_rows],
    )
    summaries = []
    for new_id, c in enumerate(ranked):
        rows = np.flatnonzero(labels == c)
        size = int(weights[rows].sum())
        areas = np.bincount(primary[rows], weights=weights[rows], minlength=len(taxonomy.codes))
        theme = taxonomy.codes[int(areas.argmax())]
        terms = ctfidf.top_terms_.get(int(c), ())
        new_topic = (
            theme == taxonomy.fallback
            and size >= min_size
            and bool(terms)
            and cohesion(X, rows) >= NEW_TOPIC_COHESION
        )
        summaries.append(
            ClusterSummary(
                id=new_id,
                label=phrases.labels_.get(int(c)) or fallback_label(taxonomy.area(theme).name_sv, terms),
                label_language=phrases.label_languages_.get(int(c), "")
                if phrases.labels_.get(int(c))
                else "",
                top_terms=terms,
                size=size,
                share=size / max(n_answers, 1),
                representatives=representatives(X, rows, texts),
                suggested_theme=theme,
                is_new_topic=new_topic,
            )
        )
    return tuple(summaries), order


def fallback_label(area_name: str, terms: Sequence[str]) -> str:
    """A cluster's name when no phrase of its answers will do: its area and its most distinctive word.

    "Övrigt: snöröjningen" still says what the answers are about; a comma list of
    keywords never becomes a label.
    """
    return f"{area_name}: {terms[0]}" if terms else area_name


def _label_sample(labels: np.ndarray, ids: np.ndarray) -> np.ndarray:
    # Deterministic: the first LABEL_SAMPLE unique texts of each cluster.
    parts = [np.flatnonzero(labels == c)[:LABEL_SAMPLE] for c in ids]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=int)


def _central_order(X: Matrix, sample_rows: np.ndarray, sample_labels: Sequence[int]) -> dict[int, list[int]]:
    """Positions in the sample per cluster, most similar to the cluster centroid first."""
    labels = np.asarray(sample_labels)
    out: dict[int, list[int]] = {}
    for c in np.unique(labels):
        pos = np.flatnonzero(labels == c)
        sub = X[sample_rows[pos]]
        centroid = np.asarray(sub.mean(axis=0)).ravel()
        sims = np.asarray(sub @ centroid).ravel()
        out[int(c)] = [int(pos[i]) for i in np.argsort(-sims, kind="stable")]
    return out
