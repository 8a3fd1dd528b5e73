"""Growth Hub Matchmaker: matches SMEs' needs with corporate partners' offers."""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path

from flask import Flask
from flask_talisman import Talisman
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import templating
from .config import CONFIGS, INSTANCE_DIR
from .extensions import csrf, db, limiter, login_manager, migrate
from .models import LARGEST_ID

ROOT = Path(__file__).resolve().parent.parent

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


class MatchmakerFlask(Flask):
    jinja_environment = templating.Environment


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in URLs: a number no id column can hold matches no route, so it is a 404
    rather than a database error."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(url_map, *args, **kwargs)


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the app for `config_name` (default: $MATCHMAKER_ENV, else development)."""
    config_name = config_name or os.environ.get("MATCHMAKER_ENV", "development")
    config_class = CONFIGS[config_name]

    app = MatchmakerFlask(__name__, instance_path=str(INSTANCE_DIR), template_folder=None)
    app.config.from_object(config_class)
    app.config.update(config_class.from_environment(os.environ))
    app.config.update(overrides)
    config_class.check(app.config)
    INSTANCE_DIR.mkdir(exist_ok=True)

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(ROOT / "templates"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.url_map.converters["int"] = DatabaseIdConverter  # before any route is added

    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    _init_extensions(app)
    _register_blueprints(app)
    _configure_logging(app)
    # Everything imported so far (scikit-learn, SciPy, ...) lives as long as the process:
    # moving it out of the collector's reach stops full collections stalling requests.
    gc.freeze()
    return app


def _init_extensions(app: Flask) -> None:
    from . import auth, cache_control

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    # current_user reaches templates from templating.init_app, loaded only when used.
    login_manager.init_app(app, add_context_processor=False)
    auth.init_login_manager(login_manager)
    # One Talisman per app: it keeps its settings, and the app, on itself, so a shared one
    # would serve every app with the settings of the last one created (a production app
    # made in a test turned on HTTPS redirects for the tests' own).
    Talisman(
        app,
        force_https=app.config["FORCE_HTTPS"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=CONTENT_SECURITY_POLICY,
        strict_transport_security=app.config["FORCE_HTTPS"],
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )
    WTFormsHelpers(app)
    templating.init_app(app)
    cache_control.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from . import cli, errors
    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .insights import bp as insights_bp
    from .pages import bp as pages_bp
    from .partners import bp as partners_bp
    from .review import bp as review_bp
    from .survey import bp as survey_bp

    app.register_blueprint(pages_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(partners_bp)
    app.register_blueprint(survey_bp)
    app.register_blueprint(insights_bp)
    app.register_blueprint(review_bp)
    errors.init_app(app)
    cli.init_app(app)


def _configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
