"""`trygg survey import/export` and `trygg responses import/export` through the CLI runner."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from surveys.answering.models import Response
from surveys.authoring.models import Survey
from tests.factories import make_org
from tests.surveys.import_helpers import csv_bytes, make_import_survey, xlsx_bytes

FORM = {
    "survey": [
        ["type", "name", "label::Svenska (sv)", "label::English (en)", "required"],
        ["text", "concern", "Vad oroar dig?", "What worries you?", "yes"],
        ["select_one area", "area", "Område", "Area"],
    ],
    "choices": [["list_name", "name", "label::Svenska (sv)"], ["area", "norr", "Norr"]],
    "settings": [["form_title", "form_id"], ["Trygghet", "trygghet-cli"]],
}


def test_survey_import_prints_the_new_slug(runner, tmp_path):
    make_org(db.session)
    path = tmp_path / "form.xlsx"
    path.write_bytes(xlsx_bytes(FORM))
    result = runner.invoke(args=["survey", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "trygghet-cli"
    survey = db.session.scalar(select(Survey).where(Survey.slug == "trygghet-cli"))
    assert survey.status == "draft" and [q.type for q in survey.questions] == ["free_text", "area"]


def test_survey_import_needs_org_when_ambiguous(runner, tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_bytes(xlsx_bytes(FORM))
    none = runner.invoke(args=["survey", "import", str(path)])
    assert none.exit_code != 0 and "no organisation" in none.output
    make_org(db.session, slug="a")
    make_org(db.session, slug="b")
    ambiguous = runner.invoke(args=["survey", "import", str(path)])
    assert ambiguous.exit_code != 0 and "--org (a, b)" in ambiguous.output
    unknown = runner.invoke(args=["survey", "import", str(path), "--org", "zzz"])
    assert unknown.exit_code != 0 and "no organisation with slug 'zzz'" in unknown.output
    chosen = runner.invoke(args=["survey", "import", str(path), "--org", "b"])
    assert chosen.exit_code == 0, chosen.output
    assert db.session.scalar(select(Survey).where(Survey.slug == "trygghet-cli")).organisation.slug == "b"


def test_survey_import_reports_pyxform_refusals_with_the_row(runner, tmp_path):
    make_org(db.session)
    path = tmp_path / "bad.xlsx"
    form = {
        "survey": [["type", "name", "label"], ["select_one nope", "q", "Var?"]],
        "choices": [["list_name", "name", "label"], ["yn", "y", "Ja"]],
    }
    path.write_bytes(xlsx_bytes(form))
    result = runner.invoke(args=["survey", "import", str(path)])
    assert result.exit_code != 0
    assert "survey sheet, row 2: choice list 'nope' is not in the choices sheet" in result.stderr
    assert "bad.xlsx was not imported (1 problem)" in result.stderr
    assert db.session.scalar(select(func.count(Survey.id))) == 0


def test_survey_import_lists_what_was_left_out_by_row(runner, tmp_path):
    make_org(db.session)
    path = tmp_path / "kobo.xlsx"
    form = [["type", "name", "label"], ["deviceid", "dev"], ["geotrace", "gps", "Var?"]]
    path.write_bytes(xlsx_bytes({"survey": form}))
    result = runner.invoke(args=["survey", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Left out or changed (2):" in result.stderr
    assert "survey sheet, row 2: dev: deviceid is device metadata, never collected" in result.stderr
    assert "survey sheet, row 3: gps: a geotrace is asked as one place on the map" in result.stderr
    assert db.session.scalar(select(func.count(Survey.id))) == 1


def test_survey_export_writes_an_xlsform_workbook(runner, tmp_path):
    survey = make_import_survey(db.session)
    out = tmp_path / "form.xlsx"
    result = runner.invoke(args=["survey", "export", survey.slug, "-o", str(out)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(io.BytesIO(out.read_bytes()))
    try:
        assert workbook.sheetnames == ["survey", "choices", "settings"]
    finally:
        workbook.close()
    assert runner.invoke(args=["survey", "export", survey.slug, "-o", str(tmp_path / "f.csv")]).exit_code != 0
    assert "no survey with slug" in runner.invoke(args=["survey", "export", "nope", "-o", str(out)]).output


def test_responses_import_uses_suggested_mapping_and_map_overrides(runner, tmp_path):
    survey = make_import_survey(db.session)
    path = tmp_path / "svar.csv"
    path.write_bytes(
        csv_bytes(
            [
                ["Vad oroar dig?", "Trygghet", "date"],
                ["Mörkt", "2", "05.03.2026"],
                ["Fortkörning", "4", "2026-03-06"],
            ],
            delimiter=";",
            encoding="cp1252",
        )
    )
    result = runner.invoke(args=["responses", "import", survey.slug, str(path), "--map", "safety=Trygghet"])
    assert result.exit_code == 0, result.output
    assert "concern <- Vad oroar dig?" in result.output and "safety <- Trygghet" in result.output
    assert f"Imported 2 responses into {survey.slug}." in result.output
    dates = db.session.scalars(select(Response.submitted_on).order_by(Response.id)).all()
    assert dates == [dt.date(2026, 3, 5), dt.date(2026, 3, 6)]


def test_responses_import_failure_prints_row_errors_and_imports_nothing(runner, tmp_path):
    survey = make_import_survey(db.session)
    path = tmp_path / "svar.csv"
    path.write_bytes(csv_bytes([["concern", "safety"], ["Bra", "3"], ["Dåligt", "nio"]]))
    result = runner.invoke(args=["responses", "import", survey.slug, str(path)])
    assert result.exit_code != 0
    assert "row 3, column 'safety': 'nio' is not a whole number from 1 to 5" in result.stderr
    assert "nothing was imported (1 problem)" in result.stderr
    assert db.session.scalar(select(func.count(Response.id))) == 0
    bad_map = runner.invoke(args=["responses", "import", survey.slug, str(path), "--map", "safety"])
    assert bad_map.exit_code != 0 and "not question=column" in bad_map.output
    unmatched = tmp_path / "other.csv"
    unmatched.write_bytes(csv_bytes([["x", "y"], ["1", "2"]]))
    nothing = runner.invoke(args=["responses", "import", survey.slug, str(unmatched)])
    assert nothing.exit_code != 0 and "no column matches a question" in nothing.output
    garbage = tmp_path / "svar.xlsx"
    garbage.write_bytes(b"PK\x03\x04garbage")
    unreadable = runner.invoke(args=["responses", "import", survey.slug, str(garbage)])
    assert unreadable.exit_code != 0 and "damaged or truncated" in unreadable.stderr
    assert "Traceback" not in unreadable.output


def test_responses_export_csv_and_xlsx(runner, tmp_path):
    survey = make_import_survey(db.session)
    source = tmp_path / "in.csv"
    source.write_bytes(csv_bytes([["concern"], ["Ring 070-123 45 67"]]))
    assert runner.invoke(args=["responses", "import", survey.slug, str(source)]).exit_code == 0
    out_csv = tmp_path / "svar.csv"
    result = runner.invoke(args=["responses", "export", survey.slug, "-o", str(out_csv)])
    assert result.exit_code == 0, result.output
    assert "Wrote 1 responses" in result.output
    text = out_csv.read_bytes().decode("utf-8-sig")
    assert "[telefon]" in text and "070" not in text
    swedish = runner.invoke(args=["responses", "export", survey.slug, "-o", str(out_csv), "--dialect", "sv"])
    assert swedish.exit_code == 0, swedish.output
    assert out_csv.read_bytes().decode("utf-8-sig").startswith('"Omgång [round]";"Grupp [group]"')
    raw = runner.invoke(args=["responses", "export", survey.slug, "-o", str(out_csv), "--raw-text"])
    assert raw.exit_code == 0 and "070-123 45 67" in out_csv.read_bytes().decode("utf-8-sig")
    out_xlsx = tmp_path / "svar.xlsx"
    assert runner.invoke(args=["responses", "export", survey.slug, "-o", str(out_xlsx)]).exit_code == 0
    workbook = load_workbook(io.BytesIO(out_xlsx.read_bytes()), read_only=True)
    try:
        assert workbook.sheetnames == ["responses", "questions"]
    finally:
        workbook.close()
    wrong = runner.invoke(args=["responses", "export", survey.slug, "-o", str(tmp_path / "x.json")])
    assert wrong.exit_code != 0 and ".csv or .xlsx" in wrong.output
