"""Incident times: entered and read in the municipality's local time, stored as UTC instants.

Sweden is UTC+1 in winter and UTC+2 in summer; in 2026 summer time begins on 29 March (02:00
becomes 03:00) and ends on 25 October (03:00 becomes 02:00 again).
"""

from __future__ import annotations

import datetime as dt
import io
import time
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from app.config import ConfigError, TestConfig
from app.extensions import db
from surveys.accounts.models import Role
from surveys.incidents.importing import import_incidents
from surveys.incidents.models import Incident
from surveys.incidents.reporting import CORRECTION_WINDOW, list_incidents
from surveys.localtime import DEFAULT_TIME_ZONE, use_zone
from surveys.transfer.errors import ImportFailed
from tests.app.helpers import by_id, csrf_from, field, find_all, flash_messages, sign_in, table_rows, text_of
from tests.conftest import FreshContextClient, make_app
from tests.factories import make_org, make_user

UTC = dt.UTC


@pytest.fixture
def org(app):
    return make_org(db.session, slug="lulea", name="Luleå")


def _signed_in(client, org, role=Role.POLICE, language="sv"):
    user = make_user(db.session, org, role)
    sign_in(client, user)
    client.get(f"/sprak/{language}?next=/")
    return user


def _report(client, day: str, clock: str, **changes: str):
    data = {
        "csrf_token": csrf_from(client, "/admin/incidents/new"),
        "occurred_on": day,
        "occurred_at": clock,
        "area": "Norr",
        "category": "skadegorelse",
        "incident_type": "vandalism",
        "severity": "1",
        "description": "Krossad ruta",
    } | changes
    return client.post("/admin/incidents/new", data=data)


def _add(org, instant: dt.datetime, n: int = 1) -> None:
    for _ in range(n):
        db.session.add(
            Incident(
                organisation_id=org.id,
                occurred_at=instant,
                area="Centrum",
                category="skadegorelse",
                incident_type="fire",
                severity=1,
            )
        )
    db.session.commit()


@pytest.fixture
def server_clock_in(monkeypatch):
    """Run the server's own clock (the process's TZ) in another zone than the municipality's."""

    def use(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


# The form ----------------------------------------------------------------------------------


def test_the_form_starts_at_local_time_whatever_zone_the_server_clock_runs_in(client, org, server_clock_in):
    server_clock_in("America/Los_Angeles")  # nine hours behind Sweden: even the day may differ
    _signed_in(client, org)
    sweden = ZoneInfo("Europe/Stockholm")
    before = dt.datetime.now(sweden).replace(second=0, microsecond=0, tzinfo=None)
    page = client.get("/admin/incidents/new").get_data(as_text=True)
    after = dt.datetime.now(sweden).replace(second=0, microsecond=0, tzinfo=None)
    shown = dt.datetime.fromisoformat(
        f"{field(page, 'occurred_on').get('value')}T{field(page, 'occurred_at').get('value')}"
    )
    assert before <= shown <= after


def test_the_municipalitys_zone_is_a_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("TRYGG_TIME_ZONE", "Europe/Helsinki")
    app = make_app(tmp_path)
    with app.app_context():
        helsinki = ZoneInfo("Europe/Helsinki")
        app.test_client_class = FreshContextClient
        client = app.test_client()
        org = make_org(db.session, slug="vasa")
        _signed_in(client, org)
        before = dt.datetime.now(helsinki).replace(second=0, microsecond=0, tzinfo=None)
        page = client.get("/admin/incidents/new").get_data(as_text=True)
        shown = dt.datetime.fromisoformat(
            f"{field(page, 'occurred_on').get('value')}T{field(page, 'occurred_at').get('value')}"
        )
        assert before <= shown <= before + dt.timedelta(minutes=1)
        response = _report(client, "2026-03-10", "21:30")
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
        [incident] = list_incidents(db.session, [org.id])
        assert incident.occurred_at == dt.datetime(2026, 3, 10, 19, 30, tzinfo=UTC)  # Finland: UTC+2
        db.session.remove()
        db.engine.dispose()
    use_zone(DEFAULT_TIME_ZONE)  # as the next test's app would set it


def test_an_unknown_zone_stops_the_start(monkeypatch):
    monkeypatch.setenv("TRYGG_TIME_ZONE", "Europe/Lund")
    with pytest.raises(ConfigError, match="TRYGG_TIME_ZONE"):
        TestConfig()


def test_what_the_reporter_types_is_swedish_time_stored_as_utc(client, org):
    _signed_in(client, org)
    _report(client, "2026-03-10", "21:30")  # winter time, UTC+1
    _report(client, "2026-07-01", "01:30")  # summer time, UTC+2: still 30 June in UTC
    stored = sorted(i.occurred_at for i in list_incidents(db.session, [org.id]))
    assert stored == [
        dt.datetime(2026, 3, 10, 20, 30, tzinfo=UTC),
        dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC),
    ]


