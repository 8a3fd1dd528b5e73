"""Fixtures and helpers for the insights tests; the data they share is in network.py."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import g

from matchmaker.extensions import login_manager
from matchmaker.models import Role

from .network import Network, build_network


@pytest.fixture
def network(app) -> Network:
    return build_network()


@pytest.fixture
def log_in(client):
    """Start a session for `user` the way Flask-Login does, without a password round trip."""

    def log_in(user):
        with client.application.test_request_context(environ_base=client.environ_base):
            identifier = login_manager._session_identifier_generator()
            user_id = user.get_id()
        with client.session_transaction() as session:
            session.update(_user_id=user_id, _fresh=True, _id=identifier)
        g.pop("_login_user", None)  # the tests share one app context with the client
        return user

    return log_in


@pytest.fixture
def admin(make, log_in):
    return log_in(make.user(Role.ADMIN))


@pytest.fixture
def coordinator(make, log_in, network):
    """A signed-in coordinator of the North East hub."""
    return log_in(make.user(Role.COORDINATOR, hub=network.hubs["north-east"]))


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def table_rows(response, table_id: str) -> list[list[str]]:
    """The body rows of a figures table on the page, as the cells' text."""
    figure = html(response).find(id=f"table-{table_id}")
    assert figure is not None, f"no table {table_id} on the page"
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in figure.select("tbody tr")
    ]
