"""Building surveys: settings, translations, questions, status and new rounds."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from surveys.answering.models import Response
from surveys.answering.submission import submit_response
from surveys.authoring import editing
from surveys.authoring.models import QuestionType, Survey, SurveyStatus
from surveys.authoring.rounds import start_new_round
from surveys.distribution.invitation_models import Invitation
from surveys.distribution.invitations import (
    InvitationInvalid,
    create_invitations,
    find_unused,
    submit_invited_response,
)
from tests.factories import make_org, make_single_page_survey, make_survey


def test_every_template_is_complete_in_swedish_and_english(session):
    org = make_org(session)
    for template in ("citizen_dialogue", "staff_dialogue", "questionnaire"):
        survey = make_survey(session, org, template=template, status=SurveyStatus.DRAFT)
        assert editing.missing_translations(survey) == [], template
        editing.set_status(session, survey, SurveyStatus.OPEN)
        assert survey.status == "open"


def test_questionnaire_template_rates_the_classic_problem_list(session):
    survey = make_survey(session, template="questionnaire")
    keys = {q.key for q in survey.questions}
    for problem in (
        "littering",
        "vandalism",
        "graffiti",
        "drug_dealing",
        "intoxicated",
        "traffic",
        "rowdy_groups",
        "lighting",
        "burglary",
        "fraud",
    ):
        assert f"problem_{problem}" in keys
    rating = next(q for q in survey.questions if q.key == "problem_graffiti")
    assert [o.value for o in rating.options][:4] == ["none", "small", "fairly_large", "large"]


def test_a_language_with_missing_texts_blocks_opening_and_is_listed(session):
    survey = make_survey(session, status=SurveyStatus.DRAFT, languages=("sv", "en", "fi"))
    missing = editing.missing_translations(survey)
    assert {m.language for m in missing} == {"fi"}
    assert any(m.item == "title" for m in missing) and any(m.item == "question priorities" for m in missing)
    with pytest.raises(editing.EditError, match="fi: title"):
        editing.set_status(session, survey, SurveyStatus.OPEN)
    assert survey.status == "draft"


def test_add_edit_move_and_remove_questions(session):
    survey = make_survey(session, status=SurveyStatus.DRAFT, languages=("sv",))
    question = editing.add_question(
        session, survey, key="transport", qtype=QuestionType.SINGLE_CHOICE, text={"sv": "Hur reser du?"}
    )
    editing.update_question(
        session,
        question,
        text={"sv": "Hur reser du oftast?"},
        help_text={},
        required=True,
        page=3,
        options=[("bus", {"sv": "Buss"}), ("car", {"sv": "Bil"})],
    )
    assert [o.value for o in question.options] == ["bus", "car"] and question.required
    editing.move_question(session, question, -1)
    assert survey.questions[-2].key == "transport"
    editing.remove_question(session, question)
    assert "transport" not in {q.key for q in survey.questions}
    assert [q.position for q in survey.questions] == list(range(len(survey.questions)))


def test_bad_keys_duplicate_keys_and_slugs_are_refused(session):
    survey = make_survey(session, status=SurveyStatus.DRAFT)
    with pytest.raises(editing.EditError):
        editing.add_question(session, survey, key="Bad Key", qtype=QuestionType.FREE_TEXT, text={"sv": "x"})
    with pytest.raises(editing.EditError, match="already has a question"):
        editing.add_question(
            session, survey, key="priorities", qtype=QuestionType.FREE_TEXT, text={"sv": "x"}
        )
    with pytest.raises(editing.EditError):
        editing.check_slug("Ö!")
    with pytest.raises(editing.EditError):
        editing.check_languages(["sv", "not a code"])
    assert editing.check_languages(["en", " sv", "fit", "en"]) == ["sv", "en", "fit"]


def test_questions_are_frozen_once_answers_exist(session):
    survey = make_single_page_survey(session)
    concern = survey.questions[0]
    submit_response(session, survey, {concern.id: "Klotter"}, submission_token="a", language="sv")
    with pytest.raises(editing.EditError, match="new round"):
        editing.remove_question(session, concern)
    area = survey.questions[2]
    with pytest.raises(editing.EditError, match="cannot be removed"):
        editing.update_question(
            session,
            area,
            text=area.text,
            help_text={},
            required=False,
            page=1,
            options=[("Centrum", {"sv": "Centrum"})],
        )


def test_new_round_keeps_question_identities(session):
    survey = make_survey(session, round_label="2025")
    copy = start_new_round(session, survey, slug="trygghet-2026", round_label="2026")
    assert copy.series == survey.series and copy.status == "draft" and copy.round_label == "2026"
    assert [(q.key, q.type, [o.value for o in q.options]) for q in copy.questions] == [
        (q.key, q.type, [o.value for o in q.options]) for q in survey.questions
    ]
    with pytest.raises(editing.EditError, match="already used"):
        start_new_round(session, survey, slug="trygghet-2026", round_label="2027")


def test_invitation_links_answer_once_and_are_not_linked_to_the_answer(session):
    survey = make_survey(session, template="staff_dialogue")
    seen = next(q for q in survey.questions if q.key == "seen_in_work")
    tokens = create_invitations(session, survey, 3)
    assert len(set(tokens)) == 3
    assert all(t not in {i.token_hash for i in session.scalars(select(Invitation))} for t in tokens)
    response = submit_invited_response(
        session, survey, tokens[0], {seen.id: "Hot"}, submission_token="s1", language="sv"
    )
    assert response.channel == "invitation" and response.respondent_group == "staff"
    again = submit_invited_response(
        session, survey, tokens[0], {seen.id: "Hot"}, submission_token="s1", language="sv"
    )
    assert again.id == response.id  # a double click is not an error
    with pytest.raises(InvitationInvalid):
        submit_invited_response(
            session, survey, tokens[0], {seen.id: "Igen"}, submission_token="s2", language="sv"
        )
    with pytest.raises(InvitationInvalid):
        find_unused(session, tokens[0])
    assert session.scalar(select(func.count(Response.id))) == 1
    invitation_columns = set(Invitation.__table__.columns.keys())
    assert invitation_columns == {"id", "survey_id", "token_hash", "used", "created_on"}


def test_failed_invited_answer_leaves_the_link_unused(session):
    survey = make_survey(session, template="staff_dialogue")
    [token] = create_invitations(session, survey, 1)
    with pytest.raises(Exception):  # noqa: B017 - InvalidAnswers: the required question is empty
        submit_invited_response(session, survey, token, {}, submission_token="x", language="sv")
    assert find_unused(session, token) is not None


def test_open_needs_questions(session):
    org = make_org(session)
    survey = Survey(organisation=org, slug="tom", series="tom", languages=["sv"], title={"sv": "Tom"})
    session.add(survey)
    session.commit()
    with pytest.raises(editing.EditError, match="at least one question"):
        editing.set_status(session, survey, SurveyStatus.OPEN)
