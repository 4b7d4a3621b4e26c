"""The incident form, the reporter's narrow access, and the periodic situation picture pages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from analysis.periods import parse_period
from app.extensions import db
from surveys.accounts.models import Role
from surveys.incidents.models import Incident
from surveys.incidents.periodic import load_assessment
from surveys.incidents.reporting import list_incidents
from surveys.localtime import today as local_today
from tests.app.helpers import (
    by_id,
    csrf_from,
    field,
    find_all,
    parse_html,
    sign_in,
    table_rows,
    text_of,
    texts,
)
from tests.factories import PASSWORD, local_instant, make_org, make_survey, make_user


@pytest.fixture
def org(app):
    return make_org(db.session, slug="lulea", name="Luleå")


def _signed_in(client, org, role):
    user = make_user(db.session, org, role)
    sign_in(client, user)
    client.get("/sprak/en?next=/")  # these tests read the English interface
    return user


def test_reporter_reports_on_the_mobile_form(client, org):
    _signed_in(client, org, Role.REPORTER)
    page = client.get("/admin/incidents/new").get_data(as_text=True)
    assert "Do not write names or other details about individuals." in texts(page, "//p[@class='hint']")
    assert field(page, "occurred_on").get("type") == "date"
    assert field(page, "occurred_at").get("type") == "time"
    assert find_all(page, "/html/head/meta[@name='viewport']")
    assert "<script>" not in page and "style=" not in page  # no inline script or style, in any form
    response = client.post(
        "/admin/incidents/new",
        data={
            "csrf_token": csrf_from(client, "/admin/incidents/new"),
            "occurred_on": "2026-03-10",
            "occurred_at": "21:30",
            "area": "Norr",
            "place": "Busshållplatsen",
            "category": "skadegorelse",
            "incident_type": "vandalism",
            "severity": "2",
            "description": "Anna Svensson krossade en ruta",
        },
    )
    assert response.status_code == 302
    [incident] = list_incidents(db.session, [org.id])
    when = dt.datetime(2026, 3, 10, 20, 30, tzinfo=dt.UTC)  # 21:30 Swedish winter time (UTC+1)
    assert (incident.area, incident.severity, incident.occurred_at) == ("Norr", 2, when)
    assert "Anna Svensson" in incident.description_raw and "Anna Svensson" not in incident.description


def test_form_errors_are_shown_and_nothing_is_stored(client, org):
    _signed_in(client, org, Role.POLICE)
    response = client.post(
        "/admin/incidents/new",
        data={
            "csrf_token": csrf_from(client, "/admin/incidents/new"),
            "occurred_on": "2026-03-10",
            "occurred_at": "21:30",
            "area": "Mars",
            "category": "",
            "incident_type": "vandalism",
            "severity": "2",
            "description": "x" * 1001,
        },
    )
    assert response.status_code == 200
    summary = by_id(response.get_data(as_text=True), "error-summary")
    assert summary.get("class") == "error-summary" and summary.get("role") == "alert"
    assert list_incidents(db.session, [org.id]) == []


def test_reporter_is_kept_out_of_survey_and_situation_pages(client, org):
    survey = make_survey(db.session, org)
    _signed_in(client, org, Role.REPORTER)
    assert client.get("/admin/").headers["Location"].endswith("/admin/incidents/mine")
    for url in (
        f"/admin/surveys/{survey.slug}",
        f"/admin/surveys/{survey.slug}/situation",
        "/admin/plans",
        "/admin/incidents",
        "/admin/situation/periodic",
        "/admin/situation/periodic.pdf",
    ):
        assert client.get(url).status_code == 403, url


def _incidents(org):
    def add(day, area, n, category="skadegorelse"):
        for _ in range(n):
            db.session.add(
                Incident(
                    organisation_id=org.id,
                    occurred_at=local_instant(dt.datetime.combine(day, dt.time(20))),
                    area=area,
                    category=category,
                    incident_type="fire",
                    severity=3,
                )
            )

    add(dt.date(2026, 3, 4), "Centrum", 5)  # the test floor is 5
    add(dt.date(2026, 3, 5), "Norr", 1, "narkotika")
    # Two small areas that together reach the floor: Centrum can show without giving either away.
    add(dt.date(2026, 3, 6), "Söder", 4)
    add(dt.date(2026, 2, 4), "Centrum", 6)
    db.session.commit()


def test_periodic_page_shows_counts_change_and_hides_small_cells(client, org):
    _incidents(org)
    _signed_in(client, org, Role.VIEWER)
    page = client.get("/admin/situation/periodic?kind=month&period=2026-03").get_data(as_text=True)
    doc = parse_html(page)
    assert texts(doc, "//h1") == ["Monthly situation picture March 2026: Luleå"]
    assert "March 1, 2026 – March 31, 2026" in texts(doc, "//p[@class='meta']")[0]
    headers = texts(doc, "//table[not(@id)]//thead//th")[:4]
    assert headers == ["Problem area", "March 2026", "February 2026", "Change"]
    assert text_of(by_id(doc, "total")) == "10 incidents (previous period 6, change +4)."
    assert texts(by_id(doc, "top-areas"), "./li") == ["Centrum: 5 incidents (5 serious or very serious)"]
    assert "Norr: " not in page  # one incident: under the floor, never ranked
    # Norr's 1 and Söder's 4 take the drug and vandalism totals with them (10 is shown): all "hidden".
    assert "hidden" in texts(doc, "//td/span[@title='Hidden to protect individuals']")
    assert "Save the assessment" not in page  # viewers read only


def test_assessment_is_saved_by_analysts_and_refused_to_viewers(client, org):
    _signed_in(client, org, Role.ANALYST)
    url = "/admin/situation/periodic?kind=week&period=2026-W10"
    response = client.post(
        "/admin/situation/periodic/assessment?org=lulea",
        data={
            "csrf_token": csrf_from(client, url),
            "kind": "week",
            "period": "2026-W10",
            "text": "Oro kring Norr.",
        },
    )
    assert response.status_code == 302 and "period=2026-W10" in response.headers["Location"]
    assert load_assessment(db.session, org, parse_period("week", "2026-W10")).text == "Oro kring Norr."
    saved = by_id(client.get(url).get_data(as_text=True), "assessment-text")
    assert texts(saved, "./p") == ["Oro kring Norr."]
    viewer = client.application.test_client()
    sign_in(viewer, make_user(db.session, org, Role.VIEWER))
    viewer.get("/sprak/en?next=/")  # these tests read the English interface
    refused = viewer.post(
        "/admin/situation/periodic/assessment",
        data={"csrf_token": csrf_from(viewer, url), "kind": "week", "period": "2026-W10", "text": "x"},
    )
    assert refused.status_code == 403


def test_pdf_opens_and_shows_the_counts(client, org):
    _incidents(org)
    _signed_in(client, org, Role.STEERING_GROUP)
    response = client.get("/admin/situation/periodic.pdf?kind=month&period=2026-03")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Luleå" in text and "Monthly situation picture March 2026" in text
    assert "March 1, 2026 – March 31, 2026" in text
    assert "10 incidents (previous period 6, change +4)." in " ".join(text.split())
    assert "Centrum: 5 incidents" in text


def test_police_area_sees_the_municipalities_it_covers(client, org):
    _incidents(org)
    area = make_org(db.session, slug="lpo", name="LPO", kind="police_area", areas=[])
    area.municipalities.append(org)
    db.session.commit()
    _signed_in(client, area, Role.POLICE)
    page = client.get("/admin/situation/periodic?org=lulea&kind=month&period=2026-03").get_data(as_text=True)
    assert text_of(by_id(page, "total")).startswith("10 incidents ")
    other = make_org(db.session, slug="annan")
    assert client.get(f"/admin/situation/periodic?org={other.slug}").status_code == 404


def test_import_page_imports_a_list(client, org):
    _signed_in(client, org, Role.ADMIN)
    data = "date,time,area,category,type,description,severity\n2026-03-01,10:00,Centrum,ordning,disorder,,2\n"
    response = client.post(
        "/admin/incidents/import",
        data={
            "csrf_token": csrf_from(client, "/admin/incidents/import"),
            "file": (io.BytesIO(data.encode()), "lista.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert len(list_incidents(db.session, [org.id])) == 1
    [table] = find_all(client.get("/admin/incidents").get_data(as_text=True), "//table")
    assert [row[0] for row in table_rows(table)[1:]] == ["2026-03-01 10:00"]


def _menu_links(html):
    bar = parse_html(html).find_class("admin-bar")[0]
    return [a.get("href") for a in bar.iter("a")]


def test_a_reporter_lands_on_their_reports_and_every_menu_link_opens(client, org):
    user = make_user(db.session, org, Role.REPORTER)
    token = csrf_from(client, "/admin/login")
    signed_in = client.post(
        "/admin/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD}
    )
    assert signed_in.headers["Location"].endswith("/admin/incidents/mine")
    other = make_user(db.session, org, Role.REPORTER)
    for reporter, description in ((user, "Min rapport"), (other, "Någon annans")):
        db.session.add(
            Incident(
                organisation_id=org.id,
                reported_by_id=reporter.id,
                occurred_at=local_instant(dt.datetime(2026, 3, 10, 21, 30)),
                area="Norr",
                category="skadegorelse",
                incident_type="vandalism",
                description=description,
            )
        )
    db.session.commit()
    mine = client.get("/admin/incidents/mine").get_data(as_text=True)
    [table] = find_all(mine, "//table")
    assert [row[5] for row in table_rows(table)[1:]] == ["Min rapport"]
    assert "Någon annans" not in mine
    links = _menu_links(mine)
    assert "/admin/incidents/new" in links and "/admin/incidents/mine" in links
    for href in links:
        assert client.get(href).status_code == 200, href


def test_the_steering_group_lands_on_the_plans(client, org):
    user = make_user(db.session, org, Role.STEERING_GROUP)
    token = csrf_from(client, "/admin/login")
    signed_in = client.post(
        "/admin/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD}
    )
    assert signed_in.headers["Location"].endswith("/admin/plans")


def test_the_incident_form_starts_at_swedish_local_time_not_the_server_clock(client, org):
    from zoneinfo import ZoneInfo

    _signed_in(client, org, Role.POLICE)
    before = dt.datetime.now(ZoneInfo("Europe/Stockholm")).replace(second=0, microsecond=0, tzinfo=None)
    page = parse_html(client.get("/admin/incidents/new").get_data(as_text=True))
    after = dt.datetime.now(ZoneInfo("Europe/Stockholm")).replace(second=0, microsecond=0, tzinfo=None)
    day = page.xpath('//input[@name="occurred_on"]/@value')[0]
    time = page.xpath('//input[@name="occurred_at"]/@value')[0]
    shown = dt.datetime.fromisoformat(f"{day}T{time}")
    assert before <= shown <= after


@pytest.mark.parametrize("kind", ["week", "month", "quarter"])
def test_the_periodic_picture_opens_on_the_last_complete_period(client, org, kind):
    from analysis.catalog import period_name
    from analysis.periods import period_containing

    english = lambda message: message  # noqa: E731
    _signed_in(client, org, Role.POLICE)
    current = period_containing(kind, local_today())  # the app's day, not the server's
    last = period_containing(kind, current.start - dt.timedelta(days=1))
    [title] = texts(client.get(f"/admin/situation/periodic?kind={kind}").get_data(as_text=True), "//h1")
    assert period_name(last, english) in title and period_name(current, english) not in title


def test_periodic_picture_hides_a_total_under_the_floor_in_swedish(client, org):
    _incidents(org)
    db.session.add(
        Incident(
            organisation_id=org.id,
            occurred_at=local_instant(dt.datetime(2026, 5, 10, 20)),
            area="Centrum",
            category="skadegorelse",
            incident_type="fire",
            severity=3,
        )
    )
    db.session.commit()
    sign_in(client, make_user(db.session, org, Role.VIEWER))
    client.get("/sprak/sv?next=/")
    one = client.get("/admin/situation/periodic?kind=month&period=2026-05").get_data(as_text=True)
    # A month's single incident is neither counted nor given away by the change from April.
    assert text_of(by_id(one, "total")) == "Händelser: färre än 5 (föregående period 0)."
    assert texts(one, "//h1") == ["Månadslägesbild maj 2026: Luleå"]
    week = client.get("/admin/situation/periodic?kind=week&period=2026-W49").get_data(as_text=True)
    assert texts(week, "//h1") == ["Veckolägesbild vecka 49, 2026: Luleå"]
    assert texts(week, "//p[@class='meta']")[0].startswith("30 november 2026 – 6 december 2026 ·")
    many = client.get("/admin/situation/periodic?kind=month&period=2026-03").get_data(as_text=True)
    assert text_of(by_id(many, "total")) == "10 händelser (föregående period 6, förändring +4)."
    assert texts(by_id(many, "top-areas"), "./li")[0].startswith("Centrum: 5 händelser")
    pdf = client.get("/admin/situation/periodic.pdf?kind=month&period=2026-05")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "Händelser: färre än 5 (föregående period 0)." in text and "1 händelse" not in text


def test_a_total_that_would_give_a_hidden_cell_away_is_hidden(client, org):
    # February: 3 in Centrum only, March 7.
    for day, n in ((dt.date(2026, 2, 4), 3), (dt.date(2026, 3, 4), 7)):
        for _ in range(n):
            db.session.add(
                Incident(
                    organisation_id=org.id,
                    occurred_at=local_instant(dt.datetime.combine(day, dt.time(20))),
                    area="Centrum",
                    category="skadegorelse",
                    incident_type="fire",
                    severity=1,
                )
            )
    db.session.commit()
    _signed_in(client, org, Role.VIEWER)

    def total(kind, period):
        page = client.get(f"/admin/situation/periodic?kind={kind}&period={period}").get_data(as_text=True)
        return text_of(by_id(page, "total"))

    # The quarter's 10 would give February's 3 away beside March's 7: the quarter's figure gives way.
    assert total("month", "2026-03") == "Incidents: 7 (previous period not shown)."
    assert total("quarter", "2026-Q1") == "Incidents: not shown (previous period 0)."
    assert total("month", "2026-01") == "0 incidents (previous period 0, change 0)."


def _report(**changes: str) -> dict[str, str]:
    data = {
        "occurred_on": "2026-03-10",
        "occurred_at": "21:30",
        "area": "Norr",
        "place": "Busshållplatsen",
        "category": "skadegorelse",
        "incident_type": "vandalism",
        "severity": "1",
        "description": "Krossad ruta",
    } | changes
    return data


def test_a_reporter_corrects_their_own_report_within_the_window_and_no_later(client, org):
    user = _signed_in(client, org, Role.REPORTER)
    client.post(
        "/admin/incidents/new",
        data={"csrf_token": csrf_from(client, "/admin/incidents/new"), **_report()},
    )
    [incident] = list_incidents(db.session, [org.id])
    mine = parse_html(client.get("/admin/incidents/mine").get_data(as_text=True))
    edit_url = f"/admin/incidents/{incident.id}/edit"
    assert edit_url in [a.get("href") for a in mine.xpath("//table//a")]

    opened = client.get(edit_url)
    assert opened.status_code == 200, opened.headers.get("Location")
    form = parse_html(opened.get_data(as_text=True))
    assert field(form, "description").text.strip() == "Krossad ruta"  # the form opens on the report as sent
    assert field(form, "occurred_at").get("value") == "21:30"
    saved = client.post(
        edit_url,
        data={
            "csrf_token": csrf_from(client, edit_url),
            **_report(area="Centrum", occurred_at="22:15"),
        },
    )
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/admin/incidents/mine")
    db.session.refresh(incident)
    assert (incident.area, incident.occurred_at) == (
        "Centrum",
        local_instant(dt.datetime(2026, 3, 10, 22, 15)),
    )
    assert len(list_incidents(db.session, [org.id])) == 1  # corrected, not added

    # Two days later the report is part of the record: the reporter is sent to an analyst.
    incident.created_at = incident.created_at - dt.timedelta(hours=49)
    db.session.commit()
    mine = parse_html(client.get("/admin/incidents/mine").get_data(as_text=True))
    assert edit_url not in [a.get("href") for a in mine.xpath("//table//a")]
    late = client.post(
        edit_url,
        data={"csrf_token": csrf_from(client, "/admin/incidents/mine"), **_report(area="Norr")},
    )
    assert late.status_code == 302
    db.session.refresh(incident)
    assert incident.area == "Centrum"
    follow = parse_html(client.get("/admin/incidents/mine").get_data(as_text=True))
    assert "This report can no longer be changed. Ask an analyst to correct it." in text_of(follow)

    # Nobody else may open it, not even another reporter of the same organisation.
    incident.created_at = dt.datetime.utcnow()
    db.session.commit()
    sign_in(client, make_user(db.session, org, Role.REPORTER))
    assert client.get(edit_url).status_code == 404
    assert user.id == incident.reported_by_id
