"""Officials import and export surveys and responses through the web: XLSForm, CSV and XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from werkzeug.http import parse_options_header

from app.extensions import db
from surveys.accounts.models import Role
from surveys.answering.models import Response
from surveys.authoring.models import Survey
from surveys.database.base import utcnow
from surveys.transfer.upload_models import ResponseUpload
from surveys.transfer.uploads import MAX_AGE
from tests.app.helpers import (
    by_id,
    csrf_from,
    download_export,
    field,
    field_value,
    flash_messages,
    hidden_value,
    hrefs,
    parse_html,
    sign_in,
    table_rows,
    text_of,
    texts,
    visible_text,
)
from tests.factories import make_org, make_survey, make_user
from tests.surveys.import_helpers import csv_bytes, make_import_survey, xlsx_bytes

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORM = {
    "survey": [
        ["type", "name", "label::Svenska (sv)", "label::English (en)", "required"],
        ["text", "concern", "Vad oroar dig?", "What worries you?", "yes"],
        ["select_one area", "area", "Område", "Area"],
    ],
    "choices": [
        ["list_name", "name", "label::Svenska (sv)", "label::English (en)"],
        ["area", "norr", "Norr", "North"],
    ],
    "settings": [["form_title", "form_id"], ["Trygghet på webben", "trygghet-webb"]],
}
# A file from another tool as Swedish Excel saves it: Windows-1252, semicolons.
OTHER_TOOL_ROWS = [
    ["Vad oroar dig?", "Trygghet", "Område", "Datum", "Grupp"],
    ["Mörkt på gångvägen", "2", "Söder", "05.03.2026", "personal"],
    ["Fortkörning; buller", "4", "Centrum", "2026-03-06", "invånare"],
]
MAPPING = {
    "map_concern": "Vad oroar dig?",
    "map_safety": "Trygghet",
    "map_area": "Område",
    "map_places": "",
    "map_age": "",
    "group_column": "Grupp",
    "date_column": "Datum",
    "language_column": "",
}


@pytest.fixture(autouse=True)
def uploads_in_tmp(app, tmp_path):
    """Pending uploads go to the test's own instance folder, in English for stable texts."""
    app.config["INSTANCE_PATH"] = str(tmp_path / "instance")
    return tmp_path / "instance" / "uploads"


def _english(client) -> None:  # type: ignore[no-untyped-def]
    client.get("/sprak/en")


@pytest.fixture
def survey():
    return make_import_survey(db.session)


@pytest.fixture
def official(client, survey):
    user = make_user(db.session, survey.organisation, Role.ANALYST)
    _english(client)
    sign_in(client, user)
    return user


