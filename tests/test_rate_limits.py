"""Rate limits work with the shared Redis store that several app processes would use."""

import uuid

import pytest

from matchmaker import create_app
from matchmaker.config import ConfigurationError
from matchmaker.extensions import db, limiter


def test_login_limit_is_shared_through_redis(database_url):
    # Two apps stand for two gunicorn processes behind a load balancer.
    prefix = f"test-{uuid.uuid4().hex}"
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
        "RATELIMIT_KEY_PREFIX": prefix,
        "WTF_CSRF_ENABLED": False,
    }
    first, second = create_app("test", **settings), create_app("test", **settings)
    with first.app_context():
        db.create_all()
    try:
        for _ in range(5):
            assert (
                first.test_client()
                .post("/account/sign-in", data={"email": "a@example.com"})
                .status_code
                == 200
            )
        for _ in range(5):
            assert (
                second.test_client()
                .post("/account/sign-in", data={"email": "a@example.com"})
                .status_code
                == 200
            )
        assert (
            second.test_client()
            .post("/account/sign-in", data={"email": "a@example.com"})
            .status_code
            == 429
        )
    finally:
        with first.app_context():
            limiter.reset()
        # Flask-Limiter keeps one storage per limiter object: put back the tests' own.
        create_app("test", SQLALCHEMY_DATABASE_URI=database_url)


def _sign_in_attempts(database_url, trusted_proxies: int, forwarded_for: list[str]) -> list[int]:
    """Status codes of failed sign-ins, one per X-Forwarded-For address given."""
    app = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=database_url,
        WTF_CSRF_ENABLED=False,
        TRUSTED_PROXIES=trusted_proxies,
        RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
    )
    client = app.test_client()
    return [
        client.post(
            "/account/sign-in",
            data={"email": "a@example.com", "password": "wrong"},
            headers={"X-Forwarded-For": address},
        ).status_code
        for address in forwarded_for
    ]


def test_a_forged_forwarded_for_header_does_not_dodge_the_limit(app, database_url):
    forged = [f"203.0.113.{i}" for i in range(11)]
    assert _sign_in_attempts(database_url, 0, forged) == [200] * 10 + [429]


def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(app, database_url):
    # A load balancer puts every visitor's address in X-Forwarded-For; without believing
    # it, one visitor's mistakes would lock everybody out.
    visitors = ["203.0.113.1"] * 10 + ["203.0.113.2", "203.0.113.1"]
    assert _sign_in_attempts(database_url, 1, visitors) == [200] * 11 + [429]


def test_trusted_proxies_must_be_a_number(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "yes")
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXIES must be a whole number"):
        create_app("test")
