"""Rate limits work with the shared Redis store that several app processes would use."""

import uuid

from matchmaker import create_app
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
