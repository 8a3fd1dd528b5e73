"""Fixtures for the review queue: staff users and a small market with a fitted model."""

from __future__ import annotations

import pytest

from matchmaker.extensions import db
from matchmaker.matchmaking import rebuild_all
from matchmaker.models import Role

from ..conftest import banner, errors, html, link_in, main_text, post  # noqa: F401  (for the tests)


@pytest.fixture
def coordinator(make):
    """A coordinator of the North East hub (not signed in: use `log_in`)."""
    return make.user(Role.COORDINATOR, hub=make.hub("north-east"))


@pytest.fixture
def admin(make):
    return make.user(Role.ADMIN)


CYBER_OFFERS = [
    ("Cyber awareness training for staff", "Phishing, passwords and safe working: training so staff spot scams and attacks.", ["cyber-security"]),
    ("Phishing and scam training", "Short courses that teach staff to spot phishing emails and scams and keep passwords safe.", ["cyber-security"]),
    ("Cyber security skills for small teams", "Hands-on training so staff spot phishing emails and scams, use strong passwords and keep backups.", ["cyber-security", "digital-skills"]),
    ("Staff cyber training programme", "Training for employees on spotting phishing, scam emails and choosing strong passwords.", ["cyber-security"]),
]  # fmt: skip


@pytest.fixture
def market(make):
    """Four similar cyber training offers (one per partner) and a North East business whose
    need fits them all, with a fitted model: three are proposed, the fourth waits."""
    offers = [
        make.offer(make.organisation(f"Cyber Partner {i}"), title=title, description=text,
                   themes=themes, contact_email=f"programmes{i}@partner.example")
        for i, (title, text, themes) in enumerate(CYBER_OFFERS, start=1)
    ]  # fmt: skip
    make.offer(make.organisation("Sales Partner"), title="Sales masterclasses",
               description="Monthly masterclasses on pricing and finding customers.",
               themes=["marketing-sales"])  # fmt: skip
    business = make.business(name="Tyne Bakery", contact_name="Ada Baker",
                             contact_email="ada@tynebakery.example", phone="0191 000 0000")  # fmt: skip
    need = make.need(
        business,
        description="One of my staff clicked a phishing email and we lost data. "
        "Train everyone to spot scams and use better passwords.",
        themes=["cyber-security"],
    )
    rebuild_all()
    db.session.commit()
    return need, offers
