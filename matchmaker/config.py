"""Configuration classes, chosen by the FLASK_ENV-like variable `MATCHMAKER_ENV`.

Nothing here is read at import time of the app package: `create_app` picks a class
and `Config.from_environment` reads the environment once, at start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


class ConfigurationError(RuntimeError):
    """The app cannot start safely with the configuration it was given."""


class Config:
    ENV_NAME = "base"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI = f"sqlite:///{INSTANCE_DIR / 'matchmaker.sqlite3'}"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    MAIL_URL: str | None = None
    MAIL_SENDER = "Growth Hub Matchmaker <no-reply@matchmaker.example>"
    BASE_URL = "http://localhost:5000"
    SERVICE_NAME = "Growth Hub Matchmaker"

    WTF_CSRF_TIME_LIMIT = 8 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    SESSION_PROTECTION = "strong"
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    FORCE_HTTPS = True

    RATELIMIT_STORAGE_URI = "memory://"
    # Proxies (load balancer, ingress) in front of gunicorn. Their X-Forwarded-* headers
    # are believed for this many hops, so rate limits count each visitor, not the proxy.
    # 0 ignores the headers: a client could write anything in them.
    TRUSTED_PROXIES = 0
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    PUBLIC_FORM_RATE_LIMIT = "30 per minute;300 per hour"

    PASSWORD_RESET_MAX_AGE = 3600
    ACCOUNT_INVITE_MAX_AGE = 7 * 86400
    PARTNER_EMAIL_LINK_MAX_AGE = 3 * 86400
    SURVEY_RESUME_MAX_AGE = 7 * 86400  # links to carry on with saved survey answers
    SURVEY_STATUS_MAX_AGE = 90 * 86400  # links to an SME's status page
    # Saved survey answers nobody came back to are deleted after this many days.
    SURVEY_DRAFT_RETENTION_DAYS = 30
    # A business's personal data is erased after this many days without activity: the
    # privacy notice promises 2 years after the last update, introduction or feedback.
    PERSONAL_DATA_RETENTION_DAYS = 730
    # What e-mails said is kept this long after they were written (the rows stay).
    OUTBOX_BODY_RETENTION_DAYS = 30
    # The worker looks for drafts, e-mails and businesses kept too long this often.
    HOUSEKEEPING_MINUTES = 60
    PROPOSALS_PER_NEED = 3
    # The worker refits the matching model when the newest one is older than this.
    MODEL_REFIT_HOURS = 24
    OUTBOX_MAX_ATTEMPTS = 8
    OUTBOX_BACKOFF_SECONDS = 30
    OUTBOX_BATCH_SIZE = 50
    # The coordinators' review queue and the introductions it makes.
    REVIEW_PAGE_SIZE = 25
    DEFER_MAX_DAYS = 365
    FOLLOW_UP_DAYS = 21  # after an introduction, both sides are asked what happened
    FOLLOW_UP_REMINDER_DAYS = 7  # one reminder, this long after an unanswered follow-up
    FOLLOW_UP_LINK_MAX_AGE = 90 * 86400

    @classmethod
    def from_environment(cls, environ: os._Environ | dict) -> dict:
        """Settings taken from the environment variables named in the data contract."""
        settings: dict = {}
        if environ.get("DATABASE_URL"):
            settings["SQLALCHEMY_DATABASE_URI"] = environ["DATABASE_URL"]
        if environ.get("SECRET_KEY"):
            settings["SECRET_KEY"] = environ["SECRET_KEY"]
        if environ.get("MAIL_URL"):
            settings["MAIL_URL"] = environ["MAIL_URL"]
        if environ.get("MAIL_SENDER"):
            settings["MAIL_SENDER"] = environ["MAIL_SENDER"]
        if environ.get("BASE_URL"):
            settings["BASE_URL"] = environ["BASE_URL"].rstrip("/")
        if environ.get("RATELIMIT_STORAGE_URI"):
            settings["RATELIMIT_STORAGE_URI"] = environ["RATELIMIT_STORAGE_URI"]
        if environ.get("TRUSTED_PROXIES"):
            hops = environ["TRUSTED_PROXIES"].strip()
            if not hops.isdigit():
                raise ConfigurationError(
                    f"TRUSTED_PROXIES must be a whole number of proxies (0, 1, 2...), not {hops!r}."
                )
            settings["TRUSTED_PROXIES"] = int(hops)
        return settings

    @classmethod
    def check(cls, config: dict) -> None:
        if not config.get("SECRET_KEY"):
            raise ConfigurationError(
                "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long "
                "random value (for example the output of `python -c 'import secrets; "
                "print(secrets.token_hex(32))'`) before starting the service."
            )


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    # A fixed key is fine on a developer's machine only; production refuses to start without one.
    SECRET_KEY = "development-only-not-secret"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    FORCE_HTTPS = False


class TestConfig(DevelopmentConfig):
    ENV_NAME = "test"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    # Tests never reach a real mail server unless a test points MAIL_URL at its own.
    MAIL_URL = None
    RATELIMIT_ENABLED = True


class ProductionConfig(Config):
    ENV_NAME = "production"


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}
