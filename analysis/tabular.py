"""Table in, table out: add analysis columns to a table of text (for the CLI).

Pure: files are read by the caller (``trygg cluster`` uses the product's one
spreadsheet reader) and handed over as rows.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.errors import InputError
from analysis.types import AnalysisConfig, AnalysisResult, Answer


def table_from_rows(header: list[str], rows: list[list[str]]) -> pd.DataFrame:
    """A table of text from rows already read (the product's spreadsheet reader reads files).

    Args:
        header: column names.
        rows: rows of cells, each as long as `header`.

    Raises:
        InputError: when there are no columns or no rows.
    """
    if not header:
        raise InputError("The table has no columns.")
    if not rows:
        raise InputError("The table has a header but no rows.")
    return pd.DataFrame(rows, columns=header, dtype=str)


def cluster_table(
    df: pd.DataFrame,
    text_column: str,
    k: int | None = None,
    seed: int = 0,
    progress: Callable[[float, str], None] | None = None,
) -> tuple[pd.DataFrame, AnalysisResult]:
    """Analyse one text column and return the table with result columns added.

    Args:
        df: input table; every column is kept.
        text_column: name of the free-text column.
        k: fixed number of clusters, or None for automatic.
        seed: random seed.
        progress: optional callback (fraction, step).

    Returns:
        (table with cluster, cluster_label, theme, themes, language, text_redacted,
        the AnalysisResult).

    Raises:
        InputError: when the column is missing or every answer is empty.
    """
    if text_column not in df.columns:
        available = ", ".join(map(str, df.columns))
        raise InputError(f"No column named {text_column!r}. Available columns: {available}")
    if k is not None and k < 1:
        raise InputError("k must be at least 1.")
    texts = df[text_column].fillna("").astype(str)
    if not texts.str.strip().any():
        raise InputError(f"Every answer in column {text_column!r} is empty.")
    answers = [Answer(id=str(i), text=t) for i, t in enumerate(texts)]
    from analysis.pipeline import analyse  # scikit-learn loads when a table is analysed

    result = analyse(answers, AnalysisConfig(k=k, seed=seed), progress)
    labels = {c.id: c.label for c in result.clusters}
    out = df.copy()
    out["cluster"] = [a.cluster for a in result.answers]
    out["cluster_label"] = [labels.get(a.cluster, "") for a in result.answers]
    out["theme"] = [a.theme for a in result.answers]
    out["themes"] = [";".join(a.themes) for a in result.answers]
    out["language"] = [a.language for a in result.answers]
    out["text_redacted"] = [a.text_redacted for a in result.answers]
    return out, result


def summary_table(result: AnalysisResult) -> str:
    """Plain-text table of clusters for the command line.

    Args:
        result: an analysis result.

    Returns:
        Lines with id, size, share, area, new-topic flag and label, the label's language
        in brackets and the cluster's distinctive words after it (for the analyst, never
        published).
    """
    lines = [
        f"clusters: {result.k_reason}",
        f"theme model: {result.model_used}",
        "",
        f"{'id':>4}  {'size':>7}  {'share':>6}  {'area':<14} {'new':<3}  label [language] · words",
    ]
    for c in result.clusters:
        language = f" [{c.label_language}]" if c.label_language else ""
        words = f" · {', '.join(c.top_terms[:5])}" if c.top_terms else ""
        lines.append(
            f"{c.id:>4}  {c.size:>7}  {c.share:>6.1%}  {c.suggested_theme:<14} "
            f"{'yes' if c.is_new_topic else '':<3}  {c.label}{language}{words}"
        )
    non = sum(a.non_answer for a in result.answers)
    lines.append(f"{-1:>4}  {non:>7}  {non / max(len(result.answers), 1):>6.1%}  {'(non-answers)':<14}")
    return "\n".join(lines)
