"""axe-core in a real browser on every page a resident (or staff member signing in) meets.

Fails on violations of impact "serious" or "critical"; every run's full list of violations
is written to test-results/axe/<page>.json so the lesser findings can be read too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.factories import make_org, make_survey

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

FATAL_IMPACTS = {"serious", "critical"}
AXE_DIR = Path(__file__).resolve().parents[2] / "test-results" / "axe"


def run_axe(page: Page, name: str) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; save the violations; return the fatal ones."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    (AXE_DIR / f"{name}.json").write_text(json.dumps(violations, indent=2, ensure_ascii=False))
    return [v for v in violations if v.get("impact") in FATAL_IMPACTS]


def describe(violations: list[dict[str, Any]]) -> str:
    """Rule id, impact, help text and offending nodes of each violation."""
    lines = []
    for violation in violations:
        lines.append(
            f"  - {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"      at {target}: {summary}")
    return "\n".join(lines)


class Audit:
    """Screenshots and axe-checks pages one after another; reports every failing page at once."""

    def __init__(self, page: Page, screenshot: Callable[[Page, str], Path], device: str) -> None:
        self.page, self.screenshot, self.device = page, screenshot, device
        self.failures: list[str] = []

    def check(self, name: str) -> None:
        """Audit the page as it is displayed now under `name`."""
        self.page.wait_for_load_state("load")
        self.screenshot(self.page, name)
        fatal = run_axe(self.page, f"{name}-{self.device}")
        if fatal:
            self.failures.append(f"{name} ({self.device}, {self.page.url}):\n{describe(fatal)}")

    def assert_clean(self) -> None:
        """Fail listing every page with serious or critical violations."""
        assert not self.failures, "axe found serious/critical problems on:\n" + "\n".join(self.failures)


@pytest.fixture(params=["phone", "desktop"])
def audit(request: pytest.FixtureRequest, screenshot: Callable[[Page, str], Path]) -> Audit:
    """An audit in a phone-sized and, as a second run, a desktop-sized browser."""
    return Audit(request.getfixturevalue(request.param), screenshot, request.param)


def _survey(session: Any) -> Any:
    return make_survey(session, make_org(session, name="Älvby kommun"), template="citizen_dialogue")


def test_resident_pages_have_no_serious_axe_violations(session, live_server, audit):
    page = audit.page
    page.goto("/")
    audit.check("home-empty")
    survey = _survey(session)
    closed = make_survey(session, status="closed")
    for path, name in [
        ("/", "home"),
        (f"/s/{survey.slug}", "survey-page-1"),
        (f"/s/{survey.slug}?page=2", "survey-page-2"),
        (f"/s/{survey.slug}?page=3", "survey-page-3"),
        (f"/s/{survey.slug}?lang=en", "survey-english"),
        (f"/s/{survey.slug}/tack", "thank-you"),
        (f"/s/{closed.slug}", "closed-survey"),
        ("/finns-inte", "not-found"),
        ("/integritet", "privacy"),
        ("/tillganglighet", "accessibility-statement"),
    ]:
        page.goto(path)
        audit.check(name)

    page.goto(f"/s/{survey.slug}")
    page.get_by_role("button", name="Nästa").click()
    page.locator("#error-summary").wait_for()
    audit.check("survey-errors")
    audit.assert_clean()


def test_staff_login_has_no_serious_axe_violations(live_server, audit):
    page = audit.page
    page.goto("/admin/login")
    audit.check("admin-login")
    page.get_by_role("button", name="Logga in").click()
    page.locator("#error-summary").wait_for()
    audit.check("admin-login-errors")
    audit.assert_clean()


def test_not_found_page_really_is_a_404(live_server, phone, expect):
    response = phone.goto("/finns-inte")
    assert response is not None and response.status == 404
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sidan hittades inte")
    assert phone.title().startswith("Sidan hittades inte")


def test_skip_link_is_first_and_moves_focus_to_main_content(
    session, live_server, desktop, screenshot, expect
):
    desktop.goto(f"/s/{_survey(session).slug}")
    desktop.keyboard.press("Tab")
    skip = desktop.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # seen when focused, not only by screen readers
    screenshot(desktop, "skip-link-focused")
    desktop.keyboard.press("Enter")
    expect(desktop.locator("main")).to_be_focused()


def test_page_two_can_be_answered_with_the_keyboard_alone(session, live_server, desktop, expect):
    survey = _survey(session)
    desktop.goto(f"/s/{survey.slug}")
    desktop.get_by_label(survey.questions[0].text_in("sv")).fill("Klotter")
    desktop.keyboard.press("Tab")  # to the next text box
    desktop.keyboard.press("Tab")  # to the Next button
    desktop.keyboard.press("Enter")
    desktop.get_by_text("Sida 2 av 3").wait_for()
    desktop.get_by_role("radio").first.focus()
    desktop.keyboard.press("ArrowDown")  # arrows move within the scale and select
    expect(desktop.get_by_role("radio", checked=True)).to_have_value("2")
    desktop.keyboard.press("Enter")  # implicit submission must go forward, not back
    desktop.get_by_text("Sida 3 av 3").wait_for()


def test_focus_indicator_is_visible_on_links_buttons_and_fields(session, live_server, desktop):
    survey = _survey(session)
    desktop.goto(f"/s/{survey.slug}")
    targets = {
        "language link": desktop.get_by_role("link", name="English").first,
        "text box": desktop.get_by_label(survey.questions[0].text_in("sv")),
        "button": desktop.get_by_role("button", name="Nästa"),
        "footer link": desktop.get_by_role("link", name="Tillgänglighetsredogörelse"),
    }
    for what, locator in targets.items():
        locator.focus()
        desktop.keyboard.press("Shift+Tab")
        desktop.keyboard.press("Tab")  # focus from the keyboard, so :focus-visible applies
        style = locator.evaluate("e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]")
        assert style[0] == "solid" and float(style[1].removesuffix("px")) >= 2, (what, style)


@pytest.mark.parametrize("width", [390, 320])
def test_pages_do_not_scroll_sideways_on_narrow_screens(session, live_server, phone, width):
    survey = _survey(session)
    phone.set_viewport_size({"width": width, "height": 800})
    for path in ("/", f"/s/{survey.slug}", f"/s/{survey.slug}?page=2", "/tillganglighet", "/admin/login"):
        phone.goto(path)
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a {width}px screen"
