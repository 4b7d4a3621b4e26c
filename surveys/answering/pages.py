"""The multi-page answering flow, one service per request: save a page, finish the answering.

Earlier pages wait in a server-side draft (see `drafts`); the last page turns the draft and
its own answers into one response. Each service owns its transaction: it commits, or rolls
back and raises a domain error that the web layer turns into a message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from surveys.answering.drafts import delete_draft, load_draft, save_draft
from surveys.answering.submission import AnswerValue, insert_response
from surveys.authoring.models import Survey
from surveys.database.transactions import transactional
from surveys.distribution.invitations import insert_invited_response
from surveys.errors import InvalidAnswers


@transactional
def save_page(
    session: Session, survey: Survey, draft_token: str, values: Mapping[int, Any], language: str
) -> None:
    """Keep one page's answers in the draft held under `draft_token` (merged) and commit."""
    save_draft(session, survey, draft_token, values, language)


def first_page_with_error(survey: Survey, error: InvalidAnswers) -> int:
    """The first page holding a question that `error` refuses."""
    return min(q.page for q in survey.questions if q.id in error.errors)


@transactional
def finish_answering(
    session: Session,
    survey: Survey,
    page_values: Mapping[int, AnswerValue],
    *,
    draft_token: str | None,
    submission_token: str,
    language: str,
    invitation: str | None = None,
    keep_page_under: str | None = None,
) -> int:
    """Store the draft's earlier pages and the last page's answers as one response; return its id.

    Storing the response, spending the staff `invitation` (if any) and deleting the draft
    happen in one transaction: either all of them or none. A repeated `submission_token`
    finds the response stored the first time (see `insert_response`).

    Raises:
        InvitationInvalid, SurveyNotOpen: nothing is stored and the draft is kept.
        InvalidAnswers: nothing is stored. When a question of an earlier page lacks its
            answer (say, the draft expired) and `keep_page_under` is given, this page's
            answers are kept in the draft under that token, for when the resident is sent back.
    """
    values = {**load_draft(session, survey, draft_token), **page_values}
    try:
        if invitation:
            response_id = insert_invited_response(
                session, survey, invitation, values, submission_token=submission_token, language=language
            )
        else:
            response_id = insert_response(
                session, survey, values, submission_token=submission_token, language=language
            )
    except InvalidAnswers as error:
        session.rollback()  # the invitation stays unused
        if keep_page_under and first_page_with_error(survey, error) < survey.page_count:
            save_draft(session, survey, keep_page_under, page_values, language)
        raise
    delete_draft(session, survey, draft_token)
    session.commit()
    return response_id
