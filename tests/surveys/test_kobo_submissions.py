"""A KoBoToolbox/ODK submissions export of an imported XLSForm imports without hand mapping."""

from __future__ import annotations

import datetime as dt

from surveys.transfer.responses_import import (
    import_responses,
    preview_response_file,
    suggest_mapping,
    suggest_meta_columns,
)
from surveys.transfer.xlsform_import import import_xlsform
from tests.factories import make_org
from tests.surveys.import_helpers import csv_bytes, xlsx_bytes
from tests.surveys.test_response_import import answers_of, stored

FORM = {
    "survey": [
        ["type", "name", "label", "required"],
        ["start", "start"],
        ["begin group", "p1", "Sida 1"],
        ["text", "concern", "Vad oroar dig?", "yes"],
        ["select_one yn", "safe", "Känner du dig trygg?"],
        ["end group"],
        ["begin group", "p2", "Sida 2"],
        ["select_multiple places", "places", "Var känner du dig otrygg?"],
        ["end group"],
    ],
    "choices": [
        ["list_name", "name", "label"],
        ["yn", "yes", "Ja"],
        ["yn", "no", "Nej"],
        ["places", "park", "Parken"],
        ["places", "station", "Stationen"],
        ["places", "school", "Skolan"],
    ],
    "settings": [["form_title", "form_id"], ["Trygghet", "kobo_trygghet"]],
}
META = ["_id", "_uuid", "_submission_time", "_index"]


def _imported(session):  # type: ignore[no-untyped-def]
    return import_xlsform(session, xlsx_bytes(FORM), make_org(session), filename="kobo.xlsx")


def _answers(session, survey) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(r.submitted_on, answers_of(r)) for r in stored(session, survey)]


def _import_without_mapping(session, survey, data: bytes, filename: str):  # type: ignore[no-untyped-def]
    columns = preview_response_file(data, filename).columns
    mapping = suggest_mapping(survey, columns)
    meta = suggest_meta_columns(columns, taken=list(mapping.values()))
    import_responses(session, survey, data, filename, mapping, date_column=meta.get("date"))
    return mapping, meta


def test_group_paths_space_separated_codes_and_submission_time(session):
    survey = _imported(session)
    rows = [
        ["start", "p1/concern", "p1/safe", "p2/places",
         "p2/places/park", "p2/places/station", "p2/places/school", *META],
        ["2026-03-01T09:00:00.000+01:00", "Mörkt", "no", "park station", "1", "1", "0",
         "1", "a1b2", "2026-03-05T14:22:03", "1"],
        ["2026-03-02T10:00:00.000+01:00", "Fart", "yes", "", "0", "0", "0",
         "2", "c3d4", "2026-03-06T23:59:59", "2"],
    ]  # fmt: skip
    mapping, meta = _import_without_mapping(session, survey, csv_bytes(rows), "kobo_export.csv")
    assert mapping == {"concern": "p1/concern", "safe": "p1/safe", "places": "p2/places"}
    assert meta == {"date": "_submission_time"}
    answers = _answers(session, survey)
    assert [a[0] for a in answers] == [dt.date(2026, 3, 5), dt.date(2026, 3, 6)]
    assert answers[0][1]["concern"] == "Mörkt" and answers[0][1]["safe"] == ["no"]
    assert answers[0][1]["places"] == ["park", "station"]
    assert "places" not in answers[1][1]


def test_one_column_per_option_becomes_the_question(session):
    survey = _imported(session)
    rows = [
        ["p1/concern", "p1/safe", "p2/places/park", "p2/places/station", "p2/places/school", *META],
        ["Klotter", "yes", "0", "1", "1", "1", "e5", "2026-04-01T08:00:00", "1"],
    ]
    mapping, _ = _import_without_mapping(session, survey, xlsx_bytes({"data": rows}), "kobo.xlsx")
    assert mapping["places"] == "p2/places"
    assert _answers(session, survey)[0][1]["places"] == ["station", "school"]
