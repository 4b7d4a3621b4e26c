"""Who may do what, by role: the role sets every part of the product checks against."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    POLICE = "police"
    STEERING_GROUP = "steering_group"
    VIEWER = "viewer"
    # Partner organisations' staff: may only report incidents.
    REPORTER = "reporter"


# Build and distribute surveys, review analyses, import and export answers.
SURVEY_EDITORS = frozenset({Role.ADMIN, Role.ANALYST})
REVIEWERS = SURVEY_EDITORS
# Draft and change plans, log activities.
PLAN_EDITORS = frozenset({Role.ADMIN, Role.ANALYST, Role.POLICE})
# Only the steering group approves a plan.
PLAN_APPROVERS = frozenset({Role.STEERING_GROUP})
PLAN_COMMENTERS = PLAN_EDITORS | PLAN_APPROVERS
# Everyone on the staff side except partner reporters.
STAFF_READERS = frozenset({Role.ADMIN, Role.ANALYST, Role.POLICE, Role.STEERING_GROUP, Role.VIEWER})
# Who may report incidents.
INCIDENT_REPORTERS = frozenset({Role.REPORTER, Role.ADMIN, Role.ANALYST, Role.POLICE})
# Who may export raw (unredacted) free text.
RAW_TEXT_ROLES = SURVEY_EDITORS
