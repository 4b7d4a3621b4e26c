"""Every page of the demo reflows at 320 px (WCAG 1.4.10), for every role, and passes axe.

The demo is built once, then each role signs in and follows every same-site link it can
reach (downloads and state-changing forms aside). A page fails when the document is wider
than the 320 px screen, so that reading it would need sideways scrolling; wide tables must
stack or scroll inside a focusable, labelled region instead. axe runs on each page at the
phone size and again at desktop size.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest

from app.extensions import db
from surveys.accounts.models import Role
from surveys.accounts.passwords import create_user
from surveys.demo.seed import DEMO_PASSWORD
from tests.browser.test_accessibility import describe, run_axe
from tests.demo_world import SKIPPED_PARTS, SKIPPED_SUFFIXES, build_demo

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the browser fixtures skip the test
    PlaywrightError = RuntimeError  # type: ignore[misc,assignment]

ROLES = {
    "admin": "admin@norrforsa.example",
    "analyst": "analytiker@norrforsa.example",
    "police": "kommunpolis@norrforsa.example",
    "steering_group": "styrgrupp@norrforsa.example",
    "reporter": "rapportor@partner.example",
}
MAX_PAGES_PER_ROLE = 120
# Pages of one kind share a template and differ in their data: a few of each kind per role
# find a long label or a wide table as well as all of them, in a fraction of the time.
MAX_PAGES_PER_KIND = 3
PROGRESS = Path(__file__).resolve().parents[2] / "test-results" / "reflow-overflow.txt"


def _kind(path: str) -> str:
    """Pages of one kind (the same view with other ids) are checked by axe once."""
    return re.sub(r"\d+", "N", path.split("?")[0])


def _links(page: Any, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        url = urldefrag(href)[0]
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != base:
            continue
        path = parts.path
        if path.endswith(SKIPPED_SUFFIXES) or any(p in path for p in SKIPPED_PARTS):
            continue
        found.append(url.removeprefix(base))
    return found


def _overflow(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def test_every_demo_page_reflows_at_320_px_for_every_role_and_passes_axe(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    organisation = build_demo(seed=7, residents=80, staff=30)
    create_user(db.session, ROLES["reporter"], DEMO_PASSWORD, Role.REPORTER, organisation)
    db.session.commit()
    PROGRESS.parent.mkdir(parents=True, exist_ok=True)
    PROGRESS.write_text("")
    too_wide: list[str] = []
    axe_failures: list[str] = []
    visited_total = 0
    audited: set[str] = set()
    for role, email in ROLES.items():
        context = browser.new_context(
            base_url=live_server, locale="sv-SE", viewport={"width": 320, "height": 700}
        )
        context.set_default_timeout(60_000)
        page = context.new_page()
        page.goto("/admin/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("load")
        assert "/admin/login" not in page.url, role
        queue, seen = deque(["/admin/", "/"]), {"/admin/", "/"}
        per_kind: Counter[str] = Counter()
        while queue and len(seen) <= MAX_PAGES_PER_ROLE:
            path = queue.popleft()
            if per_kind[_kind(path)] >= MAX_PAGES_PER_KIND:
                continue
            per_kind[_kind(path)] += 1
            page.set_viewport_size({"width": 320, "height": 700})
            try:
                response = page.goto(path, wait_until="domcontentloaded")
            except PlaywrightError as error:
                if "Download is starting" in str(error):
                    continue  # a file, not a page
                raise
            if response is None or "text/html" not in (response.headers.get("content-type") or ""):
                continue
            visited_total += 1
            overflow = _overflow(page)
            if overflow > 0:
                too_wide.append(f"{role} {path}: {overflow}px too wide at 320px")
                with PROGRESS.open("a") as log:
                    log.write(too_wide[-1] + "\n")
            links = _links(page, live_server)
            if _kind(path) not in audited:  # roles share most views: axe each kind once
                audited.add(_kind(path))
                for width, height, device in ((320, 700, "phone"), (1280, 800, "desktop")):
                    page.set_viewport_size({"width": width, "height": height})
                    fatal = run_axe(page, f"reflow-{role}-{len(audited)}-{device}")
                    if fatal:
                        axe_failures.append(f"{role} {path} ({device}):\n{describe(fatal)}")
                        with PROGRESS.open("a") as log:
                            log.write(axe_failures[-1] + "\n")
            for link in links:
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
        context.close()
        print(f"{role}: {sum(per_kind.values())} pages of {len(per_kind)} kinds")
    assert visited_total > 40, visited_total
    assert not too_wide, "pages wider than the screen:\n" + "\n".join(too_wide)
    assert not axe_failures, "axe found serious/critical problems on:\n" + "\n".join(axe_failures)
