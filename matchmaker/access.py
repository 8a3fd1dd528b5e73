"""Who may see what: one decorator for roles, and the scopes that hub checks use."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from .models import Role


def roles_required(*roles: Role):
    """Allow only signed-in users with one of `roles`; others get 403 (or the login page)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def visible_hub_ids(user) -> list[int] | None:
    """The hubs whose data `user` may see: None means every hub (admins)."""
    if user.role == Role.ADMIN:
        return None
    if user.role == Role.COORDINATOR:
        return [user.hub_id]
    return []
