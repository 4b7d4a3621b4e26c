"""The whole chain in the browser, as each role does it, in the Swedish interface users get by default.

Admin creates and opens a survey; residents answer in Swedish on a phone and in English on a
desktop; the analyst types in a paper answer, imports a spreadsheet, runs the analysis and
reviews it; the kommunpolis overrides a priority and drafts the pledges; the steering group
approves them with its decision reference and publishes them; the kommunpolis logs an
activity and writes the follow-up; a partner reports an incident; a resident reads the
published pledges. Every page on the way is photographed at phone and desktop width
(test-results/screenshots/) and checked with axe.

Labels are looked up through the Swedish catalogue (`sv("Sign in")`), so the test reads the
way the code is written and fails if a Swedish text goes missing.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from babel.support import Translations
from sqlalchemy import select

from surveys.accounts.models import Role
from surveys.answering.models import Response
from surveys.authoring.models import Survey
from surveys.demo.generator import generate_answer
from surveys.incidents.models import Incident
from surveys.plans.models import Plan
from surveys.reports.accessibility import pdf_gaps
from tests.browser.test_accessibility import describe, run_axe
from tests.factories import PASSWORD, make_org, make_user
from tests.surveys.import_helpers import csv_bytes

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

CATALOGUE = Translations.load(str(Path(__file__).resolve().parents[2] / "translations"), ["sv"])
SLUG = "trygghet-alvby-2026"
PHONE_SIZE = {"width": 390, "height": 844}
DESKTOP_SIZE = {"width": 1280, "height": 800}
DECISION = "SG 2026-04 §7"


def sv(msgid: str, **values: Any) -> str:
    """The Swedish interface text for `msgid` (the English source), with its placeholders filled."""
    text = CATALOGUE.gettext(msgid)
    assert text != msgid or not re.search("[a-z]", msgid), f"no Swedish text for {msgid!r}"
    return text % values if values else text


def svn(singular: str, plural: str, n: int) -> str:
    """The Swedish plural-aware text for `n` (`ngettext`), with %(num)d filled."""
    text = CATALOGUE.ngettext(singular, plural, n)
    assert text not in (singular, plural), f"no Swedish text for {plural!r}"
    return text % {"num": n}


class Person:
    """One person at one browser: signs in, photographs and checks every page they reach."""

    def __init__(self, page: Page, name: str, shoot: Callable[[Page, str], Path], expect: Any) -> None:
        self.page, self.name, self.shoot, self.expect = page, name, shoot, expect

    def sign_in(self, email: str) -> None:
        page = self.page
        page.goto("/admin/login")
        page.get_by_label(sv("E-mail")).fill(email)
        page.get_by_label(sv("Password")).fill(PASSWORD)
        page.get_by_role("button", name=sv("Sign in")).click()
        self.expect(page.get_by_role("button", name=sv("Sign out"))).to_be_visible()

    def look(self, step: str) -> None:
        """Check the page with axe and photograph it at desktop and at phone width."""
        page = self.page
        fatal = run_axe(page, f"{self.name}-{step}")
        assert not fatal, f"axe found serious/critical problems on {step}:\n{describe(fatal)}"
        width = page.viewport_size
        page.set_viewport_size(DESKTOP_SIZE)
        self.shoot(page, f"{self.name}-{step}-desktop")
        page.set_viewport_size(PHONE_SIZE)
        self.shoot(page, f"{self.name}-{step}-phone")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_SIZE["width"], (
            f"{step} scrolls sideways at phone width"
        )
        if width:
            page.set_viewport_size(width)


def _person(browser: Browser, live_server: str, shoot: Any, expect: Any, name: str, **device: Any) -> Person:
    context: BrowserContext = browser.new_context(
        base_url=live_server, locale="sv-SE", viewport=DESKTOP_SIZE, **device
    )
    context.set_default_timeout(10_000)
    return Person(context.new_page(), name, shoot, expect)


def _import_rows(count: int) -> list[list[str]]:
    """A spreadsheet from another survey tool: a header in the questions' words, then answers."""
    rng = random.Random(2026)
    areas = ["Centrum", "Norr", "Söder"]
    rows = [["Vilka problem tycker du att polisen och kommunen ska prioritera?", "Område", "Datum"]]
    for n in range(count):
        rows.append([generate_answer(rng).text, areas[n % 3], f"2026-03-{1 + n % 28:02d}"])
    return rows


