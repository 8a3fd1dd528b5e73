"""Signing in and resetting passwords."""

from __future__ import annotations

import functools
import hmac
import secrets

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..mail.outbox import external_url, queue_email
from ..models import Role, User, record_audit, utcnow
from ..tokens import InvalidToken, fingerprint, make_token, read_token

RESET_PURPOSE = "password-reset"
INVITE_PURPOSE = "account-invite"


@functools.cache
def _dummy_hash() -> str:
    # Checked against when the e-mail is unknown, so a wrong address takes as long as a
    # wrong password and the timing does not reveal which addresses have accounts.
    return generate_password_hash(secrets.token_hex(16))


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(User.by_email(email))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
    record_audit("user.signed_in", user, actor=user)
    return user


def user_for_session(session_id: object) -> User | None:
    """The user a session (or remember-me cookie) belongs to, from `User.get_id`'s
    "<id>:<fingerprint>"; None if the password has changed or `User.end_sessions` was called
    since it was signed in, the account is inactive, or the id is not one of ours (from
    before fingerprints: signed out).
    """
    if not isinstance(session_id, str):
        return None
    user_id, _, fingerprint = session_id.partition(":")
    if not (user_id.isdigit() and fingerprint):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(fingerprint.encode(), user.session_fingerprint().encode()):
        return None
    return user


def _password_fingerprint(user: User) -> str:
    # Part of the link's token: changing the password makes every earlier link useless,
    # and so does deactivating the account (`end_sessions`), which otherwise an admin
    # giving the account back would bring back to life.
    return fingerprint("password-link", f"{user.session_generation}\0{user.password_hash}")


def _max_age(purpose: str) -> int:
    key = "ACCOUNT_INVITE_MAX_AGE" if purpose == INVITE_PURPOSE else "PASSWORD_RESET_MAX_AGE"
    return current_app.config[key]


def link_lifetime(purpose: str) -> str:
    """How long a password link works, in words: "1 hour", "7 days", "30 minutes"."""
    seconds = _max_age(purpose)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds // 60} minutes"


def password_link(user: User, purpose: str = RESET_PURPOSE) -> str:
    token = make_token(purpose, {"user": user.id, "pw": _password_fingerprint(user)})
    return external_url("auth.set_password", purpose=purpose, token=token)


def request_password_reset(email: str) -> None:
    """E-mail a reset link if the address has an account; say nothing either way."""
    user = db.session.scalar(User.by_email(email))
    if user is None or not user.active:
        return
    link = password_link(user)
    queue_email(
        user.email,
        "password_reset",
        subject="Reset your Growth Hub Matchmaker password",
        dedupe_key=f"password-reset:{user.id}:{link[-16:]}",
        reset_url=link,
        valid_minutes=_max_age(RESET_PURPOSE) // 60,
    )


# What each kind of account is called in the invitation.
ROLE_NAMES = {
    Role.ADMIN: "network admin",
    Role.COORDINATOR: "hub coordinator",
    Role.PARTNER: "partner",
}


def invite_user(
    user: User, *, invited_by: User | None = None, dedupe_key: str | None = None
) -> None:
    """E-mail a new account's owner a link to choose their password.

    The e-mail says who asked for the account, so it does not read like phishing: a
    partner's colleague is told who invited them (`invited_by`) to which organisation;
    staff, that an administrator of the service made their account and for which hub.
    An account given back to someone is invited again under a `dedupe_key` of its own:
    the default one names the account's creation, which was e-mailed long ago.
    """
    organisation = user.organisation.name if user.role == Role.PARTNER else None
    if organisation:
        # On one line, whatever was typed: a line break cannot go in a subject header.
        subject = f"Join {' '.join(organisation.split())} on Growth Hub Matchmaker"
    else:
        subject = "You have a Growth Hub Matchmaker account"
    queue_email(
        user.email,
        "account_created",
        subject=subject,
        dedupe_key=dedupe_key or f"account-created:{user.id}",
        reset_url=password_link(user, INVITE_PURPOSE),
        role=ROLE_NAMES.get(user.role, user.role),
        hub=user.hub.name if user.hub else None,
        organisation=organisation,
        inviter=_named(invited_by) if invited_by else None,
        valid_days=_max_age(INVITE_PURPOSE) // 86400,
    )


def _named(user: User) -> str:
    return f"{user.name} ({user.email})" if user.name else user.email


def user_for_password_token(purpose: str, token: str) -> User:
    """The user a password link belongs to; raises InvalidToken if it is bad, old or used,
    or the account has been deactivated (a removed colleague's invitation, say)."""
    if purpose not in (RESET_PURPOSE, INVITE_PURPOSE):
        raise InvalidToken("Unknown link")
    data = read_token(purpose, token, _max_age(purpose))
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or data.get("pw") != _password_fingerprint(user):
        raise InvalidToken("This link has already been used")
    if not user.active:
        raise InvalidToken("The account has been deactivated")
    return user


def reset_password(user: User, password: str) -> None:
    user.set_password(password)
    record_audit("user.password_reset", user, actor=user)
