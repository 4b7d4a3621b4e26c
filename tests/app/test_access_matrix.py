"""Who may do what in the staff area: every admin route × every kind of visitor.

Routes are read from `app.url_map`, and RULES (tests/app/access_rules.py) says, for each one, which roles may
GET and POST it and how far it reaches (the organisation, one survey, one plan,
one account). A route without a rule fails the test until someone decides, and
writes down here, who may use it; a rule whose route is gone fails it too.

Visitors: nobody signed in; each role of the municipality that owns the data; a
police-area officer whose area covers the municipality (sees it); an officer of a
police area that does not cover it; and an administrator of another municipality
(neither may see anything of it).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import pytest
from flask import Flask, current_app, url_for
from werkzeug.routing.converters import AnyConverter

from app.extensions import db
from surveys.accounts.invitation_models import AccountInvitation
from surveys.accounts.link_models import TokenPurpose
from surveys.accounts.links import issue
from surveys.accounts.models import Role, User
from surveys.audit.log import record
from surveys.authoring.models import Survey
from surveys.database.job_status import JobStatus
from surveys.incidents.models import Incident
from surveys.insights.report_data import build_report_data
from surveys.plans.commitment_models import Activity, Commitment
from surveys.plans.models import Plan
from surveys.plans.workflow import transition
from surveys.plans.working_group_models import WorkingGroup
from surveys.reports import charts
from surveys.reports.document_models import DocumentKind, ReportDocument
from surveys.review.runs import latest_run
from surveys.review.state import load_state
from tests.app.access_rules import FORMATS, POST_DATA, RULES, SCOPE_PREFIXES, Rule
from tests.app.helpers import csrf_from, download_export, sign_in
from tests.conftest import FreshContextClient, load_world
from tests.factories import local_instant, make_org, make_user
from tests.plan_helpers import analysed_round, draft

ANONYMOUS, LINKED, UNLINKED, STRANGER = "anonymous", "linked police area", "unlinked police area", "stranger"
MARKS = ("Hemlig-enkät-7731", "Hemlig-plan-7731", "kollega-7731@example.org")


def _admin_rules(app: Flask) -> dict[str, Any]:
    return {r.endpoint: r for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.")}


def _methods(rule: Any) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def test_every_admin_route_has_a_rule_that_fits_its_address(app):
    routes = _admin_rules(app)
    assert sorted(set(routes) - set(RULES)) == [], "new admin routes need an entry in RULES"
    assert sorted(set(RULES) - set(routes)) == [], "RULES names routes that no longer exist"
    for endpoint, route in routes.items():
        rule = RULES[endpoint]
        assert set(_methods(route)) <= {"GET", "POST"}, endpoint
        for method in _methods(route):
            allowed = rule.get if method == "GET" else rule.post
            assert rule.scope == "public" or allowed, f"{endpoint} {method}: nobody may use it?"
        prefix = SCOPE_PREFIXES.get(rule.scope)
        if prefix:
            assert route.rule.startswith(prefix), f"{endpoint} is not scoped by its {rule.scope} slug"
        elif "slug" in route.arguments:
            pytest.fail(f"{endpoint} takes a slug but its rule has scope {rule.scope!r}")


def _seed_matrix_world() -> dict[str, Any]:
    """The matrix's data, seeded once per session; returns the ids the tests find it by."""
    found = analysed_round(db.session)
    municipality, police_area = found["org"], found["police"]
    users = {role.value: make_user(db.session, municipality, role) for role in Role}
    users[LINKED] = make_user(db.session, police_area, Role.POLICE)
    other_area = make_org(db.session, slug="lpo-annat", name="LPO Annat", kind="police_area")
    neighbour = make_org(db.session, slug="grannkommun", name="Grannkommun")
    other_area.municipalities.append(neighbour)
    users[UNLINKED] = make_user(db.session, other_area, Role.POLICE)
    users[STRANGER] = make_user(db.session, make_org(db.session, slug="annan-kommun"), Role.ADMIN)
    colleague = make_user(db.session, municipality, Role.VIEWER, email=MARKS[2])

    the_survey = found["citizen"]
    the_survey.title = {**the_survey.title, "sv": MARKS[0], "en": MARKS[0]}
    the_plan = draft(db.session, found, users["analyst"])
    transition(db.session, the_plan, "submit", users["analyst"])
    transition(db.session, the_plan, "approve", users["steering_group"])
    the_plan.title = {"sv": MARKS[1], "en": MARKS[1]}
    section = next(s for s in the_plan.sections if s.theme)
    record(db.session, "export_responses", organisation_id=municipality.id, target=the_survey.slug)

    run = latest_run(db.session, the_survey, finished_only=True)
    report = build_report_data(db.session, the_survey, current_app.config["PRIVACY_MIN_GROUP"])
    return {
        "survey": the_survey.id,
        "plan": the_plan.id,
        "section": section.id,
        "commitment": _commitment(the_plan, section).id,
        "cluster": load_state(db.session, the_survey, run).clusters[0].key,
        "chart": charts.available(report)[0],
        "colleague": colleague.id,
        "token": issue(db.session, colleague, TokenPurpose.INVITE),
        "users": {name: user.id for name, user in users.items()},
        # Signed in once here: argon2 makes each sign-in cost a noticeable fraction of a second.
        "cookies": {name: _signed_in_cookie(n, u) for n, (name, u) in enumerate(users.items(), start=1)},
    }