def test_the_chain_from_survey_to_follow_up_as_each_role(  # noqa: PLR0915 - one story, told in order
    session, browser, live_server, screenshot, fresh_db, expect
):
    org = make_org(session, name="Älvby kommun")
    users = {role: make_user(session, org, role) for role in Role}
    session.commit()

    def person(name: str, **device: Any) -> Person:
        return _person(browser, live_server, screenshot, expect, name, **device)

    # 1. The administrator creates a bilingual survey from the citizen-dialogue template and opens it.
    admin = person("admin")
    admin.sign_in(users[Role.ADMIN].email)
    page = admin.page
    page.get_by_role("link", name=sv("New survey")).click()
    page.get_by_label(sv("Start from")).select_option("citizen_dialogue")
    page.get_by_label(sv("Web address (e.g. trygghet-2026)")).fill(SLUG)
    page.get_by_label(sv("Round or period (e.g. 2026)")).fill("2026")
    page.get_by_label(sv("Languages, as codes separated by commas (sv, en, fi, fit, se …)")).fill("sv, en")
    page.get_by_role("button", name=sv("Create survey")).click()
    expect(page.get_by_text(sv("The survey has been created as a draft."))).to_be_visible()
    admin.look("survey-draft")
    page.get_by_label(f"{sv('Title')} (engelska)").fill("Safety in Älvby")
    page.get_by_role("button", name=sv("Save"), exact=True).click()
    expect(page.get_by_text(sv("The survey has been saved."))).to_be_visible()
    page.get_by_role("button", name=sv("Open the survey")).click()
    expect(page.get_by_text(sv("The status has been changed."))).to_be_visible()
    admin.look("survey-open")
    survey = fresh_db().scalar(select(Survey).where(Survey.slug == SLUG))
    assert survey.status == "open"

    # 2. Residents answer: one in Swedish on a phone, one in English from the poster's link.
    swede = person("resident-sv", is_mobile=True, has_touch=True)
    swede.page.set_viewport_size(PHONE_SIZE)
    _answer(
        swede,
        "Det säljs narkotika öppet vid busstationen på kvällarna.",
        "Centrum",
        ("Nästa", "Skicka svaren"),
        expect,
    )
    english = person("resident-en")
    english.page.goto(f"/s/{SLUG}?lang=en")
    _answer(
        english, "Cars drive far too fast past the school in Norr.", "Norr", ("Next", "Send answers"), expect
    )
    languages = sorted(r.language for r in fresh_db().scalars(select(Response)))
    assert languages == ["en", "sv"]

    # 3. The analyst types in a paper questionnaire and imports the answers from another tool.
    analyst = person("analyst")
    analyst.sign_in(users[Role.ANALYST].email)
    page = analyst.page
    page.goto(f"/admin/surveys/{SLUG}/paper")
    priorities = next(q for q in survey.questions if q.key == "priorities")
    page.get_by_label(priorities.text_in("sv")).fill("Ungdomsgäng bråkar och klottrar vid skolan i Söder.")
    analyst.look("paper-entry")
    page.get_by_role("button", name=sv("Save and enter the next")).click()
    expect(page.get_by_role("status").or_(page.locator(".flash")).first).to_be_visible()
    page.goto(f"/admin/surveys/{SLUG}")
    page.get_by_role("link", name=sv("Import responses")).click()
    rows = _import_rows(45)
    page.get_by_label(sv("Response file (.csv, .xlsx, .xls or .ods)")).set_input_files(
        {"name": "svar.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows, ";", "utf-8")}
    )
    page.get_by_role("button", name=sv("Upload and preview")).click()
    analyst.look("import-mapping")
    # The spreadsheet's own words differ from the question texts: the analyst maps them.
    page.get_by_label(priorities.text_in("sv")).select_option(label=rows[0][0])
    page.get_by_label("Vilket område bor du i?").select_option(label="Område")
    page.get_by_role(
        "button", name=re.compile(re.escape(svn("Import the %(num)d row", "Import all %(num)d rows", 45)))
    ).click()
    expect(
        page.get_by_text(svn("%(num)d response in total.", "%(num)d responses in total.", 48))
    ).to_be_visible()

    # 4. The analyst runs the analysis and corrects it: a readable name for the largest cluster.
    # Tests run jobs in the request (JOB_BACKEND=sync): the analysis of 48 answers takes a while
    # when the machine runs other tests at the same time.
    page.get_by_role("button", name=sv("Run analysis")).click(timeout=120_000)
    page.goto(f"/admin/surveys/{SLUG}/analysis")
    analyst.look("analysis")
    card = page.locator("section.card").filter(has=page.locator("[id^=cluster-]")).first
    card.get_by_text(sv("Rename, merge or split")).click()
    card.get_by_label(sv("New name")).fill("Otrygghet kring busstationen")
    card.get_by_role("button", name=sv("Rename")).click()
    expect(page.get_by_role("heading", name=re.compile("Otrygghet kring busstationen"))).to_be_visible()

    # 5. The kommunpolis ranks the problem areas, moves one up with a reason, and drafts the pledges.
    police = person("police")
    police.sign_in(users[Role.POLICE].email)
    page = police.page
    page.goto(f"/admin/surveys/{SLUG}/priorities")
    police.look("priorities")
    ranked = page.get_by_role("region", name=sv("Ranked problem areas with the parts of their score"))
    last_rank = ranked.locator("input[id^=rank_]").last
    last_rank.fill("1")
    ranked.locator("input[id^=reason_]").last.fill("Polisens lägesbild visar samma problem.")
    page.get_by_role("button", name=sv("Save as the round's priority areas")).click()
    # The lägesbild follows the saved ranking and says why the area was moved; its PDF downloads.
    page.goto(f"/admin/surveys/{SLUG}/report")
    expect(page.get_by_text("Polisens lägesbild visar samma problem.").first).to_be_visible()
    police.look("situation-report")
    # Tests run jobs in the request (JOB_BACKEND=sync), so the click waits for the whole PDF.
    page.get_by_role("button", name=sv("Download as PDF")).click(timeout=60_000)
    # A job makes the document; its page updates itself until the download link appears.
    expect(page.get_by_text(sv("The document is ready."))).to_be_visible(timeout=30_000)
    police.look("situation-report-document")
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^" + re.escape(sv("Download %(name)s", name="")))).click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf_gaps(pdf) == []  # a tagged document with language, title and structure
    page.goto(f"/admin/surveys/{SLUG}/priorities")
    page.get_by_role("link", name=sv("Draft citizen pledges")).click()
    police.look("pledge-draft-form")
    page.get_by_role("button", name=sv("Write the draft")).click()
    expect(page.locator(".plan-facts")).to_be_visible()
    police.look("pledge-draft")
    # The area moved up by hand is not credited to the answers, and the reason is given.
    picture = page.locator("section", has=page.get_by_role("heading", name=sv("Problem picture"), exact=True))
    expect(picture).to_contain_text("Polisens lägesbild visar samma problem.")
    expect(picture).not_to_contain_text("Svaren visar")
    plan_url = page.url
    # The contact lines are placeholders until filled in: a plan with them is never approved.
    page.get_by_role("link", name=sv("Edit the text of “%(section)s”", section="Kontakt")).click()
    for field in (sv("Text (Swedish)"), sv("Text (English)")):
        text = page.get_by_label(field).input_value()
        page.get_by_label(field).fill(re.sub(r"\[[^\]]+\]", "kommunpolisen, telefon 114 14", text))
    page.get_by_role("button", name=sv("Save"), exact=True).click()
    expect(page.get_by_text(sv("Saved as version %(n)d.", n=2))).to_be_visible()
    page.get_by_role("button", name=sv("Send for review"), exact=True).click()
    expect(page.locator(".plan-facts")).to_contain_text(sv("In review"))

    # 6. The steering group approves with its decision reference, and publishes.
    steering = person("steering")
    steering.sign_in(users[Role.STEERING_GROUP].email)
    page = steering.page
    steering.look("landing")
    page.goto(plan_url)
    page.get_by_role("button", name=sv("Approve"), exact=True).click()
    page.get_by_label(sv("Decision reference (the steering group's minutes and paragraph)")).fill(DECISION)
    steering.look("approve")
    page.get_by_role("button", name=sv("Approve"), exact=True).click()
    expect(page.locator(".plan-facts")).to_contain_text(DECISION)
    page.get_by_role("button", name=sv("Publish"), exact=True).click()
    expect(page.locator(".plan-facts")).to_contain_text(sv("Published"))
    steering.look("published")

    # 7. The kommunpolis logs an activity against a commitment and writes the follow-up.
    page = police.page
    page.goto(plan_url)
    page.get_by_role("link", name=re.compile("^" + re.escape(sv("Log an activity")))).first.click()
    page.get_by_label(sv("Date")).fill("2026-05-14")
    page.get_by_label(sv("What was done")).fill(
        "Riktad insats vid busstationen tillsammans med socialtjänsten"
    )
    police.look("activity")
    page.get_by_role("button", name=sv("Log the activity")).click()
    expect(page.get_by_text(sv("The activity has been logged."))).to_be_visible()
    page.goto(plan_url + "/follow-up")
    page.get_by_role("link", name=re.compile("^" + re.escape(sv("Write an assessment")))).first.click()
    page.get_by_label(re.compile(sv("Assessment") + ".*")).first.fill(
        "Insatserna har kommit i gång som planerat."
    )
    page.get_by_role("button", name=sv("Save the assessment")).click()
    expect(page.get_by_text("Insatserna har kommit i gång som planerat.")).to_be_visible()
    police.look("follow-up")

    # 8. A partner reports an incident and finds it among their reports.
    reporter = person("reporter", is_mobile=True, has_touch=True)
    reporter.page.set_viewport_size(PHONE_SIZE)
    reporter.sign_in(users[Role.REPORTER].email)
    page = reporter.page
    reporter.look("landing")
    page.goto("/admin/incidents/new")
    reporter.look("report-form")
    page.get_by_label(re.compile("^" + sv("Area") + r"\b")).select_option("Centrum")
    page.get_by_label(sv("What happened")).select_option(index=1)
    page.get_by_label(sv("Problem area")).select_option(index=1)
    page.locator("input[name=severity]").first.check()
    page.get_by_label(re.compile("^" + re.escape(sv("Short description")))).fill(
        "Krossad ruta vid busstationen."
    )
    page.get_by_role("button", name=sv("Send the report")).click()
    page.goto("/admin/incidents/mine")
    expect(page.get_by_text("Krossad ruta vid busstationen.")).to_be_visible()
    reporter.look("my-reports")

    # 9. A resident reads the published pledges on the phone.
    page = swede.page
    page.goto("/loften")
    page.get_by_role("link", name=re.compile("Medborgarlöften")).first.click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_text(DECISION)).to_have_count(0)  # internal minutes stay internal
    swede.look("public-pledges")

    world = fresh_db()
    plan = world.scalars(select(Plan)).one()
    assert plan.status == "published" and plan.decision_reference == DECISION
    assert world.scalars(select(Incident)).one().area == "Centrum"
    for someone in (admin, swede, english, analyst, police, steering, reporter):
        someone.page.context.close()


def _answer(resident: Person, text: str, area: str, buttons: tuple[str, str], expect: Any) -> None:
    """Answer the first question and the area, step through the pages and send."""
    page = resident.page
    if not page.url.endswith("?lang=en"):
        page.goto(f"/s/{SLUG}")
    page.locator("textarea").first.fill(text)
    resident.look("page-1")
    next_page, send = buttons
    page.get_by_role("button", name=next_page, exact=True).click()
    page.get_by_role("radio", name=area).check()
    resident.look("page-2")
    page.get_by_role("button", name=next_page, exact=True).click()
    page.get_by_role("button", name=send).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    resident.look("thanks")
