"""Plans through the web pages: draft, edit, review, approve (steering group only), publish, follow up."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from app.extensions import db
from surveys.accounts.models import Role
from surveys.localtime import today as local_today
from surveys.plans.errors import PlanHasPlaceholders
from surveys.plans.models import Plan
from surveys.plans.workflow import PLACEHOLDER, transition
from tests.app.helpers import (
    by_id,
    csrf_from,
    field_value,
    hrefs,
    parse_html,
    sign_in,
    text_of,
    texts,
    visible_text,
)
from tests.factories import make_org, make_user
from tests.plan_helpers import analysed_round, draft, published


@pytest.fixture
def world(app):
    found = analysed_round(db.session)
    found["users"] = {role.value: make_user(db.session, found["org"], role) for role in Role}
    return found


def _post(client, url, data, token_page):
    token = csrf_from(client, token_page)
    return client.post(url, data={"csrf_token": token, **data})


def test_draft_edit_review_approve_publish_through_the_pages(client, world):
    users, survey = world["users"], world["citizen"]
    sign_in(client, users["analyst"])
    new = f"/admin/surveys/{survey.slug}/plans/new"
    page = client.get(new).get_data(as_text=True)
    assert "Lokalpolisområde Test" in texts(page, "//form//label")
    assert field_value(page, "period_start") == "2026-01-01"
    response = _post(
        client,
        new,
        {
            "kind": "pledge",
            "period_start": "2026-01-01",
            "period_end": "2027-12-31",
            "areas": "2",
            "parties": [str(world["police"].id), str(world["org"].id)],
        },
        new,
    )
    assert response.status_code == 302
    plan = db.session.query(Plan).one()
    assert [s.theme for s in plan.sections if s.theme] == ["narkotika", "vald"]
    url = f"/admin/plans/{plan.slug}"
    detail = visible_text(client.get(url).get_data(as_text=True))
    assert "(18 " in detail and "50" in detail and "Knark säljs vid skolan" in detail

    section = plan.section("problem_picture")
    edit = f"{url}/sections/{section.id}"
    _post(
        client,
        edit,
        {"title_sv": "Problembild", "body_sv": "Ny text om läget.", "title_en": "", "body_en": ""},
        edit,
    )
    assert "Ny text om läget." in visible_text(client.get(url).get_data(as_text=True))

    area = plan.section("area:vald")
    add = f"{url}/sections/{area.id}/commitments/new"
    prefilled = client.get(f"{add}?template=sspf").get_data(as_text=True)
    assert "SSPF" in visible_text(prefilled)
    _post(
        client,
        add,
        {
            "text_sv": "Polisen och kommunen ska arbeta mot hot",
            "frequency": "year",
            "responsible": "both",
            "period_start": "2026-01-01",
            "period_end": "2027-12-31",
        },
        add,
    )
    flagged = client.get(url).get_data(as_text=True)
    flagged_texts = texts(
        flagged, "//li[contains(@class, 'commitment--flagged')]/p[@class='commitment-text']"
    )
    assert "Polisen och kommunen ska arbeta mot hot" in flagged_texts

    contact = plan.section("contact")
    edit_contact = f"{url}/sections/{contact.id}"
    filled = {"title_sv": contact.title["sv"], "title_en": contact.title.get("en", "")}
    filled |= {
        f"body_{lang}": PLACEHOLDER.sub("Anna Berg, samordnare, 0123-45 00 00", text)
        for lang, text in contact.body.items()
    }
    _post(client, edit_contact, filled, edit_contact)
    _post(client, f"{url}/workflow", {"action": "submit"}, url)
    assert _post(client, f"{url}/workflow", {"action": "approve"}, url).status_code == 403
    client.post("/admin/logout", data={"csrf_token": csrf_from(client, url)})
    sign_in(client, users["steering_group"])
    _post(client, f"{url}/sections/{section.id}/comments", {"body": "Skriv enklare."}, url)
    decided = {"decision_reference": "Styrgruppen § 3"}
    _post(client, f"{url}/workflow", {"action": "approve", **decided}, url)
    _post(client, f"{url}/workflow", {"action": "publish"}, url)
    db.session.refresh(plan)
    assert plan.status == "published" and plan.section("problem_picture").comments[0].body == "Skriv enklare."
    versions = client.get(f"{url}/versions/compare?a=1&b=2").get_data(as_text=True)
    assert "Ny text om läget." in texts(versions, "//ins")


@pytest.mark.parametrize("role", ["admin", "analyst", "police", "viewer"])
def test_only_the_steering_group_can_approve_from_the_page(client, world, role):
    plan = draft(db.session, world, world["users"]["analyst"])
    transition(db.session, plan, "submit", world["users"]["analyst"])
    sign_in(client, world["users"][role])
    url = f"/admin/plans/{plan.slug}"
    page = client.get(url).get_data(as_text=True)
    assert ">Approve<" not in page and "Approve" not in texts(page, "//button")
    assert _post(client, f"{url}/workflow", {"action": "approve"}, url).status_code == 403
    db.session.refresh(plan)
    assert plan.status == "in_review"


def test_viewers_cannot_draft_or_edit(client, world):
    plan = draft(db.session, world)
    sign_in(client, world["users"]["viewer"])
    assert client.get(f"/admin/surveys/{world['citizen'].slug}/plans/new").status_code == 403
    assert client.get(f"/admin/plans/{plan.slug}/sections/{plan.sections[0].id}").status_code == 403
    assert client.get(f"/admin/plans/{plan.slug}").status_code == 200


def test_other_municipalities_never_see_a_plan_but_the_police_area_does(client, world):
    plan = draft(db.session, world)
    neighbour = make_org(db.session, slug="grannkommun", name="Grannkommun")
    sign_in(client, make_user(db.session, neighbour, Role.ADMIN))
    assert client.get(f"/admin/plans/{plan.slug}").status_code == 404
    assert plan.slug not in client.get("/admin/plans").get_data(as_text=True)
    other = client.application.test_client()
    sign_in(other, make_user(db.session, world["police"], Role.POLICE))
    assert other.get(f"/admin/plans/{plan.slug}").status_code == 200


def test_public_page_never_shows_drafts_and_shows_progress(client, world):
    plan = draft(db.session, world, world["users"]["analyst"])
    assert client.get(f"/loften/{plan.slug}").status_code == 404
    transition(db.session, plan, "submit", world["users"]["analyst"])
    transition(db.session, plan, "approve", world["users"]["steering_group"])
    assert client.get(f"/loften/{plan.slug}").status_code == 404
    assert plan.slug not in client.get("/loften").get_data(as_text=True)
    transition(db.session, plan, "publish", world["users"]["analyst"])
    page = client.get(f"/loften/{plan.slug}").get_data(as_text=True)
    assert any(
        t.startswith("Genomföra riktade insatser") for t in texts(page, "//p[@class='commitment-text']")
    )
    assert any(
        re.search(r"\b0 \w+ 4 riktade insatser", line) for line in texts(page, "//p[@class='progress-line']")
    )
    period = texts(page, "//dt[.='Period']/following-sibling::dd[1]")[0]
    assert (plan.period_start, plan.period_end) == (dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    assert period.startswith("1 januari 2026 – 31 december 2027")
    assert any(
        href.startswith(f"/loften/{plan.slug}")
        for href in hrefs(client.get("/loften").get_data(as_text=True))
    )
    client.get("/sprak/en")
    english = client.get(f"/loften/{plan.slug}").get_data(as_text=True)
    assert parse_html(english).get("lang") == "en"
    assert any(
        line.startswith("0 of 4 targeted operations done")
        for line in texts(english, "//p[@class='progress-line']")
    )
    pdf = client.get(f"/loften/{plan.slug}.en.pdf")
    assert pdf.status_code == 200 and PdfReader(io.BytesIO(pdf.data)).pages


def test_logging_activities_updates_progress_and_the_behind_list(client, world):
    plan, users = published(db.session, world)
    sign_in(client, users["police"])
    commitment = plan.section("area:narkotika").commitments[0]
    log = f"/admin/plans/{plan.slug}/commitments/{commitment.id}/activities"
    response = _post(
        client,
        log,
        {
            "done_on": "2026-02-10",
            "description": "Riktad insats vid skolan",
            "count": "1",
            "place": "Centrum",
            "performed_by": "Polisen",
            "notes": "",
        },
        log,
    )
    assert response.status_code == 302 and commitment.done_count == 1
    client.get("/sprak/en?next=/")  # the page follows the interface language
    follow_up = client.get(f"/admin/plans/{plan.slug}/follow-up?lang=en").get_data(as_text=True)
    assert any("1 of 4 targeted operations done" in cell for cell in texts(follow_up, "//td"))
    assert client.get("/admin/plans/behind").status_code == 200
    for fmt in ("pdf", "docx", "md"):
        download = client.get(f"/admin/plans/{plan.slug}/follow-up.{fmt}?lang=en")
        assert download.status_code == 200 and download.headers["Content-Disposition"].startswith(
            "attachment"
        )
    sign_in(client, users["viewer"])
    assert client.get(log).status_code == 403


def test_a_written_assessment_per_commitment_appears_in_the_follow_up_and_its_documents(client, world):
    plan, users = published(db.session, world)
    commitment = plan.section("area:narkotika").commitments[0]
    follow_up = f"/admin/plans/{plan.slug}/follow-up"
    assess = f"/admin/plans/{plan.slug}/commitments/{commitment.id}/assessment"
    sign_in(client, users["viewer"])
    page = parse_html(client.get(follow_up).get_data(as_text=True))
    assert "Ingen bedömning har skrivits ännu." in text_of(by_id(page, f"c{commitment.id}"))
    assert assess not in page.xpath("//a/@href")  # a viewer reads, does not write
    assert client.get(assess).status_code == 403

    sign_in(client, users["police"])
    log = f"/admin/plans/{plan.slug}/commitments/{commitment.id}/activities"
    activity = {"done_on": "2026-02-10", "description": "Riktad insats", "count": "1"}
    assert (
        _post(client, log, {**activity, "place": "", "performed_by": "", "notes": ""}, log).status_code == 302
    )
    page = parse_html(client.get(follow_up).get_data(as_text=True))
    assert assess in page.xpath("//a/@href")
    too_long = _post(client, assess, {"text_sv": "x" * 5001, "text_en": ""}, assess)
    assert too_long.status_code == 422
    db.session.refresh(commitment)
    assert commitment.assessment == {}
    written = (
        "Två av fyra insatser genomfördes.\n\n"
        "Den tredje flyttades till våren:\n- skolan stängd\n- ny personal"
    )
    saved = _post(
        client, assess, {"text_sv": written, "text_en": "Two of four operations were done."}, assess
    )
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"#c{commitment.id}")
    db.session.refresh(commitment)
    assert commitment.assessment["sv"].startswith("Två av fyra") and commitment.assessed_at is not None
    section = by_id(parse_html(client.get(follow_up).get_data(as_text=True)), f"c{commitment.id}")
    assert "Två av fyra insatser genomfördes." in texts(section, ".//p")
    assert texts(section, ".//li") == ["skolan stängd", "ny personal"]
    assert (
        field_value(client.get(assess).get_data(as_text=True), "text_en")
        == "Two of four operations were done."
    )

    markdown = client.get(f"{follow_up}.md?lang=sv").get_data(as_text=True)
    assert "Bedömning" in markdown and "Två av fyra insatser genomfördes." in markdown
    assert "- skolan stängd" in markdown
    assert "10 februari 2026: Riktad insats" in markdown  # dates in prose are written out
    english = client.get(f"{follow_up}.md?lang=en").get_data(as_text=True)
    assert "Two of four operations were done." in english and "Två av fyra" not in english
    pdf = client.get(f"{follow_up}.pdf?lang=sv")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Två av fyra insatser genomfördes." in re.sub(r"\s+", " ", text)

    emptied = _post(client, assess, {"text_sv": "", "text_en": ""}, assess)
    assert emptied.status_code == 302
    db.session.refresh(commitment)
    assert commitment.assessment == {} and commitment.assessed_at is None


def test_plan_downloads(client, world):
    plan, users = published(db.session, world)
    sign_in(client, users["viewer"])
    pdf = client.get(f"/admin/plans/{plan.slug}/export.pdf?lang=en")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "36 people answered" in re.sub(r"\s+", " ", text)
    assert client.get(f"/admin/plans/{plan.slug}/export.docx?version=1").status_code == 200
    assert client.get(f"/admin/plans/{plan.slug}/export.md?version=99").status_code == 404
    assert client.get(f"/admin/plans/{plan.slug}/export.exe").status_code == 404


def test_activity_dates_outside_the_period_or_in_the_future_are_refused_and_removal_is_confirmed(
    client, world
):
    plan, users = published(db.session, world)
    sign_in(client, users["police"])
    commitment = plan.section("area:narkotika").commitments[0]
    log = f"/admin/plans/{plan.slug}/commitments/{commitment.id}/activities"
    fields = {"description": "Insats", "count": "1", "place": "", "performed_by": "", "notes": ""}
    tomorrow = local_today() + dt.timedelta(days=1)  # the app's day, not the server's
    for day in ("2025-12-31", tomorrow.isoformat()):
        refused = _post(client, log, {**fields, "done_on": day}, log)
        assert refused.status_code == 422
        errors = parse_html(refused.get_data(as_text=True)).find_class("field-error")
        assert errors, day
    db.session.expire_all()
    assert commitment.done_count == 0
    assert _post(client, log, {**fields, "done_on": "2026-02-10"}, log).status_code == 302
    activity = commitment.activities[0]
    remove = f"/admin/plans/{plan.slug}/activities/{activity.id}/delete"
    listing = parse_html(client.get(log).get_data(as_text=True))
    assert remove in listing.xpath("//a/@href")  # the list leads to a confirmation, it does not delete
    confirm = client.get(remove)
    assert confirm.status_code == 200 and "Insats" in visible_text(confirm.get_data(as_text=True))
    unconfirmed = _post(client, remove, {}, log)
    assert unconfirmed.status_code == 200
    db.session.expire_all()
    assert commitment.done_count == 1
    assert _post(client, remove, {"confirm": "yes"}, remove).status_code == 302
    db.session.expire_all()
    assert commitment.done_count == 0


def test_a_plan_with_unfilled_placeholders_is_neither_approved_nor_published(client, world):
    """Residents read everything published; an approved text can no longer be edited."""
    users = world["users"]
    plan = draft(db.session, world, users["analyst"])
    transition(db.session, plan, "submit", users["analyst"])
    section = plan.sections[0]
    section.body = {**section.body, "sv": "Kontakt: [namn, roll, telefon, e-post]"}
    db.session.commit()
    detail = f"/admin/plans/{plan.slug}"
    step = f"/admin/plans/{plan.slug}/workflow"
    sign_in(client, users["steering_group"])
    for tried in ({"action": "approve"}, {"action": "approve", "decision_reference": "Styrgruppen § 7"}):
        refused = _post(client, step, tried, detail)
        page = parse_html(refused.get_data(as_text=True))
        assert "[namn, roll, telefon, e-post]" in text_of(by_id(page, "placeholders"))
        assert not page.xpath("//form[contains(@action, '/workflow')]//button")  # nothing to confirm
        db.session.refresh(plan)
        assert plan.status == "in_review"
    with pytest.raises(PlanHasPlaceholders):
        transition(db.session, plan, "approve", users["steering_group"])
    section.body = {**section.body, "sv": "Kontakt: Anna Berg, samordnare, 0123-45 00 00"}
    db.session.commit()
    asked = parse_html(_post(client, step, {"action": "approve"}, detail).get_data(as_text=True))
    assert by_id(asked, "decision_reference") is not None and not asked.xpath("//*[@id='placeholders']")
    no_reference = _post(client, step, {"action": "approve", "decision_reference": ""}, detail)
    assert no_reference.status_code == 422
    approved = _post(
        client, step, {"action": "approve", "decision_reference": "Styrgruppen 2026-05-04 § 7"}, detail
    )
    assert approved.status_code == 302
    db.session.refresh(plan)
    assert plan.status == "approved" and plan.decision_reference == "Styrgruppen 2026-05-04 § 7"
    facts = texts(client.get(detail).get_data(as_text=True), "//dl[@class='plan-facts']/dd")
    assert any(fact.endswith(" (Styrgruppen 2026-05-04 § 7)") for fact in facts)
    # A placeholder that reached an approved plan (approved before this rule) blocks publishing.
    section.body = {**section.body, "sv": "Kontakt: [namn, roll, telefon, e-post]"}
    db.session.commit()
    sign_in(client, users["analyst"])
    blocked = _post(client, step, {"action": "publish"}, detail)
    assert blocked.status_code == 422
    assert "[namn, roll, telefon, e-post]" in text_of(by_id(blocked.get_data(as_text=True), "placeholders"))
    db.session.refresh(plan)
    assert plan.status == "approved"
    section.body = {**section.body, "sv": "Kontakt: Anna Berg, samordnare, 0123-45 00 00"}
    db.session.commit()
    assert _post(client, step, {"action": "publish"}, detail).status_code == 302
    db.session.refresh(plan)
    assert plan.status == "published"


def test_a_target_of_one_is_written_in_the_singular_everywhere(client, world):
    plan = draft(db.session, world, world["users"]["analyst"])
    sign_in(client, world["users"]["analyst"])
    client.get("/sprak/sv?next=/")
    url = f"/admin/plans/{plan.slug}"
    add = f"{url}/sections/{plan.section('area:narkotika').id}/commitments/new"
    prefilled = client.get(f"{add}?template=joint-inspection").get_data(as_text=True)
    assert field_value(prefilled, "unit_one_sv") == "gemensam tillsyn"
    fields = {
        "text_sv": "Kommunen och polisen gör gemensam tillsyn av krogar",
        "target_count": "1",
        "frequency": "year",
        "unit_sv": "gemensamma tillsyner",
        "responsible": "both",
        "period_start": "2026-01-01",
        "period_end": "2027-12-31",
    }
    refused = _post(client, add, fields, add).get_data(as_text=True)
    error = text_of(by_id(refused, "unit_one_sv-error"))
    assert "Målet är 1" in error  # a target of one needs the singular, in the interface language
    assert _post(client, add, {**fields, "unit_one_sv": "gemensam tillsyn"}, add).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "minst 1 gemensam tillsyn per år" in visible_text(by_id(page, "main"))
    assert "minst 1 gemensamma" not in page
    transition(db.session, plan, "submit", world["users"]["analyst"])
    transition(db.session, plan, "approve", world["users"]["steering_group"], decision_reference="§ 1")
    transition(db.session, plan, "publish", world["users"]["analyst"])
    public = client.get(f"/loften/{plan.slug}").get_data(as_text=True)
    pledges = " ".join(texts(public, "//li[contains(@class, 'commitment')]"))
    assert "minst 1 gemensam tillsyn per år" in pledges
    # Two years of one a year: the follow-up counts against 2, in the plural.
    assert "Genomfört: 0 av 2 gemensamma tillsyner" in pledges
    pdf = client.get(f"/loften/{plan.slug}.sv.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "minst 1 gemensam tillsyn per år" in text


def test_the_steering_group_starts_on_what_awaits_its_approval(client, world):
    waiting = draft(db.session, world, world["users"]["analyst"])
    transition(db.session, waiting, "submit", world["users"]["analyst"])
    draft(db.session, world, world["users"]["analyst"], kind="action_plan")  # a draft awaits nobody
    sign_in(client, world["users"]["steering_group"])
    page = parse_html(client.get("/admin/plans").get_data(as_text=True))
    box = by_id(page, "awaiting-heading").getparent()
    assert [a.get("href") for a in box.xpath(".//a")] == [f"/admin/plans/{waiting.slug}"]

    transition(db.session, waiting, "approve", world["users"]["steering_group"])
    page = parse_html(client.get("/admin/plans").get_data(as_text=True))
    assert "Ingen plan väntar på godkännande just nu." in text_of(by_id(page, "awaiting-heading").getparent())

    sign_in(client, world["users"]["analyst"])  # who cannot approve gets no such box
    assert not parse_html(client.get("/admin/plans").get_data(as_text=True)).xpath(
        "//*[@id='awaiting-heading']"
    )


@pytest.mark.parametrize(("language", "mark", "other"), [("sv", ",", "."), ("en", ".", ",")])
def test_expected_progress_is_written_in_the_interface_languages_notation(
    client, world, language, mark, other
):
    plan, users = published(db.session, world)
    sign_in(client, users["analyst"])
    client.get(f"/sprak/{language}?next=/")
    page = parse_html(client.get(f"/admin/plans/{plan.slug}/follow-up").get_data(as_text=True))
    expected = [
        text_of(td) for td in page.xpath("//table[1]//td[contains(@class, 'num')]") if text_of(td) != "–"
    ]
    assert expected and all(mark in value and other not in value for value in expected)
