"""A resident answers the citizen dialogue on a phone, through the real UI, in Swedish and English."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from surveys.answering.models import Response
from surveys.authoring.models import Survey
from tests.factories import make_survey

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

# Interface strings as the resident sees them, per language.
UI = {
    "sv": {
        "next": "Nästa",
        "back": "Tillbaka",
        "send": "Skicka svaren",
        "page": "Sida {} av 3",
        "thanks": "Tack för dina svar!",
        "problem": "Det finns ett problem",
        "required": "Svara på den här frågan.",
    },
    "en": {
        "next": "Next",
        "back": "Back",
        "send": "Send answers",
        "page": "Page {} of 3",
        "thanks": "Thank you for your answers!",
        "problem": "There is a problem",
        "required": "Please answer this question.",
    },
}
ANSWERS = {
    "sv": {
        "priorities": "Narkotikahandel vid torget och fortkörning på Storgatan",
        "unsafe_places": "Gångtunneln vid stationen, den är mörk på kvällen",
        "safety_day": "4",
        "safety_night": "1",
        "area": "Norr",
        "age_band": "25_44",
        "comments": "Tack för att ni frågar!",
    },
    "en": {
        "priorities": "More lighting in the park",
        "unsafe_places": "The underpass by the school",
        "safety_day": "5",
        "safety_night": "2",
        "area": "Söder",
        "age_band": "65_79",
        "comments": "Keep asking us",
    },
}


def _questions(survey: Survey) -> dict[str, Any]:
    return {q.key: q for q in survey.questions}


def _field(page: Page, question: Any, language: str) -> Locator:
    """A free-text question's text box, found by its visible label."""
    return page.get_by_label(question.text_in(language))


def _choose(page: Page, question: Any, language: str, value: str, expect: Any) -> None:
    """Tap the label of the option `value` of a radio question, as a resident would."""
    group = page.get_by_role("group", name=question.text_in(language))
    option = question.option_by_value(value)
    # Scale labels read "1 – Very unsafe", "2", … "5 – Very safe"; other options their label.
    text = option.label_in(language) if option else value
    group.locator("label").filter(has_text=re.compile(rf"^{re.escape(text)}( –|$)")).click()
    expect(group.get_by_role("radio", checked=True)).to_have_value(value)


def _answer_survey(page: Page, survey: Survey, language: str, screenshot: Any, expect: Any) -> None:
    """Answer all three pages with a detour back to page 1; ends on the thank-you page."""
    q, ui, answers = _questions(survey), UI[language], ANSWERS[language]
    expect(page.get_by_text(ui["page"].format(1))).to_be_visible()
    _field(page, q["priorities"], language).fill(answers["priorities"])
    _field(page, q["unsafe_places"], language).fill(answers["unsafe_places"])
    screenshot(page, f"{language}-page1-filled")
    page.get_by_role("button", name=ui["next"]).click()

    page.get_by_text(ui["page"].format(2)).wait_for()
    for key in ("safety_day", "safety_night", "area", "age_band"):
        _choose(page, q[key], language, answers[key], expect)
    screenshot(page, f"{language}-page2-filled")
    page.get_by_role("button", name=ui["back"]).click()

    page.get_by_text(ui["page"].format(1)).wait_for()
    expect(_field(page, q["priorities"], language)).to_have_value(answers["priorities"])
    expect(_field(page, q["unsafe_places"], language)).to_have_value(answers["unsafe_places"])
    page.get_by_role("button", name=ui["next"]).click()

    page.get_by_text(ui["page"].format(2)).wait_for()
    for key in ("safety_day", "safety_night", "area", "age_band"):
        group = page.get_by_role("group", name=q[key].text_in(language))
        expect(group.get_by_role("radio", checked=True)).to_have_value(answers[key])
    page.get_by_role("button", name=ui["next"]).click()

    page.get_by_text(ui["page"].format(3)).wait_for()
    _field(page, q["comments"], language).fill(answers["comments"])
    screenshot(page, f"{language}-page3-filled")
    page.get_by_role("button", name=ui["send"]).click()

    expect(page.get_by_role("heading", name=ui["thanks"])).to_be_visible()
    assert page.url.split("?")[0].endswith(f"/s/{survey.slug}/tack")
    screenshot(page, f"{language}-thanks")


def _stored_value(answer: Any) -> str:
    if answer.text is not None:
        return answer.text
    if answer.number is not None:
        return str(answer.number)
    return answer.option.value


