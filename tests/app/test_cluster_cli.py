"""`trygg cluster` never loses or shifts data, and checks its output before the work."""

from __future__ import annotations

import pandas as pd

from tests.surveys.import_helpers import csv_bytes, ods_bytes

ANSWERS = [
    ["id", "svar"],
    ["1", "Mörkt vid ån på kvällen"],
    ["2", "Fartdårar på Ågatan"],
    ["3", "Klotter vid skolan"],
    ["4", "Mörkt i parken"],
]


def test_a_ragged_row_is_an_error_with_its_row_number_and_nothing_is_written(runner, tmp_path):
    source = tmp_path / "in.csv"
    # Row 3 has an unquoted separator in the answer: its cells would shift.
    source.write_bytes(b"id;svar\n1;M\xc3\xb6rkt\n2;Knark; klotter\n3;Fart\n")
    out = tmp_path / "out.csv"
    result = runner.invoke(args=["cluster", str(source), "--text-column", "svar", "-o", str(out)])
    assert result.exit_code != 0
    assert "row 3 has 3 fields but the header has 2" in result.output
    assert not out.exists()


def test_a_long_answer_is_read_whole(runner, tmp_path):
    long_answer = "Mörkt och otryggt vid stationen " * 8_000  # about 250 KB in one cell
    rows = [*ANSWERS, ["5", long_answer]]
    source = tmp_path / "in.csv"
    source.write_bytes(csv_bytes(rows, delimiter=";"))
    out = tmp_path / "out.csv"
    result = runner.invoke(args=["cluster", str(source), "--text-column", "svar", "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert table["svar"].tolist()[-1] == long_answer.strip()
    assert table["id"].tolist() == ["1", "2", "3", "4", "5"]


def test_the_output_path_is_checked_before_the_input_is_read(runner, tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(b"\x00\x01 not even a table")
    missing_folder = tmp_path / "nowhere" / "out.csv"
    result = runner.invoke(args=["cluster", str(source), "-o", str(missing_folder)])
    assert result.exit_code != 0 and "does not exist" in result.output
    same = runner.invoke(args=["cluster", str(source), "-o", str(source)])
    assert same.exit_code != 0 and "must not be the input file" in same.output


def test_k_larger_than_the_answers_is_refused_and_ods_files_are_read(runner, tmp_path):
    source = tmp_path / "in.ods"
    source.write_bytes(ods_bytes({"svar": ANSWERS}))
    out = tmp_path / "out.csv"
    result = runner.invoke(args=["cluster", str(source), "--text-column", "svar", "-o", str(out), "--k", "9"])
    assert result.exit_code != 0
    assert "--k 9 asks for more clusters than there are answers in 'svar' (4)" in result.output
    assert not out.exists()
