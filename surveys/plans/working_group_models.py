"""Working groups (arbetsgrupper) that carry out the tasks of an action plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.database.base import Base

if TYPE_CHECKING:
    from surveys.accounts.models import User
    from surveys.organisations.models import Organisation
    from surveys.plans.commitment_models import Commitment


working_group_member = Table(
    "working_group_member",
    Base.metadata,
    Column("working_group_id", ForeignKey("working_group.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)


class WorkingGroup(Base):
    """A group of officials and partners that carries out tasks assigned from a plan.

    Members with accounts are linked; partners without accounts are kept as free text.
    """

    __tablename__ = "working_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    other_members: Mapped[list[str]] = mapped_column(default=list)

    organisation: Mapped[Organisation] = relationship()
    members: Mapped[list[User]] = relationship(secondary=working_group_member, order_by="User.email")
    tasks: Mapped[list[Commitment]] = relationship(
        back_populates="working_group", order_by="Commitment.period_start"
    )

    def __repr__(self) -> str:
        return f"<WorkingGroup {self.id} {self.name!r}>"
