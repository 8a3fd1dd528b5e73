from flask import Blueprint, current_app, request, session
from flask_login import current_user
from flask_login.config import COOKIE_NAME

bp = Blueprint("auth", __name__, url_prefix="/account")


def init_login_manager(login_manager) -> None:
    from .services import user_for_session

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_id: str):
        user = user_for_session(session_id)
        if user is None:
            _forget_user()
        return user


def signed_in() -> bool:
    """Whether someone is signed in, asking Flask-Login only when the session or a
    remember-me cookie names a user.

    Asked about a visitor who never signed in but has a session (an SME part-way through
    the survey), Flask-Login's strong session protection takes that session for a stolen
    one: it rewrites the session cookie and deletes a remember-me cookie on every page,
    for nothing, since there is nobody to sign out.
    """
    cookie = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
    if "_user_id" not in session and cookie not in request.cookies:
        return False
    return current_user.is_authenticated


def _forget_user() -> None:
    # Signed out for good: a refused id must not work again if the account is reactivated.
    session.pop("_user_id", None)
    session.pop("_fresh", None)
    if current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) in request.cookies:
        session["_remember"] = "clear"  # Flask-Login deletes the remember-me cookie


from . import routes  # noqa: E402, F401
