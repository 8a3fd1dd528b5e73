"""Fixtures: a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL), a client,
factories, a real SMTP server on loopback, and a live server for Chromium."""

from __future__ import annotations

import os
import re

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from matchmaker import create_app
from matchmaker.extensions import db, limiter

from .factories import Factories
from .smtp import SmtpServer


def pytest_sessionfinish(session, exitstatus):
    # In CI every browser and PostgreSQL test must run: a skip counts as a failure.
    if os.environ.get("MATCHMAKER_FORBID_SKIPS") and exitstatus == 0:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None and reporter.stats.get("skipped"):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def fresh_database_url(tmp_path_factory, name: str) -> str:
    """An empty database for this xdist worker: a SQLite file, or a new PostgreSQL database."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / (name + '.sqlite3')}"
    url = make_url(base)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id) -> str:
    return fresh_database_url(tmp_path_factory, f"matchmaker_test_{worker_id}")


class _FreshRequestClient(FlaskClient):
    """A test client whose requests start with an empty `g`, as real requests do.

    Tests hold an app context open and requests reuse it, so what one request cached in
    `g` (Flask-Login's user, Flask-WTF's CSRF token) would otherwise leak into the next.
    """

    def open(self, *args, **kwargs):
        _clear_g()
        try:
            return super().open(*args, **kwargs)
        finally:
            _clear_g()


def _clear_g() -> None:
    for name in list(g):
        g.pop(name)


@pytest.fixture(scope="session")
def _app(database_url):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url)
    app.test_client_class = _FreshRequestClient
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(_app):
    """The app, with an empty database and fresh rate limits for every test."""
    with _app.app_context():
        limiter.reset()
        yield _app
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app) -> Factories:
    return Factories()


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


CSRF_PATTERN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def sign_in(client, email: str, password: str = "correct horse battery"):
    page = client.get("/account/sign-in")
    return client.post(
        "/account/sign-in",
        data={"email": email, "password": password, "csrf_token": csrf_token(page.text)},
    )
