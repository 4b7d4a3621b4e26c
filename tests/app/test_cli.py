"""The `trygg` command group."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from surveys.accounts.models import User
from surveys.answering.models import Response
from surveys.authoring.models import Survey
from surveys.insights.models import PriorityList
from surveys.organisations.models import Organisation
from surveys.plans.models import Plan
from surveys.review.run_models import AnalysisRun
from tests.factories import make_org, make_single_page_survey


def test_demo_creates_open_surveys_with_hundreds_of_answers(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "admin@norrforsa.example" in result.output
    open_slugs = set(db.session.scalars(select(Survey.slug).where(Survey.status == "open")))
    assert {"trygghet-norrforsa", "medarbetare-norrforsa"} <= open_slugs
    assert db.session.scalar(select(func.count(Response.id))) >= 300
    kinds = set(db.session.scalars(select(Survey.kind)))
    assert {"citizen_dialogue", "staff_dialogue"} <= kinds
    runs = db.session.scalars(select(AnalysisRun)).all()
    assert len(runs) == 3 and all(r.status == "done" for r in runs)
    plan = db.session.scalar(select(Plan).where(Plan.kind == "pledge"))  # the demo has an action plan too
    assert plan.status == "published" and db.session.scalar(select(PriorityList)) is not None
    assert len([s for s in plan.sections if s.theme]) == 4
    assert sum(c.done_count for c in plan.commitments) >= 2
    action_plan = db.session.scalar(select(Plan).where(Plan.kind == "action_plan"))
    assert action_plan.status == "approved" and all(c.working_group for c in action_plan.commitments)


def test_demo_if_empty_leaves_existing_data_alone(runner):
    make_org(db.session)
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0 and "already has data" in result.output
    assert db.session.scalar(select(func.count(Organisation.id))) == 1
    refused = runner.invoke(args=["demo"])
    assert refused.exit_code != 0


def test_survey_list_prints_slug_status_kind_title(runner):
    survey = make_single_page_survey(db.session)
    result = runner.invoke(args=["survey", "list"])
    assert result.exit_code == 0
    assert f"{survey.slug}\topen\tcitizen_dialogue\tKort enkät" in result.output


def test_orgs_and_users_create(runner):
    assert runner.invoke(args=["orgs", "create", "lulea", "Luleå kommun"]).exit_code == 0
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Samordnare@Lulea.example",
            "--role",
            "analyst",
            "--org",
            "lulea",
            "--password",
            "ett-langt-losenord",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.email == "samordnare@lulea.example" and user.role == "analyst"
    assert user.password_hash.startswith("$argon2id$")
    short = runner.invoke(args=["users", "create", "b@lulea.example", "--org", "lulea", "--password", "kort"])
    assert short.exit_code != 0 and "12 characters" in short.output
    unknown = runner.invoke(
        args=["users", "create", "c@x.example", "--org", "nope", "--password", "ett-langt-losenord"]
    )
    assert unknown.exit_code != 0 and "no organisation" in unknown.output


def test_demo_has_outlines_incidents_and_marked_places_that_form_hot_spots(runner):
    from surveys.incidents.geography import incident_hotspots
    from surveys.incidents.reporting import list_incidents
    from surveys.places.lookup import AreaLookup
    from surveys.places.models import AreaShape
    from surveys.places.service import marked_places, shape_polygons

    assert runner.invoke(args=["demo"]).exit_code == 0
    org = db.session.scalar(select(Organisation).where(Organisation.slug == "norrforsa"))
    shapes = list(db.session.scalars(select(AreaShape).where(AreaShape.organisation_id == org.id)))
    assert sorted(s.name for s in shapes) == sorted(org.areas)
    incidents = list_incidents(db.session, [org.id])
    assert len(incidents) > 300 and all(i.reported_by.role == "reporter" for i in incidents)
    lookup = AreaLookup.of(shape_polygons(shapes))
    marked = [i for i in incidents if i.latitude is not None]
    assert marked and all(lookup.area_at(i.latitude, i.longitude) == i.area for i in marked)
    assert len(incident_hotspots(incidents, 5, {}, None)) >= 3
    survey = db.session.scalar(select(Survey).where(Survey.slug == "trygghet-norrforsa"))
    places = marked_places(db.session, [survey.id])
    assert len(places) >= 50 and all(lookup.area_at(lat, lon) for lat, lon in places)