def _html(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def _page(response):  # type: ignore[no-untyped-def]
    return parse_html(_html(response))


def _problem(response) -> str:  # type: ignore[no-untyped-def]
    """The text of the page's error summary, the box that gets focus when something is wrong."""
    return text_of(by_id(_html(response), "error-summary"))


def _flashes(response) -> str:  # type: ignore[no-untyped-def]
    return " | ".join(flash_messages(_html(response)))


def _rows_under(page, caption: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The data cells of each body row of the table with `caption`."""
    [table] = page.xpath("//table[normalize-space(caption)=$c]", c=caption)
    return [texts(tr, "./td") for tr in table.xpath("./tbody/tr")]


def _about_file(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Heading → value of the preview's table about the uploaded file."""
    [table] = page.xpath("//table[normalize-space(caption)='About the file']")
    return {row[0]: row[1] for row in table_rows(table)}


def _upload(client, url: str, data: bytes, filename: str, follow: bool = False):  # type: ignore[no-untyped-def]
    return client.post(
        url,
        data={"csrf_token": csrf_from(client, url), "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
        follow_redirects=follow,
    )


def _responses() -> int:
    return db.session.scalar(select(func.count(Response.id)))


def _kept() -> int:
    """Response files kept on the server (with their reading jobs' state)."""
    return db.session.scalar(select(func.count(ResponseUpload.id)))


def _after_job(client, response):  # type: ignore[no-untyped-def]
    """The page a job's file page leads to, once (jobs run inline in tests)."""
    if response.status_code == 302 and response.headers["Location"].endswith("/responses/import/file"):
        return client.get(response.headers["Location"])
    return response


# --- XLSForm ---------------------------------------------------------------------------------


def _upload_form(client, data: bytes, filename: str):  # type: ignore[no-untyped-def]
    """Upload an XLSForm and open the file page it leads to (the job has run, inline in tests);
    a file the form refuses (no file, a wrong type) is answered at once."""
    posted = _upload(client, "/admin/surveys/import", data, filename)
    if posted.status_code != 302:
        return posted
    assert posted.headers["Location"].endswith("/admin/surveys/import/file")
    return client.get(posted.headers["Location"])


def test_xlsform_upload_creates_a_draft_in_the_users_organisation(client, official):
    response = _upload_form(client, xlsx_bytes(FORM), "form.xlsx")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/surveys/trygghet-webb/edit")
    imported = db.session.scalar(select(Survey).where(Survey.slug == "trygghet-webb"))
    assert imported.status == "draft" and imported.organisation_id == official.organisation_id
    assert [q.key for q in imported.questions] == ["concern", "area"]
    assert "imported as a draft" in _flashes(client.get(response.headers["Location"]))


def test_xlsform_problems_are_listed_by_sheet_and_row_and_nothing_is_stored(client, official):
    bad = {
        "survey": [
            ["type", "name", "label"],
            ["text", "ok", "Fine"],
            [],
            ["select_one missing", "pick", "Pick"],
        ],
        "choices": [["list_name", "name", "label"], ["yn", "y", "Yes"]],
    }
    response = _upload_form(client, xlsx_bytes(bad), "bad.xlsx")
    assert response.status_code == 422
    summary = by_id(_html(response), "error-summary")
    assert texts(summary, ".//h2") == ["The file was not imported"]
    assert _rows_under(summary, "Problems in the file") == [
        ["survey", "4", "choice list 'missing' is not in the choices sheet"]
    ]
    assert db.session.scalar(select(func.count(Survey.id))) == 1  # only the fixture's survey


def test_what_is_left_out_is_shown_by_row_before_the_official_confirms(client, official):
    kobo = {
        "survey": [
            ["type", "name", "label", "relevant"],
            ["start", "start"],
            ["text", "ok", "Fine?"],
            ["text", "why", "Why?", "${ok} != ''"],
        ]
    }
    response = _upload_form(client, xlsx_bytes(kobo), "kobo.xlsx")
    assert response.status_code == 200
    page = _page(response)
    assert _rows_under(page, "Left out or changed") == [
        ["survey", "2", "start: start is device metadata, never collected"],
        ["survey", "4", "why: the skip logic (relevant) is left out; it is always shown"],
    ]
    assert db.session.scalar(select(func.count(Survey.id))) == 1  # nothing stored yet
    token = page.xpath("//form[contains(@action, '/import/confirm')]//input[@name='csrf_token']/@value")[0]
    confirmed = client.post("/admin/surveys/import/confirm", data={"csrf_token": token})
    assert confirmed.status_code == 302
    assert confirmed.headers["Location"].endswith("/admin/surveys/import/file")
    confirmed = client.get(confirmed.headers["Location"])  # the import job has run (inline in tests)
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith("/kobo/edit")
    imported = db.session.scalar(select(Survey).where(Survey.slug == "kobo"))
    assert [q.key for q in imported.questions] == ["ok", "why"]
    again = client.post("/admin/surveys/import/confirm", data={"csrf_token": token})
    assert again.status_code == 302 and again.headers["Location"].endswith("/admin/surveys/import")


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"PK\x03\x04garbage", "form.xlsx", "damaged or truncated"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "form.xlsx",
            "password-protected",
        ),
        (bytes(range(256)) * 4, "form.csv", "looks binary"),
        (b"%PDF-1.7", "form.pdf", "Choose an .xlsx, .xls, .ods, .csv or .md file."),
    ],
)
def test_unreadable_xlsform_files_get_a_clear_page(client, official, data, filename, message):
    response = _upload_form(client, data, filename)
    assert response.status_code == 422
    assert message in _problem(response)


def test_xlsform_upload_without_a_file_asks_for_one(client, official):
    token = csrf_from(client, "/admin/surveys/import")
    response = client.post("/admin/surveys/import", data={"csrf_token": token})
    assert response.status_code == 422 and "Choose a file to upload." in _problem(response)


def test_xlsform_export_downloads_a_workbook_that_imports_again(client, official, survey):
    download = client.get(f"/admin/surveys/{survey.slug}/export.xlsform.xlsx")
    assert download.status_code == 200 and download.mimetype == XLSX_MIME
    assert download.headers["Content-Disposition"] == f'attachment; filename="{survey.slug}-xlsform.xlsx"'
    workbook = load_workbook(io.BytesIO(download.data))
    try:
        assert workbook.sheetnames == ["survey", "choices", "settings"]
    finally:
        workbook.close()
    again = _upload_form(client, download.data, "export.xlsx")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/{survey.slug}-2/edit")


