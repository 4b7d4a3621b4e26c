"""A resident who arrives in a language stays in it on every page, and the answer says so."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import lxml.html
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.extensions import db
from surveys.answering.models import Response
from tests.app.helpers import by_id, parse_html, text_of, texts, visible_text
from tests.factories import make_single_page_survey, make_survey

SWEDISH_BROWSER = {"Accept-Language": "sv-SE,sv;q=0.9"}


def _form(html: str) -> tuple[str, dict[str, str]]:
    """The survey form's action and the values it would post."""
    doc = lxml.html.fromstring(html)
    form = doc.xpath("//form[contains(@class, 'survey-form')]")[0]
    fields = {i.get("name"): i.get("value", "") for i in form.xpath(".//input[@type='hidden']")}
    return form.get("action"), fields


def _interface_text(html: str) -> str:
    """All the text of the document, the title included: no Swedish may be left anywhere in it."""
    return lxml.html.fromstring(html).text_content()


def _progress(html: str) -> str:
    return text_of(by_id(html, "progress-label"))


def _lang(html: str) -> str | None:
    return parse_html(html).get("lang")


def test_english_link_keeps_english_through_pages_errors_and_thanks(client):
    survey = make_survey(db.session)
    qs = {q.key: q for q in survey.questions}
    page1 = client.get(f"/s/{survey.slug}?lang=en", headers=SWEDISH_BROWSER).get_data(as_text=True)
    assert _progress(page1) == "Page 1 of 3" and _lang(page1) == "en"
    action, fields = _form(page1)
    assert fields["lang"] == "en"

    empty = client.post(action, data={**fields, "action": "next"}, headers=SWEDISH_BROWSER)
    assert empty.status_code == 422
    error_page = empty.get_data(as_text=True)
    assert "Please answer this question." in text_of(by_id(error_page, "error-summary"))
    assert _progress(error_page) == "Page 1 of 3" and _lang(error_page) == "en"
    action, fields = _form(error_page)

    moved = client.post(
        action,
        data={**fields, f"q_{qs['priorities'].id}": "More light", f"q_{qs['unsafe_places'].id}": "Tunnel"},
        headers=SWEDISH_BROWSER,
    )
    assert moved.status_code == 302
    assert parse_qs(urlsplit(moved.headers["Location"]).query)["lang"] == ["en"]

    page2 = client.get(moved.headers["Location"], headers=SWEDISH_BROWSER).get_data(as_text=True)
    assert _progress(page2) == "Page 2 of 3" and "Sida" not in _interface_text(page2)
    action, fields = _form(page2)
    moved = client.post(
        action,
        data={**fields, f"q_{qs['safety_day'].id}": "4", f"q_{qs['area'].id}": "Norr"},
        headers=SWEDISH_BROWSER,
    )
    page3 = client.get(moved.headers["Location"], headers=SWEDISH_BROWSER).get_data(as_text=True)
    action, fields = _form(page3)
    done = client.post(action, data={**fields, f"q_{qs['comments'].id}": "Thanks"}, headers=SWEDISH_BROWSER)
    assert done.status_code == 302 and "/tack" in done.headers["Location"]
    thanks = client.get(done.headers["Location"], headers=SWEDISH_BROWSER).get_data(as_text=True)
    assert texts(thanks, "//h1") == ["Thank you for your answers!"] and "Tack" not in _interface_text(thanks)
    assert db.session.scalar(select(Response.language)) == "en"


def test_expired_session_token_rerenders_in_the_residents_language(client):
    survey = make_single_page_survey(db.session)
    action, fields = _form(
        client.get(f"/s/{survey.slug}?lang=en", headers=SWEDISH_BROWSER).get_data(as_text=True)
    )
    concern = survey.questions[0].id
    response = client.post(
        action, data={**fields, "csrf_token": "stale", f"q_{concern}": "Dark"}, headers=SWEDISH_BROWSER
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your session had expired" in visible_text(html)
    assert any(
        label.startswith("What worries you?") for label in texts(html, "//form//*[contains(@class, 'label')]")
    )
    assert _form(html)[1]["lang"] == "en"


def test_database_down_retry_keeps_the_language(client, monkeypatch):
    survey = make_single_page_survey(db.session)
    action, fields = _form(
        client.get(f"/s/{survey.slug}?lang=en", headers=SWEDISH_BROWSER).get_data(as_text=True)
    )
    concern = survey.questions[0].id
    original, failures = Session.commit, [1]

    def flaky(self):  # type: ignore[no-untyped-def]
        if failures[0]:
            failures[0] -= 1
            raise OperationalError("COMMIT", {}, Exception("server closed the connection"))
        return original(self)

    monkeypatch.setattr(Session, "commit", flaky)
    down = client.post(action, data={**fields, f"q_{concern}": "Dark"}, headers=SWEDISH_BROWSER)
    assert down.status_code == 503
    html = down.get_data(as_text=True)
    assert "Please try again" in visible_text(html)
    retry_form = lxml.html.fromstring(html).xpath("//form")[-1]
    kept = {i.get("name"): i.get("value") for i in retry_form.xpath(".//input[@type='hidden']")}
    assert kept["lang"] == "en"
    again = client.post(retry_form.get("action"), data={**kept, "action": "retry"}, headers=SWEDISH_BROWSER)
    assert again.status_code == 302 and "lang=en" in again.headers["Location"]
    assert db.session.scalar(select(Response.language)) == "en"


def test_back_after_sending_then_sending_again_says_the_answers_arrived(client):
    survey = make_survey(db.session)
    qs = {q.key: q for q in survey.questions}
    url = f"/s/{survey.slug}"
    answers = {
        1: {f"q_{qs['priorities'].id}": "Mer belysning", f"q_{qs['unsafe_places'].id}": "Tunneln"},
        2: {f"q_{qs['safety_day'].id}": "4", f"q_{qs['area'].id}": "Norr"},
        3: {f"q_{qs['comments'].id}": "Tack"},
    }
    for page in (1, 2, 3):
        action, fields = _form(client.get(f"{url}?page={page}").get_data(as_text=True))
        sent = client.post(action, data={**fields, **answers[page]})
    assert "/tack" in sent.headers["Location"]

    # The browser's back button reloads page 3 (a fresh form), and the resident sends it again.
    action, fields = _form(client.get(f"{url}?page=3").get_data(as_text=True))
    again = client.post(action, data={**fields, **answers[3]})
    assert again.status_code == 302 and "/tack" in again.headers["Location"]
    html = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Dina svar har redan tagits emot" in visible_text(html)
    assert "saknas" not in _interface_text(html)
    assert db.session.scalar(select(func.count(Response.id))) == 1

    # Starting over from page 1 is a new answer (a shared tablet at a meeting).
    action, fields = _form(client.get(url).get_data(as_text=True))
    restarted = client.post(action, data={**fields, **answers[1]})
    assert "page=2" in restarted.headers["Location"]


def test_choosing_another_language_on_a_lang_link_page_takes_effect(client):
    survey = make_single_page_survey(db.session)
    chosen = client.get(f"/sprak/sv?next=/s/{survey.slug}?lang%3Den%26page%3D1")
    assert chosen.status_code == 302
    location = chosen.headers["Location"]
    assert "lang=" not in location and "page=1" in location
    html = client.get(location, headers=SWEDISH_BROWSER).get_data(as_text=True)
    assert any(
        label.startswith("Vad oroar dig?") for label in texts(html, "//form//*[contains(@class, 'label')]")
    )
    assert _lang(html) == "sv"
