"""XLSForm import and export: types, translations, pages, problems, CSV variant, round trip."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert
from sqlalchemy import func, select

from surveys.authoring.models import Option, Question, QuestionType, Survey
from surveys.transfer.errors import InvalidSurveyFile
from surveys.transfer.xlsform_export import export_xlsform
from surveys.transfer.xlsform_import import check_xlsform, import_xlsform
from tests.factories import make_org, make_survey
from tests.surveys.import_helpers import make_import_survey, xlsx_bytes

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


def test_pyxform_refusals_are_problems_with_the_row_and_nothing_is_stored(session):
    org = make_org(session)
    bad = {
        "survey": [
            ["type", "name", "label"],
            ["text", "ok", "Okej?"],
            [],
            ["select_one missing_list", "pick", "Välj"],
        ],
        "choices": [["list_name", "name", "label"], ["yn", "y", "Ja"]],
    }
    with pytest.raises(InvalidSurveyFile) as caught:
        import_xlsform(session, xlsx_bytes(bad), org, filename="bad.xlsx")
    # The blank row 3 counts: the refused question is on row 4, as in the spreadsheet.
    assert problems_of(caught) == [("survey", 4, "choice list 'missing_list' is not in the choices sheet")]
    with pytest.raises(InvalidSurveyFile, match="has no partner"):
        import_xlsform(session, xlsx_bytes({"survey": [["type", "name"], ["end group", "x"]]}), org)
    assert session.scalar(select(func.count(Survey.id))) == 0


def report_of(data: bytes, filename: str = "form.xlsx") -> dict[int | None, list[str]]:
    found: dict[int | None, list[str]] = {}
    for problem in check_xlsform(data, filename).dropped:
        found.setdefault(problem.row, []).append(problem.message)
    return found


def test_what_pyxform_accepts_but_we_cannot_ask_is_imported_nearest_or_reported_per_row(session):
    org = make_org(session)
    sheets = {
        "survey": [
            [
                *("type", "name", "label", "required", "parameters"),
                *("relevant", "constraint", "choice_filter", "calculation"),
            ],
            ["deviceid", "device"],
            ["begin group", "p1", "Sida 1"],
            ["select_one toilets:access", "access", "Tillgång?", "yes"],
            ["select_multiple toilets:access or_other", "which", "Vilka?"],
            ["range", "wide", "Skala", "", "start=0 end=10"],
            ["text", "cond", "Villkor", "", "", "${access} = 'y'"],
            ["integer", "age", "Ålder", "", "", "", ". > 0"],
            ["end group"],
            ["begin repeat", "people", "Personer"],
            ["date", "when", "När?"],
            ["geotrace", "route", "Vägen"],
            ["image", "photo", "Foto"],
            ["calculate", "calc", "", "", "", "", "", "", "1 + 1"],
            ["select_one toilets:access", "filtered", "Filtrerad", "", "", "", "", "name != ''"],
            ["end repeat"],
        ],
        "choices": [
            ["list_name", "name", "label"],
            ["toilets:access", "y", "Ja"],
            [],
            [],
            ["toilets:access", "n", "Nej"],
        ],
    }
    data = xlsx_bytes(sheets)
    report = report_of(data)
    assert any("device metadata" in m for m in report[2])
    assert any("asked as a scale from 1 to 5" in m for m in report[6])
    assert any("skip logic" in m for m in report[7])
    assert any("constraint is not checked" in m for m in report[8])
    assert any("repeat is asked once" in m for m in report[10])
    assert any("asked as free text" in m for m in report[11])
    assert any("one place on the map" in m for m in report[12])
    assert any("media files" in m for m in report[13])
    assert any("left out" in m for m in report[14])
    assert any("choice filter" in m for m in report[15])
    survey = import_xlsform(session, data, org, filename="toilets.xlsx")
    got = {q.key: (q.type, q.page, [o.value for o in q.options]) for q in survey.questions}
    # pyxform adds "other" to the list itself, so every question on it offers it.
    assert got["access"] == ("single_choice", 1, ["y", "n", "other"])
    assert got["which"] == ("multiple_choice", 1, ["y", "n", "other"])
    assert got["which_other"][0] == "free_text"
    assert got["wide"][0] == got["age"][0] == "scale"
    assert got["when"] == ("free_text", 2, [])
    assert got["route"][0] == "point"
    assert "photo" not in got and "calc" not in got and "device" not in got
    assert survey.questions[0].required is True


def test_markdown_forms_import_like_pyxform_reads_them(session):
    org = make_org(session)
    form = """
