"""Only paths on this site are followed after sign-in, or offered as the way back."""

from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchmaker.auth.redirects import MAX_PATH_LENGTH, local_path, same_site_path

HOSTILE = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "\t//evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    " //evil.example",
    "/ /evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "%5C%5Cevil.example",
    "/%20/evil.example",
    "\x00",
    "/\x00/evil.example",
    "/\x7f/evil.example",
    "/\x85/evil.example",
    "/\u200b/evil.example",  # zero-width space
    "/\u00a0/evil.example",  # non-breaking space
    "\uff0f\uff0fevil.example",  # fullwidth solidus
    "/\u2215evil.example",  # division slash
    "\u2044\u2044evil.example",  # fraction slash
    "//evil\u3002example",  # ideographic full stop
    "/\u30fcevil.example",
    "https://evil.example/",
    "HTTPS://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,hi",
    "evil.example",
    "@evil.example",
    "/" + "a" * MAX_PATH_LENGTH,
    "",
    None,
]

GOOD = [
    "/review?status=proposed",
    "/partners/offers/3",
    "/dashboard",
    "/review?q=digital%20skills&page=2",
    "/partners/offers/3/edit#capacity",
    "/@evil.example",  # a path on this site (a 404), not a host
]


@pytest.mark.parametrize("target", HOSTILE)
def test_anything_but_a_plain_local_path_is_refused(target):
    assert local_path(target) is None


@pytest.mark.parametrize("target", GOOD)
def test_a_local_path_is_kept_as_it_is(target):
    assert local_path(target) == target


def _as_a_browser_reads(target: str) -> str:
    # Lenient as WHATWG URL parsing is: tabs and newlines dropped, control characters and
    # spaces trimmed at either end, a backslash taken for a slash.
    target = "".join(char for char in target if char not in "\t\n\r")
    return target.strip("".join(map(chr, range(0x21)))).replace("\\", "/")


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40).map(lambda s: "/" + s))
def test_whatever_is_accepted_stays_on_this_site(target):
    accepted = local_path(target)
    if accepted is not None:
        for form in (accepted, _as_a_browser_reads(accepted)):
            assert urlsplit(urljoin("https://hub.example/a/b", form)).netloc == "hub.example"


@given(st.text(alphabet="/\\\t\n :.%2Fa5Ce@", max_size=12))
def test_slashes_and_whitespace_in_any_order_never_leave_the_site(target):
    accepted = local_path(target)
    if accepted is not None:
        assert not _as_a_browser_reads(accepted).startswith("//")
        assert urlsplit(urljoin("https://hub.example/", accepted)).netloc == "hub.example"


@pytest.mark.parametrize(
    ("referrer", "path"),
    [
        ("http://localhost/review?status=proposed", "/review?status=proposed"),
        ("https://LOCALHOST/partners/offers/3", "/partners/offers/3"),
        ("http://localhost", None),  # no path: the caller picks the home page
        ("http://evil.example/review", None),
        ("http://localhost.evil.example/review", None),
        ("http://user@localhost/review", None),
        ("http://localhost:8080/review", None),
        ("ftp://localhost/review", None),
        ("http://localhost//evil.example", None),
        ("http://localhost/%09/evil.example", None),
        ("http://[localhost/review", None),
        ("/review", None),
        ("", None),
        (None, None),
    ],
)
def test_a_referrer_counts_only_if_it_is_a_page_on_this_site(referrer, path):
    assert same_site_path(referrer, "localhost") == path
