"""What every template can see: the service name, the contract's labels, date formats."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, request, url_for
from flask_login import current_user

from . import taxonomy


def format_date(value: date | datetime | None) -> str:
    """GOV.UK style: 5 January 2026."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    hour = value.hour % 12 or 12
    return f"{format_date(value)} at {hour}:{value:%M}{'am' if value.hour < 12 else 'pm'}"


# (endpoint, label, roles that see it): the service navigation, in order.
NAVIGATION: list[tuple[str, str, tuple[str, ...]]] = [
    ("pages.dashboard", "Dashboard", ("coordinator", "partner")),
    ("admin.users", "Users", ("admin",)),
]


def navigation_items() -> list[dict]:
    """The service navigation links the signed-in user may follow."""
    if not current_user.is_authenticated:
        return []
    current_area = (request.endpoint or "").split(".")[0]
    return [
        {"href": url_for(endpoint), "text": label, "active": endpoint.split(".")[0] == current_area}
        for endpoint, label, roles in NAVIGATION
        if current_user.role in roles
    ]


def init_app(app: Flask) -> None:
    app.jinja_env.filters["govuk_date"] = format_date
    app.jinja_env.filters["govuk_datetime"] = format_datetime

    @app.context_processor
    def inject_service() -> dict:
        return {
            "service_name": app.config["SERVICE_NAME"],
            "taxonomy": taxonomy,
            "navigation_items": navigation_items,
        }
