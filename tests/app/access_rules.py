"""Who may use which staff route: the expectations test_access_matrix checks against the app.

Derived from the views' decorators and loaders (`roles_required`, `login_required`,
`load_visible_survey`, `load_visible_plan`, the plan workflow's role checks).
Every admin route must have an entry; see test_access_matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

from surveys.accounts.models import Role

REPORTER = frozenset({Role.REPORTER.value})
# Reporters (partner staff) may only report incidents: "every role" means every other one.
ROLES = frozenset(r.value for r in Role) - REPORTER
ADMIN = frozenset({Role.ADMIN.value})
EDITORS = frozenset({Role.ADMIN.value, Role.ANALYST.value})
STAFF = EDITORS | {Role.POLICE.value}
STEERING = frozenset({Role.STEERING_GROUP.value})
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    """Roles allowed per method; `scope` is what the route's parameters reach."""

    scope: str  # "public", "organisation", "survey", "plan", "group" or "account"
    get: frozenset[str] = NOBODY
    post: frozenset[str] = NOBODY


PUBLIC = Rule("public")


def org(get: frozenset[str] = NOBODY, post: frozenset[str] = NOBODY) -> Rule:
    """A route over the user's whole organisation (lists are filtered)."""
    return Rule("organisation", get, post)


def survey(get: frozenset[str] = NOBODY, post: frozenset[str] = NOBODY) -> Rule:
    """A route of one survey, found by its slug."""
    return Rule("survey", get, post)


def plan(get: frozenset[str] = NOBODY, post: frozenset[str] = NOBODY) -> Rule:
    """A route of one plan, found by its slug."""
    return Rule("plan", get, post)


def group(get: frozenset[str] = NOBODY, post: frozenset[str] = NOBODY) -> Rule:
    """A route of one working group of the municipality, found by its id."""
    return Rule("group", get, post)


