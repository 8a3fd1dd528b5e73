"""The date filters every page and e-mail uses: GOV.UK style, on UK time (GMT or BST)."""

from collections import ChainMap
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from jinja2 import DictLoader

from matchmaker.templating import TemplateGlobals, format_date, format_datetime
from matchmaker.uktime import uk_day


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (utc(2026, 1, 5, 9, 15), "5 January 2026 at 9:15am"),  # GMT: UK time is UTC
        (utc(2026, 7, 5, 8, 15), "5 July 2026 at 9:15am"),  # BST: an hour later
        (utc(2026, 7, 4, 23, 30), "5 July 2026 at 12:30am"),  # BST: already the next day
        (utc(2026, 12, 31, 23, 30), "31 December 2026 at 11:30pm"),  # GMT: still that day
        (utc(2026, 7, 5, 13, 5), "5 July 2026 at 2:05pm"),
        (utc(2026, 7, 5, 11, 30), "5 July 2026 at 12:30pm"),
        (utc(2026, 1, 5, 12, 0), "5 January 2026 at midday"),
        (utc(2026, 7, 5, 11, 0), "5 July 2026 at midday"),
        (utc(2026, 1, 5, 0, 0), "5 January 2026 at midnight"),
        (utc(2026, 7, 4, 23, 0), "5 July 2026 at midnight"),
        # The clocks go forward at 1am UTC on 29 March 2026 and back at 1am UTC on 25 October.
        (utc(2026, 3, 29, 0, 59), "29 March 2026 at 12:59am"),
        (utc(2026, 3, 29, 1, 0), "29 March 2026 at 2:00am"),
        (utc(2026, 10, 25, 0, 30), "25 October 2026 at 1:30am"),
        (utc(2026, 10, 25, 1, 30), "25 October 2026 at 1:30am"),
    ],
)
def test_datetimes_are_shown_on_uk_time(stored, shown):
    assert format_datetime(stored) == shown
    assert format_date(stored) == shown.split(" at ")[0]


def test_the_zone_a_datetime_comes_in_does_not_matter():
    new_york = timezone(timedelta(hours=-4))
    assert format_datetime(datetime(2026, 7, 4, 19, 30, tzinfo=new_york)) == (
        "5 July 2026 at 12:30am"
    )


def test_a_naive_datetime_is_taken_to_be_utc_like_the_database_s():
    assert format_datetime(datetime(2026, 7, 4, 23, 30)) == "5 July 2026 at 12:30am"
    assert format_date(datetime(2026, 1, 5, 23, 30)) == "5 January 2026"


def test_a_plain_date_is_a_day_already_and_is_shown_as_it_is():
    assert format_date(date(2026, 7, 5)) == "5 July 2026"
    assert uk_day(date(2026, 7, 5)) == date(2026, 7, 5)


def test_nothing_shows_as_nothing():
    assert format_date(None) == ""
    assert format_datetime(None) == ""


def test_the_uk_day_of_a_timestamp():
    assert uk_day(utc(2026, 7, 4, 22, 59)) == date(2026, 7, 4)
    assert uk_day(utc(2026, 7, 4, 23, 0)) == date(2026, 7, 5)
    assert uk_day(utc(2026, 1, 4, 23, 59)) == date(2026, 1, 4)


def test_template_globals_list_their_names_as_the_chain_does(app):
    template = app.jinja_env.get_template("base.html")
    assert isinstance(template.globals, TemplateGlobals)
    assert list(template.globals.keys()) == list(ChainMap(*template.globals.maps))


def test_a_template_s_own_globals_reach_the_macros_it_imports(app):
    # What Jinja compares the names for: an imported macro sees the globals given to the
    # template importing it, which are not the environment's.
    loaders = app.jinja_loader.loaders
    loaders.insert(0, DictLoader({
        "own/macro.html": "{% macro shout() %}{{ word | upper }}{% endmacro %}",
        "own/page.html": '{% from "own/macro.html" import shout %}{{ word }} {{ shout() }}',
    }))  # fmt: skip
    try:
        assert app.jinja_env.get_template("own/page.html").render() == " "
        page = app.jinja_env.get_template("own/page.html", globals={"word": "hello"})
        assert page.render() == "hello HELLO"
    finally:
        del loaders[0]
        app.jinja_env.cache.clear()
