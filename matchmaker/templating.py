"""What every template can see: the service name, the contract's labels, dates on UK time."""

from __future__ import annotations

from collections import ChainMap
from datetime import date, datetime

from flask import Flask, request, url_for
from flask.templating import Environment as FlaskEnvironment
from flask_login import current_user

from . import taxonomy
from .auth import signed_in
from .uktime import uk_day, uk_time


class TemplateGlobals(ChainMap):
    """A template's globals (its own over the environment's), as Jinja makes them, but
    with `keys()` a dict's keys view, in the same order.

    Jinja compares the global names of the importing template with the imported one's at
    every `{% from ... import ... %}`, and the GOV.UK macros import their helpers inside
    every call: a page makes dozens of these comparisons. Against a chain's own keys view
    each is a Python-level look-up through every map for every global name; against a
    dict's keys view it is one set difference in C. The chain itself is unchanged: what
    the environment's globals hold is still seen as it is now.
    """

    def keys(self):
        keys: dict = {}
        for mapping in reversed(self.maps):
            keys.update(dict.fromkeys(mapping))
        return keys.keys()


class Environment(FlaskEnvironment):
    """Flask's Jinja environment, its templates' globals a `TemplateGlobals`."""

    def make_globals(self, d):
        return TemplateGlobals({} if d is None else d, self.globals)


def format_date(value: date | datetime | None) -> str:
    """GOV.UK style, on UK time: 5 January 2026. A plain date is shown as it is."""
    if value is None:
        return ""
    day = uk_day(value)
    return f"{day.day} {day:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    """GOV.UK style, on UK time: 5 January 2026 at 9:15am (midday and midnight by name)."""
    if value is None:
        return ""
    local = uk_time(value)
    if (local.hour, local.minute) == (12, 0):
        clock = "midday"
    elif (local.hour, local.minute) == (0, 0):
        clock = "midnight"
    else:
        hour = local.hour % 12 or 12
        clock = f"{hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"
    return f"{format_date(local)} at {clock}"


# (endpoint, label, roles that see it): the service navigation, in order.
NAVIGATION: list[tuple[str, str, tuple[str, ...]]] = [
    ("pages.dashboard", "Dashboard", ("coordinator",)),
    ("review.queue", "Review queue", ("coordinator", "admin")),
    ("partners.dashboard", "Dashboard", ("partner",)),
    ("admin.users", "Users", ("admin",)),
    ("admin.hubs", "Hubs", ("admin",)),
    ("partners.organisations", "Partners", ("coordinator", "admin")),
    ("insights.dashboard", "Insights", ("coordinator", "admin")),
]


def navigation_items() -> list[dict]:
    """The service navigation links the signed-in user may follow."""
    if not signed_in():
        return []
    visible = [
        (endpoint, label) for endpoint, label, roles in NAVIGATION if current_user.role in roles
    ]
    current = request.endpoint or ""
    # The exact page's item is current; failing that, the first item of the same blueprint
    # (an offer's edit page sits under "Dashboard", a user's page under "Users").
    active = (
        current
        if any(endpoint == current for endpoint, _ in visible)
        else next(
            (
                endpoint
                for endpoint, _ in visible
                if endpoint.split(".")[0] == current.split(".")[0]
            ),
            None,
        )
    )
    return [
        {"href": url_for(endpoint), "text": label, "active": endpoint == active}
        for endpoint, label in visible
    ]


def thousands(value: int) -> str:
    """A count as GOV.UK writes it: 10,000, not 10000."""
    return f"{value:,}"


def mid_sentence(label: str) -> str:
    """A label as it reads mid-sentence: "Data, analytics and AI" -> "data, analytics and
    AI"; only the first letter is lowered, and not in an abbreviation ("5G ...")."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def init_app(app: Flask) -> None:
    app.jinja_env.filters["thousands"] = thousands
    app.jinja_env.filters["mid_sentence"] = mid_sentence
    app.jinja_env.filters["govuk_date"] = format_date
    app.jinja_env.filters["govuk_datetime"] = format_datetime
    app.jinja_env.filters["uk_day"] = uk_day

    @app.context_processor
    def inject_service() -> dict:
        return {
            "service_name": app.config["SERVICE_NAME"],
            "taxonomy": taxonomy,
            "navigation_items": navigation_items,
            # The proxy, loaded only when a page asks about the user (Flask-Login's own
            # context processor loads it for every template: see auth.signed_in).
            "current_user": current_user,
            "signed_in": signed_in,
        }
