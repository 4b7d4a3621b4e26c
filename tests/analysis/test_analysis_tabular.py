"""Table input/output and bad inputs."""

import pandas as pd
import pytest

from analysis import Answer, InputError, analyse, cluster_table, summary_table, table_from_rows

NEW_COLUMNS = ["cluster", "cluster_label", "theme", "themes", "language", "text_redacted"]


def test_cluster_table_columns(labelled) -> None:  # type: ignore[no-untyped-def]
    df = pd.DataFrame({"id": range(48), "text": [t for t, _ in labelled], "x": "keep"})
    out, result = cluster_table(df, "text", seed=0)
    assert list(out.columns) == ["id", "text", "x", *NEW_COLUMNS]
    assert (out["x"] == "keep").all() and len(out) == 48
    assert out["themes"].str.len().gt(0).all()
    table = summary_table(result)
    assert "non-answers" in table and result.clusters[0].label in table


def test_summary_shows_each_label_with_its_language_and_distinctive_words() -> None:
    texts = ["Knark säljs vid skolan", "Det säljs knark vid skolan", "Knark säljs vid skolan varje dag"] * 2
    result = analyse([Answer(str(i), t) for i, t in enumerate(texts)])
    line = next(row for row in summary_table(result).splitlines() if result.clusters[0].label in row)
    cluster = result.clusters[0]
    assert f"{cluster.label} [sv] · " in line and cluster.top_terms[0] in line.split(" · ", 1)[1]


def test_missing_column_lists_available() -> None:
    with pytest.raises(InputError, match="Available columns: a, b"):
        cluster_table(pd.DataFrame({"a": ["x"], "b": ["y"]}), "text")


def test_all_empty() -> None:
    with pytest.raises(InputError, match="empty"):
        cluster_table(pd.DataFrame({"text": ["", "  ", ""]}), "text")


def test_one_answer() -> None:
    out, result = cluster_table(pd.DataFrame({"text": ["Knark vid skolan"]}), "text")
    assert out.loc[0, "cluster"] == 0 and result.k == 1 and out.loc[0, "theme"] == "narkotika"


def test_only_non_answers() -> None:
    out, result = cluster_table(pd.DataFrame({"text": ["vet ej", "-", "nej"]}), "text")
    assert result.k == 0 and (out["cluster"] == -1).all()


def test_many_identical_answers() -> None:
    answers = [Answer(str(i), "Mer polis i centrum") for i in range(100_000)]
    result = analyse(answers)
    assert result.k == 1 and result.clusters[0].size == 100_000
    assert result.clusters[0].representatives == ("Mer polis i centrum",)


def test_huge_answer_html_and_emoji() -> None:
    huge = "Knark och klotter överallt " * 80_000  # ~2 MB: far past any form's limit, and quick
    answers = [Answer("1", huge), Answer("2", "<b>Mörkt</b> 😱😱 vid &amp; skolan"), Answer("3", "🚗💨💨")]
    result = analyse(answers)
    assert len(result.answers[0].text_redacted) > 2_000_000  # original kept
    assert result.answers[1].text_redacted == "Mörkt 😱😱 vid & skolan"
    assert result.answers[2].non_answer


def test_table_from_rows_keeps_every_cell_as_text() -> None:
    df = table_from_rows(["id", "svar"], [["1", "Mörkt vid ån"], ["2", "0012"]])
    assert list(df.columns) == ["id", "svar"] and df.loc[1, "svar"] == "0012"
    with pytest.raises(InputError, match="no rows"):
        table_from_rows(["id"], [])
