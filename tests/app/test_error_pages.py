"""Every error page is in the site layout, in the visitor's language, with a way back."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask import Flask, abort

from surveys.accounts.models import Role
from tests.app.helpers import sign_in
from tests.factories import make_user


class PageOutline(HTMLParser):
    """The parts of a page an error page must have."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.landmarks: set[str] = set()
        self.links: list[str] = []
        self.h1 = ""
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang") or ""
        if tag in ("header", "main", "footer"):
            self.landmarks.add(tag)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data


def outline(html: str) -> PageOutline:
    parser = PageOutline()
    parser.feed(html)
    return parser


@pytest.fixture
def failing_app(app: Flask) -> Flask:
    """The app with a route that fails with whatever status it is asked for."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/_fail/<int:code>")
    def fail(code: int) -> str:
        if code == 500:
            raise RuntimeError("boom")
        abort(code)

    return app


CODES = [400, 403, 404, 405, 410, 413, 429, 500, 503]


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize(("language", "expected_lang"), [("sv-SE,sv;q=0.9", "sv"), ("en-GB,en;q=0.9", "en")])
def test_every_error_page_is_in_the_layout_and_the_visitors_language(
    failing_app: Flask, client, code: int, language: str, expected_lang: str
) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/_fail/{code}", headers={"Accept-Language": language})

    assert response.status_code == code
    page = outline(response.get_data(as_text=True))
    assert page.lang == expected_lang
    assert {"header", "main", "footer"} <= page.landmarks
    assert page.h1.strip()
    assert "/" in page.links  # the start page
    if expected_lang == "sv":
        assert page.h1.strip() not in {"Forbidden", "Bad Request", "Gone", "Method Not Allowed"}


def test_forbidden_page_in_swedish_for_a_reporter_with_a_way_back(app, client, session) -> None:  # type: ignore[no-untyped-def]
    reporter = make_user(session, role=Role.REPORTER)
    session.commit()
    sign_in(client, reporter)

    response = client.get("/admin/working-groups", headers={"Accept-Language": "sv"})

    assert response.status_code == 403
    html = response.get_data(as_text=True)
    page = outline(html)
    assert page.h1.strip() == "Du har inte tillgång till den här sidan"
    assert "main" in page.landmarks
    assert "/admin/" in page.links
    assert "Forbidden" not in html


def test_wrong_method_gets_the_site_page_in_english_when_chosen(app, client) -> None:  # type: ignore[no-untyped-def]
    client.get("/sprak/en?next=/")

    response = client.get("/admin/logout")

    assert response.status_code == 405
    assert outline(response.get_data(as_text=True)).h1.strip() == "This page cannot be used that way"
