"""XLSForm import and export: types, translations, pages, problems, CSV variant, round trip."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from surveys.authoring.models import Option, Question, Survey
from surveys.transfer.errors import InvalidSurveyFile
from surveys.transfer.xlsform_export import export_xlsform
from surveys.transfer.xlsform_import import import_xlsform
from tests.factories import make_org, make_survey
from tests.surveys.import_helpers import xlsx_bytes

SURVEY = [
    [
        "type",
        "name",
        "label::Svenska (sv)",
        "label::English (en)",
        "hint::Svenska (sv)",
        "hint::English (en)",
        "required",
        "parameters",
    ],
    ["start", "start"],
    ["end", "end"],
    ["note", "welcome", "Välkommen!", "Welcome!"],
    ["begin group", "p1", "Sida 1"],
    ["text", "concern", "Vad oroar dig?", "What worries you?", "Skriv inga namn", "No names", "yes"],
    ["select_one omrade", "where", "Var bor du?", "Where do you live?", None, None, "true"],
    ["end group"],
    ["begin group", "p2"],
    ["note", "about_you", "Om dig", "About you"],
    [
        "range",
        "safety",
        "Hur trygg känner du dig?",
        "How safe do you feel?",
        None,
        None,
        "no",
        "start=1 end=5 step=1",
    ],
    ["select_one alder", "age", "Ålder", "Age"],
    ["select_multiple places", "places", "Var känner du dig otrygg?", "Where do you feel unsafe?"],
    ["integer", "rating", "Betyg 1–5", "Rating 1–5"],
    ["end group"],
]
CHOICES = [
    ["list_name", "name", "label::Svenska (sv)", "label::English (en)"],
    ["omrade", "centrum", "Centrum", "Town centre"],
    ["omrade", "soder", "Söder", "South"],
    ["alder", "16_24", "16–24 år", "16–24"],
    ["alder", "25_plus", "25 år eller äldre", "25 or older"],
    ["places", "park", "Parken", "The park"],
    ["places", "station", "Stationen", "The station"],
]
SETTINGS = [
    ["form_title", "form_id", "default_language"],
    ["Trygghetsenkät 2026", "trygghet_2026", "Svenska (sv)"],
]


def stacked_csv(sheets: dict[str, list[list]]) -> bytes:
    """pyxform's stacked CSV layout: a sheet-name row, then rows with an empty first cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for name, rows in sheets.items():
        writer.writerow([name])
        for row in rows:
            writer.writerow(["", *("" if c is None else c for c in row)])
    return buffer.getvalue().encode("utf-8")


def describe(survey: Survey) -> dict:
    """Everything a round trip must keep."""
    return {
        "languages": survey.languages,
        "title": survey.title,
        "intro": survey.intro,
        "kind": survey.kind,
        "questions": [
            (
                q.key,
                q.type,
                q.page,
                q.required,
                q.text,
                q.help,
                q.scale_min_label,
                q.scale_max_label,
                [(o.value, o.label) for o in q.options],
            )
            for q in survey.questions
        ],
    }


def problems_of(caught: pytest.ExceptionInfo[InvalidSurveyFile]) -> list[tuple]:
    return [(p.sheet, p.row, p.message) for p in caught.value.problems]


FORM = {"survey": SURVEY, "choices": CHOICES, "settings": SETTINGS}


def test_import_maps_types_languages_pages_and_notes(session):
    org = make_org(session)
    survey = import_xlsform(session, xlsx_bytes(FORM), org, filename="enkat.xlsx")
    assert (survey.slug, survey.status, survey.series) == ("trygghet-2026", "draft", "trygghet-2026")
    assert survey.languages == ["sv", "en"]
    assert survey.title == {"sv": "Trygghetsenkät 2026"}
    assert survey.intro == {"sv": "Välkommen!", "en": "Welcome!"}
    shape = [(q.key, q.type, q.page, q.required) for q in survey.questions]
    assert shape == [
        ("concern", "free_text", 1, True),
        ("where", "area", 1, True),
        ("safety", "scale", 2, False),
        ("age", "demographic", 2, False),
        ("places", "multiple_choice", 2, False),
        ("rating", "scale", 2, False),
    ]
    concern, where, safety = survey.questions[:3]
    assert concern.text == {"sv": "Vad oroar dig?", "en": "What worries you?"}
    assert concern.help == {"sv": "Skriv inga namn", "en": "No names"}
    assert safety.help == {"sv": "Om dig", "en": "About you"}  # the note before it
    assert [(o.value, o.label) for o in where.options] == [
        ("centrum", {"sv": "Centrum", "en": "Town centre"}),
        ("soder", {"sv": "Söder", "en": "South"}),
    ]


