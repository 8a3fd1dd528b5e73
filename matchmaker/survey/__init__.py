"""The public side: SMEs describe their business and needs, save and come back, and later
see, change or withdraw their needs (or delete their data) from an e-mailed link."""

from flask import Blueprint, current_app

from ..extensions import csrf, limiter

bp = Blueprint("survey", __name__)


def _public_form_limit() -> str:
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]


# Every form here checks its own CSRF token, so that an expired one keeps what was typed
# (see forms.PublicForm) instead of ending on an error page; each POST view validates a form.
csrf.exempt(bp)
# One budget per address for every form on the public side, however a bot spreads its posts.
limiter.shared_limit(_public_form_limit, scope="public-forms", methods=["POST"])(bp)

from . import routes  # noqa: E402, F401
