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

    scope: str  # "public", "organisation", "survey", "plan", "group", "account" or "report"
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
    "admin.accounts.login": PUBLIC,
    "admin.accounts.logout": PUBLIC,
    "admin.accounts.forgot_password": PUBLIC,
    "admin.accounts.set_password": PUBLIC,
    # Organisation-wide pages: their lists are filtered (checked for leaks below).
    "admin.surveys.index": org(get=ROLES | REPORTER),  # reporters are sent on to the incident form
    "admin.accounts.audit_log": org(get=ADMIN),
    "admin.accounts.users": org(get=ADMIN),
    "admin.accounts.public_info_edit": org(get=ADMIN, post=ADMIN),
    "admin.accounts.user_invite": org(post=ADMIN),
    "admin.accounts.user_role": Rule("account", post=ADMIN),
    "admin.accounts.user_new_link": Rule("account", post=ADMIN),
    "admin.accounts.invitation_role": Rule("account", post=ADMIN),
    "admin.accounts.invitation_new_link": Rule("account", post=ADMIN),
    "admin.surveys.survey_new": org(get=EDITORS, post=EDITORS),
    "admin.surveys.survey_import": org(get=EDITORS, post=EDITORS),
    "admin.surveys.survey_import_confirm": org(post=EDITORS),
    "admin.surveys.survey_import_file": org(get=EDITORS),
    "admin.plans.plan_list": org(get=ROLES),
    "admin.plans.plans_behind": org(get=ROLES),
    "admin.maps.area_shapes_upload": org(get=EDITORS, post=EDITORS),
    # One survey: building it.
    "admin.surveys.survey_detail": survey(get=ROLES),
    "admin.surveys.survey_edit": survey(get=EDITORS, post=EDITORS),
    "admin.surveys.survey_translations": survey(get=EDITORS, post=EDITORS),
    "admin.surveys.survey_status": survey(post=EDITORS),
    "admin.surveys.survey_retention": survey(post=ADMIN),
    "admin.surveys.survey_new_round": survey(get=EDITORS, post=EDITORS),
    "admin.surveys.survey_preview": survey(get=ROLES),
    "admin.surveys.question_add": survey(post=EDITORS),
    "admin.surveys.question_edit": survey(get=EDITORS, post=EDITORS),
    "admin.surveys.question_move": survey(post=EDITORS),
    "admin.surveys.question_remove": survey(post=EDITORS),
    # Getting it out, files in and out.
    "admin.surveys.survey_qr": survey(get=STAFF),
    "admin.surveys.survey_poster": survey(get=STAFF),
    "admin.surveys.survey_paper_form": survey(get=STAFF),
    "admin.surveys.survey_invitations": survey(post=EDITORS),
    "admin.surveys.survey_paper": survey(get=EDITORS, post=EDITORS),
    "admin.surveys.survey_export_xlsform": survey(get=STAFF),
    "admin.surveys.responses_export": survey(post=STAFF),
    "admin.surveys.responses_import": survey(get=EDITORS, post=EDITORS),
    "admin.surveys.responses_import_confirm": survey(post=EDITORS),
    "admin.surveys.responses_import_file": survey(get=EDITORS),
    # Analysis and review: everyone reads, reviewers change.
    "admin.review.analyse_survey": survey(post=EDITORS),
    "admin.review.survey_analysis": survey(get=ROLES),
    "admin.review.cluster_answers": survey(get=ROLES),
    "admin.review.review_action": survey(post=EDITORS),
    "admin.review.area_add": survey(post=EDITORS),
    # Situation picture and priorities.
    "admin.insights.situation": survey(get=ROLES),
    "admin.insights.indicators_upload": survey(post=EDITORS),
    "admin.insights.indicators_file": survey(get=EDITORS),
    "admin.maps.survey_map_svg": survey(get=ROLES),
    "admin.insights.priorities": survey(get=ROLES),
    "admin.insights.priorities_save": survey(post=STAFF),
    "admin.insights.survey_report": survey(get=ROLES),
    "admin.insights.survey_report_chart": survey(get=ROLES),
    "admin.insights.survey_report_document": survey(post=ROLES),
    "admin.surveys.survey_document": survey(get=ROLES),
    "admin.surveys.survey_document_download": survey(get=ROLES),
    # Incidents and the periodic situation picture.
    "admin.incidents.incident_new": org(get=STAFF | REPORTER, post=STAFF | REPORTER),
    "admin.incidents.incident_list": org(get=ROLES),
    "admin.incidents.my_reports": org(get=STAFF | REPORTER),
    # One's own report, within its correction window: nobody else's, whatever the role.
    "admin.incidents.incident_edit": Rule("report", get=STAFF | REPORTER, post=STAFF | REPORTER),
    "admin.incidents.incident_import": org(get=EDITORS, post=EDITORS),
    "admin.incidents.incident_import_file": org(get=EDITORS),
    "admin.incidents.periodic": org(get=ROLES),
    "admin.incidents.periodic_pdf_download": org(get=ROLES),
    "admin.incidents.periodic_map_svg": org(get=ROLES),
    "admin.incidents.periodic_assessment": org(post=EDITORS),
    # Plans: drafted and edited by staff, approved only by the steering group, read by all.
    "admin.plans.plan_new": survey(get=STAFF, post=STAFF),
    "admin.plans.plan_detail": plan(get=ROLES),
    "admin.plans.plan_transition": plan(post=STEERING),  # posted as action=approve
    "admin.plans.plan_title_edit": plan(get=STAFF, post=STAFF),
    "admin.plans.plan_section_edit": plan(get=STAFF, post=STAFF),
    "admin.plans.plan_comment": plan(post=STAFF | STEERING),
    "admin.plans.commitment_new": plan(get=STAFF, post=STAFF),
    "admin.plans.commitment_edit": plan(get=STAFF, post=STAFF),
    "admin.plans.commitment_delete": plan(post=STAFF),
    "admin.plans.activity_new": plan(get=STAFF, post=STAFF),
    "admin.plans.activity_delete": plan(get=STAFF, post=STAFF),
    "admin.plans.commitment_assessment": plan(get=STAFF, post=STAFF),
    "admin.plans.plan_versions": plan(get=ROLES),
    "admin.plans.plan_compare": plan(get=ROLES),
    "admin.plans.plan_export": plan(get=ROLES),
    "admin.plans.plan_follow_up": plan(get=ROLES),
    "admin.plans.plan_follow_up_export": plan(get=ROLES),
    # Handing out an approved action plan's tasks: coordinators, not the steering group or viewers.
    "admin.plans.plan_tasks": plan(get=STAFF, post=STAFF),
    # Working groups carry out the action plan's tasks; reminders of the cooperation cycle.
    "admin.plans.working_groups": org(get=ROLES),
    "admin.plans.working_group_new": org(get=STAFF, post=STAFF),
    "admin.plans.working_group_detail": group(get=ROLES),
    "admin.plans.working_group_edit": group(get=STAFF, post=STAFF),
    "admin.plans.reminders": org(get=ROLES),
}
# Form fields beyond the CSRF token: chosen so an allowed request changes nothing that matters.
POST_DATA: dict[str, dict[str, str]] = {
    "admin.review.analyse_survey": {"k": "1"},  # invalid: no analysis is started
    "admin.plans.plan_transition": {"action": "approve"},
    "admin.accounts.login": {"email": "nobody@example.org", "password": "not-the-password"},
}
# Parameters a converter does not pin down.
FORMATS = {
    "admin.surveys.survey_qr": "svg",
    "admin.plans.plan_export": "md",
    "admin.plans.plan_follow_up_export": "md",
}
SCOPE_PREFIXES = {"survey": "/admin/surveys/<slug>", "plan": "/admin/plans/<slug>"}
