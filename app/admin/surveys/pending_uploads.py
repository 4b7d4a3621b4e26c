"""Uploaded XLSForm files kept on the server between their check and their import.

(Response files are kept in the database and read by background jobs instead: see
`surveys.transfer.uploads`.)

The bytes never travel back through the browser: they wait in
``<instance>/uploads/<random token>.bin`` and the session holds only the token, the
survey's slug and a sanitised file name (used to tell CSV from XLSX and in messages,
never as a path). A file is deleted once imported, when replaced by a new upload, or
after `MAX_AGE_SECONDS`. With several app servers the instance folder must be shared
(or sessions sticky), else the confirm step finds no file and asks for a new upload.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, session
from werkzeug.utils import secure_filename

MAX_AGE_SECONDS = 3600
SESSION_KEY = "pending_response_upload"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass(frozen=True)
class PendingUpload:
    """A stored upload: its bytes and the sanitised name it was uploaded under."""

    data: bytes
    filename: str


def upload_folder() -> Path:
    """The folder holding pending uploads, under the configured instance path."""
    root = current_app.config.get("INSTANCE_PATH") or current_app.instance_path
    return Path(root) / "uploads"


def safe_name(filename: str | None, default: str = "upload.csv") -> str:
    """An ASCII file name safe to show and log; keeps the extension that tells the format."""
    return secure_filename(filename or "") or default


def keep(slug: str, data: bytes, filename: str | None) -> None:
    """Store `data` for the survey `slug`, replacing this session's earlier upload."""
    discard()
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    token = secrets.token_urlsafe(32)
    # O_EXCL: never follow or overwrite an existing file; 0600: only the app reads it.
    handle = os.open(folder / f"{token}.bin", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    session[SESSION_KEY] = {"token": token, "slug": slug, "filename": safe_name(filename)}


def load(slug: str) -> PendingUpload | None:
    """This session's upload for `slug`, or None when there is none or it has expired."""
    path, filename = _path(slug)
    if path is None:
        return None
    try:
        if time.time() - path.stat().st_mtime > MAX_AGE_SECONDS:
            discard()
            return None
        return PendingUpload(path.read_bytes(), filename)
    except FileNotFoundError:
        session.pop(SESSION_KEY, None)
        return None


def discard() -> None:
    """Delete this session's pending upload, if any."""
    entry = session.pop(SESSION_KEY, None)
    token = entry.get("token", "") if isinstance(entry, dict) else ""
    if _TOKEN.match(token):
        (upload_folder() / f"{token}.bin").unlink(missing_ok=True)


def _path(slug: str) -> tuple[Path | None, str]:
    entry = session.get(SESSION_KEY)
    if not isinstance(entry, dict) or entry.get("slug") != slug:
        return None, ""
    token = entry.get("token", "")
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None, ""
    return upload_folder() / f"{token}.bin", safe_name(entry.get("filename"))


def _sweep(folder: Path) -> None:
    """Delete uploads older than MAX_AGE_SECONDS left by sessions that never came back."""
    cutoff = time.time() - MAX_AGE_SECONDS
    for stale in folder.glob("*.bin"):
        try:
            if stale.stat().st_mtime < cutoff:
                stale.unlink()
        except FileNotFoundError:
            continue  # another request swept it first
