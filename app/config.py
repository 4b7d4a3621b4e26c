"""Configuration from environment variables with safe defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from surveys.disclosure.floor import Floor

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SUPPORTED_LOCALES = ("sv", "en")


class ConfigError(RuntimeError):
    """The configuration cannot be used (raised at start-up, never mid-request)."""


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _env_positive(name: str, default: int) -> int:
    value = _env_int(name, default)
    if value <= 0:
        raise ConfigError(f"{name} must be a whole number above 0, got {value}")
    return value


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{instance_path / 'trygg.db'}"
    # Hosting platforms still hand out the pre-SQLAlchemy-1.4 scheme.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def tiles_url_problem(url: str) -> str | None:
    """Why a tile URL template cannot be used (browsers may load only https images here), or None."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        return "must start with https:// and name a host"
    if any(part not in url for part in ("{z}", "{x}", "{y}")):
        return "must contain {z}, {x} and {y}"
    return None


def base_url_problem(url: str) -> str | None:
    """Why a site address cannot be used as the base of links in mail, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must start with https:// (or http://) and name a host"
    if parts.query or parts.fragment or parts.username or parts.password:
        return "must be a plain address without query, fragment or credentials"
    return None


def time_zone_problem(name: str) -> str | None:
    """Why `name` cannot be the installation's time zone, or None."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "must name an IANA time zone such as Europe/Stockholm"
    return None


