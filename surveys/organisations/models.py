"""Organisations: municipalities and the police areas that cover them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.database.base import Base, enum_column
from surveys.organisations.kinds import OrganisationKind as OrganisationKind

if TYPE_CHECKING:
    from surveys.authoring.models import Survey


police_area_coverage = Table(
    "police_area_coverage",
    Base.metadata,
    Column("police_area_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(Base):
    """A municipality, or a police area that covers one or more municipalities."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(
        enum_column(OrganisationKind, 20), default=OrganisationKind.MUNICIPALITY
    )
    # Neighbourhood names used as options of area questions.
    areas: Mapped[list[str]] = mapped_column(default=list)
    # What the privacy notice and accessibility statement tell residents about the
    # organisation (controller, contacts, legal basis); see surveys.organisations.public_info.
    public_info: Mapped[dict[str, Any]] = mapped_column(default=dict)

    surveys: Mapped[list[Survey]] = relationship(back_populates="organisation")
    municipalities: Mapped[list[Organisation]] = relationship(
        secondary=police_area_coverage,
        primaryjoin=lambda: Organisation.id == police_area_coverage.c.police_area_id,
        secondaryjoin=lambda: Organisation.id == police_area_coverage.c.municipality_id,
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"
