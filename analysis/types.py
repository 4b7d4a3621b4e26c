"""Public data types of the analysis library (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.taxonomy import Taxonomy


@dataclass(frozen=True)
class Answer:
    """One free-text answer to analyse."""

    id: str
    text: str
    group: str | None = None
    area: str | None = None
    question: str | None = None


@dataclass(frozen=True)
class ReviewedExample:
    """An answer whose problem area a person has confirmed."""

    text: str
    area: str


@dataclass(frozen=True)
class AnalysisConfig:
    """Settings for :func:`analysis.pipeline.analyse`.

    ``k`` fixes the number of clusters; ``None`` chooses it automatically up to ``max_k``.
    ``representation`` is ``"tfidf"`` (default: TF-IDF, hashed for large inputs) or
    ``"use-m3"`` (packaged sentence embeddings, see :mod:`analysis.embeddings`).
    """

    k: int | None = None
    seed: int = 0
    max_k: int = 40
    min_cluster_size: int = 3
    taxonomy: Taxonomy | None = None
    reviewed: tuple[ReviewedExample, ...] = ()
    representation: str = "tfidf"


@dataclass(frozen=True)
class AnswerResult:
    """Analysis of one answer. ``cluster`` is -1 for non-answers."""

    answer_id: str
    language: str
    text_redacted: str
    non_answer: bool
    cluster: int
    theme: str
    themes: tuple[str, ...]
    # Margin between the best and second-best area score, 0..1 (low = ask a reviewer).
    confidence: float = 1.0


@dataclass(frozen=True)
class ClusterSummary:
    """Description of one cluster of answers.

    ``label`` is a short readable phrase taken from the answers (what a coordinator would
    write, e.g. "Polisen syns inte på kvällarna"); ``top_terms`` (also ``keywords``) are
    the distinctive words for reviewers, never published. ``label_language`` is the
    language of the answers the label was taken from ("" when it is the area's name).
    """

    id: int
    label: str
    top_terms: tuple[str, ...]
    size: int
    share: float
    representatives: tuple[str, ...]
    suggested_theme: str
    is_new_topic: bool
    # Language of the answers the label was taken from ("" for the product's own words).
    label_language: str = ""

    @property
    def keywords(self) -> tuple[str, ...]:
        """The cluster's distinctive words (same as ``top_terms``)."""
        return self.top_terms


@dataclass(frozen=True)
class AnalysisResult:
    """Everything :func:`analysis.pipeline.analyse` returns."""

    answers: tuple[AnswerResult, ...]
    clusters: tuple[ClusterSummary, ...]
    k: int
    k_reason: str
    theme_counts: dict[str, int] = field(default_factory=dict)
    model_used: str = "keywords"
    learned_cv_macro_f1: float | None = None
