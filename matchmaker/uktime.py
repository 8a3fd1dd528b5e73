"""The UK's clock (GMT in winter, BST in summer), for what people read and the days they mean.

Timestamps are stored and compared in UTC (see `models.UTCDateTime`); people see them, and
name days, on UK time. Machine formats (CSV, JSON, the audit log, dedupe keys) stay UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

UK_TIME = ZoneInfo("Europe/London")


def uk_time(value: datetime) -> datetime:
    """`value` on UK clocks. A naive datetime is taken to be UTC, as the database's are."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UK_TIME)


def uk_day(value: date | datetime) -> date:
    """The UK calendar day of a timestamp; a plain date is already a day, and stays as it is."""
    return uk_time(value).date() if isinstance(value, datetime) else value


def uk_now() -> datetime:
    """Now, on UK clocks: the one clock `uk_today` reads, so a test can set it in one place."""
    return datetime.now(UK_TIME)


def uk_today() -> date:
    """The day it is in the UK, the day people mean by "today" (the server's, in UTC, is a
    day behind between midnight and 1am in summer)."""
    return uk_now().date()
