"""Incident and indicator lists are imported by background jobs within the reading budget,
like response files; the file page follows the job and then tells what happened."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.upload_jobs import check_xlsform_job, import_list_job
from surveys.accounts.models import Role
from surveys.authoring.models import Survey
from surveys.incidents.models import Incident
from surveys.insights.models import IndicatorValue
from surveys.transfer.upload_models import ResponseUpload
from tests.app.helpers import by_id, csrf_from, flash_messages, sign_in, text_of
from tests.factories import make_org, make_user
from tests.surveys.import_helpers import make_import_survey, ods_package, xlsx_bytes

INCIDENTS = (
    "date,time,area,category,type,description,severity\n"
    "2026-03-01,10:00,Centrum,ordning,disorder,,2\n"
    "2026-03-02,22:30,Centrum,ordning,disorder,,1\n"
)
IMPORT = "/admin/incidents/import"


@pytest.fixture
def org(app):
    return make_org(db.session, slug="lulea", name="Luleå")


def _signed_in(client, org, language: str = "en") -> None:  # type: ignore[no-untyped-def]
    sign_in(client, make_user(db.session, org, Role.ANALYST))
    client.get(f"/sprak/{language}?next=/")


def _post(client, data: bytes, filename: str):  # type: ignore[no-untyped-def]
    return client.post(
        IMPORT,
        data={"csrf_token": csrf_from(client, IMPORT), "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _incidents() -> int:
    return db.session.scalar(select(func.count(Incident.id)))


def _uploads() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(ResponseUpload.id)))


def test_an_incident_list_is_imported_by_a_job_not_in_the_request(client, org, monkeypatch):
    queued: list[tuple[str, tuple[object, ...]]] = []
    monkeypatch.setattr("app.admin.incidents.views.enqueue", lambda path, *args: queued.append((path, args)))
    _signed_in(client, org)
    posted = _post(client, INCIDENTS.encode(), "lista.csv")
    assert posted.status_code == 302
    file_page = posted.headers["Location"]
    assert file_page.endswith("/admin/incidents/import/file?org=lulea")
    assert _incidents() == 0  # nothing was read in the request

    waiting = client.get(file_page)
    html = waiting.get_data(as_text=True)
    assert waiting.status_code == 200
    assert by_id(html, "upload-progress").get("data-refresh-seconds") == "2"
    assert text_of(by_id(html, "upload-progress-label")) == "lista.csv is waiting to be read …"

    [(path, (upload_id,))] = queued
    assert path == "app.upload_jobs:import_list_job"
    import_list_job(upload_id)  # what the worker does
    done = client.get(file_page)
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/incidents?org=lulea")
    assert "2 incidents imported." in flash_messages(
        client.get(done.headers["Location"]).get_data(as_text=True)
    )
    assert _incidents() == 2 and _uploads() == 0
    # The file is gone: the page says so and sends the official back to upload it again.
    again = client.get(file_page)
    assert again.status_code == 302 and again.headers["Location"].endswith(
        "/admin/incidents/import?org=lulea"
    )


def test_a_list_over_the_row_budget_is_refused_by_the_job_in_swedish(app, client, org):
    app.config["IMPORT_MAX_ROWS"] = 1
    _signed_in(client, org, "sv")
    refused = _post(client, INCIDENTS.encode(), "lista.csv")
    page = client.get(refused.headers["Location"], follow_redirects=True)
    messages = flash_messages(page.get_data(as_text=True))
    assert (
        "Filen kunde inte läsas: lista.csv: filen har fler än 1 rader; dela upp den i mindre filer"
        in messages
    )
    assert page.request.path == IMPORT
    assert _incidents() == 0 and _uploads() == 0


def test_an_ods_bomb_in_an_incident_list_is_refused_quickly_in_swedish(app, client, org):
    app.config["IMPORT_MAX_CELLS"] = 500
    _signed_in(client, org, "sv")
    bomb = ods_package(
        '<table:table table:name="lista"><table:table-row table:number-rows-repeated="1000000000">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row></table:table>"
    )
    refused = _post(client, bomb, "lista.ods")
    page = client.get(refused.headers["Location"], follow_redirects=True)
    assert (
        "Filen kunde inte läsas: lista.ods: filen har fler än 500 celler; dela upp den i mindre filer"
        in flash_messages(page.get_data(as_text=True))
    )
    assert _incidents() == 0 and _uploads() == 0


def test_failing_rows_are_told_by_row_and_nothing_is_imported(client, org):
    _signed_in(client, org)
    bad = INCIDENTS + "2026-03-03,08:00,Centrum,ordning,disorder,,9\n"
    page = client.get(_post(client, bad.encode(), "lista.csv").headers["Location"], follow_redirects=True)
    [message] = flash_messages(page.get_data(as_text=True))
    assert message.startswith("Nothing was imported. Fix these rows and try again: row 4, column 'severity'")
    assert _incidents() == 0 and _uploads() == 0


def test_the_file_page_shows_only_the_uploaders_file_of_their_organisation(app, client, org, monkeypatch):
    monkeypatch.setattr("app.admin.incidents.views.enqueue", lambda path, *args: None)
    _signed_in(client, org)
    _post(client, INCIDENTS.encode(), "lista.csv")
    other = make_org(db.session, slug="annan", name="Annan")
    stranger = app.test_client()
    sign_in(stranger, make_user(db.session, other, Role.ADMIN))
    assert stranger.get("/admin/incidents/import/file?org=lulea").status_code == 404
    colleague = app.test_client()  # same organisation, but not this upload's session
    sign_in(colleague, make_user(db.session, org, Role.ADMIN))
    assert colleague.get("/admin/incidents/import/file?org=lulea").status_code == 302
    gone = stranger.get("/admin/incidents/import/file?org=annan")
    assert gone.status_code == 302 and gone.headers["Location"].endswith("/admin/incidents/import?org=annan")
    assert _uploads() == 1


INDICATORS = "period;indikator;värde\n2025;Anmälda narkotikabrott;30\n2025;Skadegörelse;12\n".encode(
    "utf-8-sig"
)


def _post_indicators(client, survey, data: bytes, filename: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/admin/surveys/{survey.slug}/indicators",
        data={
            "csrf_token": csrf_from(client, f"/admin/surveys/{survey.slug}/situation"),
            "file": (io.BytesIO(data), filename),
        },
        content_type="multipart/form-data",
    )


def _indicator_values() -> int:
    return db.session.scalar(select(func.count(IndicatorValue.id)))


def test_an_indicator_file_is_imported_by_a_job_not_in_the_request(client, monkeypatch):
    survey = make_import_survey(db.session)
    slug = survey.slug
    queued: list[tuple[str, tuple[object, ...]]] = []
    monkeypatch.setattr("app.admin.insights.views.enqueue", lambda path, *args: queued.append((path, args)))
    _signed_in(client, survey.organisation)
    posted = _post_indicators(client, survey, INDICATORS, "indikatorer.csv")
    assert posted.status_code == 302
    file_page = posted.headers["Location"]
    assert file_page.endswith(f"/admin/surveys/{slug}/indicators/file")
    assert _indicator_values() == 0
    waiting = client.get(file_page).get_data(as_text=True)
    assert text_of(by_id(waiting, "upload-progress-label")) == "indikatorer.csv is waiting to be read …"

    [(path, (upload_id,))] = queued
    assert path == "app.upload_jobs:import_list_job"
    import_list_job(upload_id)
    done = client.get(file_page)
    assert done.status_code == 302 and done.headers["Location"].endswith(
        f"/admin/surveys/{slug}/situation#indicators"
    )
    assert "2 indicator values imported." in flash_messages(
        client.get(done.headers["Location"]).get_data(as_text=True)
    )
    assert _indicator_values() == 2 and _uploads() == 0


def test_an_indicator_file_over_the_cell_budget_is_refused_in_swedish(app, client):
    app.config["IMPORT_MAX_CELLS"] = 5
    survey = make_import_survey(db.session)
    slug = survey.slug
    _signed_in(client, survey.organisation, "sv")
    refused = _post_indicators(client, survey, INDICATORS, "indikatorer.csv")
    page = client.get(refused.headers["Location"], follow_redirects=True)
    assert page.request.path == f"/admin/surveys/{slug}/situation"
    assert (
        "Filen kunde inte läsas: indikatorer.csv: filen har fler än 5 celler; dela upp den i mindre filer"
        in flash_messages(page.get_data(as_text=True))
    )
    assert _indicator_values() == 0 and _uploads() == 0


FORM = {
    "survey": [["type", "name", "label"], ["text", "concern", "Vad oroar dig?"]],
    "settings": [["form_title", "form_id"], ["Trygghet", "trygghet-jobb"]],
}


def _post_form(client, data: bytes, filename: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/admin/surveys/import",
        data={"csrf_token": csrf_from(client, "/admin/surveys/import"), "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _surveys() -> int:
    return db.session.scalar(select(func.count(Survey.id)))


def test_an_xlsform_is_checked_by_a_job_not_in_the_request(client, org, monkeypatch):
    queued: list[tuple[str, tuple[object, ...]]] = []
    monkeypatch.setattr("app.admin.surveys.transfer.enqueue", lambda path, *args: queued.append((path, args)))
    _signed_in(client, org)
    posted = _post_form(client, xlsx_bytes(FORM), "trygghet.xlsx")
    assert posted.status_code == 302 and posted.headers["Location"].endswith("/admin/surveys/import/file")
    assert _surveys() == 0
    waiting = client.get("/admin/surveys/import/file").get_data(as_text=True)
    assert text_of(by_id(waiting, "upload-progress-label")) == "trygghet.xlsx is waiting to be read …"

    [(path, (upload_id,))] = queued
    assert path == "app.upload_jobs:check_xlsform_job"
    check_xlsform_job(upload_id)
    done = client.get("/admin/surveys/import/file")
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/surveys/trygghet-jobb/edit")
    assert _surveys() == 1 and _uploads() == 0


def test_an_xlsform_bomb_is_refused_by_the_configured_budget_in_swedish(app, client, org):
    app.config["IMPORT_MAX_CELLS"] = 500
    _signed_in(client, org, "sv")
    bomb = ods_package(
        '<table:table table:name="survey"><table:table-row table:number-rows-repeated="100000000">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        "<text:p>text</text:p></table:table-cell></table:table-row></table:table>"
    )
    page = client.get(_post_form(client, bomb, "bomb.ods").headers["Location"])
    assert page.status_code == 422
    problem = text_of(by_id(page.get_data(as_text=True), "error-summary"))
    assert "bomb.ods: filen har fler än 500 celler; dela upp den i mindre filer" in problem
    assert _surveys() == 0 and _uploads() == 0
