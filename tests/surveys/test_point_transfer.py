"""Point questions ("mark where you feel unsafe") through XLSForm and response import/export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert
from sqlalchemy import func, select

from surveys.answering.answer_values import answer_columns
from surveys.answering.models import Answer, Channel, Response
from surveys.answering.submission import submit_response
from surveys.authoring.models import Option, Question, Survey
from surveys.places.points import format_point, split_point_text
from surveys.transfer.errors import ImportFailed
from surveys.transfer.response_rows import point_part_columns
from surveys.transfer.response_values import parse_point_cell
from surveys.transfer.responses_export import export_responses_csv, export_responses_xlsx, response_header
from surveys.transfer.responses_import import import_responses, suggest_mapping
from surveys.transfer.xlsform_export import export_xlsform
from surveys.transfer.xlsform_import import check_xlsform, import_xlsform
from tests.factories import make_org
from tests.surveys.import_helpers import csv_bytes, xlsx_bytes
from tests.surveys.test_xlsform import describe

# --- XLSForm ---------------------------------------------------------------------------------

POINT_FORM = {
    "survey": [
        [
            "type",
            "name",
            "label::Svenska (sv)",
            "label::English (en)",
            "required",
            "trygg_areas",
            "appearance",
        ],
        ["text", "concern", "Vad oroar dig?", "What worries you?", "yes"],
        [
            "geopoint",
            "where",
            "Markera var du känner dig otrygg",
            "Mark where you feel unsafe",
            "",
            "",
            "placement-map",
        ],
        ["geopoint", "square", "Var på torget?", "Where on the square?", "yes", "torget"],
    ],
    "choices": [
        ["list_name", "name", "label::Svenska (sv)", "label::English (en)"],
        ["torget", "norra", "Norra delen", "North side"],
        ["torget", "sodra", "Södra delen", "South side"],
    ],
    "settings": [["form_id"], ["platser"]],
}


def test_geopoint_becomes_a_point_question_with_its_area_list(session):
    org = make_org(session)
    survey = import_xlsform(session, xlsx_bytes(POINT_FORM), org, filename="platser.xlsx")
    concern, where, square = survey.questions
    assert (where.type, where.required, where.options) == ("point", False, [])
    assert where.text == {"sv": "Markera var du känner dig otrygg", "en": "Mark where you feel unsafe"}
    assert (square.type, square.required) == ("point", True)
    assert [(o.value, o.label) for o in square.options] == [
        ("norra", {"sv": "Norra delen", "en": "North side"}),
        ("sodra", {"sv": "Södra delen", "en": "South side"}),
    ]


def test_lines_shapes_and_missing_area_lists_are_imported_as_points_and_reported(session):
    org = make_org(session)
    form = {
        "survey": [
            ["type", "name", "label", "trygg_areas"],
            ["geotrace", "route", "Din väg"],
            ["geoshape", "zone", "Området"],
            ["geopoint", "where", "Var?", "missing"],
        ],
        "choices": [["list_name", "name", "label"], ["torget", "n", "Norr"]],
    }
    report = {(p.row, p.message) for p in check_xlsform(xlsx_bytes(form), "f.xlsx").dropped}
    assert report == {
        (2, "route: a geotrace is asked as one place on the map"),
        (3, "zone: a geoshape is asked as one place on the map"),
        (4, "where: the area list 'missing' is not in the choices sheet"),
    }
    survey = import_xlsform(session, xlsx_bytes(form), org, filename="f.xlsx")
    assert [(q.key, q.type, len(q.options)) for q in survey.questions] == [
        ("route", "point", 0),
        ("zone", "point", 0),
        ("where", "point", 0),
    ]


def test_point_questions_export_as_geopoint_and_import_unchanged(session):
    org = make_org(session)
    first = import_xlsform(session, xlsx_bytes(POINT_FORM), org, filename="a.xlsx")
    data = export_xlsform(first)
    workbook = load_workbook(io.BytesIO(data))
    try:
        rows = list(workbook["survey"].iter_rows(values_only=True))
        header = list(rows[0])
        by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
        assert by_name["where"]["type"] == "geopoint" and by_name["where"]["trygg_areas"] is None
        assert by_name["square"]["type"] == "geopoint" and by_name["square"]["trygg_areas"] == "square"
        choices = [row[:2] for row in workbook["choices"].iter_rows(values_only=True)][1:]
        assert choices == [("square", "norra"), ("square", "sodra")]
    finally:
        workbook.close()
    assert "<h:html" in convert(xlsform=io.BytesIO(data), file_type=".xlsx").xform
    second = import_xlsform(session, data, org, filename="b.xlsx")
    assert describe(second) == describe(first)


def test_surveys_without_point_areas_get_no_extra_column(session):
    org = make_org(session)
    survey = Survey(organisation=org, slug="p", series="p", languages=["sv"], title={"sv": "P"})
    survey.questions = [Question(key="where", type="point", position=0, text={"sv": "Var?"})]
    session.add(survey)
    session.commit()
    workbook = load_workbook(io.BytesIO(export_xlsform(survey)))
    try:
        header = next(workbook["survey"].iter_rows(values_only=True))
        assert "trygg_areas" not in header
        assert workbook["survey"]["A2"].value == "geopoint"
    finally:
        workbook.close()
    copy = import_xlsform(session, export_xlsform(survey), org, filename="p.xlsx")
    assert describe(copy) == describe(survey)


# --- Parsing one cell ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("59.3293,18.0686", "59.3293,18.0686"),
        (" 59.3293 , 18.0686 ", "59.3293,18.0686"),
        ("59.3293 18.0686", "59.3293,18.0686"),
        ("59.3293 18.0686 31.5 4.8", "59.3293,18.0686"),  # ODK: lat lon altitude accuracy
        ("59,3293 18,0686", "59.3293,18.0686"),  # decimal commas, space separated
        ("'-33.92,18.42", "-33.92,18.42"),  # our export's guard against formulas
        ("−33,92 18,42", "-33.92,18.42"),  # the minus sign "−" and decimal commas
        ("59.32931234,18", "59.329312,18"),
        ("", None),
        (None, None),
    ],
)
def test_point_cells_in_the_accepted_forms(cell, expected):
    assert parse_point_cell(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("59.3293", "'59.3293' has only one coordinate"),
        (59.5, "'59.5' has only one coordinate"),
        ("59.3293,", "'59.3293' has only one coordinate"),
        ("Centrum", "'Centrum' is not a place; write latitude,longitude"),
        ("nan,inf", "'nan,inf' is not a place"),
        ("1_0,2", "is not a place"),
        ("1 2 3 4 5", "is not a place"),
        ("59,3,18,0", "is not a place"),
        ("95,18", "'95,18' is not a place on Earth"),
        ("59.3,-181", "is not a place on Earth"),
    ],
)
def test_bad_point_cells_say_what_is_wrong(cell, message):
    with pytest.raises(ValueError) as caught:
        parse_point_cell(cell)
    assert message in str(caught.value)


def test_stored_point_text_splits_back_into_area_and_comment():
    areas = {"Norra", "Norra centrum", "Söder"}
    assert split_point_text("Norra centrum: mörkt", areas) == ("Norra centrum", "mörkt")
    assert split_point_text("Söder", areas) == ("Söder", None)
    assert split_point_text("Mörkt vid bron", areas) == (None, "Mörkt vid bron")
    assert split_point_text("Väster: okänt område", areas) == (None, "Väster: okänt område")
    assert split_point_text(None, areas) == (None, None)
    assert format_point(59.0, 18.00001) == "59,18.00001"


# --- Response import -------------------------------------------------------------------------


def point_survey(session, *, with_options: bool = False, slug: str = "platser") -> Survey:
    """A closed survey: required free text and an optional point question; areas of the org."""
    org = make_org(session, areas=["Centrum", "Norr", "Söder"])
    survey = Survey(
        organisation=org,
        slug=slug,
        status="closed",
        series="s",
        languages=["sv", "en"],
        title={"sv": "Platser"},
    )
    where = Question(
        key="where",
        type="point",
        position=1,
        text={"sv": "Var känner du dig otrygg?", "en": "Where do you feel unsafe?"},
    )
    if with_options:
        where.options = [Option(value="torget", position=0, label={"sv": "Torget", "en": "The square"})]
    survey.questions = [
        Question(
            key="concern",
            type="free_text",
            position=0,
            required=True,
            text={"sv": "Vad oroar dig?", "en": "What worries you?"},
        ),
        where,
    ]
    session.add(survey)
    session.commit()
    return survey


def point_answers(session, survey: Survey) -> list[tuple]:
    """(latitude, longitude, text, text_redacted) of every point answer, in response order."""
    return [
        tuple(row)
        for row in session.execute(
            select(Answer.latitude, Answer.longitude, Answer.text, Answer.text_redacted)
            .join(Response)
            .join(Question, Answer.question_id == Question.id)
            .where(Response.survey_id == survey.id, Question.type == "point")
            .order_by(Response.id)
        )
    ]


def submit(session, survey: Survey, token: str, concern: str, where: dict | None) -> None:
    by_key = {q.key: q.id for q in survey.questions}
    values: dict = {by_key["concern"]: concern}
    if where is not None:
        values[by_key["where"]] = where
    submit_response(
        session,
        survey,
        values,
        submission_token=token,
        language="sv",
        channel=Channel.PAPER,
        enforce_open=False,
        today=dt.date(2026, 3, 5),
    )


WEB_VALUES = [
    {"point": "59.3293,18.0686", "area": "Norr", "comment": "Ring Anna på 070-123 45 67"},
    {"point": "59.3293,18.0686"},
    {"area": "Söder"},
    {"comment": "Mörkt vid bron"},
    None,
]


def test_imported_points_are_stored_like_answers_from_the_web_form(session):
    survey = point_survey(session)
    for n, value in enumerate(WEB_VALUES):
        submit(session, survey, f"web{n}", "Mörkt", value)
    from_web = point_answers(session, survey)
    data = csv_bytes(
        [
            ["concern", "Var", "Var (område)", "Var kommentar"],
            ["Mörkt", "59.3293 18.0686 12.0 5.0", "norr", "Ring Anna på 070-123 45 67"],
            ["Mörkt", "59.3293, 18.0686", "", ""],
            ["Mörkt", "", "Söder", ""],
            ["Mörkt", "", "", "Mörkt vid bron"],
            ["Mörkt", "", "", ""],
        ],
        delimiter=";",
    )
    mapping = {"concern": "concern", "where": "Var"}
    assert point_part_columns(survey, ["concern", "Var", "Var (område)", "Var kommentar"], mapping) == {
        "where": {"area": "Var (område)", "comment": "Var kommentar"}
    }
    report = import_responses(session, survey, data, "svar.csv", mapping)
    assert report.imported == 5
    assert point_answers(session, survey)[len(from_web) :] == from_web
    assert "070-123 45 67" not in from_web[0][3]


def test_point_column_errors_have_row_and_column_and_nothing_is_stored(session):
    survey = point_survey(session)
    comment = "x" * 5001
    data = csv_bytes(
        [
            ["concern", "where", "where_area", "where_comment"],
            ["Mörkt", "59.3", "", ""],
            ["Mörkt", "Centrum", "Mars", ""],
            ["Mörkt", "91,18", "", comment],
            ["Mörkt", "59.3,18.0", "Centrum", "ok"],
        ]
    )
    with pytest.raises(ImportFailed) as caught:
        import_responses(session, survey, data, "svar.csv", {"concern": "concern", "where": "where"})
    found = [(e.row, e.column, e.message) for e in caught.value.errors]
    assert [(row, column) for row, column, _ in found] == [
        (2, "where"),
        (3, "where"),
        (3, "where_area"),
        (4, "where"),
        (4, "where_comment"),
    ]
    assert found[0][2].startswith("'59.3' has only one coordinate; write latitude,longitude")
    assert found[1][2].startswith("'Centrum' is not a place")
    assert found[2][2] == "'Mars' is not one of the areas (Centrum, Norr, Söder)"
    assert "not a place on Earth" in found[3][2]
    assert found[4][2] == "the text is longer than 5000 characters"
    assert "row 2, column 'where'" in str(caught.value.errors[0])
    assert session.scalar(select(func.count(Response.id))) == 0


def test_a_point_question_with_its_own_areas_accepts_their_labels(session):
    survey = point_survey(session, with_options=True)
    data = csv_bytes(
        [["concern", "where", "where_area"], ["Mörkt", "", "The square"], ["Mörkt", "", "Centrum"]]
    )
    with pytest.raises(ImportFailed) as caught:
        import_responses(session, survey, data, "a.csv", {"concern": "concern", "where": "where"})
    assert [(e.row, e.column, e.message) for e in caught.value.errors] == [
        (3, "where_area", "'Centrum' is not one of the areas (torget)")
    ]
    good = csv_bytes([["concern", "where", "where_area"], ["Mörkt", "", "The square"]])
    import_responses(session, survey, good, "b.csv", {"concern": "concern", "where": "where"})
    assert point_answers(session, survey) == [(None, None, "torget", "torget")]


def test_columns_mapped_to_questions_are_never_point_parts(session):
    survey = point_survey(session)
    columns = ["concern", "where", "where_area", "where_comment", "where_area (2)"]
    assert point_part_columns(survey, columns, {"concern": "where_comment", "where": "where"}) == {
        "where": {"area": "where_area"}
    }
    assert point_part_columns(survey, columns, {"concern": "concern"}) == {}


# --- Response export and the round trip ------------------------------------------------------


def exported_survey(session) -> Survey:
    survey = point_survey(session)
    submit(
        session,
        survey,
        "a",
        "Mörkt",
        {"point": "-33.92,18.42", "area": "Norr", "comment": "Ring Anna på 070-123 45 67"},
    )
    submit(session, survey, "b", "Ljust", {"comment": '=HYPERLINK("http://evil")'})
    submit(session, survey, "c", "Okej", {"area": "Söder"})
    submit(session, survey, "d", "Inget", None)
    return survey


def read_csv(data: bytes) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_csv_export_has_place_area_and_comment_columns_neutralised(session):
    survey = exported_survey(session)
    assert response_header(survey)[-3:] == ["where", "where_area", "where_comment"]
    rows = read_csv(export_responses_csv(session, survey))
    cells = [(r["where"], r["where_area"], r["where_comment"]) for r in rows]
    assert cells[0][:2] == ("'-33.92,18.42", "Norr")
    assert "070-123 45 67" not in cells[0][2] and cells[0][2].startswith("Ring ")
    assert cells[1:] == [("", "", '\'=HYPERLINK("http://evil")'), ("", "Söder", ""), ("", "", "")]
    raw = read_csv(export_responses_csv(session, survey, include_raw_text=True))
    assert raw[0]["where_comment"] == "Ring Anna på 070-123 45 67"


def test_xlsx_export_writes_point_cells_as_text(session):
    survey = exported_survey(session)
    workbook = load_workbook(io.BytesIO(export_responses_xlsx(session, survey)))
    try:
        sheet = workbook["responses"]
        header = [c.value for c in sheet[1]]
        place = sheet.cell(row=2, column=header.index("where") + 1)
        assert (place.value, place.data_type) == ("'-33.92,18.42", "s")
        assert sheet.cell(row=3, column=header.index("where_comment") + 1).value.startswith("'=")
    finally:
        workbook.close()


@pytest.mark.parametrize(
    ("export", "filename"), [(export_responses_csv, "svar.csv"), (export_responses_xlsx, "svar.xlsx")]
)
def test_raw_export_reimports_into_the_same_point_answers(session, export, filename):
    survey = exported_survey(session)
    original = point_answers(session, survey)
    data = export(session, survey, include_raw_text=True)
    copy = point_survey(session, slug="kopia")
    columns = list(read_csv(export_responses_csv(session, survey))[0])
    mapping = suggest_mapping(copy, columns)
    assert mapping == {"concern": "concern", "where": "where"}
    report = import_responses(session, copy, data, filename, mapping)
    assert report.imported == 4
    assert point_answers(session, copy) == original


def test_the_swedish_csv_names_point_parts_and_reimports_them(session):
    survey = exported_survey(session)
    original = point_answers(session, survey)
    words = {"area": "område", "comment": "kommentar"}
    data = export_responses_csv(
        session, survey, include_raw_text=True, dialect="sv", gettext=lambda m: words.get(m, m)
    )
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    where = next(h for h in header if h.endswith("[where]"))
    assert f"{where.removesuffix(' [where]')} (område) [where_area]" in header
    copy = point_survey(session, slug="kopia")
    mapping = suggest_mapping(copy, header)
    assert mapping["where"] == where
    assert import_responses(session, copy, data, "svar.csv", mapping).imported == 4
    assert point_answers(session, copy) == original


def test_point_part_columns_stay_unique_next_to_a_question_with_that_key(session):
    survey = point_survey(session)
    survey.questions.append(Question(key="where_area", type="free_text", position=2, text={"sv": "?"}))
    session.commit()
    header = response_header(survey)
    assert header[-4:] == ["where", "where__area", "where_comment", "where_area"]
    assert len(set(header)) == len(header)
    mapping = {"concern": "concern", "where": "where", "where_area": "where_area"}
    assert point_part_columns(survey, header, mapping) == {
        "where": {"area": "where__area", "comment": "where_comment"}
    }


def test_answer_columns_give_every_row_the_same_keys(session):
    survey = point_survey(session, with_options=True)
    concern, where = survey.questions
    rows = answer_columns(where, {"point": "59.5,18.25", "area": "torget"}, str.upper)
    rows += answer_columns(concern, "hej", str.upper)
    assert rows[0] == {
        "option_id": None,
        "number": None,
        "text": "torget",
        "text_redacted": "TORGET",
        "latitude": 59.5,
        "longitude": 18.25,
    }
    assert rows[1]["text_redacted"] == "HEJ" and rows[0].keys() == rows[1].keys()
