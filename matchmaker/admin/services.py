"""Managing staff accounts."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from ..auth.services import invite_user
from ..extensions import db
from ..models import Hub, Role, User, record_audit


class DuplicateEmail(ValueError):
    """Another account already uses this e-mail address."""


def create_user(
    email: str,
    role: str,
    *,
    name: str | None = None,
    hub: Hub | None = None,
    organisation=None,
    password: str | None = None,
    actor: User | None = None,
) -> User:
    """Add a user; without a password they get an e-mailed link to choose one, which
    names `actor` as the one who invited them (to a partner organisation)."""
    email = User.normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise DuplicateEmail(email)
    user = User(
        email=email,
        name=name,
        role=role,
        hub=hub if role == Role.COORDINATOR else None,
        organisation=organisation,
    )
    # An unguessable password until they choose one through the e-mailed link.
    user.set_password(password or secrets.token_urlsafe(32))
    db.session.add(user)
    db.session.flush()
    record_audit("user.created", user, actor=actor, role=role, hub=hub.code if hub else None)
    if password is None:
        invite_user(user, invited_by=actor)
    return user


def list_users():
    return select(User).order_by(User.role, User.email)


def list_hubs():
    return select(Hub).order_by(Hub.name)


def update_user(user: User, *, hub: Hub | None, active: bool, actor: User) -> None:
    if user.id == actor.id and not active:
        raise CannotDeactivateSelf()
    if user.role == Role.COORDINATOR:
        user.hub = hub
    user.active = active
    if not active:
        user.end_sessions()
    record_audit(
        "user.updated", user, actor=actor, hub=user.hub.code if user.hub else None, active=active
    )


def update_hub(hub: Hub, *, name: str, contact_email: str | None, actor: User) -> None:
    hub.name = name
    hub.contact_email = contact_email or None
    record_audit("hub.updated", hub, actor=actor, name=name)


class CannotDeactivateSelf(ValueError):
    """An admin may not lock themselves out."""
