"""Table in, table out: read CSV/XLSX files and add analysis columns (for the CLI)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from analysis.errors import InputError
from analysis.pipeline import analyse
from analysis.types import AnalysisConfig, AnalysisResult, Answer

MAX_SNIFF = 64_000


def _printable_share(text: str) -> float:
    if not text:
        return 0.0
    ok = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return ok / len(text)


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    head = raw[:MAX_SNIFF]
    if b"\x00" in head:
        # UTF-16 without a byte-order mark, or a binary file.
        # Latin-script UTF-16 has a zero high byte in nearly every code unit.
        for encoding, high in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
            if high.count(0) > 0.7 * len(high):
                text = raw.decode(encoding, errors="replace")
                if _printable_share(text[:MAX_SNIFF]) > 0.95:
                    return text
        raise InputError(f"{name} looks like a binary file, not a CSV text file.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    candidates = []
    best = from_bytes(raw[:1_000_000]).best()
    if best is not None and best.encoding:
        candidates.append(best.encoding)
    # Non-UTF-8 files from Swedish offices are almost always Windows-1252; short samples
    # fool detectors, so prefer cp1252 unless another encoding gives more Nordic letters.
    candidates.insert(0, "cp1252")
    decoded: list[tuple[float, int, int, str]] = []
    for encoding in candidates:
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        nordic = sum(text.count(ch) for ch in "åäöÅÄÖéü")
        decoded.append((_printable_share(text[:MAX_SNIFF]), nordic, -len(decoded), text))
    if not decoded:
        raise InputError(f"{name}: could not detect the text encoding; save it as UTF-8 CSV.")
    share, _, _, text = max(decoded)
    if share < 0.9:
        raise InputError(f"{name} looks like a binary file, not a CSV text file.")
    return text


def _separator(text: str) -> str:
    sample = text[:MAX_SNIFF]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return ";" if first.count(";") > first.count(",") else ","


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV (any common encoding, ``,``/``;``/tab separated) or XLSX file.

    Args:
        path: file path.

    Returns:
        The table with all columns as strings.

    Raises:
        InputError: for missing, empty, binary or malformed files.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"File not found: {path}")
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(f"{path.name} is empty.")
    if path.suffix.lower() in (".xlsx", ".xlsm") or raw.startswith(b"PK\x03\x04"):
        return _read_excel(raw, path.name)
    text = _decode(raw, path.name)
    try:
        df = pd.read_csv(
            io.StringIO(text),
            sep=_separator(text),
            dtype=str,
            keep_default_na=False,
            engine="python",
            on_bad_lines="error",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as exc:
        raise InputError(f"{path.name} could not be read as CSV: {exc}") from exc
    if df.empty or len(df.columns) == 0:
        raise InputError(f"{path.name} has a header but no rows.")
    return df


def _read_excel(raw: bytes, name: str) -> pd.DataFrame:
    try:
        df = pd.read_excel(io.BytesIO(raw), dtype=str).fillna("")
    except ImportError as exc:
        raise InputError("Reading .xlsx needs the openpyxl package; save as CSV instead.") from exc
    except Exception as exc:  # noqa: BLE001 - any parser failure is a bad file for the user
        raise InputError(f"{name} could not be read as an Excel file: {exc}") from exc
    if df.empty:
        raise InputError(f"{name} has no rows.")
    return df


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
        Lines with id, size, share, area, new-topic flag and label.
    """
    lines = [
        f"clusters: {result.k_reason}",
        f"theme model: {result.model_used}",
        "",
        f"{'id':>4}  {'size':>7}  {'share':>6}  {'area':<14} {'new':<3}  label",
    ]
    for c in result.clusters:
        lines.append(
            f"{c.id:>4}  {c.size:>7}  {c.share:>6.1%}  {c.suggested_theme:<14} "
            f"{'yes' if c.is_new_topic else '':<3}  {c.label}"
        )
    non = sum(a.non_answer for a in result.answers)
    lines.append(f"{-1:>4}  {non:>7}  {non / max(len(result.answers), 1):>6.1%}  {'(non-answers)':<14}")
    return "\n".join(lines)
