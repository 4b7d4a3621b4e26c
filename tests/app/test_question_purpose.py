"""What a free-text question asks about: chosen in the editor, set from templates, followed in analysis."""

from __future__ import annotations

import pytest

from app.extensions import db
from surveys.accounts.models import Role
from surveys.authoring.models import Question, QuestionPurpose
from tests.app.helpers import csrf_from, field, field_value, sign_in, texts
from tests.factories import make_org, make_survey, make_user


@pytest.fixture
def official(client):
    org = make_org(db.session, areas=["Centrum", "Norr"])
    user = make_user(db.session, org, Role.ANALYST)
    sign_in(client, user)
    return user


def test_templates_say_what_each_free_text_question_asks_about(app):
    citizen = make_survey(db.session, template="citizen_dialogue")
    staff = make_survey(db.session, citizen.organisation, template="staff_dialogue")
    purposes = {q.key: q.question_purpose for q in citizen.questions if q.type == "free_text"}
    assert purposes == {
        "priorities": QuestionPurpose.PROBLEMS,
        "unsafe_places": QuestionPurpose.PROBLEMS,
        "comments": QuestionPurpose.OTHER,
    }
    assert {q.question_purpose for q in staff.questions} == {QuestionPurpose.PROBLEMS}


def test_the_official_chooses_the_purpose_in_the_question_editor(client, official):
    survey = make_survey(db.session, official.organisation, languages=("sv",))
    question = next(q for q in survey.questions if q.key == "comments")
    url = f"/admin/surveys/{survey.slug}/questions/{question.id}"
    page = client.get(url).get_data(as_text=True)
    assert field_value(page, "purpose") == "other"
    options = texts(page, "//select[@name='purpose']/option")
    assert len(options) == 4 and options[1].startswith("Styrkor")
    hint = field(page, "purpose").get("aria-describedby")
    assert hint and texts(page, "//*[@id=$id]", id=hint)
    data = {
        "csrf_token": csrf_from(client, url),
        "text_sv": question.text["sv"],
        "help_sv": "",
        "page": str(question.page),
        "purpose": "strengths",
    }
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, question.id).question_purpose is QuestionPurpose.STRENGTHS
    assert field_value(client.get(url).get_data(as_text=True), "purpose") == "strengths"


def test_only_free_text_questions_have_a_purpose_to_choose(client, official):
    survey = make_survey(db.session, official.organisation, languages=("sv",))
    scale = next(q for q in survey.questions if q.type == "scale")
    page = client.get(f"/admin/surveys/{survey.slug}/questions/{scale.id}").get_data(as_text=True)
    assert not texts(page, "//select[@name='purpose']")


def test_a_new_round_keeps_each_questions_purpose(app):
    from surveys.authoring.rounds import start_new_round

    survey = make_survey(db.session)
    priorities = next(q for q in survey.questions if q.key == "priorities")
    priorities.purpose = QuestionPurpose.STRENGTHS
    db.session.commit()
    copy = start_new_round(db.session, survey, slug="nasta-omgang", round_label="2027")
    assert next(q for q in copy.questions if q.key == "priorities").purpose == QuestionPurpose.STRENGTHS


STRENGTHS = [
    "Grannsamverkan fungerar bra.",
    "Grannsamverkan fungerar bra i vårt område.",
    "Grannsamverkan och bra belysning.",
    "Bra grannar som håller koll.",
    "Att grannarna känner varandra.",
]
PROBLEMS = [
    "Det säljs narkotika vid skolan",
    "Bilarna kör för fort på Storgatan",
    "Dålig belysning i gångtunneln",
    "Ungdomar stökar vid torget på kvällarna",
    "Mer polis i centrum på helgerna",
]


def _survey_asking_about_problems_and_strengths(client, official):
    from surveys.answering.submission import submit_response
    from surveys.authoring import editing
    from surveys.authoring.models import QuestionType

    survey = make_survey(db.session, official.organisation, languages=("sv",))
    safe = editing.add_question(
        db.session,
        survey,
        key="safe_because",
        qtype=QuestionType.FREE_TEXT,
        text={"sv": "Vad gör att du känner dig trygg?"},
    )
    url = f"/admin/surveys/{survey.slug}/questions/{safe.id}"
    data = {"csrf_token": csrf_from(client, url), "text_sv": safe.text["sv"], "page": "1"}
    assert client.post(url, data=data | {"purpose": "strengths"}).status_code == 302
    priorities = next(q for q in survey.questions if q.key == "priorities")
    area = next(q for q in survey.questions if q.key == "area")
    for n in range(30):
        values = {priorities.id: PROBLEMS[n % 5], safe.id: STRENGTHS[n % 5], area.id: "Centrum"}
        submit_response(db.session, survey, values, submission_token=f"p{n}", language="sv")
    token = csrf_from(client, f"/admin/surveys/{survey.slug}")
    started = client.post(f"/admin/surveys/{survey.slug}/analyse", data={"csrf_token": token, "seed": "0"})
    assert started.status_code == 302
    return survey, priorities, safe


def test_strength_answers_are_shown_apart_and_never_counted_as_problems(client, official):
    from sqlalchemy import select

    from surveys.answering.models import Answer
    from surveys.review.run_models import AnswerAnalysis
    from tests.app.helpers import parse_html, text_of

    survey, priorities, safe = _survey_asking_about_problems_and_strengths(client, official)
    # The analysis still finds burglary words in them ("grannsamverkan"): only the purpose keeps them out.
    strength_themes = db.session.scalars(
        select(AnswerAnalysis.theme)
        .join(Answer, Answer.id == AnswerAnalysis.answer_id)
        .where(Answer.question_id == safe.id)
    ).all()
    assert "inbrott_stold" in strength_themes

    base = f"/admin/surveys/{survey.slug}"
    analysis = parse_html(client.get(f"{base}/analysis").get_data(as_text=True))
    area_rows = [text_of(th) for th in analysis.xpath("//table[caption]//tbody/tr/th")]
    assert area_rows and "Inbrott och stöld" not in area_rows and "Narkotika" in area_rows
    problem_cards = analysis.xpath("//section[@class='card'][not(ancestor::section[@class='side-section'])]")
    assert problem_cards
    assert not any("Grannsamverkan" in text_of(card) for card in problem_cards)
    strengths = analysis.xpath("//section[@aria-labelledby='side-strengths']")
    assert len(strengths) == 1
    assert text_of(strengths[0].xpath(".//h2")[0]) == "Det här fungerar bra och gör folk trygga"
    assert "Vad gör att du känner dig trygg?" in text_of(strengths[0])
    quotes = [text_of(q) for q in strengths[0].xpath(".//blockquote")]
    assert "Grannsamverkan fungerar bra." in quotes

    for page in ("situation", "priorities"):
        shown = parse_html(client.get(f"{base}/{page}").get_data(as_text=True))
        assert "Inbrott och stöld" not in text_of(shown), page
        assert "Grannsamverkan" not in text_of(shown), page
        assert "Narkotika" in text_of(shown), page

    # Each strength cluster's answers say which question they answer.
    key = strengths[0].xpath(".//h3/@id")[0].removeprefix("cluster-")
    cluster = parse_html(client.get(f"{base}/analysis/clusters/{key}").get_data(as_text=True))
    labels = {text_of(p) for p in cluster.xpath("//p[contains(@class, 'answer-question')]")}
    assert labels == {"Svar på: Vad gör att du känner dig trygg?"}
