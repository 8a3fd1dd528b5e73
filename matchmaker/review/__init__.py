"""The coordinators' review queue: proposals, decisions, introductions and their follow-ups."""

from flask import Blueprint

bp = Blueprint("review", __name__)

from . import routes  # noqa: E402, F401
