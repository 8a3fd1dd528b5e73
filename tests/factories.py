"""Factories that build valid rows with sensible defaults; override what a test cares about."""

from __future__ import annotations

import itertools

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from matchmaker.extensions import db
from matchmaker.imports import ensure_default_hubs
from matchmaker.matchmaking import offers_changed
from matchmaker.models import (
    Business,
    Hub,
    Introduction,
    Match,
    MatchStatus,
    Need,
    Offer,
    Organisation,
    OrganisationStatus,
    Role,
    User,
)

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


class Factories:
    def hub(self, region: str = "north-east") -> Hub:
        ensure_default_hubs()
        db.session.flush()
        return db.session.scalar(select(Hub).where(Hub.region == region))

    def organisation(
        self, name: str | None = None, status=OrganisationStatus.APPROVED
    ) -> Organisation:
        org = Organisation(
            name=name or f"Partner {next(_numbers)}",
            contact_email="partner@example.com",
            status=status,
        )
        db.session.add(org)
        db.session.commit()
        return org

    def user(
        self, role=Role.COORDINATOR, *, email=None, hub=None, organisation=None,
        password=PASSWORD, **fields,
    ) -> User:  # fmt: skip
        """A user who can sign in with `password`. The hash is a deliberately cheap one, so
        tests that make many users or sign in often stay fast; the service's own hashing is
        exercised wherever a test sets a password through a form or a command."""
        if role == Role.COORDINATOR and hub is None:
            hub = self.hub()
        if role == Role.PARTNER and organisation is None:
            organisation = self.organisation()
        user = User(
            email=email or f"{role}{next(_numbers)}@example.com",
            role=role,
            hub=hub,
            organisation=organisation,
            **fields,
        )
        user.password_hash = generate_password_hash(password, method="pbkdf2:sha256:1")
        db.session.add(user)
        db.session.commit()
        return user

    def business(self, region: str = "north-east", **fields) -> Business:
        number = next(_numbers)
        defaults = {
            "ref": f"S{number}",
            "name": f"Business {number}",
            "contact_name": "Sam Owner",
            "contact_email": f"owner{number}@example.com",
            "region": region,
            "sector": "C",
            "size": "micro",
            "stage": "established",
            "hub": self.hub(region),
        }
        business = Business(**(defaults | fields))
        db.session.add(business)
        db.session.commit()
        return business

    def need(self, business=None, *, themes=(), **fields) -> Need:
        business = business or self.business()
        defaults = {
            "ref": f"N{next(_numbers)}",
            "business": business,
            "support_type": "skills",
            "description": "We need help training our staff to use computers.",
        }
        need = Need(**(defaults | fields))
        need.themes = list(themes)
        db.session.add(need)
        db.session.commit()
        return need

    def offer(self, organisation=None, *, regions=("uk",), sectors=("all",), sizes=("all",),
              stages=("all",), themes=(), **fields) -> Offer:  # fmt: skip
        organisation = organisation or self.organisation()
        defaults = {
            "ref": f"O{next(_numbers)}",
            "organisation": organisation,
            "contact_email": "programmes@example.com",
            "title": "Digital skills bootcamp",
            "support_type": "skills",
            "description": "Training for staff in everyday digital tools.",
            "capacity": 5,
        }
        offer = Offer(**(defaults | fields))
        for kind, codes in (("region", regions), ("sector", sectors), ("size", sizes),
                            ("stage", stages), ("theme", themes)):  # fmt: skip
            offer.set_codes(kind, list(codes))
        db.session.add(offer)
        offers_changed([offer])
        db.session.commit()
        return offer

    def match(self, need=None, offer=None, *, status=MatchStatus.PROPOSED, **fields) -> Match:
        defaults = {"score": 0.5, "reasons": "Test match", "model_version": "test"}
        match = Match(
            need=need or self.need(), offer=offer or self.offer(), status=status,
            **(defaults | fields),
        )  # fmt: skip
        db.session.add(match)
        db.session.commit()
        return match

    def introduction(self, offer=None, *, need=None, note="", **fields) -> Introduction:
        """An approved match and its introduction."""
        match = self.match(need, offer, status=MatchStatus.APPROVED, **fields)
        introduction = Introduction(match=match, note=note)
        db.session.add(introduction)
        db.session.commit()
        return introduction