def _signed_in_cookie(n: int, user: Any) -> str:
    """The session cookie of `user` signed in from client address n (tests use the same address)."""
    current_app.test_client_class = FreshContextClient  # as the `client` fixture sets it
    visitor = _client(current_app, n, None)
    sign_in(visitor, user)
    cookie = visitor.get_cookie(current_app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return cookie.value


@pytest.fixture
def world(app, client):
    """An analysed round with an approved plan, and one signed-in client per kind of visitor.

    The data is a copy of a world seeded once per session (`load_world`, tests/conftest.py);
    each client carries the session cookie its user got signing in there.
    """
    ids = load_world(_seed_matrix_world)
    the_plan = db.session.get(Plan, ids["plan"])
    users = {name: db.session.get(User, user_id) for name, user_id in ids["users"].items()}
    found: dict[str, Any] = {
        "survey": db.session.get(Survey, ids["survey"]),
        "plan": the_plan,
        "section": next(s for s in the_plan.sections if s.id == ids["section"]),
        "commitment": db.session.get(Commitment, ids["commitment"]),
        "cluster": ids["cluster"],
        "chart": ids["chart"],
        "colleague": db.session.get(User, ids["colleague"]),
        "token": ids["token"],
        "clients": {ANONYMOUS: _client(app, 0, None)},
        "users": users,
    }
    for n, name in enumerate(users, start=1):
        found["clients"][name] = _client(app, n, ids["cookies"][name])
    found["roles"] = {name: user.role for name, user in users.items()}
    return found


def _client(app: Flask, n: int, session_cookie: str | None) -> Any:
    visitor = app.test_client()
    visitor.environ_base["REMOTE_ADDR"] = f"10.77.0.{n}"  # sign-in limits are per address
    if session_cookie is not None:
        visitor.set_cookie(app.config["SESSION_COOKIE_NAME"], session_cookie)
    visitor.csrf = csrf_from(visitor, "/admin/login")
    return visitor


def _commitment(the_plan: Any, section: Any) -> Commitment:
    commitment = Commitment(
        plan=the_plan,
        section=section,
        text={"sv": "Matris"},
        target_count=2,
        period_start=the_plan.period_start,
        period_end=the_plan.period_end,
    )
    db.session.add(commitment)
    db.session.commit()
    return commitment


def _group(world: dict[str, Any]) -> WorkingGroup:
    """The municipality's working group (made once), with the plan's commitment as its task."""
    if "group" not in world:
        group = WorkingGroup(organisation_id=world["plan"].organisation_id, name="Arbetsgrupp Matris")
        db.session.add(group)
        db.session.commit()
        world["group"] = group
    return world["group"]


def _invitation(world: dict[str, Any]) -> AccountInvitation:
    """A pending invitation of the municipality (made once)."""
    if "invitation" not in world:
        invitation = AccountInvitation(
            organisation_id=world["plan"].organisation_id,
            email="inbjuden-matris@example.org",
            role=Role.VIEWER,
        )
        db.session.add(invitation)
        db.session.commit()
        world["invitation"] = invitation
    return world["invitation"]


def _parameter(name: str, endpoint: str, route: Any, world: dict[str, Any]) -> Any:
    if name == "slug":
        return world["plan"].slug if route.rule.startswith("/admin/plans/") else world["survey"].slug
    if name == "fmt":
        converter = getattr(route, "_converters", {}).get("fmt")
        return sorted(converter.items)[0] if isinstance(converter, AnyConverter) else FORMATS[endpoint]
    if name == "commitment_id":
        return _commitment(world["plan"], world["section"]).id
    if name == "activity_id":
        activity = Activity(commitment=world["commitment"], done_on=dt.date(2026, 3, 1), description="Matris")
        db.session.add(activity)
        db.session.commit()
        return activity.id
    if name == "document":  # a finished situation-picture document of the survey
        document = ReportDocument(
            token=secrets.token_urlsafe(16),
            survey_id=world["survey"].id,
            kind=DocumentKind.PDF,
            language="sv",
            status=JobStatus.DONE,
            filename="lagesbild.pdf",
            content=b"%PDF-1.7",
        )
        db.session.add(document)
        db.session.commit()
        return document.token
    if name == "incident_id":  # the partner reporter's own report, sent just now
        reporter = world["users"][Role.REPORTER.value]
        incident = Incident(
            organisation_id=reporter.organisation_id,
            reported_by_id=reporter.id,
            occurred_at=local_instant(dt.datetime(2026, 3, 1, 21, 0)),
            area=reporter.organisation.areas[0],
            category="skadegorelse",
            incident_type="vandalism",
        )
        db.session.add(incident)
        db.session.commit()
        return incident.id
    simple = {
        "question_id": lambda: world["survey"].questions[0].id,
        "key": lambda: world["cluster"],
        "name": lambda: world["chart"],
        "section_id": lambda: world["section"].id,
        "user_id": lambda: world["colleague"].id,
        "token": lambda: world["token"],
        "group_id": lambda: _group(world).id,
        "invitation_id": lambda: _invitation(world).id,
    }
    if name not in simple:
        pytest.fail(f"no test value for <{name}> of {endpoint}: add one to _parameter")
    return simple[name]()


def _url(app: Flask, endpoint: str, route: Any, world: dict[str, Any]) -> str:
    values = {name: _parameter(name, endpoint, route, world) for name in route.arguments}
    with app.test_request_context():
        return url_for(endpoint, **values)


def _sees(visitor: str, rule: Rule) -> bool:
    """Whether the visitor's organisation reaches the route's object."""
    if rule.scope in ("survey", "plan", "group"):
        return visitor not in (UNLINKED, STRANGER)
    if rule.scope == "account":
        return visitor not in (LINKED, UNLINKED, STRANGER)
    if rule.scope == "report":
        return visitor == Role.REPORTER.value  # the report is the reporter's own
    return True


def _expected(visitor: str, role: str | None, rule: Rule, method: str) -> str:
    if rule.scope == "public":
        return "allowed"
    if visitor == ANONYMOUS:
        return "sign-in"
    allowed = rule.get if method == "GET" else rule.post
    return "allowed" if role in allowed and _sees(visitor, rule) else "denied"


def _outcome(response: Any) -> str:
    status = response.status_code
    if status in (301, 302, 303) and "/admin/login" in response.headers.get("Location", ""):
        return "sign-in"
    if status in (401, 403, 404):
        return "denied"
    if status == 400 or status == 429 or status >= 500:
        return f"error {status}"
    return "allowed"


def _order(endpoint: str) -> tuple[bool, str]:
    return endpoint == "admin.accounts.logout", endpoint  # signing out last


def test_every_admin_route_obeys_the_role_and_organisation_matrix(app, world):
    routes = _admin_rules(app)
    problems: list[str] = []
    for visitor, client in world["clients"].items():
        role = world["roles"].get(visitor)
        for endpoint in sorted(routes, key=_order):
            route, rule = routes[endpoint], RULES[endpoint]
            for method in _methods(route):
                url = _url(app, endpoint, route, world)
                if method == "GET":
                    response = client.get(url)
                else:
                    data = {"csrf_token": client.csrf, **POST_DATA.get(endpoint, {})}
                    if "email" in data:  # failed sign-ins are also limited per account
                        data["email"] = f"{client.environ_base['REMOTE_ADDR']}@example.org"
                    response = client.post(url, data=data)
                expected, got = _expected(visitor, role, rule, method), _outcome(response)
                if got != expected and not (expected == "sign-in" and got == "denied"):
                    problems.append(
                        f"{visitor} ({role}) {method} {url}: {got} ({response.status_code}), "
                        f"expected {expected}"
                    )
                if visitor in (ANONYMOUS, UNLINKED, STRANGER) and rule.scope != "public":
                    # Pages repeat their own address (language links), so slugs count only in lists.
                    slugs = (world["survey"].slug, world["plan"].slug) if rule.scope == "organisation" else ()
                    body = response.get_data().decode("utf-8", "replace")  # PDFs are binary
                    leaked = [m for m in (*MARKS, *slugs) if m in body]
                    if leaked:
                        problems.append(f"{visitor} {method} {url} shows {leaked}")
    assert problems == [], "\n".join(problems)


def test_police_areas_see_the_municipalities_they_cover_and_no_others(world):
    slug, plan_slug = world["survey"].slug, world["plan"].slug
    linked, unlinked = world["clients"][LINKED], world["clients"][UNLINKED]
    assert slug in linked.get("/admin/").get_data(as_text=True)
    assert plan_slug in linked.get("/admin/plans").get_data(as_text=True)
    assert linked.get(f"/admin/surveys/{slug}/analysis").status_code == 200
    assert slug not in unlinked.get("/admin/").get_data(as_text=True)
    assert plan_slug not in unlinked.get("/admin/plans").get_data(as_text=True)
    assert unlinked.get(f"/admin/surveys/{slug}/analysis").status_code == 404


def test_only_admins_and_analysts_export_unredacted_text(world):
    slug = world["survey"].slug
    statuses = {
        role: download_export(world["clients"][role], slug, "csv", raw=True).status_code
        for role in ("admin", "analyst", "police")
    }
    assert statuses == {"admin": 200, "analyst": 200, "police": 403}
