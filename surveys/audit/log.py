"""Writing and reading the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.accounts.models import User
from surveys.audit.models import AuditEvent

# Keys that must never reach the audit log, whatever a caller passes.
FORBIDDEN_KEYS = {"password", "token", "text", "answer", "secret", "csrf_token"}


def record(
    session: Session,
    action: str,
    *,
    user: User | None = None,
    organisation_id: int | None = None,
    target: str = "",
    commit: bool = True,
    **details: Any,
) -> AuditEvent:
    """Add an audit event (and commit unless the caller's transaction will)."""
    safe = {k: v for k, v in details.items() if k.lower() not in FORBIDDEN_KEYS}
    event = AuditEvent(
        action=action[:60],
        user_id=user.id if user else None,
        organisation_id=organisation_id
        if organisation_id is not None
        else (user.organisation_id if user else None),
        target=target[:200],
        details=safe,
    )
    session.add(event)
    if commit:
        session.commit()
    return event


def recent_events(
    session: Session, organisation_ids: Sequence[int], limit: int = 200
) -> Sequence[AuditEvent]:
    """The newest events of the given organisations."""
    return session.scalars(
        select(AuditEvent)
        .where(AuditEvent.organisation_id.in_(list(organisation_ids)))
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    ).all()


def event_authors(session: Session, events: Sequence[AuditEvent]) -> dict[int, str]:
    """The e-mail address of each user named in `events`, by user id (people are shown by name, not id)."""
    ids = {e.user_id for e in events if e.user_id is not None}
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.email).where(User.id.in_(ids)))
    return {user_id: email for user_id, email in rows}
