"""Fixtures for the partner tests: signed-in partners and coordinators, other browsers."""

from __future__ import annotations

import pytest

from matchmaker.models import Role

from ..conftest import banner, errors, html, link_in, main_text, post  # noqa: F401  (for the tests)


@pytest.fixture
def new_client(app):
    """Another browser: a client with its own cookies."""
    return app.test_client


@pytest.fixture
def partner(make, log_in):
    """A signed-in partner of an approved organisation."""
    return log_in(make.user(Role.PARTNER))


@pytest.fixture
def coordinator(make, log_in):
    return log_in(make.user(Role.COORDINATOR))
