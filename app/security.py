"""Security headers: a strict Content-Security-Policy and friends (Flask-Talisman).

Every asset is served from this site, and no template has inline scripts or
style attributes, so the policy needs no 'unsafe-inline'.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

from app.sessions import TryggSessionInterface

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


def policy_for(app: Flask) -> dict[str, str]:
    """The CSP; a configured map tile server (TRYGG_MAP_TILES_URL) is the only extra image source."""
    tiles = urlsplit(str(app.config.get("MAP_TILES_URL") or ""))
    if tiles.scheme != "https" or not tiles.netloc:
        return CONTENT_SECURITY_POLICY
    host = tiles.netloc.replace("{s}", "*")  # {s}.tile.example: sub-domain placeholders
    return {**CONTENT_SECURITY_POLICY, "img-src": f"'self' data: https://{host}"}


def trust_proxy(wsgi_app: Any, hops: int) -> Any:
    """Read the client's address and scheme from the `hops` reverse proxies in front of the app.

    Each proxy appends to X-Forwarded-For, so the address `hops` entries from the right is the
    one the nearest trusted proxy saw: a client cannot choose it. It is used only as a key for
    the sign-in and submission limits and never stored. X-Forwarded-Host is not trusted: links
    in mail are built on TRYGG_BASE_URL.
    """
    if hops <= 0:
        return wsgi_app
    return ProxyFix(wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0)


def init_app(app: Flask) -> None:
    """Send security headers on every response; set cookie lifetimes per kind of visitor."""
    secure = bool(app.config.get("SESSION_COOKIE_SECURE"))
    talisman.init_app(
        app,
        content_security_policy=policy_for(app),
        force_https=secure,
        strict_transport_security=secure,
        session_cookie_secure=secure,
        session_cookie_http_only=True,
        referrer_policy="no-referrer",
        frame_options="DENY",
    )
    app.session_interface = TryggSessionInterface()
    app.wsgi_app = trust_proxy(  # type: ignore[method-assign]
        app.wsgi_app, int(app.config.get("PROXY_HOPS") or 0)
    )
