"""The kinds of organisation, without SQLAlchemy: the CLI offers them before any model loads."""

from __future__ import annotations

from enum import StrEnum


class OrganisationKind(StrEnum):
    MUNICIPALITY = "municipality"
    POLICE_AREA = "police_area"
