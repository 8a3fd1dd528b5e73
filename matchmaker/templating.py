"""What every template can see: the service name, the contract's labels, date formats."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask

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


def init_app(app: Flask) -> None:
    app.jinja_env.filters["govuk_date"] = format_date
    app.jinja_env.filters["govuk_datetime"] = format_datetime

    @app.context_processor
    def inject_service() -> dict:
        return {
            "service_name": app.config["SERVICE_NAME"],
            "taxonomy": taxonomy,
        }
