"""Helpers for web tests: signing in and reading forms."""

from __future__ import annotations

import re

from surveys.accounts.models import User
from tests.factories import PASSWORD


def hidden_value(html: str, name: str) -> str:
    """The value of the hidden input `name` in `html`."""
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    assert match, f"{name} not found in the page"
    return match.group(1)


def csrf_from(client, url: str) -> str:  # type: ignore[no-untyped-def]
    """A CSRF token from the page at `url`."""
    return hidden_value(client.get(url).get_data(as_text=True), "csrf_token")


def sign_in(client, user: User) -> None:  # type: ignore[no-untyped-def]
    """Sign `user` in through the login form."""
    token = csrf_from(client, "/admin/login")
    response = client.post(
        "/admin/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
