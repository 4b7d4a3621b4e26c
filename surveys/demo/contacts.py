"""The demo's contact lines: a drafted plan leaves "[name, role, telephone, e-mail]" to fill in,
and a plan cannot be approved with placeholders, so the demo fills them as an official would."""

from __future__ import annotations

from sqlalchemy.orm import Session

from surveys.accounts.models import User
from surveys.organisations.kinds import OrganisationKind
from surveys.plans.editing import update_section
from surveys.plans.models import Plan
from surveys.plans.workflow import PLACEHOLDER

# Functional contacts (no person's name): what a municipality and a police area publish.
CONTACTS = {
    OrganisationKind.POLICE_AREA: {
        "sv": "kommunpolisen, telefon 114 14",
        "en": "the municipal police officer, telephone 114 14",
    },
    OrganisationKind.MUNICIPALITY: {
        "sv": "brottsförebyggande samordnaren, trygghet@norrforsa.example",
        "en": "the crime prevention coordinator, trygghet@norrforsa.example",
    },
}


def fill_demo_contacts(session: Session, plan: Plan, user: User) -> None:
    """Replace the placeholder after each party in the plan's contact section; commit."""
    section = plan.section("contact")
    if section is None:
        return
    kinds = {party.name: party.kind for party in plan.parties}
    body = {}
    for language, text in section.body.items():
        lines = []
        for line in text.split("\n"):
            party = line.removeprefix("- ").split(":", 1)[0]
            kind = kinds.get(party, OrganisationKind.MUNICIPALITY)
            contact = CONTACTS.get(kind, CONTACTS[OrganisationKind.MUNICIPALITY])
            lines.append(PLACEHOLDER.sub(contact.get(language, contact["sv"]), line))
        body[language] = "\n".join(lines)
    update_section(session, plan, section, section.title, body, user)
