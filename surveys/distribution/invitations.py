"""Single-use invitation links for staff dialogues."""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from surveys.answering.models import Channel, RespondentGroup, Response
from surveys.answering.submission import AnswerValue, hash_token, insert_response
from surveys.authoring.models import Survey
from surveys.database.transactions import transactional
from surveys.distribution.invitation_models import Invitation
from surveys.errors import SurveyError

MAX_INVITATIONS_PER_BATCH = 5000


class InvitationInvalid(SurveyError):
    """The link is unknown or has already been used."""


def create_invitations(session: Session, survey: Survey, count: int) -> list[str]:
    """Create `count` single-use tokens for `survey`, commit, and return them.

    The tokens are only ever returned here (for the mail-merge file); the
    database keeps their hashes.
    """
    if not 1 <= count <= MAX_INVITATIONS_PER_BATCH:
        raise SurveyError(f"create between 1 and {MAX_INVITATIONS_PER_BATCH} links at a time")
    tokens = [secrets.token_urlsafe(18) for _ in range(count)]
    session.add_all(Invitation(survey_id=survey.id, token_hash=hash_token(t)) for t in tokens)
    session.commit()
    return tokens


def find_unused(session: Session, token: str) -> Invitation:
    """The unused invitation for `token`.

    Raises:
        InvitationInvalid: unknown or used token.
    """
    invitation = session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))
    if invitation is None or invitation.used:
        raise InvitationInvalid(token[:4])
    return invitation


@transactional
def submit_invited_response(
    session: Session,
    survey: Survey,
    token: str,
    values: Mapping[int, AnswerValue],
    *,
    submission_token: str,
    language: str,
) -> Response:
    """Store a staff response and spend the invitation in one transaction, and commit.

    Raises:
        InvitationInvalid, SurveyNotOpen, InvalidAnswers: see `insert_invited_response`;
            nothing is stored and the link stays unused.
    """
    response_id = insert_invited_response(
        session, survey, token, values, submission_token=submission_token, language=language
    )
    session.commit()
    response = session.get(Response, response_id)
    assert response is not None  # just stored or found by its key
    return response


def insert_invited_response(
    session: Session,
    survey: Survey,
    token: str,
    values: Mapping[int, AnswerValue],
    *,
    submission_token: str,
    language: str,
) -> int:
    """Spend the invitation and insert the staff response, without committing; return its id.

    The invitation is marked used with a conditional UPDATE so two concurrent
    submissions through one link cannot both succeed; nothing records which
    response the link produced. The caller commits, or rolls back on an error so
    that the link stays unused when the answers are not stored.

    Raises:
        InvitationInvalid: unknown or used link.
        SurveyNotOpen, InvalidAnswers: see `insert_response`.
    """
    already = session.scalar(
        select(Response.id).where(
            Response.survey_id == survey.id, Response.submission_key == hash_token(submission_token)
        )
    )
    if already is not None:  # a double click or retry of a submission that went through
        return already
    spent = session.execute(
        update(Invitation)
        .where(Invitation.token_hash == hash_token(token), Invitation.used.is_(False))
        .values(used=True)
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise InvitationInvalid(token[:4])
    return insert_response(
        session,
        survey,
        values,
        submission_token=submission_token,
        language=language,
        channel=Channel.INVITATION,
        respondent_group=RespondentGroup.STAFF,
    )
