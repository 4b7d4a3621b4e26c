"""Flask extensions, created unbound and initialised in the application factory."""

from __future__ import annotations

import hashlib
import hmac
import time

from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import Session

from app import database  # noqa: F401  (registers engine event listeners)
from surveys.database.schema import Base

# Models subclass the plain declarative Base of `surveys`; sharing its metadata
# lets Flask-SQLAlchemy manage sessions and create_all without owning the models.


class _Database(SQLAlchemy):
    """Flask-SQLAlchemy, with `session` typed as the Session the domain services take.

    `db.session` is a scoped_session proxying one Session per request; the domain's
    functions take a plain `sqlalchemy.orm.Session`, so the web layer types it once here.
    """

    session: Session  # type: ignore[assignment]


db = _Database(metadata=Base.metadata)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "admin.accounts.login"
login_manager.session_protection = "strong"
login_manager.login_message = _l("Please sign in to see this page.")

# Limits live in memory, or in Redis with expiring keys when REDIS_URL is set (required in
# production, so every worker counts alike). Staff sign-in is keyed on the client address.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)


def anonymous_client_key() -> str:
    """A key for limiting anonymous residents that identifies no one.

    A keyed hash of the client address, shortened to 8 bytes and salted with the hour, so
    the stored key (kept only for the limit's window) cannot be turned back into an address
    nor linked across hours, and the address itself is never stored.
    """
    from flask import current_app

    hour = int(time.time() // 3600)
    secret = str(current_app.config["SECRET_KEY"]).encode()
    message = f"{hour}|{get_remote_address()}".encode()
    return "anon:" + hmac.new(secret, message, hashlib.sha256).hexdigest()[:16]
