"""What an organisation tells residents about itself in the privacy notice and accessibility statement.

Each municipality (or police area) fills this in itself: who is the data controller, how to
reach it and its data protection officer, the legal basis for processing the answers, and
where to send feedback on accessibility.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.organisations.models import Organisation

FIELDS = (
    "controller",
    "contact_email",
    "contact_phone",
    "dpo_contact",
    "legal_basis",
    "accessibility_contact",
)
MAX_LENGTH = 2000


@dataclass(frozen=True)
class PublicInfo:
    """An organisation's public contact details; empty strings where nothing is filled in."""

    organisation: str
    controller: str
    contact_email: str
    contact_phone: str
    dpo_contact: str
    legal_basis: str
    accessibility_contact: str

    @property
    def filled(self) -> bool:
        return any(getattr(self, name) for name in FIELDS)


def public_info(organisation: Organisation) -> PublicInfo:
    """The organisation's public details as filled in."""
    stored = organisation.public_info or {}
    return PublicInfo(organisation.name, **{name: str(stored.get(name) or "") for name in FIELDS})


def published_infos(session: Session) -> list[PublicInfo]:
    """The details of every organisation that has filled any in, by name."""
    organisations = session.scalars(select(Organisation).order_by(Organisation.name))
    return [info for info in map(public_info, organisations) if info.filled]


def update_public_info(session: Session, organisation: Organisation, values: Mapping[str, str]) -> PublicInfo:
    """Store the organisation's public details (trimmed, unknown keys ignored) and commit."""
    organisation.public_info = {name: (values.get(name) or "").strip()[:MAX_LENGTH] for name in FIELDS}
    session.commit()
    return public_info(organisation)
