"""Where to go after an action: a `next` address is followed only within this site."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def safe_next(target: str | None) -> str | None:
    """`target` as a same-site path (with its query), or None when it could lead elsewhere.

    Browsers drop tabs and newlines and read backslashes as slashes, so `/\\t/evil.example`
    or `/\\\\evil.example` would reach another host: any control character or backslash refuses
    the address, and what remains must parse as a path without scheme or host.
    """
    if not target or any(ord(ch) < 0x20 or ord(ch) == 0x7F or ch == "\\" for ch in target):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))
