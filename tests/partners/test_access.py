"""Who may use which partner page: every route, every kind of visitor.

A partner sees and changes only their own organisation's offers, introductions and
colleagues: another organisation's ids give 404 and leave its data alone. Partners cannot
reach the hubs' pages, nor hubs the partners', and every form needs its CSRF token.
"""

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, Offer, Organisation, OrganisationStatus, Role

from .conftest import main_text, post
from .test_offers import OFFER


@dataclass
class World:
    """Two approved organisations, each with an offer, an introduction and a user, and
    one organisation waiting for approval."""

    mine: Organisation
    their_email: str
    ids: dict

    def url(self, template: str, whose: str = "mine") -> str:
        return template.format(**self.ids[whose])


@pytest.fixture
def world(make, partner) -> World:
    theirs = make.organisation("Their Organisation")
    pending = make.organisation("Waiting Ltd", status=OrganisationStatus.PENDING)
    users = {"mine": partner, "theirs": make.user(Role.PARTNER, organisation=theirs)}
    ids = {}
    for whose, organisation in (("mine", partner.organisation), ("theirs", theirs)):
        offer = make.offer(organisation, title=f"Offer of {organisation.name}")
        ids[whose] = {
            "offer": offer.id,
            "introduction": make.introduction(offer).id,
            "user": users[whose].id,
            "organisation": pending.id,
        }
    return World(partner.organisation, users["theirs"].email, ids)


# (method, path) of every page that shows or changes one of a partner's own rows.
OWN_ROWS = [
    ("GET", "/partners/offers/{offer}"),
    ("GET", "/partners/offers/{offer}/edit"),
    ("POST", "/partners/offers/{offer}/edit"),
    ("GET", "/partners/offers/{offer}/pause"),
    ("POST", "/partners/offers/{offer}/pause"),
    ("GET", "/partners/offers/{offer}/resume"),
    ("POST", "/partners/offers/{offer}/resume"),
    ("GET", "/partners/offers/{offer}/close"),
    ("POST", "/partners/offers/{offer}/close"),
    ("GET", "/partners/introductions/{introduction}"),
    ("POST", "/partners/introductions/{introduction}"),
    ("GET", "/partners/colleagues/{user}/remove"),
    ("POST", "/partners/colleagues/{user}/remove"),
]
PARTNER_PAGES = [
    ("GET", "/partners/dashboard"),
    ("GET", "/partners/offers/new"),
    ("POST", "/partners/offers/new"),
    ("GET", "/partners/colleagues"),
    ("GET", "/partners/colleagues/new"),
    ("POST", "/partners/colleagues/new"),
    *OWN_ROWS,
]
HUB_PAGES = [
    ("GET", "/partners/organisations"),
    ("GET", "/partners/organisations/{organisation}"),
    ("POST", "/partners/organisations/{organisation}"),
    ("POST", "/partners/organisations/{organisation}/approve"),
    ("GET", "/partners/all-offers"),
    ("GET", "/partners/all-offers/{offer}"),
    ("POST", "/partners/all-offers/{offer}"),
    ("POST", "/partners/all-offers/{offer}/resume"),
]
POST_DATA = OFFER | {"result": "met", "reason": "A reason", "name": "N", "email": "n@x.example"}


def request(client, method: str, url: str):
    return client.get(url) if method == "GET" else post(client, url, POST_DATA)


def fingerprint() -> tuple:
    """Everything a request could change about the data."""
    return (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action != "user.signed_in")
        ),
        tuple(db.session.execute(select(Offer.id, Offer.status, Offer.title, Offer.capacity))),
        tuple(db.session.execute(select(Organisation.id, Organisation.status))),
    )


@pytest.mark.parametrize(("method", "path"), OWN_ROWS)
def test_another_organisations_rows_are_not_found(client, world, method, path):
    before = fingerprint()

    response = request(client, method, world.url(path, "theirs"))

    assert response.status_code == 404
    assert "Their Organisation" not in response.text
    db.session.expire_all()
    assert fingerprint() == before


def test_the_same_pages_work_for_the_partners_own_rows(client, world):
    for method, path in OWN_ROWS:
        response = request(client, method, world.url(path))
        assert response.status_code in (200, 302), (method, path)
        assert "Their Organisation" not in response.text


@pytest.mark.parametrize("path", ["/partners/dashboard", "/partners/colleagues"])
def test_lists_show_only_the_partners_own_organisation(client, world, path):
    text = main_text(client.get(path))
    assert "Their Organisation" not in text
    assert world.their_email not in text


def test_partners_cannot_reach_hub_or_admin_pages(client, world):
    before = fingerprint()
    for method, path in [*HUB_PAGES, ("GET", "/admin/users")]:
        assert request(client, method, world.url(path, "theirs")).status_code == 403, path
    db.session.expire_all()
    assert fingerprint() == before


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_hub_staff_cannot_use_partner_pages(client, world, make, log_in, role):
    log_in(make.user(role))
    for method, path in PARTNER_PAGES:
        assert request(client, method, world.url(path)).status_code == 403, (method, path)


def test_visitors_are_asked_to_sign_in(new_client, world):
    visitor = new_client()
    for method, path in PARTNER_PAGES + HUB_PAGES + [("GET", "/partners/status")]:
        url = world.url(path)
        if method == "GET":
            assert visitor.get(url).location.startswith("/account/sign-in"), url
        else:
            assert post(
                visitor, url, POST_DATA, token_from="/partners/sign-up"
            ).location.startswith("/account/sign-in"), url


def test_a_pending_partner_is_sent_to_the_status_page(client, world, make, log_in):
    pending = make.organisation(status=OrganisationStatus.PENDING)
    log_in(make.user(Role.PARTNER, organisation=pending))
    before = fingerprint()
    for method, path in PARTNER_PAGES:
        response = request(client, method, world.url(path))
        assert response.location.endswith("/partners/status"), (method, path)
    db.session.expire_all()
    assert fingerprint() == before


def test_every_form_needs_its_csrf_token(client, world, partner, make, log_in):
    public = ["/partners/sign-up", "/partners/confirm-email/new-link", "/partners/confirm-email/x"]
    forms = [
        (partner, [path for method, path in PARTNER_PAGES if method == "POST"] + public),
        (
            make.user(Role.COORDINATOR),
            [path for method, path in HUB_PAGES if method == "POST"],
        ),
    ]
    before = fingerprint()
    for user, paths in forms:
        log_in(user)
        for path in paths:
            response = client.post(world.url(path), data=POST_DATA)
            assert response.status_code == 400, path
            assert "This page timed out" in response.text
    db.session.expire_all()
    assert fingerprint() == before