def development_secret_key(instance_path: Path) -> str:
    """Read, or create once, a random secret key kept in `instance/`."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


class Config:
    """Development defaults: SQLite in `instance/`, in-process jobs."""

    ENV_NAME = "development"
    TESTING = False
    INSTANCE_PATH = Path(os.environ.get("TRYGG_INSTANCE_PATH", PROJECT_ROOT / "instance"))

    def __init__(self) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or self.fallback_secret_key()
        # The site's public address: links in mail (invitations, password resets) are built on it,
        # never on the request's Host or X-Forwarded-Host, which a client can choose.
        self.BASE_URL = os.environ.get("TRYGG_BASE_URL", "").strip() or self.fallback_base_url()
        problem = base_url_problem(self.BASE_URL)
        if problem:
            raise ConfigError(f"TRYGG_BASE_URL {problem}, got {self.BASE_URL!r}")
        self.BASE_URL = self.BASE_URL.rstrip("/") + "/"
        self.SQLALCHEMY_DATABASE_URI = _database_url(self.INSTANCE_PATH)
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.REDIS_URL = os.environ.get("REDIS_URL", "").strip() or None
        self.BABEL_DEFAULT_LOCALE = os.environ.get("TRYGG_DEFAULT_LOCALE", "sv")
        if self.BABEL_DEFAULT_LOCALE not in SUPPORTED_LOCALES:
            raise ConfigError(f"TRYGG_DEFAULT_LOCALE must be one of {', '.join(SUPPORTED_LOCALES)}")
        self.BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
        self.SUPPORTED_LOCALES = SUPPORTED_LOCALES
        # The municipality's time zone: incident times are entered, grouped and shown in it
        # (stored in UTC), whatever the server's clock is set to. (Imported here: the `analysis`
        # package loads phonenumbers, which `trygg --help` must not.)
        from analysis.localtime import DEFAULT_TIME_ZONE

        self.TIME_ZONE = os.environ.get("TRYGG_TIME_ZONE", "").strip() or DEFAULT_TIME_ZONE
        problem = time_zone_problem(self.TIME_ZONE)
        if problem:
            raise ConfigError(f"TRYGG_TIME_ZONE {problem}, got {self.TIME_ZONE!r}")
        self.BABEL_DEFAULT_TIMEZONE = self.TIME_ZONE
        # Uploads (imports) larger than this are refused with a clear page.
        self.MAX_CONTENT_LENGTH = _env_int("TRYGG_MAX_UPLOAD_MB", 16) * 1024 * 1024
        # What reading one uploaded file may cost (checked while it is read, in a background job):
        # data rows, cells, megabytes once unpacked (an .xlsx is a zip) and seconds.
        self.IMPORT_MAX_ROWS = _env_positive("TRYGG_IMPORT_MAX_ROWS", 100_000)
        self.IMPORT_MAX_CELLS = _env_positive("TRYGG_IMPORT_MAX_CELLS", 5_000_000)
        self.IMPORT_MAX_UNZIPPED_MB = _env_positive("TRYGG_IMPORT_MAX_UNZIPPED_MB", 200)
        self.IMPORT_MAX_SECONDS = _env_positive("TRYGG_IMPORT_MAX_SECONDS", 30)
        self.PRIVACY_MIN_GROUP = max(3, _env_int("TRYGG_MIN_GROUP", 5))
        # Optional tile server for map backgrounds ("https://tiles.example/{z}/{x}/{y}.png"); unset by
        # default, so no map ever fetches anything and the CSP stays 'self'.
        self.MAP_TILES_URL = os.environ.get("TRYGG_MAP_TILES_URL", "").strip()
        problem = tiles_url_problem(self.MAP_TILES_URL)
        if problem:
            raise ConfigError(f"TRYGG_MAP_TILES_URL {problem}, got {self.MAP_TILES_URL!r}")
        # The credit the tile server's licence asks for, written on every tiled map. No default:
        # only the operator knows whose tiles they use.
        self.MAP_TILES_ATTRIBUTION = os.environ.get("TRYGG_MAP_TILES_ATTRIBUTION", "").strip()
        # Residents' maps load tiles only on request: the tile server sees each resident's IP address.
        self.MAP_TILES_PUBLIC = os.environ.get("TRYGG_MAP_TILES_PUBLIC", "0") == "1"
        # Reverse proxies in front of the app that append to X-Forwarded-For (nginx: 1). Their
        # scheme and client address are trusted; with 0 the socket's peer address is used.
        self.PROXY_HOPS = _env_int("TRYGG_PROXY_HOPS", self.default_proxy_hops())
        if not 0 <= self.PROXY_HOPS <= 5:
            raise ConfigError("TRYGG_PROXY_HOPS must be between 0 and 5")
        self.WTF_CSRF_TIME_LIMIT = None  # long surveys must not expire mid-answer
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = self.secure_cookies()
        self.JOB_BACKEND = "rq" if self.REDIS_URL else "thread"
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        self.RATELIMIT_KEY_PREFIX = "trygg-limit"
        # Only a load benchmark (one client sending thousands of answers) turns limits off.
        self.RATELIMIT_ENABLED = os.environ.get("TRYGG_RATE_LIMITS", "1") != "0"
        # Optional SMTP for invitation and password-reset mails; links are shown on screen without it.
        self.MAIL_SERVER = os.environ.get("MAIL_SERVER", "").strip() or None
        self.MAIL_PORT = _env_int("MAIL_PORT", 587)
        self.MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
        self.MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER") or None

    def fallback_secret_key(self) -> str:
        """Development: a key generated once into `instance/`."""
        return development_secret_key(self.INSTANCE_PATH)

    def fallback_base_url(self) -> str:
        """Development: the address of `flask run`."""
        return "http://localhost:5000/"

    def default_proxy_hops(self) -> int:
        """Development: no proxy in front."""
        return 0

    def secure_cookies(self) -> bool:
        """Whether cookies need HTTPS; off in development so localhost works."""
        return os.environ.get("TRYGG_SECURE_COOKIES", "0") == "1"


class TestConfig(Config):
    """Tests: database from TEST_DATABASE_URL/DATABASE_URL or a per-test SQLite file."""

    ENV_NAME = "testing"
    TESTING = True
    __test__ = False  # a config, not a pytest test class

    def __init__(self, database_url: str | None = None) -> None:
        super().__init__()
        if database_url:
            self.SQLALCHEMY_DATABASE_URI = database_url
        self.JOB_BACKEND = "sync"
        # Each test app counts its own requests: a shared Redis store would carry one test's
        # sign-ins (all from 127.0.0.1) into the next and into the other xdist worker.
        self.RATELIMIT_STORAGE_URI = "memory://"

    def fallback_secret_key(self) -> str:
        return "test-secret-key-not-for-production"


class ProductionConfig(Config):
    """Production: SECRET_KEY is mandatory and cookies are HTTPS-only."""

    ENV_NAME = "production"

    def fallback_secret_key(self) -> str:
        raise ConfigError(
            "SECRET_KEY is not set. Production needs a long random SECRET_KEY in the "
            "environment, the same on every app server (e.g. python -c "
            "'import secrets; print(secrets.token_hex(32))')."
        )

    def fallback_base_url(self) -> str:
        raise ConfigError(
            "TRYGG_BASE_URL is not set. Production needs the site's public address "
            "(e.g. https://trygghet.example.se/): links in invitation and password-reset mails "
            "are built on it, never on the address a request claims."
        )

    def default_proxy_hops(self) -> int:
        """Production runs behind one reverse proxy (docs/deploy.md)."""
        return 1

    def secure_cookies(self) -> bool:
        return os.environ.get("TRYGG_SECURE_COOKIES", "1") == "1"

    def __init__(self) -> None:
        super().__init__()
        # Every worker must count sign-in and submission limits in one place, or each of them
        # allows the full limit. Only a single-process benchmark may opt out.
        if not self.REDIS_URL and os.environ.get("TRYGG_LOCAL_LIMITS_ONLY") != "1":
            raise ConfigError(
                "REDIS_URL is not set. Production needs Redis: rate limits (sign-in, "
                "submissions) must be shared by every worker and server."
            )


def config_from_environment() -> Config:
    """Pick the configuration class named by TRYGG_ENV (development by default)."""
    name = os.environ.get("TRYGG_ENV", "development").lower()
    classes: dict[str, type[Config]] = {
        "development": Config,
        "production": ProductionConfig,
        "testing": TestConfig,
    }
    if name not in classes:
        raise ConfigError(f"TRYGG_ENV must be one of {', '.join(classes)}, got {name!r}")
    return classes[name]()


def privacy_floor() -> Floor:
    """The privacy floor of the running application, for views and commands to hand to the domain."""
    from flask import current_app

    from surveys.disclosure.floor import floor_of

    return floor_of(current_app.config)