def test_a_time_the_clocks_skipped_is_refused_in_the_users_language(client, org):
    _signed_in(client, org)
    response = _report(client, "2026-03-29", "02:30")
    assert response.status_code == 200
    error = text_of(by_id(response.get_data(as_text=True), "occurred_at-error"))
    assert "Klockan visade aldrig 02:30 den 29 mars 2026" in error
    assert "till exempel 03:30" in error
    assert list_incidents(db.session, [org.id]) == []
    # The hour after the jump is fine.
    assert _report(client, "2026-03-29", "03:30").status_code == 302
    [incident] = list_incidents(db.session, [org.id])
    assert incident.occurred_at == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_a_time_the_clocks_showed_twice_is_the_first_and_the_reporter_is_told(client, org):
    _signed_in(client, org, language="en")
    response = _report(client, "2026-10-25", "02:30")
    assert response.status_code == 302
    [incident] = list_incidents(db.session, [org.id])
    assert incident.occurred_at == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # still summer time, UTC+2
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        "The clock showed 02:30 twice on October 25, 2026, when summer time ended. "
        "The incident is recorded at the first 02:30, still on summer time."
    ) in flash_messages(page, "info")
    # An unambiguous time says nothing of the kind.
    _report(client, "2026-10-25", "03:30")
    assert flash_messages(client.get("/admin/incidents/new").get_data(as_text=True), "info") == []


def test_a_time_the_clocks_showed_twice_is_explained_in_swedish(client, org):
    _signed_in(client, org)
    response = _report(client, "2026-10-25", "02:30")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    [told] = flash_messages(page, "info")
    assert told.startswith("Klockan visade 02:30 två gånger den 25 oktober 2026")


# Shown --------------------------------------------------------------------------------------


def test_lists_show_local_time_and_the_correction_form_opens_on_it(client, org):
    _signed_in(client, org, Role.REPORTER)
    _report(client, "2026-07-01", "01:30")  # 23:30 UTC on 30 June
    [incident] = list_incidents(db.session, [org.id])
    mine = client.get("/admin/incidents/mine").get_data(as_text=True)
    [table] = find_all(mine, "//table")
    assert table_rows(table)[1][0] == "2026-07-01 01:30"
    form = client.get(f"/admin/incidents/{incident.id}/edit").get_data(as_text=True)
    assert (field(form, "occurred_on").get("value"), field(form, "occurred_at").get("value")) == (
        "2026-07-01",
        "01:30",
    )
    # Saving the form unchanged keeps the instant.
    client.post(
        f"/admin/incidents/{incident.id}/edit",
        data={
            "csrf_token": csrf_from(client, f"/admin/incidents/{incident.id}/edit"),
            "occurred_on": "2026-07-01",
            "occurred_at": "01:30",
            "area": "Norr",
            "category": "skadegorelse",
            "incident_type": "vandalism",
            "severity": "1",
        },
    )
    db.session.refresh(incident)
    assert incident.occurred_at == dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)

    staff = client.application.test_client()
    _signed_in(staff, org, Role.ANALYST)
    [table] = find_all(staff.get("/admin/incidents").get_data(as_text=True), "//table")
    assert table_rows(table)[1][0] == "2026-07-01 01:30"


def test_my_reports_says_until_when_a_report_can_be_corrected_in_local_time(client, org):
    _signed_in(client, org, Role.REPORTER)
    _report(client, "2026-03-27", "12:00")
    [incident] = list_incidents(db.session, [org.id])
    # Sent at 11:00 UTC on Friday 27 March; summer time begins on the Sunday in between, so the
    # 48 hours end at 13:00 Swedish time on the Sunday, not 12:00.
    incident.created_at = dt.datetime(2026, 3, 27, 11, 0)
    db.session.commit()
    assert incident.created_at + CORRECTION_WINDOW == dt.datetime(2026, 3, 29, 11, 0)
    # (The window is real elapsed time: what the page says must agree with what the server allows.)
    from surveys.incidents import reporting

    reporter = incident.reported_by
    assert reporting.can_correct(incident, reporter, now=dt.datetime(2026, 3, 29, 11, 0))
    assert not reporting.can_correct(incident, reporter, now=dt.datetime(2026, 3, 29, 11, 1))
    incident.created_at = dt.datetime.now(UTC).replace(tzinfo=None) - dt.timedelta(hours=1)
    db.session.commit()
    until = (
        (incident.created_at + CORRECTION_WINDOW).replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/Stockholm"))
    )
    mine = client.get("/admin/incidents/mine").get_data(as_text=True)
    [table] = find_all(mine, "//table")
    assert table_rows(table)[1][-1].endswith(f"(senast {until:%Y-%m-%d %H:%M})")


