"""Officials draft, edit, approve and publish a pledge in the browser and log follow-up; residents read it.

Officials use the English interface (the source language, so the texts hold before and after
translation). The resident's phone prefers Swedish; its checks rely on figures, not wording.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest

from surveys.accounts.models import Role
from surveys.plans.models import Plan
from tests.browser.test_accessibility import describe, run_axe
from tests.factories import PASSWORD, make_user
from tests.plan_helpers import analysed_round

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

EDITED = "Invånarna har berättat vad som gör dem otrygga."


def _sign_in(page: Page, user: Any, expect: Any) -> None:
    page.goto("/sprak/en?next=/admin/login")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def _accessible(page: Page, name: str) -> None:
    fatal = run_axe(page, name)
    assert not fatal, f"axe found serious/critical problems on {name}:\n{describe(fatal)}"


def _step(page: Page, name: str, expect: Any, status: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator(".plan-facts")).to_contain_text(status)


def test_pledge_from_draft_to_public_progress(
    session, live_server, desktop, phone, screenshot, fresh_db, expect
):
    world = analysed_round(session)
    analyst = make_user(session, world["org"], Role.ANALYST)
    steering = make_user(session, world["org"], Role.STEERING_GROUP)
    page = desktop

    _sign_in(page, analyst, expect)
    page.goto(f"/admin/surveys/{world['citizen'].slug}/plans/new")
    page.get_by_label("Number of priority areas to include").fill("2")
    screenshot(page, "draft-form")
    page.get_by_role("button", name="Write the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Citizen pledges 2026–2027")
    expect(page.get_by_role("heading", name="Drugs", level=2)).to_be_visible()
    expect(page.get_by_text("50% of those who answered (18 people) raised drugs.")).to_be_visible()
    _accessible(page, "plan-draft")
    screenshot(page, "plan-draft")

    page.get_by_role("link", name="Edit the text of “Problem picture”").click()
    page.get_by_label("Text (Swedish)").fill(EDITED)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved as version 2.")).to_be_visible()
    page.get_by_role("link", name="Add a commitment to “Drugs”").click()
    page.get_by_role("link", name=re.compile("drug dogs")).click()
    expect(page.get_by_label("Target: at least this many")).to_have_value("2")
    _accessible(page, "commitment-form")
    page.get_by_role("button", name="Save the commitment").click()
    expect(page.get_by_text("The commitment has been saved.")).to_be_visible()
    # The contact lines are template placeholders until an official fills them in: a plan with
    # "[name, role, telephone, e-mail]" left in it can be neither approved nor published.
    page.get_by_role("link", name="Edit the text of “Contact”").click()
    for field in ("Text (Swedish)", "Text (English)"):
        text = page.get_by_label(field).input_value()
        page.get_by_label(field).fill(re.sub(r"\[[^\]]+\]", "Anna Berg, samordnare, 0123-45 00 00", text))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved as version 4.")).to_be_visible()
    _step(page, "Send for review", expect, "In review")
    expect(page.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
    _sign_out(page)

    _sign_in(page, steering, expect)
    page.goto("/admin/plans/testkommun-2026-2027")
    drugs = page.get_by_role("region", name="Drugs")
    drugs.locator("summary").click()
    drugs.get_by_label("Comment on “Drugs”").fill("Bra, men skriv kortare.")
    drugs.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Your comment has been added.")).to_be_visible()
    page.get_by_role("button", name="Approve", exact=True).click()
    # Approval asks for the steering group's decision reference.
    page.get_by_label("Decision reference (the steering group's minutes and paragraph)").fill("SG 2026-03 §4")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator(".plan-facts")).to_contain_text("Approved")
    expect(page.locator(".plan-facts")).to_contain_text("SG 2026-03 §4")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".plan-facts")).to_contain_text("Published")
    page.get_by_role("link", name="Versions and changes").click()
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("ins").first).to_be_visible()
    _sign_out(page)

    _sign_in(page, analyst, expect)
    page.goto("/admin/plans/testkommun-2026-2027")
    page.get_by_role("link", name=re.compile(r"^Log an activity\s*: Carry out targeted operations")).click()
    page.get_by_label("Date").fill("2026-03-14")
    page.get_by_label("What was done").fill("Riktad insats vid skolan med socialtjänsten")
    page.get_by_label("Place").fill("Centrum")
    page.get_by_role("button", name="Log the activity").click()
    expect(page.get_by_text("The activity has been logged.")).to_be_visible()
    page.goto("/admin/plans/testkommun-2026-2027/follow-up")
    table = page.get_by_role("region", name="Commitments: target, outcome and status")
    expect(table.get_by_text("1 of 4 targeted operations done")).to_be_visible()
    _accessible(page, "follow-up")
    screenshot(page, "follow-up")

    plan = fresh_db().query(Plan).one()
    assert plan.status == "published" and plan.section("problem_picture").body["sv"] == EDITED
    assert [v.note for v in plan.versions][-3:] == ["submit", "approve", "publish"]

    phone.goto("/loften/testkommun-2026-2027")
    expect(phone.locator("html")).to_have_attribute("lang", "sv")
    expect(phone.get_by_text(EDITED)).to_be_visible()
    expect(phone.locator(".progress-line").first).to_contain_text(re.compile(r"1 (av|of) 4"))
    _accessible(phone, "public-pledge-sv")
    screenshot(phone, "public-pledge-sv")
    phone.get_by_role("navigation", name=re.compile("Språk|Language")).get_by_role(
        "link", name="English"
    ).click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.get_by_text("1 of 4 targeted operations done")).to_be_visible()
    screenshot(phone, "public-pledge-en")
