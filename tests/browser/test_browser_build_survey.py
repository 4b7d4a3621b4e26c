"""An official builds a survey in the browser, a resident answers it, and the official exports it to Excel.

The official's browser uses the English interface (English is the source language, so
these texts hold before and after translation); the resident's uses Swedish.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from surveys.accounts.models import Role
from surveys.answering.models import Response
from surveys.authoring.models import Survey
from tests.browser.test_accessibility import describe, run_axe
from tests.factories import PASSWORD, make_org, make_user
from tests.surveys.import_helpers import csv_bytes, xlsx_bytes

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SLUG = "trygg-alvby"
ANSWER = "Mer belysning vid busshållplatsen och i parken"
XLSFORM = {
    "survey": [
        ["type", "name", "label::Svenska (sv)", "label::English (en)", "required"],
        ["text", "concern", "Vad oroar dig?", "What worries you?", "yes"],
        ["select_one area", "area", "Område", "Area"],
    ],
    "choices": [
        ["list_name", "name", "label::Svenska (sv)", "label::English (en)"],
        ["area", "norr", "Norr", "North"],
        ["area", "soder", "Söder", "South"],
    ],
    "settings": [["form_title", "form_id"], ["Trygghet i Älvby", "trygghet-alvby"]],
}


def _sign_in(page: Page, session: Any, expect: Any) -> None:
    """Create an analyst and sign in through the form, with the interface in English."""
    official = make_user(session, make_org(session, name="Älvby kommun"), Role.ANALYST)
    page.goto("/sprak/en?next=/admin/login")
    page.get_by_label("E-mail").fill(official.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Surveys", level=1)).to_be_visible()


def _accessible(page: Page, name: str) -> None:
    fatal = run_axe(page, name)
    assert not fatal, f"axe found serious/critical problems on {name}:\n{describe(fatal)}"


def _answer_as_resident(phone: Page, survey: Survey, expect: Any) -> None:
    """Answer the required question on page 1 and send; the other pages stay empty."""
    priorities = next(q for q in survey.questions if q.key == "priorities")
    phone.goto(f"/s/{survey.slug}")
    phone.get_by_label(priorities.text_in("sv")).fill(ANSWER)
    phone.get_by_role("button", name="Nästa").click()
    phone.get_by_text("Sida 2 av 3").wait_for()
    phone.get_by_role("button", name="Nästa").click()
    phone.get_by_text("Sida 3 av 3").wait_for()
    phone.get_by_role("button", name="Skicka svaren").click()
    expect(phone.get_by_role("heading", name="Tack för dina svar!")).to_be_visible()


def test_build_a_bilingual_survey_open_it_collect_an_answer_and_export_it_to_excel(
    tmp_path, session, live_server, desktop, phone, screenshot, fresh_db, expect
):
    page = desktop
    _sign_in(page, session, expect)
    page.get_by_role("link", name="New survey").click()
    page.get_by_label("Start from").select_option("citizen_dialogue")
    page.get_by_label("Web address").fill(SLUG)
    page.get_by_label("Round or period").fill("2026")
    page.get_by_label("Languages").fill("sv, en")
    page.get_by_role("button", name="Create survey").click()
    expect(page.get_by_text("The survey has been created as a draft.")).to_be_visible()

    page.get_by_label("Title (English)").fill("Safety in Älvby")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The survey has been saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Safety in Älvby", level=1)).to_be_visible()
    page.get_by_role("button", name="Open the survey").click()
    expect(page.get_by_text("The status has been changed.")).to_be_visible()
    screenshot(page, "survey-opened")

    survey = fresh_db().scalar(select(Survey).where(Survey.slug == SLUG))
    assert survey.status == "open" and survey.languages == ["sv", "en"]
    assert survey.title["en"] == "Safety in Älvby"
    _answer_as_resident(phone, survey, expect)

    page.get_by_role("link", name="Responses and analysis").click()
    expect(page.get_by_text("1 response in total.")).to_be_visible()
    screenshot(page, "survey-with-export-links")
    # A job writes the file (jobs run in the request in tests); its page offers the download.
    page.get_by_role("button", name="Export responses as Excel").click(timeout=60_000)
    expect(page.get_by_text("The document is ready.")).to_be_visible(timeout=30_000)
    screenshot(page, "survey-export-ready")
    with page.expect_download() as info:
        page.get_by_role("link", name=f"Download {SLUG}-svar.xlsx").click()
    download = info.value
    assert download.suggested_filename == f"{SLUG}-svar.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    workbook = load_workbook(saved, read_only=True)
    try:
        header, *rows = list(workbook["responses"].values)
    finally:
        workbook.close()
    assert len(rows) == 1
    exported = dict(zip(header, rows[0], strict=False))  # read-only rows end at the last value
    assert exported["priorities"] == ANSWER
    assert (exported["channel"], exported["language"], exported["group"]) == ("web", "sv", "resident")


def test_import_an_xlsform_and_responses_through_the_mapping_step(
    app, tmp_path, session, live_server, desktop, screenshot, fresh_db, expect
):
    app.config["INSTANCE_PATH"] = str(tmp_path / "instance")
    page = desktop
    _sign_in(page, session, expect)
    page.get_by_role("link", name="Import XLSForm").click()
    broken = {
        "survey": [["type", "name", "label"], ["select_one missing", "pick", "Pick?"]],
        "choices": [["list_name", "name", "label"], ["yn", "y", "Yes"]],
    }
    page.get_by_label("XLSForm file").set_input_files(
        {"name": "broken.xlsx", "mimeType": "application/octet-stream", "buffer": xlsx_bytes(broken)}
    )
    page.get_by_role("button", name="Import survey").click()
    problems = page.get_by_role("table", name="Problems in the file")
    expect(problems.get_by_role("row").filter(has_text="'missing'")).to_contain_text("survey")
    expect(page.get_by_role("alert")).to_be_focused()
    screenshot(page, "xlsform-problems")
    _accessible(page, "xlsform-problems-desktop")

    page.get_by_label("XLSForm file").set_input_files(
        {"name": "form.xlsx", "mimeType": "application/octet-stream", "buffer": xlsx_bytes(XLSFORM)}
    )
    page.get_by_role("button", name="Import survey").click()
    expect(page.get_by_role("heading", name="Trygghet i Älvby", level=1)).to_be_visible()
    page.get_by_role("link", name="Import responses").click()
    screenshot(page, "responses-upload")
    _accessible(page, "responses-upload-desktop")

    rows = [
        ["Vad oroar dig?", "Område", "Datum"],
        ["Mörkt vid skolan", "Norr", "05.03.2026"],
        ["Buskörning", "Mars", "06.03.2026"],
    ]
    page.get_by_label("Response file").set_input_files(
        {"name": "svar.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows, ";", "cp1252")}
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_text("Step 2 of 2")).to_be_visible()
    expect(page.get_by_label("What worries you?")).to_have_value("Vad oroar dig?")
    expect(page.get_by_label("Column with the response date")).to_have_value("Datum")
    screenshot(page, "responses-mapping")
    _accessible(page, "responses-mapping-desktop")

    page.get_by_role("button", name="Import all 2 rows").click()
    problems = page.get_by_role("table", name="Problems by row")
    expect(problems.get_by_role("row").filter(has_text="Mars")).to_contain_text("3")
    expect(page.get_by_role("alert")).to_be_focused()
    assert fresh_db().scalar(select(func.count(Response.id))) == 0
    screenshot(page, "responses-row-errors")
    _accessible(page, "responses-row-errors-desktop")

    page.get_by_label("Area").select_option(label="Do not import")
    page.get_by_role("button", name="Import all 2 rows").click()
    expect(page.get_by_text("Responses imported: 2.")).to_be_visible()
    expect(page.get_by_text("2 responses in total.")).to_be_visible()
    stored = (
        fresh_db()
        .execute(
            select(Response.channel, Response.submitted_on)
            .join(Survey)
            .where(Survey.slug == "trygghet-alvby")
        )
        .all()
    )
    assert sorted((c, d.isoformat()) for c, d in stored) == [
        ("import", "2026-03-05"),
        ("import", "2026-03-06"),
    ]
