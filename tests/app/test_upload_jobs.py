"""Response files are read and imported by background jobs; the file page follows their progress."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from sqlalchemy import func, select

from app.config import Config, ConfigError
from app.extensions import db
from app.upload_jobs import read_budget, read_upload_job
from surveys.accounts.models import Role
from surveys.answering.models import Response
from surveys.transfer.upload_models import ResponseUpload
from tests.app.helpers import by_id, csrf_from, field, flash_messages, hidden_value, sign_in, text_of, texts
from tests.factories import make_user
from tests.surveys.import_helpers import csv_bytes, make_import_survey, xlsx_bytes

ROWS = [["concern", "safety"], ["Mörkt vid stationen", "2"], ["Fortkörning", "4"]]
MAPPING = {
    "map_concern": "concern",
    "map_safety": "safety",
    "map_area": "",
    "map_places": "",
    "map_age": "",
    "group_column": "",
    "date_column": "",
    "language_column": "",
}


@pytest.fixture
def survey():
    return make_import_survey(db.session)


@pytest.fixture
def official(client, survey):
    user = make_user(db.session, survey.organisation, Role.ANALYST)
    client.get("/sprak/en")
    sign_in(client, user)
    return user


def _url(survey, tail: str = "") -> str:  # type: ignore[no-untyped-def]
    return f"/admin/surveys/{survey.slug}/responses/import{tail}"


def _upload(client, survey, data: bytes, filename: str):  # type: ignore[no-untyped-def]
    url = _url(survey)
    return client.post(
        url,
        data={"csrf_token": csrf_from(client, url), "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _until_finished(client, survey, seconds: float = 20.0):  # type: ignore[no-untyped-def]
    """GET the file page until it stops showing progress (the job runs in a thread)."""
    deadline = time.monotonic() + seconds
    while True:
        page = client.get(_url(survey, "/file"))
        html = page.get_data(as_text=True)
        if page.status_code != 200 or 'id="upload-progress"' not in html:
            return page
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.05)


def _responses() -> int:
    return db.session.scalar(select(func.count(Response.id)))


def test_in_process_jobs_read_then_import_the_file_end_to_end(app, client, official, survey):
    app.config["JOB_BACKEND"] = "thread"  # as in development: a thread of the web process
    uploaded = _upload(client, survey, csv_bytes(ROWS), "svar.csv")
    assert uploaded.status_code == 302 and uploaded.headers["Location"].endswith("/responses/import/file")

    mapping = _until_finished(client, survey)
    html = mapping.get_data(as_text=True)
    assert mapping.status_code == 200
    assert texts(html, "//p[@class='meta']")[0].startswith("Step 2 of 2")
    assert field(html, "map_concern") is not None

    form = {"csrf_token": hidden_value(html, "csrf_token"), **MAPPING}
    confirmed = client.post(_url(survey, "/confirm"), data=form)
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith("/responses/import/file")
    done = _until_finished(client, survey)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/admin/surveys/{survey.slug}")
    assert "Responses imported: 2." in flash_messages(
        client.get(done.headers["Location"]).get_data(as_text=True)
    )
    assert _responses() == 2
    db.session.expire_all()
    assert db.session.scalar(select(func.count(ResponseUpload.id))) == 0


def test_the_file_page_shows_progress_until_the_job_has_read_the_file(client, official, survey, monkeypatch):
    queued: list[tuple[str, tuple[object, ...]]] = []
    monkeypatch.setattr("app.admin.surveys.transfer.enqueue", lambda path, *args: queued.append((path, args)))
    _upload(client, survey, csv_bytes(ROWS), "svar.csv")
    file_page = _url(survey, "/file")  # the job below ends this context's session, and the survey's
    waiting = client.get(file_page)
    html = waiting.get_data(as_text=True)
    assert waiting.status_code == 200
    progress = by_id(html, "upload-progress")
    assert progress.get("data-refresh-seconds") == "2"  # the page reloads itself
    assert text_of(by_id(html, "upload-progress-label")) == "svar.csv is waiting to be read …"
    assert _responses() == 0

    [(path, (upload_id,))] = queued
    assert path == "app.upload_jobs:read_upload_job"
    read_upload_job(upload_id)  # what the worker does
    ready = client.get(file_page)
    assert ready.status_code == 200 and "upload-progress" not in ready.get_data(as_text=True)
    assert texts(ready.get_data(as_text=True), "//p[@class='meta']")[0].startswith("Step 2 of 2")


def test_the_budgets_come_from_the_configuration_and_their_errors_are_in_swedish(app, client, survey):
    app.config.update(IMPORT_MAX_ROWS=2, IMPORT_MAX_UNZIPPED_MB=1)
    client.get("/sprak/sv")
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    many = csv_bytes([["concern"]] + [[f"svar {i}"] for i in range(3)])
    _upload(client, survey, many, "svar.csv")
    refused = _until_finished(client, survey)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    problem = text_of(by_id(html, "error-summary"))
    assert "svar.csv: filen har fler än 2 rader; dela upp den i mindre filer" in problem
    assert texts(html, "//p[@class='meta']")[0].startswith("Steg 1 av 2")
    assert field(html, "file").get("aria-invalid") == "true"

    # A small workbook that unpacks to 4 MB, over this 1 MB budget: refused on its declared sizes.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<c>" * (4 * 1024 * 1024 // 3))
    _upload(client, survey, buffer.getvalue(), "bomb.xlsx")
    bomb = _until_finished(client, survey)
    assert bomb.status_code == 422
    assert (
        "bomb.xlsx: kalkylbladsfilen packas upp till mer data än vi tar emot (mer än 1 MB uppackad)"
        in text_of(by_id(bomb.get_data(as_text=True), "error-summary"))
    )
    assert _responses() == 0 and db.session.scalar(select(func.count(ResponseUpload.id))) == 0


def test_a_workbook_over_the_row_budget_is_refused_in_english_too(app, client, official, survey):
    app.config["IMPORT_MAX_ROWS"] = 2
    workbook = xlsx_bytes({"svar": [["concern"]] + [[f"svar {i}"] for i in range(5)]})
    _upload(client, survey, workbook, "svar.xlsx")
    refused = _until_finished(client, survey)
    assert refused.status_code == 422
    problem = text_of(by_id(refused.get_data(as_text=True), "error-summary"))
    assert "svar.xlsx: the file has more than 2 rows; split it into smaller files" in problem


def test_the_reading_budget_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("TRYGG_IMPORT_MAX_ROWS", "5000")
    monkeypatch.setenv("TRYGG_IMPORT_MAX_CELLS", "90000")
    monkeypatch.setenv("TRYGG_IMPORT_MAX_UNZIPPED_MB", "50")
    monkeypatch.setenv("TRYGG_IMPORT_MAX_SECONDS", "12")
    config = Config()
    assert (config.IMPORT_MAX_ROWS, config.IMPORT_MAX_CELLS) == (5000, 90000)
    assert (config.IMPORT_MAX_UNZIPPED_MB, config.IMPORT_MAX_SECONDS) == (50, 12)
    monkeypatch.setenv("TRYGG_IMPORT_MAX_ROWS", "0")
    with pytest.raises(ConfigError, match="TRYGG_IMPORT_MAX_ROWS must be a whole number above 0"):
        Config()


def test_the_default_budget_fits_the_largest_legitimate_import(app):
    budget = read_budget()
    assert budget.max_rows == 100_000 and budget.max_cells == 5_000_000
    assert budget.max_unzipped_bytes == 200 * 1024 * 1024 and budget.max_seconds == 30.0
