"""Trygg Dialog text analysis: a pure library (no Flask, no database).

Typical use::

    from analysis import Answer, AnalysisConfig, analyse
    result = analyse([Answer("1", "Knark vid skolan")], AnalysisConfig(seed=0))

Names are loaded on first use (PEP 562), so importing one light module such as
`analysis.redact` does not pull in scikit-learn: a simple `trygg` command starts quickly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# `redact` is also the name of its module: bound eagerly, or importing the module anywhere
# would leave `analysis.redact` pointing at the module instead of the function. It is light.
from analysis.redact import Redaction, redact  # noqa: E402

_EXPORTS = {
    "InputError": "analysis.errors",
    "HashingRepresentation": "analysis.features",
    "TextRepresentation": "analysis.features",
    "TfidfRepresentation": "analysis.features",
    "detect_language": "analysis.language",
    "TrainedThemeModel": "analysis.learn",
    "train_theme_model": "analysis.learn",
    "uncertainty_order": "analysis.learn",
    "is_non_answer": "analysis.nonanswer",
    "analyse": "analysis.pipeline",
    "cluster_table": "analysis.tabular",
    "table_from_rows": "analysis.tabular",
    "summary_table": "analysis.tabular",
    "Taxonomy": "analysis.taxonomy",
    "ThemeArea": "analysis.taxonomy",
    "load_taxonomy": "analysis.taxonomy",
    "AnalysisConfig": "analysis.types",
    "AnalysisResult": "analysis.types",
    "Answer": "analysis.types",
    "AnswerResult": "analysis.types",
    "ClusterSummary": "analysis.types",
    "ReviewedExample": "analysis.types",
}

__all__ = [
    "Redaction",
    "redact",
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
    "redact",
    "summary_table",
    "table_from_rows",
    "train_theme_model",
    "uncertainty_order",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:  # pragma: no cover
    from analysis.errors import InputError
    from analysis.features import HashingRepresentation, TextRepresentation, TfidfRepresentation
    from analysis.language import detect_language
    from analysis.learn import TrainedThemeModel, train_theme_model, uncertainty_order
    from analysis.nonanswer import is_non_answer
    from analysis.pipeline import analyse
    from analysis.tabular import cluster_table, summary_table, table_from_rows
    from analysis.taxonomy import Taxonomy, ThemeArea, load_taxonomy
    from analysis.types import (
        AnalysisConfig,
        AnalysisResult,
        Answer,
        AnswerResult,
        ClusterSummary,
        ReviewedExample,
    )
