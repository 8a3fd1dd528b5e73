"""A small network whose every figure was counted by hand, for the insights tests.

Today is the real date (the pages use it); everything is placed relative to it. The
period under study is the 30 days to today, the previous period the 30 days before.

Businesses (hub = region):

    b1 north-east  C  micro   established
    b2 north-east  J  small   startup
    b3 north-east  C  medium  scaling
    b4 london      G  micro   established
    b5 london      M  small   pre-start

Needs (days ago, status, themes):

    this period      n1 b1 skills    2  open       digital-skills
                     n2 b1 funding   5  open       finance, export
                     n3 b2 skills   10  open       digital-skills, data-ai
                     n4 b3 mentoring 12 withdrawn  -
                     n5 b4 skills    3  open       digital-skills
                     n6 b5 funding  20  closed     finance
                     n7 b2 skills   25  open       -
    previous period  n8 b1 skills   40  closed     digital-skills
                     n9 b4 funding  45  open       finance
                     n10 b3 funding 50  open       -
    before           n11 b2 mentoring 100 open     leadership

Offers (organisation "Acme Skills" = acme, "Beacon Bank" = beacon):

    o1 acme    skills     north-east  C    any sizes  any stages  2 places  digital-skills
    o2 acme    skills     uk          any  small      startup     1 place   data-ai
    o3 beacon  funding    uk          any  micro      any stages  3 places  finance
    o4 beacon  funding    london      any  any        any         5 places  paused
    o5 acme    mentoring  uk          any  any        any         2 places  ended yesterday
    o6 beacon  skills     london      M    any        any         1 place   starts tomorrow

Matches and introductions (introduced days ago; outcomes oldest first, latest counts):

    n1-o1 proposed; n5-o1 rejected; n7-o2 deferred
    n3-o2 approved, introduced 6 days ago: met (3 days ago), then agreement (1 day ago)
    n2-o3 approved, introduced 3 days ago: met (2 days ago), then no-fit (1 day ago)
    n6-o3 approved, introduced 10 days ago: working-together (5 days ago)
    n9-o3 approved, introduced 20 days ago: no outcome yet
    n8-o1 approved, introduced 35 days ago (before the period): met
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from matchmaker.extensions import db
from matchmaker.imports import ensure_default_hubs
from matchmaker.insights import services
from matchmaker.matchmaking import offers_changed
from matchmaker.models import (
    Business,
    Hub,
    Introduction,
    Match,
    Need,
    Offer,
    Organisation,
    Outcome,
)
from matchmaker.uktime import uk_today

PERIOD_DAYS = 30


@dataclass
class Network:
    today: object
    hubs: dict[str, Hub]
    needs: dict[str, Need]
    offers: dict[str, Offer]
    organisations: dict[str, Organisation]

    def filters(self, *, hub: str | None = None, **changes) -> services.Filters:
        """The 30 days to today, for the whole network or one hub (by region code)."""
        fields = {
            "start": self.today - timedelta(days=PERIOD_DAYS - 1),
            "end": self.today,
            "hub": self.hubs[hub] if hub else None,
            "today": self.today,
        }
        return services.Filters(**(fields | changes))

    def query(self, **changes) -> str:
        """The URL query for the same period, with `changes` (hub=..., theme=...)."""
        args = {
            "start": (self.today - timedelta(days=PERIOD_DAYS - 1)).isoformat(),
            "end": self.today.isoformat(),
        } | changes
        return "&".join(f"{name}={value}" for name, value in args.items())


def _ago(today, days: float) -> datetime:
    """Midday `days` ago, so that no timestamp sits on a period's edge."""
    return datetime.combine(today, time(12), tzinfo=UTC) - timedelta(days=days)


