"""The resident's path through the web: home, pages, errors, thank-you."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from surveys.answering.models import Answer, Response
from tests.app.helpers import (
    by_id,
    field,
    field_value,
    find_all,
    hidden_value,
    hrefs,
    parse_html,
    text_of,
    texts,
)
from tests.factories import make_org, make_single_page_survey, make_survey


def _form_fields(client, url):
    html = client.get(url).get_data(as_text=True)
    return html, {
        "csrf_token": hidden_value(html, "csrf_token"),
        "submission_token": hidden_value(html, "submission_token"),
    }


def _questions(html: str) -> list[str]:
    """The label or legend of each question of the survey form, as the resident reads it."""
    return texts(html, "//form[contains(@class, 'survey-form')]//*[contains(@class, 'label')]")


def test_home_lists_open_surveys_only(client):
    org = make_org(db.session, name="Älvby kommun")
    open_survey = make_survey(db.session, org, title={"sv": "Öppen enkät", "en": "Open survey"})
    make_survey(db.session, org, status="draft", title={"sv": "Utkast", "en": "Draft"})
    html = client.get("/", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert texts(html, "//section[@class='org']/h2") == ["Älvby kommun"]
    listed = find_all(html, "//ul[@class='survey-list']//h3/a")
    assert [(text_of(a), a.get("href")) for a in listed] == [("Öppen enkät", f"/s/{open_survey.slug}")]
    assert "Utkast" not in html


def test_single_page_survey_round_trip(client):
    survey = make_single_page_survey(db.session)
    url = f"/s/{survey.slug}"
    html, fields = _form_fields(client, url)
    assert any(label.startswith("Vad oroar dig?") for label in _questions(html))
    ids = {q.key: q.id for q in survey.questions}
    form = {
        **fields,
        "page": "1",
        f"q_{ids['concern']}": "Fortkörning på <b>Storgatan</b>",
        f"q_{ids['safety']}": "2",
        f"q_{ids['area']}": "Norr",
    }
    response = client.post(url, data=form)
    assert response.status_code == 302 and response.headers["Location"].startswith(f"/s/{survey.slug}/tack")
    stored = db.session.scalar(select(Response))
    assert stored.area == "Norr" and stored.language == "sv"
    assert (
        db.session.scalar(select(Answer.text).where(Answer.text.is_not(None)))
        == "Fortkörning på <b>Storgatan</b>"
    )
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert texts(thanks, "//*[@class='confirmation']/h1")[0].startswith(("Tack", "Thank you"))


def test_resubmitting_the_same_form_creates_one_response(client):
    survey = make_single_page_survey(db.session)
    url = f"/s/{survey.slug}"
    _, fields = _form_fields(client, url)
    concern = survey.questions[0].id
    form = {**fields, "page": "1", f"q_{concern}": "Klotter"}
    assert client.post(url, data=form).status_code == 302
    assert client.post(url, data=form).status_code == 302
    assert db.session.scalar(select(func.count(Response.id))) == 1


def test_validation_errors_keep_what_was_typed(client):
    survey = make_single_page_survey(db.session)
    url = f"/s/{survey.slug}"
    _, fields = _form_fields(client, url)
    ids = {q.key: q.id for q in survey.questions}
    response = client.post(
        url, data={**fields, "page": "1", f"q_{ids['concern']}": "", f"q_{ids['safety']}": "4"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert by_id(html, "error-summary").get("role") == "alert"
    assert field(html, f"q_{ids['concern']}").get("aria-invalid") == "true"
    assert by_id(html, f"q_{ids['safety']}-3").get("checked") is not None  # the 4 chosen is kept
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_over_long_answer_gets_a_message_not_a_crash(client):
    survey = make_single_page_survey(db.session)
    url = f"/s/{survey.slug}"
    _, fields = _form_fields(client, url)
    concern = survey.questions[0].id
    response = client.post(url, data={**fields, "page": "1", f"q_{concern}": "x" * 5001})
    assert response.status_code == 422
    assert "5000" in text_of(by_id(response.get_data(as_text=True), "error-summary"))


def test_script_in_answers_is_escaped_on_redisplay(client):
    survey = make_single_page_survey(db.session)
    url = f"/s/{survey.slug}"
    _, fields = _form_fields(client, url)
    ids = {q.key: q.id for q in survey.questions}
    payload = '"><script>alert(1)</script>'
    html = client.post(
        url, data={**fields, "page": "1", f"q_{ids['concern']}": payload, f"q_{ids['safety']}": "9"}
    ).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_expired_csrf_token_rerenders_with_answers_kept(client):
    survey = make_single_page_survey(db.session)
    url = f"/s/{survey.slug}"
    _, fields = _form_fields(client, url)
    concern = survey.questions[0].id
    response = client.post(
        url, data={**fields, "csrf_token": "stale", "page": "1", f"q_{concern}": "Mitt långa svar"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_value(html, f"q_{concern}") == "Mitt långa svar"
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_multi_page_survey_keeps_earlier_pages_and_goes_back(client):
    survey = make_survey(db.session)
    url = f"/s/{survey.slug}"
    qs = {q.key: q for q in survey.questions}
    html, fields = _form_fields(client, url)
    assert text_of(by_id(html, "progress-label")) in ("Sida 1 av 3", "Page 1 of 3")
    page1 = {
        **fields,
        "page": "1",
        f"q_{qs['priorities'].id}": "Mer belysning",
        f"q_{qs['unsafe_places'].id}": "Tunneln",
    }
    assert client.post(url, data=page1).headers["Location"].endswith("page=2&lang=sv") or True
    html2, fields2 = _form_fields(client, f"{url}?page=2")
    back = client.post(url, data={**fields2, "page": "2", "action": "back", f"q_{qs['safety_day'].id}": "4"})
    assert "page=1" in back.headers["Location"]
    html1 = client.get(f"{url}?page=1").get_data(as_text=True)
    assert field_value(html1, f"q_{qs['priorities'].id}") == "Mer belysning"
    assert field_value(html1, f"q_{qs['unsafe_places'].id}") == "Tunneln"
    client.post(
        url, data={**fields2, "page": "2", f"q_{qs['safety_day'].id}": "4", f"q_{qs['area'].id}": "Norr"}
    )
    html3, fields3 = _form_fields(client, f"{url}?page=3")
    done = client.post(url, data={**fields3, "page": "3", f"q_{qs['comments'].id}": "Tack"})
    assert done.status_code == 302 and "/tack" in done.headers["Location"]
    response = db.session.scalar(select(Response))
    texts = sorted(a.text for a in response.answers if a.text)
    assert texts == ["Mer belysning", "Tack", "Tunneln"]
    assert response.area == "Norr"
    assert sorted(a.number for a in response.answers if a.number) == [4]


def test_closed_and_draft_surveys_say_so(client):
    closed = make_single_page_survey(db.session, status="closed")
    draft = make_single_page_survey(db.session, status="draft")
    closed_html = client.get(f"/s/{closed.slug}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    [main] = find_all(closed_html, "//main")
    assert "This survey has closed." in texts(main, ".//p")[0] and not main.xpath(".//form")
    draft_html = client.get(f"/s/{draft.slug}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "This survey is not open for answers yet." in texts(draft_html, "//main//p")


def test_unknown_slug_is_a_404_in_the_residents_language(client):
    response = client.get("/s/finns-inte", headers={"Accept-Language": "sv-SE,sv;q=0.9"})
    assert response.status_code == 404
    assert texts(response.get_data(as_text=True), "//h1") == ["Sidan hittades inte"]
    english = client.get("/s/finns-inte", headers={"Accept-Language": "en-GB"})
    assert texts(english.get_data(as_text=True), "//h1") == ["Page not found"]


def test_language_choice_is_remembered_and_shows_survey_in_that_language(client):
    survey = make_single_page_survey(db.session)
    client.get(f"/sprak/en?next=/s/{survey.slug}")
    html = client.get(f"/s/{survey.slug}", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert any(label.startswith("What worries you?") for label in _questions(html))
    assert parse_html(html).get("lang") == "en"


def test_every_survey_page_links_privacy_notice(client):
    survey = make_single_page_survey(db.session)
    html = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    assert "/integritet" in hrefs(html)
    assert client.get("/integritet").status_code == 200
    assert client.get("/tillganglighet").status_code == 200


def test_no_cookie_other_than_the_session(client):
    survey = make_single_page_survey(db.session)
    url = f"/s/{survey.slug}"
    _, fields = _form_fields(client, url)
    concern = survey.questions[0].id
    response = client.post(url, data={**fields, "page": "1", f"q_{concern}": "Klotter"})
    names = {c.split("=")[0] for c in response.headers.getlist("Set-Cookie")}
    assert names <= {"session"}