# --- Response import -------------------------------------------------------------------------


def _start_import(client, survey, rows=OTHER_TOOL_ROWS):  # type: ignore[no-untyped-def]
    data = csv_bytes(rows, delimiter=";", encoding="cp1252")
    return _upload(client, f"/admin/surveys/{survey.slug}/responses/import", data, "från Netigate.csv", True)


def _confirm(client, survey, html: str, **changes: str):  # type: ignore[no-untyped-def]
    """Confirm the mapping; the response is where the import job's outcome leads."""
    form = {"csrf_token": hidden_value(html, "csrf_token"), **MAPPING, **changes}
    return _after_job(
        client, client.post(f"/admin/surveys/{survey.slug}/responses/import/confirm", data=form)
    )


def test_response_import_preview_mapping_and_confirm(client, official, survey, uploads_in_tmp):
    preview = _start_import(client, survey)
    assert preview.status_code == 200
    html = _html(preview)
    page = parse_html(html)
    assert texts(page, "//p[@class='meta']")[0].startswith("Step 2 of 2")
    about = _about_file(page)
    assert about["File name"] == "fran_Netigate.csv"  # a safe name, never the user's
    assert about["Text encoding"].startswith("Windows-1252") and about["Separator"] == "semicolon (;)"
    assert about["Rows with responses"] == "2"
    examples = {row[0]: row[1:] for row in table_rows(page.xpath("//section//table")[1])[1:]}
    assert examples["Vad oroar dig?"] == ["Mörkt på gångvägen", "Fortkörning; buller"]
    # Suggested: question texts and metadata names match; "Trygghet" is not the scale's text.
    assert field_value(html, "map_concern") == "Vad oroar dig?"
    assert field_value(html, "map_area") == "Område"
    assert field_value(html, "map_safety") == ""
    assert (field_value(html, "date_column"), field_value(html, "group_column")) == ("Datum", "Grupp")
    assert _kept() == 1

    done = _confirm(client, survey, html)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/admin/surveys/{survey.slug}")
    assert "Responses imported: 2." in _flashes(client.get(done.headers["Location"]))
    stored = db.session.execute(
        select(Response.channel, Response.respondent_group, Response.submitted_on, Response.area).order_by(
            Response.id
        )
    ).all()
    assert [(c, g, d.isoformat(), a) for c, g, d, a in stored] == [
        ("import", "staff", "2026-03-05", "Söder"),
        ("import", "resident", "2026-03-06", "Centrum"),
    ]
    assert _kept() == 0  # deleted once imported


def test_row_errors_are_shown_with_row_numbers_and_nothing_is_stored(
    client, official, survey, uploads_in_tmp
):
    rows = [
        *OTHER_TOOL_ROWS,
        ["Klotter", "nio", "Söder", "2026-03-07", "invånare"],
        ["Skadegörelse", "3", "Mars", "31.02.2026", "invånare"],
    ]
    html = _html(_start_import(client, survey, rows))
    failed = _confirm(client, survey, html)
    assert failed.status_code == 422
    page = _html(failed)
    summary = by_id(page, "error-summary")
    assert texts(summary, ".//h2") == ["Nothing was imported"]
    problems = _rows_under(summary, "Problems by row")
    assert [row[:2] for row in problems] == [["4", "Trygghet"], ["5", "Område"], ["5", "Datum"]]
    assert problems[0][2].startswith("'nio' is not a whole number")
    assert field_value(page, "map_safety") == "Trygghet"  # the choices made are kept
    assert _responses() == 0
    assert _kept() == 1  # kept for a corrected mapping

    short = _confirm(client, survey, page, map_safety="", map_area="", date_column="")
    assert short.status_code == 302
    assert _responses() == 4


def test_required_question_left_unmapped_is_an_error(client, official, survey):
    html = _html(_start_import(client, survey))
    failed = _confirm(client, survey, html, map_concern="")
    assert failed.status_code == 422
    assert "required question 'concern' is not mapped to a column" in _problem(failed)
    assert _responses() == 0