def build_network() -> Network:
    """The network above, in the database (one commit)."""
    today = uk_today()
    hubs = ensure_default_hubs()
    businesses = {
        name: Business(
            ref=name, name=f"Business {name}", contact_name="Owner",
            contact_email=f"{name}@example.com", region=region, sector=sector, size=size,
            stage=stage, hub=hubs[region],
        )
        for name, region, sector, size, stage in [
            ("b1", "north-east", "C", "micro", "established"),
            ("b2", "north-east", "J", "small", "startup"),
            ("b3", "north-east", "C", "medium", "scaling"),
            ("b4", "london", "G", "micro", "established"),
            ("b5", "london", "M", "small", "pre-start"),
        ]
    }  # fmt: skip
    needs = {}
    for name, business, support_type, days, status, themes in [
        ("n1", "b1", "skills", 2, "open", ["digital-skills"]),
        ("n2", "b1", "funding", 5, "open", ["finance", "export"]),
        ("n3", "b2", "skills", 10, "open", ["digital-skills", "data-ai"]),
        ("n4", "b3", "mentoring", 12, "withdrawn", []),
        ("n5", "b4", "skills", 3, "open", ["digital-skills"]),
        ("n6", "b5", "funding", 20, "closed", ["finance"]),
        ("n7", "b2", "skills", 25, "open", []),
        ("n8", "b1", "skills", 40, "closed", ["digital-skills"]),
        ("n9", "b4", "funding", 45, "open", ["finance"]),
        ("n10", "b3", "funding", 50, "open", []),
        ("n11", "b2", "mentoring", 100, "open", ["leadership"]),
    ]:
        need = Need(
            ref=name, business=businesses[business], support_type=support_type,
            description="Help, please.", status=status, created_at=_ago(today, days),
        )  # fmt: skip
        need.themes = themes
        needs[name] = need

    organisations = {
        "acme": Organisation(name="Acme Skills", status="approved"),
        "beacon": Organisation(name="Beacon Bank", status="approved"),
    }
    offers = {}
    for name, owner, support_type, regions, sectors, sizes, stages, capacity, extra, themes in [
        ("o1", "acme", "skills", ["north-east"], ["C"], ["all"], ["all"], 2, {},
         ["digital-skills"]),
        ("o2", "acme", "skills", ["uk"], ["all"], ["small"], ["startup"], 1, {}, ["data-ai"]),
        ("o3", "beacon", "funding", ["uk"], ["all"], ["micro"], ["all"], 3, {}, ["finance"]),
        ("o4", "beacon", "funding", ["london"], ["all"], ["all"], ["all"], 5,
         {"status": "paused"}, ["finance"]),
        ("o5", "acme", "mentoring", ["uk"], ["all"], ["all"], ["all"], 2,
         {"ends_on": today - timedelta(days=1)}, ["leadership"]),
        ("o6", "beacon", "skills", ["london"], ["M"], ["all"], ["all"], 1,
         {"starts_on": today + timedelta(days=1)}, ["digital-skills"]),
    ]:  # fmt: skip
        offer = Offer(
            ref=name, organisation=organisations[owner], contact_email="p@example.com",
            title=f"Offer {name}", support_type=support_type, description="Help.",
            capacity=capacity, **extra,
        )  # fmt: skip
        for kind, codes in (("region", regions), ("sector", sectors), ("size", sizes),
                            ("stage", stages), ("theme", themes)):  # fmt: skip
            offer.set_codes(kind, codes)
        offers[name] = offer

    def match(need, offer, status, introduced=None, outcomes=()):
        row = Match(
            need=needs[need], offer=offers[offer], status=status, score=0.5,
            model_version="test", created_at=needs[need].created_at,
        )  # fmt: skip
        db.session.add(row)
        if introduced is not None:
            introduction = Introduction(match=row, created_at=_ago(today, introduced))
            db.session.add(introduction)
            for result, days in outcomes:
                db.session.add(
                    Outcome(
                        introduction=introduction, reported_by="partner", result=result,
                        created_at=_ago(today, days),
                    )
                )  # fmt: skip

    db.session.add_all([*businesses.values(), *needs.values(), *offers.values()])
    offers_changed(list(offers.values()))
    match("n1", "o1", "proposed")
    match("n5", "o1", "rejected")
    match("n7", "o2", "deferred")
    match("n3", "o2", "approved", 6, [("met", 3), ("agreement", 1)])
    match("n2", "o3", "approved", 3, [("met", 2), ("no-fit", 1)])
    match("n6", "o3", "approved", 10, [("working-together", 5)])
    match("n9", "o3", "approved", 20)
    match("n8", "o1", "approved", 35, [("met", 30)])
    db.session.commit()
    return Network(today, hubs, needs, offers, organisations)
