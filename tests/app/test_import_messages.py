"""Import errors from the domain are shown in the staff member's language, Swedish or English."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest

from app.extensions import db
from app.import_messages import row_error, sheet_problem, translated
from surveys.accounts.models import Role
from surveys.transfer.errors import RowError, SheetProblem
from surveys.transfer.messages import N_
from tests.app.helpers import csrf_from, hidden_value, sign_in
from tests.factories import make_org, make_user
from tests.surveys.import_helpers import csv_bytes, make_import_survey

ROWS = [
    ["Vad oroar dig?", "Trygghet", "Område"],
    ["Mörkt på gångvägen", "nio", "Söder"],
]
MAPPING = {
    "map_concern": "Vad oroar dig?",
    "map_safety": "Trygghet",
    "map_area": "Område",
    "map_places": "",
    "map_age": "",
    "group_column": "",
    "date_column": "",
    "language_column": "",
}
# Row 3 has a severity that is not 1, 2 or 3.
INCIDENTS = (
    "date,time,area,category,type,description,severity\n"
    "2026-03-01,10:00,Centrum,ordning,disorder,,2\n"
    "2026-03-02,11:00,Centrum,ordning,disorder,,9\n"
)


@pytest.fixture(autouse=True)
def uploads_in_tmp(app, tmp_path):
    app.config["INSTANCE_PATH"] = str(tmp_path / "instance")


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.get_data(as_text=True))


def _failed_mapping_page(client, language: str) -> str:  # type: ignore[no-untyped-def]
    survey = make_import_survey(db.session)
    client.get(f"/sprak/{language}")
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    url = f"/admin/surveys/{survey.slug}/responses/import"
    upload = client.post(
        url,
        data={
            "csrf_token": csrf_from(client, url),
            "file": (io.BytesIO(csv_bytes(ROWS)), "svar.csv"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert upload.status_code == 200
    form = {"csrf_token": hidden_value(_text(upload), "csrf_token"), **MAPPING}
    failed = client.post(f"{url}/confirm", data=form, follow_redirects=True)
    assert failed.status_code == 422
    return _text(failed)


def _failed_incident_import(client, language: str) -> str:  # type: ignore[no-untyped-def]
    org = make_org(db.session, slug="lulea", name="Luleå")
    sign_in(client, make_user(db.session, org, Role.ADMIN))
    client.get(f"/sprak/{language}?next=/")
    response = client.post(
        "/admin/incidents/import",
        data={
            "csrf_token": csrf_from(client, "/admin/incidents/import"),
            "file": (io.BytesIO(INCIDENTS.encode()), "lista.csv"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    return _text(response)


def test_mapping_page_shows_row_problems_in_swedish(client):
    page = _failed_mapping_page(client, "sv")
    assert re.search(r"<td>Trygghet</td><td>'nio' är inte ett heltal från 1 till 5</td>", page)
    assert "is not a whole number" not in page


def test_mapping_page_shows_row_problems_in_english(client):
    page = _failed_mapping_page(client, "en")
    assert re.search(r"<td>Trygghet</td><td>'nio' is not a whole number from 1 to 5</td>", page)


def test_incident_import_tells_the_bad_row_in_swedish(client):
    page = _failed_incident_import(client, "sv")
    assert "rad 3, kolumn 'severity': '9' är inte 1, 2 eller 3" in page
    assert "row 3" not in page


def test_incident_import_tells_the_bad_row_in_english(client):
    page = _failed_incident_import(client, "en")
    assert "row 3, column 'severity': '9' is not 1, 2 or 3" in page


def test_unreadable_file_reason_is_translated(client):
    survey = make_import_survey(db.session)
    client.get("/sprak/sv")
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    url = f"/admin/surveys/{survey.slug}/responses/import"
    response = client.post(
        url,
        data={
            "csrf_token": csrf_from(client, url),
            "file": (io.BytesIO(b"a;b\n"), "tom.csv"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 422
    assert "tom.csv har en rubrikrad men inga rader" in _text(response)


def test_domain_text_stays_english_and_nested_texts_are_translated(app):
    example = N_("write latitude,longitude in decimal degrees, e.g. 59.3293,18.0686")
    error = RowError(3, "plats", N_("%(text)r is not a place; %(example)s", text="x", example=example))
    assert str(error) == (
        "row 3, column 'plats': 'x' is not a place; "
        "write latitude,longitude in decimal degrees, e.g. 59.3293,18.0686"
    )
    problem = SheetProblem("survey", 4, N_("the type is missing"))
    with app.test_request_context(headers={"Accept-Language": "sv"}):
        assert row_error(error) == (
            "rad 3, kolumn 'plats': 'x' är ingen plats; "
            "skriv latitud,longitud i decimalgrader, t.ex. 59.3293,18.0686"
        )
        assert sheet_problem(problem) == "bladet survey, rad 4: typen saknas"
        assert translated("plain text from a library") == "plain text from a library"


def test_large_numbers_in_import_messages_use_the_readers_separator(app):
    from flask_babel import force_locale

    message = N_("%(name)s has more than %(n)s rows; split it", name="svar.csv", n=10000)
    with app.test_request_context(), force_locale("sv"):
        assert translated(message) == "svar.csv har fler än 10\u00a0000 rader; dela upp filen"
    with app.test_request_context(), force_locale("en"):
        assert "more than 10,000 rows" in translated(message)