# Grouped ------------------------------------------------------------------------------------


def test_an_incident_at_2330_utc_on_31_march_belongs_to_april(client, org):
    _add(org, dt.datetime(2026, 3, 31, 23, 30, tzinfo=UTC), 5)  # 01:30 on 1 April in Sweden; the floor is 5
    _signed_in(client, org, Role.VIEWER, language="en")

    def total(kind: str, period: str) -> str:
        page = client.get(f"/admin/situation/periodic?kind={kind}&period={period}").get_data(as_text=True)
        return text_of(by_id(page, "total"))

    assert total("month", "2026-04").startswith("5 incidents")
    assert total("month", "2026-03").startswith("0 incidents")
    assert total("quarter", "2026-Q2").startswith("5 incidents")
    assert total("quarter", "2026-Q1").startswith("0 incidents")
    [incident, *_] = list_incidents(db.session, [org.id], dt.date(2026, 4, 1), dt.date(2026, 4, 2))
    assert incident.occurred_at.date() == dt.date(2026, 3, 31)  # stored in UTC
    assert list_incidents(db.session, [org.id], dt.date(2026, 3, 31), dt.date(2026, 4, 1)) == []
    pdf = client.get("/admin/situation/periodic.pdf?kind=month&period=2026-04")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "5 incidents (previous period 0" in text


def test_local_midnight_starts_the_day_in_winter_and_in_summer(client, org):
    # 23:59 local on 31 January (22:59 UTC) and 00:00 local on 1 February (23:00 UTC the day before).
    _add(org, dt.datetime(2026, 1, 31, 22, 59, tzinfo=UTC), 5)
    _add(org, dt.datetime(2026, 1, 31, 23, 0, tzinfo=UTC), 6)
    # 00:00 local on 1 July is 22:00 UTC on 30 June.
    _add(org, dt.datetime(2026, 6, 30, 21, 59, tzinfo=UTC), 7)
    _add(org, dt.datetime(2026, 6, 30, 22, 0, tzinfo=UTC), 8)
    counts = {
        (start, end): len(list_incidents(db.session, [org.id], start, end))
        for start, end in (
            (dt.date(2026, 1, 1), dt.date(2026, 2, 1)),
            (dt.date(2026, 2, 1), dt.date(2026, 3, 1)),
            (dt.date(2026, 6, 1), dt.date(2026, 7, 1)),
            (dt.date(2026, 7, 1), dt.date(2026, 8, 1)),
        )
    }
    assert list(counts.values()) == [5, 6, 7, 8]


# Imported -----------------------------------------------------------------------------------


def test_imported_times_are_local_a_skipped_one_is_a_row_error(app, org):
    good = "datum;tid;område;problemområde;typ;allvarlighet\n2026-07-01;01:30;Centrum;ordning;disorder;1\n"
    assert import_incidents(db.session, org, None, good.encode(), "lista.csv") == 1
    [incident] = list_incidents(db.session, [org.id])
    assert incident.occurred_at == dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    twice = "datum;tid;område;problemområde;typ;allvarlighet\n2026-10-25;02:30;Centrum;ordning;disorder;1\n"
    assert import_incidents(db.session, org, None, twice.encode(), "lista.csv") == 1
    assert dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC) in [
        i.occurred_at for i in list_incidents(db.session, [org.id])
    ]
    skipped = "datum;tid;område;problemområde;typ;allvarlighet\n2026-03-29;02:30;Centrum;ordning;disorder;1\n"
    with pytest.raises(ImportFailed) as failed:
        import_incidents(db.session, org, None, skipped.encode(), "lista.csv")
    [error] = failed.value.errors
    assert (error.row, error.column) == (2, "tid")
    assert "02:30 on 2026-03-29 never happened" in error.message and "03:30" in error.message
    assert len(list_incidents(db.session, [org.id])) == 2


def test_the_long_term_report_counts_local_days_up_to_its_date(app, org):
    from surveys.insights.incident_summary import build_incident_summary

    _add(org, dt.datetime(2026, 3, 31, 23, 30, tzinfo=UTC), 5)  # 1 April in Sweden
    _add(org, dt.datetime(2024, 3, 31, 22, 30, tzinfo=UTC), 5)  # 00:30 on 1 April 2024: the span's first day
    up_to_march = build_incident_summary(db.session, org.id, dt.date(2026, 3, 31), 5)
    up_to_april = build_incident_summary(db.session, org.id, dt.date(2026, 4, 1), 5)
    assert (up_to_march.total.value, up_to_april.total.value) == (5, 5)
    assert up_to_march.span.start == dt.date(2024, 4, 1) and up_to_march.recorded_since == dt.date(2024, 4, 1)
