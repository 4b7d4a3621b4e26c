"""Configuration from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import create_app
from app.config import Config, ConfigError, ProductionConfig, config_from_environment


def test_production_without_secret_key_fails_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("TRYGG_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_cookies_are_secure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("TRYGG_BASE_URL", "https://trygghet.example.se/")
    monkeypatch.setenv("REDIS_URL", "redis://localhost:6379/0")
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.se")
    config = ProductionConfig()
    assert config.SESSION_COOKIE_SECURE and config.SESSION_COOKIE_HTTPONLY
    assert config.SESSION_COOKIE_SAMESITE == "Lax"


def test_production_needs_a_mail_server_unless_it_serves_one_organisation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Links on screen would let the invitation form tell that an address has an account elsewhere."""
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("TRYGG_BASE_URL", "https://trygghet.example.se/")
    monkeypatch.setenv("REDIS_URL", "redis://localhost:6379/0")
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    monkeypatch.delenv("TRYGG_LINKS_ON_SCREEN", raising=False)
    with pytest.raises(ConfigError, match="MAIL_SERVER"):
        ProductionConfig()
    monkeypatch.setenv("TRYGG_LINKS_ON_SCREEN", "1")
    assert ProductionConfig().MAIL_SERVER is None
    monkeypatch.delenv("TRYGG_LINKS_ON_SCREEN")
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.se")
    assert ProductionConfig().MAIL_SERVER == "smtp.example.se"


def test_development_secret_key_is_generated_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(Config, "INSTANCE_PATH", tmp_path / "instance")
    first, second = Config(), Config()
    assert first.SECRET_KEY == second.SECRET_KEY and len(first.SECRET_KEY) == 64
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_chooses_database_redis_and_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/trygg")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("TRYGG_DEFAULT_LOCALE", "en")
    config = config_from_environment()
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@db.example/trygg"
    assert config.JOB_BACKEND == "rq" and config.BABEL_DEFAULT_LOCALE == "en"


def test_bad_values_are_clear_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.setenv("TRYGG_DEFAULT_LOCALE", "xx")
    with pytest.raises(ConfigError, match="TRYGG_DEFAULT_LOCALE"):
        Config()
    monkeypatch.setenv("TRYGG_DEFAULT_LOCALE", "sv")
    monkeypatch.setenv("TRYGG_MIN_GROUP", "many")
    with pytest.raises(ConfigError, match="TRYGG_MIN_GROUP"):
        Config()


def test_privacy_floor_is_never_below_three(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.setenv("TRYGG_MIN_GROUP", "1")
    assert Config().PRIVACY_MIN_GROUP == 3
