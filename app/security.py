"""Security headers: a strict Content-Security-Policy and friends (Flask-Talisman).

Every asset is served from this site, and no template has inline scripts or
style attributes, so the policy needs no 'unsafe-inline'.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, request, session
from flask_login import current_user
from flask_talisman import Talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}
STAFF_IDLE_TIMEOUT = dt.timedelta(minutes=30)

talisman = Talisman()


def init_app(app: Flask) -> None:
    """Send security headers on every response and expire idle staff sessions."""
    secure = bool(app.config.get("SESSION_COOKIE_SECURE"))
    talisman.init_app(
        app,
        content_security_policy=CONTENT_SECURITY_POLICY,
        force_https=secure,
        strict_transport_security=secure,
        session_cookie_secure=secure,
        session_cookie_http_only=True,
        referrer_policy="no-referrer",
        frame_options="DENY",
    )
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", STAFF_IDLE_TIMEOUT)

    @app.before_request
    def refresh_staff_session() -> None:
        # Staff sessions expire after 30 idle minutes: the cookie's lifetime is renewed
        # on every request (SESSION_REFRESH_EACH_REQUEST). Residents' sessions end with
        # the browser, as the privacy notice says.
        # Only staff pages touch the login machinery, so residents get no extra cookie.
        if request.blueprint == "admin" and current_user.is_authenticated:
            session.permanent = True