def test_problems_are_reported_with_row_numbers_and_nothing_is_stored(session):
    org = make_org(session)
    bad = {
        "survey": [
            ["type", "name", "label", "required", "parameters"],
            ["text", "ok", "Okej?"],
            ["geotrace", "where", "Var?"],
            ["select_one missing_list", "pick", "Välj"],
            ["range", "wide", "Skala", "", "start=0 end=10"],
            ["text", "ok", "Igen"],
            ["text", "cond", "Villkor", "${ok} != ''"],
            ["select_one yn or_other", "other", "Annat"],
            ["end group"],
            ["text", "", "Utan namn"],
        ],
        "choices": [["list_name", "name", "label"], ["yn", "y", "Ja"]],
    }
    with pytest.raises(InvalidSurveyFile) as caught:
        import_xlsform(session, xlsx_bytes(bad), org, filename="bad.xlsx")
    found = {(sheet, row): message for sheet, row, message in problems_of(caught)}
    assert "'geotrace' is not supported: residents mark one place" in found[("survey", 3)]
    assert "'missing_list' is not in the choices sheet" in found[("survey", 4)]
    assert "start=1 end=5" in found[("survey", 5)]
    assert "used twice" in found[("survey", 6)]
    assert "required must be yes or no" in found[("survey", 7)]
    assert "not supported" in found[("survey", 8)]
    assert "without a 'begin group'" in found[("survey", 9)]
    assert "name ''" in found[("survey", 10)]
    assert "survey sheet, row 3: type 'geotrace'" in str(caught.value)
    assert session.scalar(select(func.count(Survey.id))) == 0


def test_unknown_language_column_and_missing_survey_sheet_are_problems(session):
    org = make_org(session)
    sheets = {"survey": [["type", "name", "label::Klingon"], ["text", "q", "nuqneH"]]}
    with pytest.raises(InvalidSurveyFile) as caught:
        import_xlsform(session, xlsx_bytes(sheets), org, filename="x.xlsx")
    assert problems_of(caught)[0][:2] == ("survey", 1)
    assert "unknown language" in problems_of(caught)[0][2]
    with pytest.raises(InvalidSurveyFile, match="no \\(or an empty\\) 'survey' sheet"):
        import_xlsform(session, xlsx_bytes({"choices": CHOICES}), org, filename="x.xlsx")


def test_language_columns_by_code_name_or_default_language(session):
    org = make_org(session)
    sheets = {
        "survey": [
            ["type", "name", "label", "label::English", "label::fi", "required"],
            ["text", "q", "Fråga", "Question", "Kysymys", "TRUE()"],
        ],
        "settings": [["form_id"], ["x"]],
    }
    survey = import_xlsform(session, xlsx_bytes(sheets), org, filename="fragor.xlsx")
    assert survey.languages == ["sv", "en", "fi"]
    assert survey.questions[0].text == {"sv": "Fråga", "en": "Question", "fi": "Kysymys"}
    assert survey.questions[0].required is True
    assert survey.title == {"sv": "x"}


def test_csv_variant_gives_the_same_survey_as_xlsx_bytes(session):
    org = make_org(session)
    from_xlsx = import_xlsform(session, xlsx_bytes(FORM), org, filename="a.xlsx")
    from_csv = import_xlsform(session, stacked_csv(FORM), org, filename="a.csv")
    assert from_csv.slug == "trygghet-2026-2"
    assert describe(from_csv) == describe(from_xlsx)


