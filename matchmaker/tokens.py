"""Signed, expiring tokens for links sent by e-mail (no password needed to follow them),
and short keyed fingerprints of secrets that must not leave the server themselves."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class InvalidToken(Exception):
    """The link is damaged or was not made by us."""


class ExpiredToken(InvalidToken):
    """The link was genuine but is too old."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    # The purpose is the salt, so a token made for one job cannot be used for another.
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"matchmaker.{purpose}")


def make_token(purpose: str, payload: Any) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> Any:
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise ExpiredToken(str(error)) from error
    except BadSignature as error:
        raise InvalidToken(str(error)) from error


def fingerprint(purpose: str, value: str) -> str:
    """A short digest of `value` keyed with the app's secret: it changes whenever `value`
    does, and tells nobody without the secret anything about it."""
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    message = f"matchmaker.{purpose}\0{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:16]
