from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/account")


def init_login_manager(login_manager) -> None:
    from ..extensions import db
    from ..models import User

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None


from . import routes  # noqa: E402, F401
