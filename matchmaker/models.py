"""The data model: hubs, people, businesses and their needs, offers, matches and e-mail.

Codes are the data contract's (see `taxonomy`); single codes are checked by the
database, list codes (an offer's regions, themes, ...) live one per row in
`offer_criteria` / `need_themes` so that both the database and SQL aggregation can
see them.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from . import taxonomy
from .extensions import db
from .tokens import fingerprint

# The largest value an id column holds (a signed 64-bit integer): a larger "id" from a URL
# or a form names nothing, and SQLite's driver would fail on it rather than find no row.
LARGEST_ID = 2**63 - 1


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back as an aware datetime.

    SQLite keeps no time zone, so without this the same column would come back naive
    there and aware on PostgreSQL.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("Timestamps must be timezone-aware")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def _in(column: str, codes) -> str:
    quoted = ", ".join(f"'{code}'" for code in codes)
    return f"{column} IN ({quoted})"


class Role(enum.StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    PARTNER = "partner"


class OrganisationStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class NeedStatus(enum.StrEnum):
    OPEN = "open"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class OfferStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class MatchStatus(enum.StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    DEFERRED = "deferred"
    WITHDRAWN = "withdrawn"


class RejectReason(enum.StrEnum):
    NOT_RELEVANT = "not-relevant"
    NOT_ELIGIBLE = "not-eligible"
    PARTNER_FULL = "partner-full"
    SME_NOT_READY = "sme-not-ready"
    DUPLICATE = "duplicate"
    OTHER = "other"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class DeliveryMode(enum.StrEnum):
    ONLINE = "online"
    IN_PERSON = "in-person"
    BOTH = "both"


class OfferCost(enum.StrEnum):
    FREE = "free"
    SUBSIDISED = "subsidised"
    PAID = "paid"


class OutcomeResult(enum.StrEnum):
    MET = "met"
    WORKING_TOGETHER = "working-together"
    AGREEMENT = "agreement"
    NO_FIT = "no-fit"
    NO_RESPONSE = "no-response"


def _values(enum_class) -> list[str]:
    return [member.value for member in enum_class]


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.now()
    )


class Hub(TimestampMixin, db.Model):
    __tablename__ = "hubs"
    __table_args__ = (
        CheckConstraint(f"region IS NULL OR {_in('region', taxonomy.REGIONS)}", name="region"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # The region whose SMEs belong to this hub by default (one hub per region).
    region: Mapped[str | None] = mapped_column(String(30), unique=True)
    contact_email: Mapped[str | None] = mapped_column(String(254))

    @classmethod
    def for_region(cls, region: str) -> select:
        return select(cls).where(cls.region == region)

    def __repr__(self) -> str:
        return f"<Hub {self.code}>"


class Organisation(TimestampMixin, db.Model):
    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint(_in("status", _values(OrganisationStatus)), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    companies_house_number: Mapped[str | None] = mapped_column(String(8))
    website: Mapped[str | None] = mapped_column(String(300))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(20), default=OrganisationStatus.PENDING)
    decline_reason: Mapped[str | None] = mapped_column(Text)

    offers: Mapped[list[Offer]] = relationship(back_populates="organisation")
    users: Mapped[list[User]] = relationship(back_populates="organisation")

    @property
    def is_approved(self) -> bool:
        return self.status == OrganisationStatus.APPROVED


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(_in("role", _values(Role)), name="role"),
        CheckConstraint("role != 'coordinator' OR hub_id IS NOT NULL", name="coordinator_hub"),
        CheckConstraint(
            "role != 'partner' OR organisation_id IS NOT NULL", name="partner_organisation"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    hub_id: Mapped[int | None] = mapped_column(ForeignKey("hubs.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # Part of every session's fingerprint; `end_sessions` counts it up.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set when the user followed the link e-mailed to them (partners sign up themselves).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    hub: Mapped[Hub | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship(back_populates="users")

    @staticmethod
    def normalise_email(email: str) -> str:
        return email.strip().lower()

    @classmethod
    def by_email(cls, email: str) -> select:
        return select(cls).where(cls.email == cls.normalise_email(email))

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users.
        return self.active

    def get_id(self) -> str:
        """What Flask-Login keeps in the session cookie (and would in a remember-me cookie):
        the id and a fingerprint of the password hash and session generation, so a new
        password or `end_sessions` ends every session signed in before.
        `auth.services.user_for_session` reads it back."""
        return f"{self.id}:{self.session_fingerprint()}"

    def session_fingerprint(self) -> str:
        return fingerprint("session", f"{self.session_generation}\0{self.password_hash}")

    def end_sessions(self) -> None:
        """Sign the user out of every session, for good. Call it whenever the account is
        deactivated: without it, the fingerprint would be the same again when the account is
        given back with its password unchanged. Counted up by the database rather than
        from the loaded value, so a concurrent change cannot undo it."""
        self.session_generation = User.session_generation + 1

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class Business(TimestampMixin, db.Model):
    __tablename__ = "businesses"
    __table_args__ = (
        CheckConstraint(_in("region", taxonomy.REGIONS), name="region"),
        CheckConstraint(_in("sector", taxonomy.SECTORS), name="sector"),
        CheckConstraint(_in("size", taxonomy.SIZES), name="size"),
        CheckConstraint(_in("stage", taxonomy.STAGES), name="stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    postcode: Mapped[str | None] = mapped_column(String(10))
    region: Mapped[str] = mapped_column(String(30))
    sector: Mapped[str] = mapped_column(String(1))
    size: Mapped[str] = mapped_column(String(10))
    stage: Mapped[str] = mapped_column(String(20))
    hub_id: Mapped[int] = mapped_column(ForeignKey("hubs.id"), index=True)
    consent_to_contact: Mapped[bool] = mapped_column(default=True)
    # Set when the business asked for its data to be deleted: personal fields are blanked,
    # the row stays so that anonymised counts still add up.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    hub: Mapped[Hub] = relationship()
    needs: Mapped[list[Need]] = relationship(back_populates="business")


class Need(TimestampMixin, db.Model):
    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint(_in("support_type", taxonomy.SUPPORT_TYPES), name="support_type"),
        CheckConstraint(_in("status", _values(NeedStatus)), name="status"),
        CheckConstraint("length(description) BETWEEN 1 AND 4000", name="description_length"),
        Index("ix_needs_status_support_type", "status", "support_type"),
        # Insights count needs by period without reading the wide rows.
        Index(
            "ix_needs_created_at",
            "created_at",
            "business_id",
            "support_type",
            postgresql_include=["id"],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id"), index=True)
    support_type: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=NeedStatus.OPEN)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()
    )

    business: Mapped[Business] = relationship(back_populates="needs")
    theme_rows: Mapped[list[NeedTheme]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="NeedTheme.theme"
    )
    matches: Mapped[list[Match]] = relationship(back_populates="need")

    @property
    def themes(self) -> list[str]:
        return [row.theme for row in self.theme_rows]

    @themes.setter
    def themes(self, codes: list[str]) -> None:
        wanted = list(dict.fromkeys(codes))
        kept = [row for row in self.theme_rows if row.theme in wanted]
        have = {row.theme for row in kept}
        self.theme_rows = kept + [NeedTheme(theme=code) for code in wanted if code not in have]


class NeedTheme(db.Model):
    __tablename__ = "need_themes"
    __table_args__ = (CheckConstraint(_in("theme", taxonomy.THEMES), name="theme"),)

    need_id: Mapped[int] = mapped_column(
        ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)


class Offer(TimestampMixin, db.Model):
    __tablename__ = "offers"
    __table_args__ = (
        CheckConstraint(_in("support_type", taxonomy.SUPPORT_TYPES), name="support_type"),
        CheckConstraint(_in("status", _values(OfferStatus)), name="status"),
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("length(title) BETWEEN 1 AND 200", name="title_length"),
        CheckConstraint("length(description) BETWEEN 1 AND 4000", name="description_length"),
        CheckConstraint(
            "starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on", name="dates_ordered"
        ),
        CheckConstraint(
            f"delivery_mode IS NULL OR {_in('delivery_mode', _values(DeliveryMode))}",
            name="delivery_mode",
        ),
        CheckConstraint(f"cost IS NULL OR {_in('cost', _values(OfferCost))}", name="cost"),
        Index("ix_offers_status_support_type", "status", "support_type"),
        # The worker looks for offers changed since their proposals were ranked.
        Index("ix_offers_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    contact_email: Mapped[str] = mapped_column(String(254))
    title: Mapped[str] = mapped_column(String(200))
    support_type: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    capacity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=OfferStatus.ACTIVE)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    delivery_mode: Mapped[str | None] = mapped_column(String(20))
    cost: Mapped[str | None] = mapped_column(String(20))
    more_info_url: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    # The `updated_at` the proposals were last brought up to date with; behind it (or
    # none, for a new offer) the worker ranks the needs the offer affects again.
    ranked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The offers' change counter (`OfferRevision`) at this offer's last change. Every
    # process checks the highest before ranking a need and re-reads the offers above
    # the one it has. No default: an offer written without `offers_changed` would be
    # missed, so the database refuses it.
    revision: Mapped[int] = mapped_column(BigInteger, index=True)

    organisation: Mapped[Organisation] = relationship(back_populates="offers")
    criteria: Mapped[list[OfferCriterion]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    matches: Mapped[list[Match]] = relationship(back_populates="offer")

    def codes(self, kind: str) -> list[str]:
        return sorted(row.code for row in self.criteria if row.kind == kind)

    def set_codes(self, kind: str, codes: list[str]) -> None:
        wanted = list(dict.fromkeys(codes))
        others = [row for row in self.criteria if row.kind != kind]
        kept = [row for row in self.criteria if row.kind == kind and row.code in wanted]
        have = {row.code for row in kept}
        added = [OfferCriterion(kind=kind, code=code) for code in wanted if code not in have]
        self.criteria = others + kept + added

    @property
    def themes(self) -> list[str]:
        return self.codes("theme")

    @property
    def regions(self) -> list[str]:
        return self.codes("region")

    @property
    def sectors(self) -> list[str]:
        return self.codes("sector")

    @property
    def sizes(self) -> list[str]:
        return self.codes("size")

    @property
    def stages(self) -> list[str]:
        return self.codes("stage")

    @property
    def approved_count(self) -> int:
        return sum(1 for match in self.matches if match.status == MatchStatus.APPROVED)

    @property
    def remaining_capacity(self) -> int:
        return max(self.capacity - self.approved_count, 0)


# The codes each kind of offer criterion may take (`uk` and `all` mean "any").
CRITERION_CODES: dict[str, list[str]] = {
    "region": [*taxonomy.REGIONS, taxonomy.UK_WIDE],
    "sector": [*taxonomy.SECTORS, taxonomy.ALL],
    "size": [*taxonomy.SIZES, taxonomy.ALL],
    "stage": [*taxonomy.STAGES, taxonomy.ALL],
    "theme": list(taxonomy.THEMES),
}


class OfferCriterion(db.Model):
    """One code of one of an offer's list fields: who it serves and what it is about."""

    __tablename__ = "offer_criteria"
    __table_args__ = (
        CheckConstraint(
            " OR ".join(
                f"(kind = '{kind}' AND {_in('code', codes)})"
                for kind, codes in CRITERION_CODES.items()
            ),
            name="kind_code",
        ),
        Index("ix_offer_criteria_kind_code", "kind", "code"),
    )

    offer_id: Mapped[int] = mapped_column(
        ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    code: Mapped[str] = mapped_column(String(30), primary_key=True)


class OfferRevision(db.Model):
    """The offers' change counter: one row, counted up by each transaction that writes
    offers (`matchmaking.offers_changed`).

    Counting up locks the row until the transaction ends, so such transactions take
    their numbers in the order they commit. Whoever reads revision N from the offers
    therefore already sees every change numbered N or below; timestamps cannot promise
    that, as a transaction that stamped an earlier time may commit later.
    """

    __tablename__ = "offer_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class Match(TimestampMixin, db.Model):
    """A proposed introduction of one need to one offer, and its review state."""

    __tablename__ = "matches"
    __table_args__ = (
        UniqueConstraint("need_id", "offer_id", name="uq_matches_need_offer"),
        CheckConstraint(_in("status", _values(MatchStatus)), name="status"),
        CheckConstraint(
            f"reject_reason IS NULL OR {_in('reject_reason', _values(RejectReason))}",
            name="reject_reason",
        ),
        Index("ix_matches_status_score", "status", "score"),
        # Per-need and per-offer counts by state (queue counts, capacity) read the index only.
        Index("ix_matches_need_id_status", "need_id", "status"),
        Index("ix_matches_offer_id_status", "offer_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"))
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"))
    status: Mapped[str] = mapped_column(String(20), default=MatchStatus.PROPOSED)
    rank: Mapped[int] = mapped_column(Integer, default=1)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[str] = mapped_column(Text, default="")
    model_version: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reject_reason: Mapped[str | None] = mapped_column(String(30))
    decision_note: Mapped[str | None] = mapped_column(Text)
    deferred_until: Mapped[date | None] = mapped_column(Date)

    need: Mapped[Need] = relationship(back_populates="matches")
    offer: Mapped[Offer] = relationship(back_populates="matches")
    decided_by: Mapped[User | None] = relationship()
    introduction: Mapped[Introduction | None] = relationship(back_populates="match")


class Introduction(TimestampMixin, db.Model):
    """An approved match: both sides were introduced by e-mail."""

    __tablename__ = "introductions"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"), unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    follow_up_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    match: Mapped[Match] = relationship(back_populates="introduction")
    outcomes: Mapped[list[Outcome]] = relationship(
        back_populates="introduction", order_by="Outcome.created_at"
    )


class Outcome(TimestampMixin, db.Model):
    __tablename__ = "outcomes"
    __table_args__ = (
        CheckConstraint(_in("result", _values(OutcomeResult)), name="result"),
        CheckConstraint(_in("reported_by", ["sme", "partner", "coordinator"]), name="reporter"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    introduction_id: Mapped[int] = mapped_column(ForeignKey("introductions.id"), index=True)
    reported_by: Mapped[str] = mapped_column(String(20))
    result: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)

    introduction: Mapped[Introduction] = relationship(back_populates="outcomes")


class OutboxMessage(TimestampMixin, db.Model):
    """An e-mail waiting for (or past) delivery, committed with the event that caused it."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint(_in("status", _values(OutboxStatus)), name="status"),
        Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # One message per recipient per event: queuing the same event twice is a no-op.
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.now(), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column(Integer)

    # A need's history and erasure look events up by their subject.
    __table_args__ = (Index("ix_audit_events_subject", "subject_type", "subject_id"),)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()


class SurveyDraft(TimestampMixin, db.Model):
    """An SME's survey answers so far, kept server-side so they can save and come back."""

    __tablename__ = "survey_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random and unguessable: the signed resume link and the browser session carry it.
    key: Mapped[str] = mapped_column(String(64), unique=True)
    hub_id: Mapped[int | None] = mapped_column(ForeignKey("hubs.id"))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    current_step: Mapped[str | None] = mapped_column(String(60))
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    # Set once the survey is submitted, so a second submission of the same draft (double
    # click, back button) finds the business it already created instead of making another.
    business_id: Mapped[int | None] = mapped_column(ForeignKey("businesses.id"), index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    hub: Mapped[Hub | None] = relationship()
    business: Mapped[Business | None] = relationship()


class MatchingModel(db.Model):
    """A fitted matching model, stored so that every process can load the same version."""

    __tablename__ = "matching_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.now(), index=True
    )
    blob: Mapped[bytes] = mapped_column(LargeBinary)


def record_audit(action: str, subject, *, actor=None, **details) -> AuditEvent:
    """Add an audit event for `subject` to the session (the caller commits)."""
    event = AuditEvent(
        action=action,
        subject_type=type(subject).__name__,
        subject_id=subject.id,
        actor_id=getattr(actor, "id", None),
        details=details,
    )
    db.session.add(event)
    return event