RULES: dict[str, Rule] = {
    # Signing in and one-time links.
    "admin.login": PUBLIC,
    "admin.logout": PUBLIC,
    "admin.forgot_password": PUBLIC,
    "admin.set_password": PUBLIC,
    # Organisation-wide pages: their lists are filtered (checked for leaks below).
    "admin.index": org(get=ROLES | REPORTER),  # reporters are sent on to the incident form
    "admin.audit_log": org(get=ADMIN),
    "admin.users": org(get=ADMIN),
    "admin.user_invite": org(post=ADMIN),
    "admin.user_role": Rule("account", post=ADMIN),
    "admin.user_new_link": Rule("account", post=ADMIN),
    "admin.survey_new": org(get=EDITORS, post=EDITORS),
    "admin.survey_import": org(get=EDITORS, post=EDITORS),
    "admin.plan_list": org(get=ROLES),
    "admin.plans_behind": org(get=ROLES),
    "admin.area_shapes_upload": org(get=EDITORS, post=EDITORS),
    # One survey: building it.
    "admin.survey_detail": survey(get=ROLES),
    "admin.survey_edit": survey(get=EDITORS, post=EDITORS),
    "admin.survey_status": survey(post=EDITORS),
    "admin.survey_retention": survey(post=ADMIN),
    "admin.survey_new_round": survey(get=EDITORS, post=EDITORS),
    "admin.survey_preview": survey(get=ROLES),
    "admin.question_add": survey(post=EDITORS),
    "admin.question_edit": survey(get=EDITORS, post=EDITORS),
    "admin.question_move": survey(post=EDITORS),
    "admin.question_remove": survey(post=EDITORS),
    # Getting it out, files in and out.
    "admin.survey_qr": survey(get=STAFF),
    "admin.survey_poster": survey(get=STAFF),
    "admin.survey_invitations": survey(post=EDITORS),
    "admin.survey_paper": survey(get=EDITORS, post=EDITORS),
    "admin.survey_export_xlsform": survey(get=STAFF),
    "admin.responses_export": survey(get=STAFF),
    "admin.responses_import": survey(get=EDITORS, post=EDITORS),
    "admin.responses_import_confirm": survey(post=EDITORS),
    # Analysis and review: everyone reads, reviewers change.
    "admin.analyse_survey": survey(post=EDITORS),
    "admin.survey_analysis": survey(get=ROLES),
    "admin.cluster_answers": survey(get=ROLES),
    "admin.review_action": survey(post=EDITORS),
    "admin.area_add": survey(post=EDITORS),
    # Situation picture and priorities.
    "admin.situation": survey(get=ROLES),
    "admin.indicators_upload": survey(post=EDITORS),
    "admin.survey_map_svg": survey(get=ROLES),
    "admin.priorities": survey(get=ROLES),
    "admin.priorities_save": survey(post=STAFF),
    "admin.survey_report": survey(get=ROLES),
    "admin.survey_report_chart": survey(get=ROLES),
    "admin.survey_report_pdf": survey(get=ROLES),
    "admin.survey_report_docx": survey(get=ROLES),
    # Incidents and the periodic situation picture.
    "admin.incident_new": org(get=STAFF | REPORTER, post=STAFF | REPORTER),
    "admin.incident_list": org(get=ROLES),
    "admin.incident_import": org(get=EDITORS, post=EDITORS),
    "admin.periodic": org(get=ROLES),
    "admin.periodic_pdf_download": org(get=ROLES),
    "admin.periodic_map_svg": org(get=ROLES),
    "admin.periodic_assessment": org(post=EDITORS),
    # Plans: drafted and edited by staff, approved only by the steering group, read by all.
    "admin.plan_new": survey(get=STAFF, post=STAFF),
    "admin.plan_detail": plan(get=ROLES),
    "admin.plan_transition": plan(post=STEERING),  # posted as action=approve
    "admin.plan_title_edit": plan(get=STAFF, post=STAFF),
    "admin.plan_section_edit": plan(get=STAFF, post=STAFF),
    "admin.plan_comment": plan(post=STAFF | STEERING),
    "admin.commitment_new": plan(get=STAFF, post=STAFF),
    "admin.commitment_edit": plan(get=STAFF, post=STAFF),
    "admin.commitment_delete": plan(post=STAFF),
    "admin.activity_new": plan(get=STAFF, post=STAFF),
    "admin.activity_delete": plan(post=STAFF),
    "admin.plan_versions": plan(get=ROLES),
    "admin.plan_compare": plan(get=ROLES),
    "admin.plan_export": plan(get=ROLES),
    "admin.plan_follow_up": plan(get=ROLES),
    "admin.plan_follow_up_export": plan(get=ROLES),
    # Handing out an approved action plan's tasks: coordinators, not the steering group or viewers.
    "admin.plan_tasks": plan(get=STAFF, post=STAFF),
    # Working groups carry out the action plan's tasks; reminders of the cooperation cycle.
    "admin.working_groups": org(get=ROLES),
    "admin.working_group_new": org(get=STAFF, post=STAFF),
    "admin.working_group_detail": group(get=ROLES),
    "admin.working_group_edit": group(get=STAFF, post=STAFF),
    "admin.reminders": org(get=ROLES),
}
# Form fields beyond the CSRF token: chosen so an allowed request changes nothing that matters.
POST_DATA: dict[str, dict[str, str]] = {
    "admin.analyse_survey": {"k": "1"},  # invalid: no analysis is started
    "admin.plan_transition": {"action": "approve"},
    "admin.login": {"email": "nobody@example.org", "password": "not-the-password"},
}
# Parameters a converter does not pin down.
FORMATS = {"admin.survey_qr": "svg", "admin.plan_export": "md", "admin.plan_follow_up_export": "md"}
SCOPE_PREFIXES = {"survey": "/admin/surveys/<slug>", "plan": "/admin/plans/<slug>"}
