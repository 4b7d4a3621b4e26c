"""The answering flow's two services: save a page, finish the answering in one transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import surveys.answering.pages as pages
from surveys.answering.drafts import load_draft
from surveys.answering.models import Response
from surveys.answering.pages import finish_answering, save_page
from surveys.errors import InvalidAnswers
from tests.factories import make_single_page_survey


@pytest.fixture
def survey(session):  # type: ignore[no-untyped-def]
    """Two pages: the required free text on page 1, scale and area on page 2."""
    found = make_single_page_survey(session)
    for question in found.questions:
        question.page = 1 if question.key == "concern" else 2
    session.commit()
    return found


def _ids(survey):  # type: ignore[no-untyped-def]
    return {q.key: q.id for q in survey.questions}


def _responses(session) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count(Response.id)))


def test_finishing_stores_the_draft_and_the_last_page_and_deletes_the_draft(session, survey):
    ids = _ids(survey)
    save_page(session, survey, "draft-1", {ids["concern"]: "Mörkt vid stationen"}, "sv")
    finish_answering(
        session,
        survey,
        {ids["safety"]: 2, ids["area"]: "Norr"},
        draft_token="draft-1",
        submission_token="s1",
        language="sv",
    )
    response = session.scalar(select(Response))
    assert response is not None and response.area == "Norr"
    assert load_draft(session, survey, "draft-1") == {}


def test_a_failure_after_storing_stores_nothing_and_keeps_the_draft(session, survey, monkeypatch):
    ids = _ids(survey)
    save_page(session, survey, "draft-1", {ids["concern"]: "Mörkt vid stationen"}, "sv")

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("draft table gone")

    monkeypatch.setattr(pages, "delete_draft", broken)
    with pytest.raises(RuntimeError):
        finish_answering(
            session,
            survey,
            {ids["area"]: "Norr"},
            draft_token="draft-1",
            submission_token="s1",
            language="sv",
        )
    assert _responses(session) == 0
    assert load_draft(session, survey, "draft-1") == {ids["concern"]: "Mörkt vid stationen"}


def test_a_missing_earlier_answer_keeps_this_page_under_the_given_token(session, survey):
    ids = _ids(survey)
    with pytest.raises(InvalidAnswers) as caught:
        finish_answering(
            session,
            survey,
            {ids["area"]: "Norr"},
            draft_token=None,
            submission_token="s1",
            language="sv",
            keep_page_under="new-draft",
        )
    assert pages.first_page_with_error(survey, caught.value) == 1
    assert _responses(session) == 0
    assert load_draft(session, survey, "new-draft") == {ids["area"]: "Norr"}


def test_without_a_token_to_keep_it_under_the_page_is_not_kept(session, survey):
    ids = _ids(survey)
    with pytest.raises(InvalidAnswers):
        finish_answering(
            session, survey, {ids["area"]: "Norr"}, draft_token=None, submission_token="s1", language="sv"
        )
    assert _responses(session) == 0
