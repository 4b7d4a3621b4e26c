"""Session cookie lifetimes: 30 idle minutes for staff, 30 days while a resident has an unsent draft.

Residents get no other cookie. While a multi-page survey is unfinished, the session
cookie outlives the browser so the resident can continue on the same device; once
the answers are sent it goes back to ending with the browser.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.sessions import SecureCookieSessionInterface, SessionMixin

from surveys.answering.drafts import DRAFT_LIFETIME

STAFF_IDLE_TIMEOUT = dt.timedelta(minutes=30)
DRAFTS_KEY = "survey_drafts"


class TryggSessionInterface(SecureCookieSessionInterface):
    """Signed-cookie sessions whose lifetime depends on who holds them."""

    def get_expiration_time(self, app: Flask, session: SessionMixin) -> dt.datetime | None:
        """When the cookie expires: None means at the end of the browser session."""
        now = dt.datetime.now(dt.UTC)
        if session.get("_user_id"):
            return now + STAFF_IDLE_TIMEOUT
        if session.get(DRAFTS_KEY):
            return now + DRAFT_LIFETIME
        return None

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        """Re-send cookies with an expiry on every request, so the idle timeout slides."""
        if session.modified:
            return True
        return bool(app.config["SESSION_REFRESH_EACH_REQUEST"] and self.get_expiration_time(app, session))
