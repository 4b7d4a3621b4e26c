"""What a free-text question asks about: chosen in the editor, set from templates, followed in analysis."""

from __future__ import annotations

import pytest

from app.extensions import db
from surveys.accounts.models import Role
from surveys.authoring.models import Question, QuestionPurpose
from tests.app.helpers import by_id, csrf_from, find_all, sign_in, texts
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
    assert _chosen_purpose(page) == "other"
    labels = texts(page, "//fieldset[.//input[@name='purpose']]//label")
    assert len(labels) == 4 and labels[1].startswith("Styrkor")
    hint = by_id(page, "purpose").get("aria-describedby")
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
    assert _chosen_purpose(client.get(url).get_data(as_text=True)) == "strengths"


def _chosen_purpose(page: str) -> str:
    [chosen] = find_all(page, "//input[@name='purpose'][@checked]")
    return chosen.get("value")


def test_only_free_text_questions_have_a_purpose_to_choose(client, official):
    survey = make_survey(db.session, official.organisation, languages=("sv",))
    scale = next(q for q in survey.questions if q.type == "scale")
    page = client.get(f"/admin/surveys/{survey.slug}/questions/{scale.id}").get_data(as_text=True)
    assert not find_all(page, "//*[@name='purpose']")


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

    for page in ("situation", "priorities", "report"):
        shown = parse_html(client.get(f"{base}/{page}").get_data(as_text=True))
        assert "Inbrott och stöld" not in text_of(shown), page
        assert "Grannsamverkan" not in text_of(shown), page
        assert "Narkotika" in text_of(shown), page

    # Each strength cluster's answers say which question they answer.
    key = strengths[0].xpath(".//h3/@id")[0].removeprefix("cluster-")
    cluster = parse_html(client.get(f"{base}/analysis/clusters/{key}").get_data(as_text=True))
    labels = {text_of(p) for p in cluster.xpath("//p[contains(@class, 'answer-question')]")}
    assert labels == {"Svar på: Vad gör att du känner dig trygg?"}
    # No problem areas to set on them: they would be learnt from as problems.
    assert cluster.xpath("//input[@name='action'][@value='move']")
    assert not cluster.xpath("//input[@name='action'][@value='themes']")
    assert "räknas aldrig som problem" in text_of(cluster.xpath("//main//p[@class='meta']")[0])
    answer_id = cluster.xpath("//li[starts-with(@id, 'answer-')]/@id")[0].removeprefix("answer-")
    token = csrf_from(client, f"{base}/analysis/clusters/{key}")
    refused = client.post(
        f"{base}/analysis/review",
        data={"csrf_token": token, "action": "themes", "answer_id": answer_id, "primary": "inbrott_stold"},
        follow_redirects=True,
    )
    assert "svaret handlar inte om problem" in text_of(parse_html(refused.get_data(as_text=True)))


def test_answers_about_places_are_matched_to_the_areas_and_shown_on_the_map(client, official):
    import xml.etree.ElementTree as ET

    from surveys.answering.submission import submit_response
    from surveys.authoring import editing
    from surveys.authoring.models import QuestionType
    from surveys.places.geojson import parse_areas
    from surveys.places.service import save_area_shapes
    from surveys.review.runs import execute_run, start_run
    from tests.app.helpers import by_id, parse_html, rows_by_heading, text_of
    from tests.app.test_map_views import AREAS, SVG

    org = official.organisation
    save_area_shapes(db.session, org, parse_areas(AREAS))
    survey = make_survey(db.session, org, languages=("sv",))
    where = editing.add_question(
        db.session, survey, key="where", qtype=QuestionType.FREE_TEXT, text={"sv": "Var?"}
    )
    editing.update_question(
        db.session,
        where,
        text=where.text,
        help_text={},
        required=False,
        page=1,
        purpose=QuestionPurpose.PLACES,
    )
    priorities = next(q for q in survey.questions if q.key == "priorities")
    places = ["Stationen i Centrum", "centrumgaraget", "Hamnen på kvällen", "Parkeringen vid ICA"]
    for n in range(24):
        values = {priorities.id: PROBLEMS[n % 5], where.id: places[n % 4]}
        submit_response(db.session, survey, values, submission_token=f"w{n}", language="sv")
    execute_run(db.session, start_run(db.session, survey).id)

    base = f"/admin/surveys/{survey.slug}"
    analysis = parse_html(client.get(f"{base}/analysis").get_data(as_text=True))
    [section] = analysis.xpath("//section[@aria-labelledby='side-places']")
    assert text_of(section.xpath(".//h2")[0]) == "Platser som svaren nämner"
    named = rows_by_heading(section.xpath(".//table")[0])
    assert named["Centrum"] == ["12"] and named["Hamnen"] == ["6"] and "Norr" not in named
    area_rows = [text_of(th) for th in analysis.xpath("//table[not(ancestor::section)]//tbody/tr/th")]
    assert area_rows and "Övrigt" not in area_rows  # bare place names are no "other problem"

    situation = client.get(f"{base}/situation?map=places").get_data(as_text=True)
    assert "places" in by_id(situation, "map").xpath(".//select[@name='map']/option/@value")
    assert rows_by_heading(by_id(situation, "map").xpath(".//table")[0])["Centrum"] == ["12"]
    svg = ET.fromstring(client.get(f"{base}/map.svg?by=places").get_data(as_text=True))
    assert any((t.text or "").startswith("Centrum: 12") for t in svg.iter(f"{SVG}title"))


def test_the_cli_says_which_question_the_answers_came_from_and_whether_they_count(runner):
    from surveys.answering.submission import submit_response

    survey = make_survey(db.session, languages=("sv",))
    priorities = next(q for q in survey.questions if q.key == "priorities")
    comments = next(q for q in survey.questions if q.key == "comments")
    for n in range(12):
        values = {priorities.id: PROBLEMS[n % 5], comments.id: STRENGTHS[n % 5]}
        submit_response(db.session, survey, values, submission_token=f"c{n}", language="sv")
    comments_text, slug = comments.text["sv"], survey.slug  # the job ends the test's session
    result = runner.invoke(args=["analyse", slug])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    listed = lines[lines.index(next(x for x in lines if x.startswith("Answers per question"))) + 1 :]
    assert [line.split()[:4] for line in listed] == [
        ["priorities", "problems", "12", "counted"],
        ["comments", "other", "12", "not"],
    ]
    assert listed[1].endswith(comments_text)


def test_areas_set_on_an_answer_before_its_question_changed_purpose_teach_nothing(app):
    from surveys.answering.submission import submit_response
    from surveys.review.actions import reviewed_examples, set_themes

    survey = make_survey(db.session, languages=("sv",))
    priorities = next(q for q in survey.questions if q.key == "priorities")
    comments = next(q for q in survey.questions if q.key == "comments")
    comments.purpose = QuestionPurpose.PROBLEMS
    db.session.commit()
    response = submit_response(
        db.session,
        survey,
        {priorities.id: PROBLEMS[0], comments.id: STRENGTHS[0]},
        submission_token="r1",
        language="sv",
    )
    for answer in response.answers:
        set_themes(db.session, survey, answer.id, ["inbrott_stold"], None)
    assert len(reviewed_examples(db.session, survey)) == 2
    comments.purpose = QuestionPurpose.STRENGTHS
    db.session.commit()
    assert reviewed_examples(db.session, survey) == [(PROBLEMS[0], "inbrott_stold")]
