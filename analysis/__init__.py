"""Trygg Dialog text analysis: a pure library (no Flask, no database).

Typical use::

    from analysis import Answer, AnalysisConfig, analyse
    result = analyse([Answer("1", "Knark vid skolan")], AnalysisConfig(seed=0))
"""

from analysis.errors import InputError
from analysis.features import HashingRepresentation, TextRepresentation, TfidfRepresentation
from analysis.language import detect_language
from analysis.learn import TrainedThemeModel, train_theme_model
from analysis.nonanswer import is_non_answer
from analysis.pipeline import analyse
from analysis.redact import Redaction, redact
from analysis.tabular import cluster_table, read_table, summary_table
from analysis.taxonomy import Taxonomy, ThemeArea, load_taxonomy
from analysis.types import (
    AnalysisConfig,
    AnalysisResult,
    Answer,
    AnswerResult,
    ClusterSummary,
    ReviewedExample,
)

__all__ = [
    "AnalysisConfig",
    "AnalysisResult",
    "Answer",
    "AnswerResult",
    "ClusterSummary",
    "HashingRepresentation",
    "InputError",
    "Redaction",
    "ReviewedExample",
    "Taxonomy",
    "TextRepresentation",
    "TfidfRepresentation",
    "ThemeArea",
    "TrainedThemeModel",
    "analyse",
    "cluster_table",
    "detect_language",
    "is_non_answer",
    "load_taxonomy",
    "read_table",
    "redact",
    "summary_table",
    "train_theme_model",
]