def test_csv_variant_reports_csv_row_numbers(session, tmp_path):
    org = make_org(session)
    path = tmp_path / "form.csv"
    path.write_bytes(
        stacked_csv({"survey": [["type", "name", "label"], ["text", "a", "A"], ["audio", "b", "B"]]})
    )
    with pytest.raises(InvalidSurveyFile) as caught:
        import_xlsform(session, path, org)
    # Row 1 is "survey", row 2 the header, row 4 the audio question.
    assert problems_of(caught) == [("survey", 4, caught.value.problems[0].message)]
    not_stacked = b"type,name,label\ntext,a,A\n"
    with pytest.raises(InvalidSurveyFile, match="stacks its sheets"):
        import_xlsform(session, not_stacked, org, filename="flat.csv")


def test_round_trip_import_export_import_keeps_the_survey(session):
    org = make_org(session)
    first = import_xlsform(session, xlsx_bytes(FORM), org, filename="a.xlsx")
    second = import_xlsform(session, export_xlsform(first), org, filename="b.xlsx")
    assert describe(second) == describe(first)


@pytest.mark.parametrize("template", ["citizen_dialogue", "staff_dialogue", "questionnaire"])
def test_exported_template_surveys_import_unchanged(session, template):
    org = make_org(session)
    original = make_survey(session, org, template=template)
    copy = import_xlsform(session, export_xlsform(original), org, filename="copy.xlsx")
    assert describe(copy) == describe(original)
    assert copy.status == "draft" and copy.slug == f"{original.slug}-2"


def test_export_has_xlsform_sheets_and_never_writes_formulas(session):
    org = make_org(session)
    survey = Survey(organisation=org, slug="f", series="f", languages=["sv"], title={"sv": "=1+1"})
    survey.questions = [
        Question(
            key="q",
            type="single_choice",
            position=0,
            text={"sv": '=HYPERLINK("x")'},
            options=[Option(value="a", position=0, label={"sv": "@A"})],
        ),
    ]
    session.add(survey)
    session.commit()
    workbook = load_workbook(io.BytesIO(export_xlsform(survey)))
    try:
        assert workbook.sheetnames == ["survey", "choices", "settings"]
        row = [c for c in workbook["survey"][2]]
        assert row[0].value == "select_one q" and row[2].value == '=HYPERLINK("x")'
        assert row[2].data_type == "s"
        assert workbook["settings"]["A2"].data_type == "s"
    finally:
        workbook.close()
    again = import_xlsform(session, export_xlsform(survey), org, filename="f.xlsx")
    assert describe(again) == describe(survey)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"PK\x03\x04" + b"\x00" * 50, "damaged or truncated"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "password"),
        (b"not a workbook at all", "not a valid .xlsx"),
    ],
)
def test_unreadable_files_give_a_clear_problem(session, data, message):
    org = make_org(session)
    with pytest.raises(InvalidSurveyFile, match=message):
        import_xlsform(session, data, org, filename="form.xlsx" if b"workbook" in data else "f.bin")


def test_truncated_and_non_excel_zip_files(session):
    org = make_org(session)
    good = xlsx_bytes(FORM)
    with pytest.raises(InvalidSurveyFile, match="damaged|truncated"):
        import_xlsform(session, good[: len(good) // 2], org, filename="form.xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office/>")
    with pytest.raises(InvalidSurveyFile, match="not an Excel"):
        import_xlsform(session, buffer.getvalue(), org, filename="form.ods")


def test_titles_per_language_use_a_column_pyxform_accepts_and_the_old_one_still_imports(session):
    org = make_org(session)
    original = make_survey(session, org, template="questionnaire")
    assert set(original.title) == {"sv", "en"}
    workbook = load_workbook(io.BytesIO(export_xlsform(original)))
    try:
        header = next(workbook["settings"].iter_rows(values_only=True))
    finally:
        workbook.close()
    # pyxform (ODK, KoBoToolbox) fails on a translated form_title; ours is an ignored extension.
    assert not any(str(h).startswith("form_title::") for h in header)
    assert "trygg_title::English (en)" in header
    legacy = {
        "survey": [["type", "name", "label::sv", "label::en"], ["text", "q", "Fråga", "Question"]],
        "settings": [["form_title::sv", "form_title::en"], ["Enkät", "Survey"]],
    }
    assert import_xlsform(session, xlsx_bytes(legacy), org, filename="old.xlsx").title == {
        "sv": "Enkät",
        "en": "Survey",
    }
