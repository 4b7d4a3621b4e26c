"""Trygg Dialog web application."""

from __future__ import annotations

from typing import Any

from flask import Flask

from app.config import PROJECT_ROOT, Config, ConfigError, config_from_environment, time_zone_problem


def create_app(config: Config | dict[str, Any] | None = None) -> Flask:
    """Build the Flask application: config → extensions → blueprints → CLI → errors.

    Args:
        config: a Config instance, a mapping of overrides on top of the environment's
            config, or None for the environment's config. Wiring only: no schema is
            created and nothing touches the network here.
    """
    app = Flask(__name__)
    base = config if isinstance(config, Config) else config_from_environment()
    app.config.from_object(base)
    if isinstance(config, dict):
        app.config.update(config)
    problem = time_zone_problem(app.config["TIME_ZONE"])
    if problem:
        raise ConfigError(f"TIME_ZONE {problem}, got {app.config['TIME_ZONE']!r}")
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TIME_ZONE"]

    from surveys.localtime import use_zone

    # One zone for the whole installation: the domain groups incidents by its days.
    use_zone(app.config["TIME_ZONE"])

    from app import extensions, i18n

    extensions.db.init_app(app)
    # Batch mode lets SQLite alter tables; one migration history serves both databases.
    extensions.migrate.init_app(
        app,
        extensions.db,
        directory=str(PROJECT_ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    extensions.babel.init_app(app, locale_selector=i18n.select_locale)
    extensions.csrf.init_app(app)
    extensions.login_manager.init_app(app)
    extensions.limiter.init_app(app)

    from app import auth, errors, health, jobs, logging_setup, security, templating
    from app.admin import bp as admin_bp
    from app.public import bp as public_bp

    logging_setup.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    auth.init_app(app)
    jobs.init_app(app)
    app.register_blueprint(public_bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    errors.init_app(app)

    from app.cli import register_commands

    register_commands(app)
    return app
