"""Corporate partners: sign-up and hub approval, offers, introductions and colleagues.

Every function that reads a partner's data takes their organisation and only ever
returns that organisation's rows: an id from another organisation is `NotFound`.
Functions change the session and record audit events; the caller commits.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, fields
from datetime import date

from flask import current_app
from sqlalchemy import ColumnElement, case, exists, func, select, update
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.security import generate_password_hash

from .. import taxonomy
from ..admin.services import DuplicateEmail, create_user
from ..auth.services import invite_user
from ..extensions import db
from ..mail.outbox import external_url, queue_email
from ..matchmaking import lock_offer_changes, offers_changed
from ..models import (
    AuditEvent,
    Introduction,
    Match,
    MatchStatus,
    Need,
    Offer,
    OfferCriterion,
    OfferStatus,
    Organisation,
    OrganisationStatus,
    Outcome,
    OutcomeResult,
    Role,
    User,
    record_audit,
    utcnow,
)
from ..tokens import InvalidToken, make_token, read_token
from ..uktime import uk_today

__all__ = ["DuplicateEmail"]  # re-exported: inviting a colleague can raise it

CONFIRM_PURPOSE = "partner-email"
# The outcomes a partner reports; "no response" is for the follow-up e-mails.
PARTNER_RESULTS = (
    OutcomeResult.MET,
    OutcomeResult.WORKING_TOGETHER,
    OutcomeResult.AGREEMENT,
    OutcomeResult.NO_FIT,
)
# Matches still waiting for a coordinator's decision.
OPEN_MATCH_STATUSES = (MatchStatus.PROPOSED, MatchStatus.DEFERRED)
STATUS_CHANGED = "offer.status_changed"
# Who may approve or decline an organisation: the routes check it, and these people are
# e-mailed when one starts waiting.
APPROVER_ROLES = (Role.COORDINATOR, Role.ADMIN)


class NotFound(LookupError):
    """No such row, or not one this organisation may see."""


class OrganisationNameTaken(ValueError):
    """Another organisation is already registered under this name."""


class LinkAlreadyUsed(InvalidToken):
    """The e-mail address was already confirmed with this (or an earlier) link."""


class AlreadyDecided(ValueError):
    """Someone approved or declined this organisation first."""


class InvalidStatusChange(ValueError):
    """The offer cannot move to that status from the one it is in (the message says why)."""


class HeldByHub(InvalidStatusChange):
    """A coordinator paused the offer; only a coordinator can resume it."""

    def __init__(self):
        super().__init__("A Growth Hub coordinator paused this offer. Ask them to resume it.")


class OfferClosed(ValueError):
    """A closed offer cannot be changed."""


class OfferChangedMeanwhile(ValueError):
    """Someone saved the offer (or paused, resumed or closed it) after this form was opened;
    saving would silently undo their change. `differences` names the fields whose saved
    value is not what the form says."""

    def __init__(self, differences: list[str]):
        super().__init__("The offer changed after the form was opened")
        self.differences = differences


class CannotRemoveSelf(ValueError):
    """A partner cannot remove their own account."""


@dataclass(frozen=True)
class SignUpDetails:
    organisation_name: str
    companies_house_number: str | None
    website: str
    contact_name: str
    email: str
    password: str


@dataclass(frozen=True)
class OfferDetails:
    """Everything a partner says about an offer (the contract's fields and more)."""

    title: str
    support_type: str
    themes: list[str]
    description: str
    regions: list[str]
    sectors: list[str]
    sizes: list[str]
    stages: list[str]
    capacity: int
    starts_on: date | None
    ends_on: date | None
    delivery_mode: str
    cost: str
    more_info_url: str | None
    contact_email: str


CRITERIA = ("theme", "region", "sector", "size", "stage")


# --- signing up ---------------------------------------------------------------------------


def sign_up_partner(details: SignUpDetails) -> User | None:
    """Register a pending organisation and its first user, and e-mail a confirmation link.

    If the address already has an account, nothing is created and its owner is e-mailed
    instead, so the form does not reveal which addresses are registered. Returns the new
    user, or None in that case.
    """
    existing = db.session.scalar(User.by_email(details.email))
    if existing is not None:
        # Hash the password all the same, so the answer takes as long as a real sign-up.
        generate_password_hash(details.password)
        _tell_account_exists(existing)
        return None
    name_taken = select(Organisation.id).where(
        func.lower(Organisation.name) == details.organisation_name.lower()
    )
    if db.session.scalar(name_taken) is not None:
        raise OrganisationNameTaken(details.organisation_name)
    organisation = Organisation(
        name=details.organisation_name,
        companies_house_number=details.companies_house_number,
        website=details.website,
        contact_email=User.normalise_email(details.email),
        status=OrganisationStatus.PENDING,
    )
    db.session.add(organisation)
    db.session.flush()
    user = create_user(
        details.email,
        Role.PARTNER,
        name=details.contact_name,
        organisation=organisation,
        password=details.password,
    )
    record_audit("organisation.signed_up", organisation, actor=user)
    send_confirmation(user)
    return user


def _link_max_age() -> int:
    return current_app.config["PARTNER_EMAIL_LINK_MAX_AGE"]


def send_confirmation(user: User) -> None:
    # The nonce makes every link different, so asking again really sends a new one.
    nonce = secrets.token_hex(8)
    token = make_token(CONFIRM_PURPOSE, {"user": user.id, "email": user.email, "n": nonce})
    queue_email(
        user.email,
        "partner_confirm_email",
        subject="Confirm your email address",
        dedupe_key=f"partner-confirm:{user.id}:{nonce}",
        confirm_url=external_url("partners.confirm_email", token=token),
        organisation=user.organisation.name,
        valid_days=_link_max_age() // 86400,
    )


def _tell_account_exists(user: User) -> None:
    queue_email(
        user.email,
        "partner_account_exists",
        subject="You already have a Growth Hub Matchmaker account",
        # At most one a day, however often someone tries the address.
        dedupe_key=f"partner-account-exists:{user.id}:{utcnow():%Y-%m-%d}",
        sign_in_url=external_url("auth.login"),
        reset_url=external_url("auth.forgot_password"),
    )


def resend_confirmation(email: str) -> None:
    """Send a new link if the address belongs to a partner yet to confirm it; say nothing."""
    user = db.session.scalar(User.by_email(email))
    if user is not None and user.role == Role.PARTNER and user.email_verified_at is None:
        send_confirmation(user)


def user_to_confirm(token: str) -> User:
    """The user a confirmation link is for; raises InvalidToken (or a subclass) if it is
    damaged, expired (`ExpiredToken`) or already used (`LinkAlreadyUsed`)."""
    data = read_token(CONFIRM_PURPOSE, token, _link_max_age())
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or user.email != data.get("email"):
        raise InvalidToken("The link does not match an account")
    if user.email_verified_at is not None:
        raise LinkAlreadyUsed("The email address is already confirmed")
    return user


def confirm_email(user: User) -> None:
    """Record that the user followed their link. For the first user of a pending
    organisation this is when it starts waiting for approval, so the approvers are told.

    Raises LinkAlreadyUsed if the address was confirmed meanwhile (a double click).
    """
    # A conditional update, so that of two confirmations at once only one counts.
    result = db.session.execute(
        update(User)
        .where(User.id == user.id, User.email_verified_at.is_(None))
        .values(email_verified_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise LinkAlreadyUsed("The email address is already confirmed")
    db.session.refresh(user)
    record_audit("user.email_confirmed", user, actor=user)
    if user.organisation.status == OrganisationStatus.PENDING:
        _tell_approvers(user.organisation)


# --- hub approval -------------------------------------------------------------------------


def pending_organisations():
    """Organisations waiting for a decision whose contact has confirmed their e-mail."""
    confirmed = exists().where(
        User.organisation_id == Organisation.id, User.email_verified_at.is_not(None)
    )
    return (
        select(Organisation)
        .where(Organisation.status == OrganisationStatus.PENDING, confirmed)
        .order_by(Organisation.created_at, Organisation.id)
    )


def pending_organisation(organisation_id: int) -> Organisation:
    return _one(pending_organisations().where(Organisation.id == organisation_id))


def organisation_for_approvers(organisation_id: int) -> Organisation:
    """An organisation waiting for approval, or one already approved or declined: the link
    e-mailed to every approver keeps working after one of them decides. NotFound for one
    not yet waiting (nobody there has confirmed their e-mail address)."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.status == OrganisationStatus.PENDING:
        return pending_organisation(organisation_id)
    return organisation


def decision(organisation: Organisation) -> AuditEvent | None:
    """The audit event of the approval or decline that decided the organisation: who
    (`actor`), when (`at`). None while it is pending, or if it was decided without one
    (an organisation loaded approved by an import, say)."""
    if organisation.status == OrganisationStatus.PENDING:
        return None
    return db.session.scalar(
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor))
        .where(
            AuditEvent.subject_type == "Organisation",
            AuditEvent.subject_id == organisation.id,
            AuditEvent.action == f"organisation.{organisation.status}",
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )


def approvers():
    """The people who can sign in and approve or decline organisations."""
    return (
        select(User).where(User.role.in_(APPROVER_ROLES), User.active.is_(True)).order_by(User.id)
    )


def _tell_approvers(organisation: Organisation) -> None:
    # Keyed by organisation and approver: however often it is confirmed, one e-mail each.
    link = external_url("partners.organisation", organisation_id=organisation.id)
    for approver in db.session.scalars(approvers()):
        queue_email(
            approver.email,
            "organisation_waiting",
            subject=f"{organisation.name} is waiting for approval",
            dedupe_key=f"organisation-waiting:{organisation.id}:{approver.id}",
            organisation=organisation.name,
            organisation_url=link,
        )


def approve_organisation(organisation: Organisation, *, actor: User) -> None:
    _decide(organisation, OrganisationStatus.APPROVED, None, actor)
    _email_organisation(
        organisation,
        "partner_approved",
        subject=f"{organisation.name} is approved",
        sign_in_url=external_url("auth.login"),
    )


def decline_organisation(organisation: Organisation, reason: str, *, actor: User) -> None:
    _decide(organisation, OrganisationStatus.DECLINED, reason, actor)
    _email_organisation(
        organisation,
        "partner_declined",
        subject=f"{organisation.name} was not approved",
        reason=reason,
        hub=_reachable_hub(actor),
    )


def _decide(organisation: Organisation, status: str, reason: str | None, actor: User) -> None:
    # A conditional update, so that two coordinators deciding at once cannot both win.
    result = db.session.execute(
        update(Organisation)
        .where(
            Organisation.id == organisation.id,
            Organisation.status == OrganisationStatus.PENDING,
        )
        .values(status=status, decline_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise AlreadyDecided(organisation.name)
    db.session.refresh(organisation)
    record_audit(f"organisation.{status}", organisation, actor=actor, reason=reason)


def _reachable_hub(actor: User):
    """The hub of the coordinator who made a decision, if partners can e-mail it."""
    return actor.hub if actor.hub and actor.hub.contact_email else None


def _email_organisation(organisation: Organisation, template: str, **context) -> None:
    event = template.removeprefix("partner_")
    for user in organisation.users:
        if user.active:
            queue_email(
                user.email,
                template,
                dedupe_key=f"organisation-{event}:{organisation.id}:{user.id}",
                organisation=organisation.name,
                **context,
            )


# --- offers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferRow:
    """An offer with how much of its capacity is used."""

    offer: Offer
    introduced: int = 0
    waiting: int = 0  # proposals waiting for a coordinator's decision

    @property
    def remaining(self) -> int:
        return max(self.offer.capacity - self.introduced, 0)

    @property
    def ended(self) -> bool:
        """Past its end date (a UK day, as the engine judges it): still active, but no
        longer proposed to anyone."""
        return self.offer.ends_on is not None and self.offer.ends_on < uk_today()


def own_offers(organisation: Organisation):
    order = {OfferStatus.ACTIVE: 0, OfferStatus.PAUSED: 1, OfferStatus.CLOSED: 2}
    return (
        select(Offer)
        .where(Offer.organisation_id == organisation.id)
        .order_by(_ordered(Offer.status, order), Offer.title, Offer.id)
    )


def _ordered(column, order: dict[str, int]) -> ColumnElement:
    return case(order, value=column, else_=len(order))


def own_offer(organisation: Organisation, offer_id: int) -> Offer:
    return _one(own_offers(organisation).where(Offer.id == offer_id))


def offer_rows(offers: list[Offer]) -> list[OfferRow]:
    """Each offer with its introductions and open proposals, counted in one query."""
    counts: dict[tuple[int, str], int] = {}
    if offers:
        query = (
            select(Match.offer_id, Match.status, func.count())
            .where(Match.offer_id.in_([offer.id for offer in offers]))
            .where(Match.status.in_([MatchStatus.APPROVED, *OPEN_MATCH_STATUSES]))
            .group_by(Match.offer_id, Match.status)
        )
        counts = {(offer_id, status): n for offer_id, status, n in db.session.execute(query)}
    return [
        OfferRow(
            offer,
            introduced=counts.get((offer.id, MatchStatus.APPROVED), 0),
            waiting=sum(counts.get((offer.id, status), 0) for status in OPEN_MATCH_STATUSES),
        )
        for offer in offers
    ]


def create_offer(organisation: Organisation, details: OfferDetails, *, actor: User) -> Offer:
    offer = Offer(
        organisation=organisation,
        # The contract's offer_ref: partners who use the web form get one made up for them.
        ref=f"P{organisation.id}-{secrets.token_hex(4).upper()}",
        status=OfferStatus.ACTIVE,
    )
    _apply(offer, details)
    db.session.add(offer)
    offers_changed([offer])
    db.session.flush()
    record_audit("offer.created", offer, actor=actor)
    return offer


def offer_version(offer: Offer) -> str:
    """What the offer looked like when a form was opened: every change to an offer (an edit,
    a pause, ...) counts its revision up (`offers_changed`)."""
    return str(offer.revision)


def update_offer(
    offer: Offer, details: OfferDetails, *, actor: User, seen_version: str | None = None
) -> None:
    """Save the partner's changes. `seen_version` is the `offer_version` the form was opened
    at: if the offer changed since, OfferChangedMeanwhile is raised and nothing changes, so
    two colleagues editing at once cannot silently undo each other's work."""
    if offer.status == OfferStatus.CLOSED:
        raise OfferClosed(offer.title)
    if seen_version:
        # Compared with the offer as last saved, once no other change can be saved before
        # this one: two colleagues saving at the same moment both hold the version they
        # opened, and the second would otherwise overwrite the first.
        lock_offer_changes()
        db.session.refresh(offer)
        if seen_version != offer_version(offer):
            raise OfferChangedMeanwhile(offer_differences(offer, details))
    _apply(offer, details)
    record_audit("offer.updated", offer, actor=actor)
    offers_changed([offer])


OFFER_COLUMNS = ("title", "support_type", "description", "capacity", "starts_on", "ends_on",
                 "delivery_mode", "cost", "more_info_url", "contact_email")  # fmt: skip


def _apply(offer: Offer, details: OfferDetails) -> None:
    for name in OFFER_COLUMNS:
        setattr(offer, name, getattr(details, name))
    for kind in CRITERIA:
        offer.set_codes(kind, getattr(details, f"{kind}s"))


def offer_differences(offer: Offer, details: OfferDetails) -> list[str]:
    """The OfferDetails fields whose value differs from the offer as saved, in form order."""

    def saved(name: str):
        kind = name.removesuffix("s")
        return offer.codes(kind) if kind in CRITERIA else getattr(offer, name)

    def given(name: str):
        value = getattr(details, name)
        return sorted(value) if isinstance(value, list) else value

    return [item.name for item in fields(OfferDetails) if given(item.name) != saved(item.name)]


# action: (the statuses it may start from, the status it leads to)
STATUS_CHANGES: dict[str, tuple[tuple[str, ...], str]] = {
    "pause": ((OfferStatus.ACTIVE,), OfferStatus.PAUSED),
    "resume": ((OfferStatus.PAUSED,), OfferStatus.ACTIVE),
    "close": ((OfferStatus.ACTIVE, OfferStatus.PAUSED), OfferStatus.CLOSED),
}


def check_status_change(offer: Offer, action: str, *, by_hub: bool = False) -> None:
    """Raise InvalidStatusChange (or HeldByHub) if the offer cannot be `action`ed as it
    stands: what a confirmation page asks before showing, and the change itself obeys."""
    starts_from, _ = STATUS_CHANGES[action]
    if offer.status not in starts_from:
        raise InvalidStatusChange(
            f"This offer is {offer.status}, so it cannot be changed that way."
        )
    if action == "resume":
        held = hub_hold(offer) is not None
        if held and not by_hub:
            raise HeldByHub()
        if by_hub and not held:
            raise InvalidStatusChange(
                "The partner paused this offer themselves, so only they can resume it."
            )


def change_offer_status(
    offer: Offer, action: str, *, actor: User, by_hub: bool = False, reason: str | None = None
) -> None:
    """Pause, resume or close an offer. A coordinator's pause (`by_hub`) needs a reason,
    is e-mailed to the partner, and holds until a coordinator resumes the offer; a
    partner's own pause is theirs to resume."""
    check_status_change(offer, action, by_hub=by_hub)
    new_status = STATUS_CHANGES[action][1]
    offer.status = new_status
    event = record_audit(
        STATUS_CHANGED,
        offer,
        actor=actor,
        status=new_status,
        by="hub" if by_hub else "partner",
        reason=reason,
    )
    if by_hub and action == "pause":
        db.session.flush()
        queue_email(
            offer.contact_email,
            "partner_offer_paused",
            subject=f"Your offer is paused: {offer.title}",
            dedupe_key=f"offer-paused-by-hub:{offer.id}:{event.id}",
            title=offer.title,
            reason=reason,
            offer_url=external_url("partners.offer", offer_id=offer.id),
            hub=_reachable_hub(actor),  # whom to ask to resume it
        )
    offers_changed([offer])


def hub_hold(offer: Offer) -> str | None:
    """The reason a coordinator gave for pausing the offer, while that pause lasts."""
    if offer.status != OfferStatus.PAUSED:
        return None
    latest = db.session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.action == STATUS_CHANGED,
            AuditEvent.subject_type == "Offer",
            AuditEvent.subject_id == offer.id,
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    if latest is None or latest.details.get("by") != "hub":
        return None
    return latest.details.get("reason") or ""


def network_offers(
    *, support_type: str | None = None, region: str | None = None, status: str | None = None
):
    """Every offer in the network, newest first, filtered. An offer serves a region if it
    names it or is UK-wide."""
    query = select(Offer).options(joinedload(Offer.organisation))
    if support_type:
        query = query.where(Offer.support_type == support_type)
    if status:
        query = query.where(Offer.status == status)
    if region:
        query = query.where(
            Offer.criteria.any(
                (OfferCriterion.kind == "region")
                & OfferCriterion.code.in_([region, taxonomy.UK_WIDE])
            )
        )
    return query.order_by(Offer.created_at.desc(), Offer.id.desc())


def network_offer(offer_id: int) -> Offer:
    return _one(network_offers().where(Offer.id == offer_id))


# --- introductions and outcomes -----------------------------------------------------------


def own_introductions(organisation: Organisation):
    """Introductions to the organisation's offers that a coordinator approved."""
    return (
        select(Introduction)
        .join(Introduction.match)
        .join(Match.offer)
        .where(Offer.organisation_id == organisation.id, Match.status == MatchStatus.APPROVED)
        .options(
            joinedload(Introduction.match).joinedload(Match.offer),
            joinedload(Introduction.match).joinedload(Match.need).joinedload(Need.business),
            selectinload(Introduction.outcomes),
        )
        .order_by(Introduction.created_at.desc(), Introduction.id.desc())
    )


def own_introduction(organisation: Organisation, introduction_id: int) -> Introduction:
    return _one(own_introductions(organisation).where(Introduction.id == introduction_id))


def record_outcome(
    introduction: Introduction, result: str, note: str | None, *, actor: User
) -> Outcome:
    if result not in PARTNER_RESULTS:
        raise ValueError(f"Unknown outcome {result!r}")
    outcome = Outcome(
        introduction=introduction, reported_by="partner", result=result, comment=note or None
    )
    db.session.add(outcome)
    record_audit("outcome.recorded", introduction, actor=actor, result=result)
    return outcome


# --- colleagues ---------------------------------------------------------------------------


def colleagues(organisation: Organisation):
    return (
        select(User)
        .where(
            User.organisation_id == organisation.id,
            User.role == Role.PARTNER,
            User.active.is_(True),
        )
        .order_by(func.lower(func.coalesce(User.name, User.email)), User.id)
    )


def own_colleague(organisation: Organisation, user_id: int) -> User:
    return _one(colleagues(organisation).where(User.id == user_id))


def invite_colleague(organisation: Organisation, *, name: str, email: str, actor: User) -> User:
    """Add a partner user to the organisation; they are e-mailed a link to set a password.

    A colleague the organisation removed earlier gets their account back. Raises
    DuplicateEmail if the address has any other account (whichever organisation or role).
    """
    existing = db.session.scalar(User.by_email(email))
    if existing is not None and _removed_from(existing, organisation):
        _restore_colleague(existing, name=name, actor=actor)
        return existing
    return create_user(email, Role.PARTNER, name=name, organisation=organisation, actor=actor)


def _removed_from(user: User, organisation: Organisation) -> bool:
    return user.role == Role.PARTNER and user.organisation_id == organisation.id and not user.active


def _restore_colleague(user: User, *, name: str, actor: User) -> None:
    user.active = True
    user.name = name
    # An unguessable password until they choose one through the e-mailed link, so the
    # one they had before removal no longer works.
    user.set_password(secrets.token_urlsafe(32))
    event = record_audit("user.restored", user, actor=actor)
    db.session.flush()
    invite_user(user, invited_by=actor, dedupe_key=f"account-restored:{user.id}:{event.id}")


def remove_colleague(user: User, *, actor: User) -> None:
    """Stop the user signing in (the row stays, so the audit trail keeps its actors)."""
    if user.id == actor.id:
        raise CannotRemoveSelf(user.email)
    user.active = False
    user.end_sessions()
    record_audit("user.removed", user, actor=actor)


def _one(query):
    row = db.session.scalar(query.limit(1))
    if row is None:
        raise NotFound()
    return row