def test_nothing_mapped_and_foreign_columns_are_refused(client, official, survey):
    html = _html(_start_import(client, survey))
    nothing = _confirm(client, survey, html, map_concern="", map_safety="", map_area="")
    assert nothing.status_code == 422 and "Choose a column for at least one question." in _problem(nothing)
    forged = _confirm(client, survey, html, map_concern="Lösenord")  # not a column of the file
    assert forged.status_code == 422 and "Not a valid choice" in _problem(forged)
    assert _responses() == 0


def test_the_same_file_cannot_be_imported_twice(client, official, survey):
    assert _confirm(client, survey, _html(_start_import(client, survey))).status_code == 302
    again = _confirm(client, survey, _html(_start_import(client, survey)))
    assert again.status_code == 302 and again.headers["Location"].endswith("/responses/import")
    assert "has already been imported into this survey" in _flashes(client.get(again.headers["Location"]))
    assert _responses() == 2


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (bytes(range(256)) * 4, "svar.csv", "looks binary"),
        (b"PK\x03\x04garbage", "svar.xlsx", "damaged or truncated"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "svar.xlsx",
            "password-protected",
        ),
        (b"concern\r\n", "svar.csv", "has a header but no rows"),
        (b"", "svar.csv", "is empty"),
        (b"\x7fELF\x02\x01", "svar.exe", "Choose a .csv, .xlsx, .xls or .ods file."),
    ],
)
def test_unreadable_response_files_get_a_clear_page(
    client, official, survey, uploads_in_tmp, data, filename, message
):
    response = _upload(client, f"/admin/surveys/{survey.slug}/responses/import", data, filename, True)
    assert response.status_code == 422
    page = _page(response)
    assert message in _problem(response) and texts(page, "//p[@class='meta']")[0].startswith("Step 1 of 2")
    upload = field(page, "file")
    assert upload.get("aria-invalid") == "true"
    described = [by_id(page, i) for i in upload.get("aria-describedby", "").split()]
    assert any(message in text_of(d) for d in described)
    assert _kept() == 0


def test_oversized_uploads_get_the_too_large_page(app, client, official, survey):
    # Under werkzeug's 500 kB spooling threshold, so the test client keeps the body in memory.
    app.config["MAX_CONTENT_LENGTH"] = 100 * 1024
    big = b"concern\r\n" + b"x" * (300 * 1024)
    for url in ("/admin/surveys/import", f"/admin/surveys/{survey.slug}/responses/import"):
        response = _upload(client, url, big, "big.csv")
        assert response.status_code == 413
        assert texts(_page(response), "//h1") == ["Too much data"]
    assert _responses() == 0


def test_confirm_without_a_kept_upload_asks_for_the_file_again(client, official, survey, uploads_in_tmp):
    token = csrf_from(client, f"/admin/surveys/{survey.slug}/responses/import")
    missing = client.post(
        f"/admin/surveys/{survey.slug}/responses/import/confirm", data={"csrf_token": token, **MAPPING}
    )
    assert missing.status_code == 302 and missing.headers["Location"].endswith("/responses/import")
    assert "Upload it again" in _flashes(client.get(missing.headers["Location"]))

    html = _html(_start_import(client, survey))
    (kept,) = db.session.scalars(select(ResponseUpload)).all()
    kept.updated_at = utcnow() - MAX_AGE - dt.timedelta(seconds=5)
    db.session.commit()
    expired = _confirm(client, survey, html)
    assert expired.status_code == 302 and expired.headers["Location"].endswith("/responses/import")
    assert _kept() == 0 and _responses() == 0


def test_an_upload_belongs_to_its_survey(client, official, survey):
    other = make_survey(db.session, official.organisation, status="closed")
    html = _html(_start_import(client, survey))
    form = {"csrf_token": hidden_value(html, "csrf_token"), "map_priorities": "Vad oroar dig?"}
    elsewhere = client.post(f"/admin/surveys/{other.slug}/responses/import/confirm", data=form)
    assert elsewhere.status_code == 302 and _responses() == 0


def test_old_uploads_of_abandoned_sessions_are_swept(client, official, survey):
    old = utcnow() - MAX_AGE - dt.timedelta(minutes=1)
    db.session.add(
        ResponseUpload(token="abandoned", survey_id=survey.id, filename="a.csv", data=b"old", updated_at=old)
    )
    db.session.commit()
    _start_import(client, survey)
    assert db.session.scalars(select(ResponseUpload.token)).all() != ["abandoned"] and _kept() == 1


# --- Response export -------------------------------------------------------------------------


