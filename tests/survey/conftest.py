"""Helpers for the survey tests: answer pages like a browser would, read the e-mailed
links, and parse pages."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from flask import g
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Business, OutboxMessage

from ..conftest import csrf_token

# A complete, valid set of answers, page by page, in the order the survey asks them.
ANSWERS: dict[str, dict] = {
    "your-details": {
        "contact_name": "Sam Owner",
        "email": "sam@tyne-bakery.example",
        "phone": "0191 498 0000",
    },
    "business": {"name": "Tyne Bakery", "postcode": "NE1 4ST"},
    "region": {"region": "north-east"},
    "sector": {"sector": "I"},
    "employees": {"size": "micro"},
    "trading": {"stage": "startup"},
    "help": {"support_types": ["skills", "funding"]},
    "help/skills": {
        "description": "Our two bakers need to learn the new stock control software.",
        "themes": ["digital-skills"],
    },
    "help/funding": {"description": "About £20,000 for a second oven to supply cafés."},
    "consent": {"consent": "y"},
}
STEPS = list(ANSWERS)
LINK = re.compile(r"https?://\S+")


class Survey:
    """An SME's browser: posts pages with the CSRF token of its own session."""

    def __init__(self, client):
        self.client = client
        self._token: str | None = None

    def token(self) -> str:
        if self._token is None:
            # Requests share the test's app context, where Flask-WTF caches the token of
            # whichever client asked first: drop it so this client gets its own.
            g.pop("csrf_token", None)
            self._token = csrf_token(self.client.get("/survey/new-link").text)
        return self._token

    def post(self, url: str, data: dict | None = None, *, button: str = "submit"):
        return self.client.post(url, data={**(data or {}), button: "y", "csrf_token": self.token()})

    def answer(self, step: str, *, button: str = "submit", **changes):
        return self.post(f"/survey/{step}", {**ANSWERS[step], **changes}, button=button)

    def reach(self, step: str) -> None:
        """Answer every page before `step` correctly."""
        for earlier in STEPS[: STEPS.index(step)]:
            assert self.answer(earlier).status_code == 302, earlier

    def complete(self) -> None:
        for step in STEPS:
            assert self.answer(step).status_code == 302, step

    def submit(self) -> Business:
        self.complete()
        return self.send()

    def send(self) -> Business:
        """Accept and send from check answers; the business stored."""
        response = self.post("/survey/check-answers")
        assert response.location == "/survey/confirmation"
        return db.session.scalar(select(Business).order_by(Business.id.desc()))


@pytest.fixture
def survey(client) -> Survey:
    return Survey(client)


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def errors(response) -> list[str]:
    """The messages in the error summary, in order."""
    summary = page(response).select(".govuk-error-summary__list a")
    return [link.get_text(strip=True) for link in summary]


def heading(response) -> str:
    return page(response).h1.get_text(" ", strip=True)


def emails_to(address: str) -> list[OutboxMessage]:
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == address).order_by(OutboxMessage.id)
    ).all()


def link_in(message: OutboxMessage, containing: str) -> str:
    """The path of the first link in an e-mail whose address contains `containing`."""
    url = next(url for url in LINK.findall(message.text_body) if containing in url)
    return re.sub(r"^https?://[^/]+", "", url)
