"""The template helpers that mark text written in another language than the page around it."""

from __future__ import annotations

import lxml.html
from flask import render_template_string
from flask_babel import refresh

from analysis.language import quoted_run, text_runs


def _render(app, source: str, locale: str, **values) -> lxml.html.HtmlElement:  # type: ignore[no-untyped-def]
    with app.test_request_context("/", headers={"Accept-Language": locale}):
        refresh()  # the locale is cached for the app context, which the fixture keeps open
        return lxml.html.fragment_fromstring(render_template_string(source, **values), create_parent="div")


def test_text_in_another_language_is_a_span_with_lang_and_escaped(app) -> None:  # type: ignore[no-untyped-def]
    english = _render(app, "{{ text|in_language('sv') }}", "en", text="Trafik <och> skolvägar")
    (span,) = english.xpath("span")
    assert span.get("lang") == "sv" and span.text == "Trafik <och> skolvägar"
    swedish = _render(app, "{{ text|in_language('sv') }}", "sv", text="Trafik <och> skolvägar")
    assert not swedish.xpath("*") and swedish.text_content() == "Trafik <och> skolvägar"


def test_staff_text_is_in_the_installations_language_and_unknown_languages_claim_none(app) -> None:  # type: ignore[no-untyped-def]
    staff = _render(app, "{{ text|in_language }}", "en", text="Unga och skolan")
    assert staff.xpath("span/@lang") == ["sv"]
    unknown = _render(app, "<p{{ lang_attr(code) }}>x</p>", "en", code="und")
    assert unknown.xpath("p/@lang") == [""]
    own = _render(app, "<p{{ lang_attr('en') }}>x</p>", "en")
    assert own.xpath("p/@lang") == []


def test_a_survey_text_falling_back_to_swedish_is_marked_swedish(app) -> None:  # type: ignore[no-untyped-def]
    doc = _render(app, "{{ localized_marked(texts, 'en') }}", "en", texts={"sv": "Hur trygg känner du dig?"})
    assert doc.xpath("span/@lang") == ["sv"]
    translated = _render(app, "{{ localized_marked(texts, 'en') }}", "en", texts={"sv": "Hur?", "en": "How?"})
    assert not translated.xpath("*") and translated.text_content() == "How?"


def test_words_quoted_from_the_answers_in_prose_carry_their_detected_language(app) -> None:  # type: ignore[no-untyped-def]
    sentence = f"Topics: {quoted_run('Fortkörning på storgatan')}; {quoted_run('Speeding on the main road')}."
    doc = _render(app, "<p>{{ text|prose }}</p>", "en", text=sentence)
    assert [(s.get("lang"), s.text) for s in doc.xpath("//span")] == [("sv", "Fortkörning på storgatan")]
    assert doc.text_content() == "Topics: Fortkörning på storgatan; Speeding on the main road."


def test_text_runs_ignore_an_isolate_without_its_partner() -> None:
    assert text_runs(f"a {quoted_run('b')} c") == [("a ", False), ("b", True), (" c", False)]
    assert text_runs("edited \u2068 away") == [("edited  away", False)]


def test_on_the_paper_entry_page_the_required_marker_speaks_the_interface_language(client) -> None:  # type: ignore[no-untyped-def]
    from app.extensions import db
    from surveys.accounts.models import Role
    from tests.app.helpers import parse_html, sign_in, text_of
    from tests.factories import make_survey, make_user

    survey = make_survey(db.session)
    for question in survey.questions:  # a survey written in Swedish only
        question.text = {"sv": question.text["sv"]}
    db.session.commit()
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    client.get("/sprak/en?next=/admin/")
    page = parse_html(client.get(f"/admin/surveys/{survey.slug}/paper").get_data(as_text=True))
    markers = page.xpath("//*[@lang='sv']//span[@class='optional' or @class='required']")
    assert markers and all(m.get("lang") == "en" for m in markers)
    assert {text_of(m) for m in markers} <= {"(optional)", "(required)"}


def test_the_audit_log_marks_the_names_staff_wrote_in_its_details(client) -> None:  # type: ignore[no-untyped-def]
    from app.extensions import db
    from surveys.accounts.models import Role
    from surveys.audit.log import record
    from tests.app.helpers import parse_html, sign_in
    from tests.factories import make_org, make_user

    org = make_org(db.session)
    admin = make_user(db.session, org, Role.ADMIN)
    record(db.session, "assign_task", user=admin, organisation_id=org.id, group="Trafik och skolvägar")
    sign_in(client, admin)
    client.get("/sprak/en?next=/admin/")
    page = parse_html(client.get("/admin/audit").get_data(as_text=True))
    assert page.xpath("//span[@class='tag']/span[@lang='sv']/text()") == ["Trafik och skolvägar"]