| survey |
|        | type              | name | label::English (en) | label::Deutsch (de) |
|        | select_one yes_no | ok   | All right?          | Alles gut?          |
| choices |
|         | list_name | name | label::English (en) | label::Deutsch (de) |
|         | yes_no    | yes  | Yes                 | Ja                  |
|         | yes_no    | no   | No                  | Nein                |
"""
    survey = import_xlsform(session, form.encode(), org, filename="needs.md")
    assert survey.questions[0].text == {"en": "All right?", "de": "Alles gut?"}
    assert [o.label["de"] for o in survey.questions[0].options] == ["Ja", "Nein"]


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
    path = tmp_path / "form.csv"
    path.write_bytes(
        stacked_csv({"survey": [["type", "name", "label"], ["text", "a", "A"], ["audio", "b", "B"]]})
    )
    # Row 1 is "survey", row 2 the header, row 4 the audio question.
    assert 4 in report_of(path.read_bytes(), "form.csv")
    not_stacked = b"type,name,label\ntext,a,A\n"
    org = make_org(session)
    with pytest.raises(InvalidSurveyFile, match="stacks its sheets"):
        import_xlsform(session, not_stacked, org, filename="flat.csv")


def assert_pyxform_converts(exported: bytes) -> None:
    """The reference converter turns the export into an XForm (ODK Validate is not run)."""
    result = convert(xlsform=io.BytesIO(exported), file_type=".xlsx")
    assert "<h:html" in result.xform


def test_every_question_type_exports_to_an_xlsform_pyxform_converts(session):
    survey = make_import_survey(session)
    position = len(survey.questions)
    yes_no = [Option(value=v, position=i, label={"sv": v}) for i, v in enumerate(("ja", "nej"))]
    places = [Option(value="torget", position=0, label={"sv": "Torget"})]
    survey.questions += [
        Question(key="ok", type="single_choice", position=position, text={"sv": "OK?"}, options=yes_no),
        Question(key="where", type="point", position=position + 1, text={"sv": "Var?"}),
        Question(key="spot", type="point", position=position + 2, text={"sv": "Plats?"}, options=places),
    ]
    session.commit()
    assert {q.type for q in survey.questions} == {t.value for t in QuestionType}
    assert_pyxform_converts(export_xlsform(survey))


def test_round_trip_import_export_import_keeps_the_survey(session):
    org = make_org(session)
    first = import_xlsform(session, xlsx_bytes(FORM), org, filename="a.xlsx")
    second = import_xlsform(session, export_xlsform(first), org, filename="b.xlsx")
    assert describe(second) == describe(first)


@pytest.mark.parametrize("template", ["citizen_dialogue", "staff_dialogue", "questionnaire"])
def test_exported_template_surveys_import_unchanged(session, template):
    org = make_org(session)
    original = make_survey(session, org, template=template)
    exported = export_xlsform(original)
    assert_pyxform_converts(exported)
    copy = import_xlsform(session, exported, org, filename="copy.xlsx")
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
        (b"not a workbook at all", "not a valid spreadsheet"),
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
    with pytest.raises(InvalidSurveyFile, match="could not be read"):
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
    assert_pyxform_converts(export_xlsform(original))
    legacy = {
        "survey": [["type", "name", "label::sv", "label::en"], ["text", "q", "Fråga", "Question"]],
        "settings": [["form_title::sv", "form_title::en"], ["Enkät", "Survey"]],
    }
    assert import_xlsform(session, xlsx_bytes(legacy), org, filename="old.xlsx").title == {
        "sv": "Enkät",
        "en": "Survey",
    }