def _assert_stored(session: Any, language: str) -> None:
    """Exactly one web response, in `language`, holding every answer given and nothing else."""
    assert session.scalar(select(func.count(Response.id))) == 1
    response = session.scalar(select(Response))
    answers = ANSWERS[language]
    assert (response.language, response.channel, response.area) == (language, "web", answers["area"])
    assert len(response.answers) == len(answers)
    assert {a.question.key: _stored_value(a) for a in response.answers} == answers


def test_answer_the_citizen_dialogue_in_swedish_on_a_phone(
    session, live_server, phone, screenshot, fresh_db, expect
):
    survey = make_survey(session, template="citizen_dialogue")
    phone.goto(f"/s/{survey.slug}")
    expect(phone.locator("html")).to_have_attribute("lang", "sv")
    expect(phone.get_by_role("heading", level=1)).to_have_text(survey.title_in("sv"))
    screenshot(phone, "sv-page1")

    _answer_survey(phone, survey, "sv", screenshot, expect)

    _assert_stored(fresh_db(), "sv")


def test_answer_the_citizen_dialogue_in_english_after_switching_language(
    session, live_server, phone, screenshot, fresh_db, expect
):
    survey = make_survey(session, template="citizen_dialogue")
    q = _questions(survey)
    phone.goto(f"/s/{survey.slug}")
    expect(phone.get_by_text(q["priorities"].text_in("sv"))).to_be_visible()

    survey_languages = phone.get_by_role("navigation", name="Enkätens språk")
    survey_languages.get_by_role("link", name="English").click()

    expect(phone.get_by_role("heading", name=survey.title_in("en"), level=1)).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.get_by_text(q["priorities"].text_in("en"))).to_be_visible()
    expect(phone.get_by_text(q["unsafe_places"].text_in("en"))).to_be_visible()
    expect(phone.get_by_text(q["priorities"].text_in("sv"))).to_have_count(0)
    screenshot(phone, "en-page1")

    _answer_survey(phone, survey, "en", screenshot, expect)

    _assert_stored(fresh_db(), "en")


def test_header_language_switcher_changes_interface_language(session, live_server, phone, expect):
    survey = make_survey(session, template="citizen_dialogue")
    phone.goto(f"/s/{survey.slug}")
    header_languages = phone.get_by_role("navigation", name="Språk", exact=True)
    header_languages.get_by_role("link", name="English").click()
    expect(phone.get_by_role("button", name="Next")).to_be_visible()
    expect(phone.get_by_text(_questions(survey)["priorities"].text_in("en"))).to_be_visible()
    assert phone.url.split("?")[0].endswith(f"/s/{survey.slug}")

    header_languages = phone.get_by_role("navigation", name="Language", exact=True)
    header_languages.get_by_role("link", name="Svenska").click()
    expect(phone.get_by_role("button", name="Nästa")).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("lang", "sv")


def test_empty_required_answer_shows_error_summary_and_keeps_typed_text(
    session, live_server, phone, screenshot, fresh_db, expect
):
    survey = make_survey(session, template="citizen_dialogue")
    q = _questions(survey)
    phone.goto(f"/s/{survey.slug}")
    _field(phone, q["unsafe_places"], "sv").fill("Parkeringshuset")
    phone.get_by_role("button", name="Nästa").click()

    summary = phone.get_by_role("alert").filter(has_text=UI["sv"]["problem"])
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # so screen readers start at the list of problems
    expect(phone).to_have_title(re.compile(r"^Fel: "))
    expect(phone.get_by_text(UI["sv"]["page"].format(1))).to_be_visible()
    screenshot(phone, "sv-error-summary")

    priorities = _field(phone, q["priorities"], "sv")
    error_id = f"q_{q['priorities'].id}-error"
    expect(priorities).to_have_attribute("aria-invalid", "true")
    expect(priorities).to_have_attribute("aria-describedby", re.compile(rf"\b{error_id}\b"))
    expect(phone.locator(f"#{error_id}")).to_contain_text(UI["sv"]["required"])
    expect(priorities).to_have_accessible_description(re.compile(UI["sv"]["required"]))
    expect(_field(phone, q["unsafe_places"], "sv")).to_have_value("Parkeringshuset")

    summary.get_by_role("link").click()
    expect(priorities).to_be_focused()
    expect(priorities).to_be_in_viewport()
    expect(phone.locator(f"label[for=q_{q['priorities'].id}]")).to_be_in_viewport(ratio=1)  # its question too
    screenshot(phone, "sv-error-link-followed")

    priorities.fill("Mer belysning")
    phone.get_by_role("button", name="Nästa").click()
    expect(phone.get_by_text(UI["sv"]["page"].format(2))).to_be_visible()
    expect(phone.locator("#error-summary")).to_have_count(0)
    assert fresh_db().scalar(select(func.count(Response.id))) == 0
