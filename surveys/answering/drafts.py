"""Server-side drafts so multi-page surveys keep earlier pages' answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from surveys.answering.models import ResponseDraft
from surveys.answering.submission import hash_token
from surveys.authoring.models import Survey
from surveys.localtime import today as local_today

DRAFT_LIFETIME = dt.timedelta(days=30)


def load_draft(session: Session, survey: Survey, token: str | None) -> dict[int, Any]:
    """Answers saved so far under `token`, keyed by question id (empty if none)."""
    draft = _get(session, survey, token)
    if draft is None:
        return {}
    return {int(k): v for k, v in draft.data.items()}


def save_draft(
    session: Session,
    survey: Survey,
    token: str,
    values: Mapping[int, Any],
    language: str,
) -> None:
    """Merge one page's `values` into the draft held under `token` and commit."""
    draft = _get(session, survey, token)
    if draft is None:
        draft = ResponseDraft(token_hash=hash_token(token), survey_id=survey.id, data={})
        session.add(draft)
    merged = dict(draft.data)
    merged.update({str(k): v for k, v in values.items()})
    draft.data = merged
    draft.language = language
    draft.updated_on = local_today()
    session.commit()


def discard_draft(session: Session, survey: Survey, token: str | None) -> None:
    """Delete the draft held under `token`, if any, and commit."""
    delete_draft(session, survey, token)
    session.commit()


def delete_draft(session: Session, survey: Survey, token: str | None) -> None:
    """Delete the draft held under `token`, if any, without committing (see `finish_answering`)."""
    if not token:
        return
    session.execute(
        delete(ResponseDraft).where(
            ResponseDraft.survey_id == survey.id, ResponseDraft.token_hash == hash_token(token)
        )
    )


def purge_stale_drafts(session: Session, today: dt.date | None = None) -> int:
    """Delete drafts untouched for longer than DRAFT_LIFETIME; return how many."""
    cutoff = (today or local_today()) - DRAFT_LIFETIME
    result = session.execute(delete(ResponseDraft).where(ResponseDraft.updated_on < cutoff))
    session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _get(session: Session, survey: Survey, token: str | None) -> ResponseDraft | None:
    if not token:
        return None
    return session.scalar(
        select(ResponseDraft).where(
            ResponseDraft.survey_id == survey.id, ResponseDraft.token_hash == hash_token(token)
        )
    )
