"""Security headers: a strict Content-Security-Policy and friends (Flask-Talisman).

Every asset is served from this site, and no template has inline scripts or
style attributes, so the policy needs no 'unsafe-inline'.
"""

from __future__ import annotations

from flask import Flask
from flask_talisman import Talisman

from .sessions import TryggSessionInterface

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
talisman = Talisman()


def init_app(app: Flask) -> None:
    """Send security headers on every response; set cookie lifetimes per kind of visitor."""
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
    app.session_interface = TryggSessionInterface()
