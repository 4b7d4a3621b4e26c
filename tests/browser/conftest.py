"""Browser tests: the real app on a loopback port, driven by the system's headless Chromium.

Uses Debian's `chromium` through Playwright's Python API; never downloads a browser.
Without Chromium (or Playwright) every browser test is skipped, unless
TRYGG_REQUIRE_BROWSER=1 (set by CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from app.extensions import db

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = PROJECT_ROOT / "test-results" / "screenshots"
MISSING_MESSAGE = (
    "Chromium not found: install Debian packages chromium and chromium-driver to run browser tests"
)
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# Pages that are meant to answer with an error status (404 page, 422 form with errors).
EXPECTED_STATUSES = {404, 422}


def _browser_unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if shutil.which("chromium") is None:
        return MISSING_MESSAGE
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright not installed: pip install -e '.[dev]' to run browser tests"
    return None


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright, started once; skips (or fails in CI) when the browser is unavailable."""
    reason = _browser_unavailable()
    if reason:
        if os.environ.get("TRYGG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"TRYGG_REQUIRE_BROWSER=1 but: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()


@pytest.fixture(scope="session")
def expect(playwright: Playwright) -> Callable[..., Any]:
    """Playwright's retrying assertions (`expect(locator).to_be_focused()`), imported lazily."""
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=10_000)
    return playwright_expect


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """The system Chromium, headless, with background networking off."""
    chromium = playwright.chromium.launch(
        executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The test's fresh app served on a free loopback port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll interval keeps shutdown (and so each test's teardown) quick.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class PageProblems:
    """Things a page must never do: leave loopback, throw, or miss an asset."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.found: list[str] = []

    def watch(self, context: BrowserContext) -> None:
        """Block and record requests off the live server; record JS errors and failed loads."""

        def guard(route: Any) -> None:
            url = route.request.url
            if url.startswith(self.base_url + "/") or url.startswith("data:"):
                route.continue_()
            else:
                self.found.append(f"request outside the test server: {url}")
                route.abort()

        context.route("**/*", guard)
        context.on("weberror", lambda error: self.found.append(f"JavaScript error: {error.error}"))
        context.on("response", self._check_response)

    def _check_response(self, response: Any) -> None:
        if response.status < 400:
            return
        if response.request.resource_type == "document" and response.status in EXPECTED_STATUSES:
            return
        self.found.append(f"HTTP {response.status} for {response.request.resource_type} {response.url}")


def _new_context(
    browser: Browser, live_server: str, request: pytest.FixtureRequest, device: dict[str, Any]
) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=live_server, locale="sv-SE", **device)
    # Generous: CI runs the browser tests beside the rest of the suite on two workers.
    context.set_default_timeout(10_000)
    problems = PageProblems(live_server)
    problems.watch(context)
    try:
        yield context
    finally:
        context.close()
    if problems.found and not _failed(request):
        pytest.fail("Browser problems:\n  " + "\n  ".join(problems.found), pytrace=False)


def _failed(request: pytest.FixtureRequest) -> bool:
    report = getattr(request.node, "rep_call", None)
    return bool(report and report.failed)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test item so fixtures can see whether it failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def phone_context(
    browser: Browser, live_server: str, request: pytest.FixtureRequest
) -> Iterator[BrowserContext]:
    """A phone-sized touch browser (390×844) preferring Swedish, confined to the live server."""
    yield from _new_context(browser, live_server, request, PHONE)


@pytest.fixture
def desktop_context(
    browser: Browser, live_server: str, request: pytest.FixtureRequest
) -> Iterator[BrowserContext]:
    """A desktop-sized browser (1280×800) preferring Swedish, confined to the live server."""
    yield from _new_context(browser, live_server, request, DESKTOP)


@pytest.fixture
def phone(phone_context: BrowserContext) -> Page:
    """A page in the phone browser."""
    return phone_context.new_page()


@pytest.fixture
def desktop(desktop_context: BrowserContext) -> Page:
    """A page in the desktop browser."""
    return desktop_context.new_page()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    """Save a full-page screenshot under test-results/screenshots/<test>--<name>.png."""
    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")

    def take(page: Page, name: str) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{test_name}--{name}.png"
        page.screenshot(path=str(path), full_page=True, scale="css")
        return path

    return take


@pytest.fixture
def fresh_db(app: Flask) -> Callable[[], Any]:
    """The test's database session, reset so it sees what the live server committed."""

    def session() -> Any:
        db.session.rollback()
        db.session.expire_all()
        return db.session

    return session


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests: tolerate files the development server leaves open when Chromium drops a request.

    Werkzeug's threaded test server streams static files; when the browser aborts a
    request (it often does for the favicon) the file is closed only by the garbage
    collector, which pytest reports as an unraisable ResourceWarning. It is the test
    server's behaviour, not the application's, so it is ignored here only.
    """
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"))
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