@pytest.fixture
def answered(client, official, survey):
    """The survey with one imported response holding a phone number in its free text."""
    rows = [["concern", "safety"], ["Ring mig på 070-123 45 67", "3"]]
    html = _html(
        _upload(client, f"/admin/surveys/{survey.slug}/responses/import", csv_bytes(rows), "a.csv", True)
    )
    columns = {**{k: "" for k in MAPPING}, "map_concern": "concern", "map_safety": "safety"}
    assert _confirm(client, survey, html, **columns).status_code == 302
    return survey


def test_response_export_csv_has_a_bom_and_masks_free_text(client, answered):
    download = download_export(client, answered.slug, "csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert parse_options_header(download.headers["Content-Disposition"]) == (
        "attachment",
        {"filename": f"{answered.slug}-svar.csv"},
    )
    assert download.headers["Cache-Control"] == "no-store"
    assert download.data.startswith("\ufeff".encode())
    text = download.data.decode("utf-8-sig")
    assert "[telefon]" in text and "070" not in text
    raw = download_export(client, answered.slug, "csv", raw=True)
    assert "070-123 45 67" in raw.data.decode("utf-8-sig")


def test_a_swedish_official_gets_swedish_headings_with_the_keys_and_an_english_one_keys(client, answered):
    client.get("/sprak/sv")
    header = next(
        csv.reader(
            io.StringIO(download_export(client, answered.slug, "csv").data.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert header[:2] == ["Omgång [round]", "Grupp [group]"]
    assert any(h.endswith("[concern]") and h != "concern [concern]" for h in header)
    client.get("/sprak/en")
    english = download_export(client, answered.slug, "csv").data.decode("utf-8-sig")
    assert english.splitlines()[0].startswith('"round","group"')


def test_response_export_xlsx_opens_in_excel(client, answered):
    download = download_export(client, answered.slug, "xlsx")
    assert download.status_code == 200 and download.mimetype == XLSX_MIME
    workbook = load_workbook(io.BytesIO(download.data), read_only=True)
    try:
        assert workbook.sheetnames == ["responses", "questions"]
        rows = list(workbook["responses"].values)
    finally:
        workbook.close()
    header = list(rows[0])
    assert len(rows) == 2 and rows[1][header.index("safety")] == 3
    assert client.post(f"/admin/surveys/{answered.slug}/responses.json").status_code == 404


def test_an_export_is_made_by_a_job_and_handed_only_to_the_person_who_asked(app, client, answered):
    token = csrf_from(client, "/admin/")
    url = f"/admin/surveys/{answered.slug}/responses.xlsx"
    made = client.post(url, data={"csrf_token": token, "raw": "1"})
    assert made.status_code == 303
    page_url = made.headers["Location"]
    ready = parse_html(client.get(page_url).get_data(as_text=True))
    assert text_of(ready.xpath("//h1")[0]) == "Responses as Excel, free text as written"
    [link] = ready.xpath("//a[@download]/@href")
    assert client.get(link).status_code == 200
    colleague = app.test_client()
    colleague.get("/sprak/en")
    sign_in(colleague, make_user(db.session, answered.organisation, Role.ADMIN))
    assert colleague.get(page_url).status_code == 404
    assert colleague.get(link).status_code == 404


# --- Roles and organisations -----------------------------------------------------------------


def _as(client, survey, role: Role) -> None:  # type: ignore[no-untyped-def]
    _english(client)
    sign_in(client, make_user(db.session, survey.organisation, role))


def test_police_export_masked_responses_only(client, survey):
    _as(client, survey, Role.POLICE)
    assert download_export(client, survey.slug, "csv").status_code == 200
    assert download_export(client, survey.slug, "xlsx").status_code == 200
    assert client.get(f"/admin/surveys/{survey.slug}/export.xlsform.xlsx").status_code == 200
    assert download_export(client, survey.slug, "csv", raw=True).status_code == 403
    assert download_export(client, survey.slug, "xlsx", raw=True).status_code == 403
    assert client.get(f"/admin/surveys/{survey.slug}/responses/import").status_code == 403
    assert client.get("/admin/surveys/import").status_code == 403
    html = _html(client.get(f"/admin/surveys/{survey.slug}"))
    assert "Export responses as Excel" in texts(html, "//form//button")
    assert "Import responses" not in visible_text(html) and "Import responses" not in html
    assert not parse_html(html).xpath("//input[@name='raw']")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.STEERING_GROUP])
def test_viewers_and_steering_group_cannot_import_or_export(client, survey, role):
    _as(client, survey, role)
    for fmt, raw in (("csv", False), ("xlsx", False), ("csv", True)):
        assert download_export(client, survey.slug, fmt, raw=raw).status_code == 403, (fmt, raw)
    for url in (
        f"/admin/surveys/{survey.slug}/export.xlsform.xlsx",
        f"/admin/surveys/{survey.slug}/responses/import",
        "/admin/surveys/import",
    ):
        assert client.get(url).status_code == 403, url
    html = _html(client.get(f"/admin/surveys/{survey.slug}"))
    assert "Export responses" not in visible_text(html) and "Export responses" not in html


def test_another_organisations_survey_is_invisible(client, survey):
    stranger = make_user(db.session, make_org(db.session), Role.ADMIN)
    _english(client)
    sign_in(client, stranger)
    for fmt, raw in (("csv", False), ("xlsx", True)):
        assert download_export(client, survey.slug, fmt, raw=raw).status_code == 404, (fmt, raw)
    for url in ("export.xlsform.xlsx", "responses/import"):
        assert client.get(f"/admin/surveys/{survey.slug}/{url}").status_code == 404, url
    token = csrf_from(client, "/admin/surveys/import")
    confirm_url = f"/admin/surveys/{survey.slug}/responses/import/confirm"
    assert client.post(confirm_url, data={"csrf_token": token}).status_code == 404
    upload = _upload_form(client, xlsx_bytes(FORM), "form.xlsx")
    imported = db.session.scalar(select(Survey).where(Survey.slug == "trygghet-webb"))
    assert upload.status_code == 302 and imported.organisation_id == stranger.organisation_id


def test_pages_link_to_import_and_export(client, official, survey):
    index = _html(client.get("/admin/"))
    assert "/admin/surveys/import" in hrefs(index) and "Import XLSForm" in visible_text(index)
    for page in (f"/admin/surveys/{survey.slug}", f"/admin/surveys/{survey.slug}/edit"):
        html = _html(client.get(page))
        links, actions = hrefs(html), parse_html(html).xpath("//form[@method='post']/@action")
        for href in ("responses/import", "export.xlsform.xlsx"):
            assert f"/admin/surveys/{survey.slug}/{href}" in links, (page, href)
        for action in ("responses.xlsx", "responses.csv"):
            assert f"/admin/surveys/{survey.slug}/{action}" in actions, (page, action)
    detail = _html(client.get(f"/admin/surveys/{survey.slug}"))
    [raw] = parse_html(detail).xpath("//form[input[@name='raw'][@value='1']]/@action")
    assert raw == f"/admin/surveys/{survey.slug}/responses.xlsx"


def test_preview_names_a_tab_separator_and_an_excel_workbook(client, official, survey):
    url = f"/admin/surveys/{survey.slug}/responses/import"
    tab_separated = csv_bytes([["concern", "safety"], ["Mörkt", "3"]], delimiter="\t")
    tabbed = _about_file(_page(_upload(client, url, tab_separated, "svar.csv", True)))
    assert (tabbed["Separator"], tabbed["Text encoding"]) == ("tab", "UTF-8")
    workbook = _html(_upload(client, url, xlsx_bytes({"Svar": [["concern"], ["Mörkt"]]}), "svar.xlsx", True))
    assert _about_file(parse_html(workbook))["Format"] == "Excel workbook (first sheet)"
    assert "Separator" not in workbook


def test_the_report_is_in_swedish_by_default(client, official):
    client.get("/sprak/sv")
    kobo = {
        "survey": [
            ["type", "name", "label"],
            ["deviceid", "dev"],
            ["image", "foto", "Foto"],
            ["text", "ok", "Ok?"],
        ]
    }
    page = _page(_upload_form(client, xlsx_bytes(kobo), "kobo.xlsx"))
    [preview] = page.xpath("//section[@class='import-preview']")
    text = text_of(preview)
    assert "kobo.xlsx har 1 fråga som Trygg Dialog kan ställa." in text
    assert "2 rader tas inte med eller ställs på ett annat sätt:" in text
    rows = [texts(tr, "./td") for tr in page.xpath("//tbody/tr")]
    assert rows == [
        ["survey", "2", "dev: deviceid är metadata om enheten och samlas aldrig in"],
        ["survey", "3", "foto: frågor av typen image (mediefiler) tas inte med"],
    ]
