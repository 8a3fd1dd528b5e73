"""Fixtures: a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL), a client,
factories, a real SMTP server on loopback, and a live server for Chromium."""

from __future__ import annotations

import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime

import pytest
from bs4 import BeautifulSoup
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from matchmaker import create_app
from matchmaker.extensions import db, limiter
from matchmaker.mail.delivery import MailSettings, deliver_due
from matchmaker.matchmaking import model_cache
from matchmaker.uktime import uk_day, uk_time

from .factories import Factories
from .smtp import SmtpServer


def pytest_sessionfinish(session, exitstatus):
    # In CI every browser and PostgreSQL test must run: a skip counts as a failure.
    if os.environ.get("MATCHMAKER_FORBID_SKIPS") and exitstatus == 0:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None and reporter.stats.get("skipped"):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _on_postgresql(statement: str) -> None:
    admin = create_engine(make_url(os.environ["TEST_DATABASE_URL"]), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(statement))
    admin.dispose()


@contextmanager
def fresh_database_url(tmp_path_factory, name: str):
    """An empty database of its own: a SQLite file, or a new PostgreSQL database.

    The process id is part of the name, so test runs side by side never share one.
    """
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / (name + '.sqlite3')}"
        return
    name = f"{name}_{os.getpid()}"
    _on_postgresql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _on_postgresql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        _on_postgresql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    with fresh_database_url(tmp_path_factory, f"matchmaker_test_{worker_id}") as url:
        yield url


@pytest.fixture
def race(database_url):
    """`race(task, inputs)`: `task(input)` for every input at the same moment, each in its
    own thread, request context, connection and transaction; the results in input order.

    The threads run a second app on the test database with a connection for each, checked
    out before the start, so that all their transactions really are open at once. The
    test's own session sees the outcome after `db.session.expire_all()`.
    """

    def run(task, inputs):
        inputs = list(inputs)
        options = {"pool_size": len(inputs), "max_overflow": 0}
        if make_url(database_url).get_backend_name() == "sqlite":
            options["connect_args"] = {"timeout": 60}  # writers queue for the lock
        racers = create_app(
            "test", SQLALCHEMY_DATABASE_URI=database_url, SQLALCHEMY_ENGINE_OPTIONS=options
        )
        start = threading.Barrier(len(inputs), timeout=60)

        def one(item):
            with racers.test_request_context():
                db.session.connection()
                start.wait()
                try:
                    return task(item)
                finally:
                    db.session.remove()

        try:
            with ThreadPoolExecutor(len(inputs)) as pool:
                return list(pool.map(one, inputs))
        finally:
            with racers.app_context():
                db.engine.dispose()

    return run


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


@pytest.fixture(autouse=True)
def fresh_model_cache():
    """Each test starts without the previous test's fitted model cached in the process."""
    model_cache.clear()
    yield
    model_cache.clear()


@pytest.fixture
def uk_clock(monkeypatch):
    """Stops the service's UK clock at a moment given in UTC: `uk_today()`, wherever it is
    called, then says that moment's UK day, which the fixture returns."""

    def stop_at(moment: datetime) -> date:
        monkeypatch.setattr("matchmaker.uktime.uk_now", lambda: uk_time(moment))
        return uk_day(moment)

    return stop_at


@pytest.fixture
def log_in(client):
    """Sign `user` in through the sign-in form, in a fresh session of `into` (the test's
    client by default). Users from `make.user` have a hash that is cheap to check."""

    def log_in(user, into=None):
        into = into or client
        into.delete_cookie("session")
        assert sign_in(into, user.email).status_code == 302, f"{user.email} could not sign in"
        return user

    return log_in


@pytest.fixture
def mail(app, smtp_server, monkeypatch):
    """Deliver the outbox to a real SMTP server on loopback; `mail(address)` returns the
    plain-text bodies that reached `address` so far."""
    monkeypatch.setitem(app.config, "MAIL_URL", smtp_server.url)

    def received(address: str) -> list[str]:
        deliver_due(MailSettings.from_config(app.config))
        return [smtp_server.text_of(message) for message in smtp_server.to(address)]

    return received


LINK = re.compile(r"https?://\S+")


def link_in(body: str, contains: str) -> str:
    return next(link for link in LINK.findall(body) if contains in link)


def post(client, url: str, data: dict | None = None, *, token_from: str = "/privacy"):
    """POST like a browser, with the CSRF token of the client's session."""
    token = csrf_token(client.get(token_from).text)
    return client.post(url, data={**(data or {}), "csrf_token": token})


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def main_text(response) -> str:
    return html(response).select_one("main").get_text(" ", strip=True)


def errors(response) -> list[str]:
    """The messages in the page's error summary."""
    return [
        li.get_text(strip=True) for li in html(response).select(".govuk-error-summary__list li")
    ]


def banner(response) -> str:
    found = html(response).select_one(".govuk-notification-banner")
    return found.get_text(" ", strip=True) if found else ""
