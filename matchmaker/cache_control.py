"""Which responses a browser or a proxy may keep a copy of.

Only static files and the few public pages listed here, shown to someone not signed in.
Everything else is sent with `Cache-Control: no-store`, since it may show someone's
details: every page of a signed-in user (the header names them), the survey (it shows the
answers typed so far), pages reached by a signed link (the business's status pages, the
follow-up question, setting a password, confirming an e-mail address), pages naming an
e-mail address we wrote to, and any form sent back with what was typed in it. A shared
computer's browser or a proxy must not keep those. A new page is private until listed.
"""

from __future__ import annotations

from flask import Flask, Response, request

from .auth import signed_in

# Pages that are the same for every visitor and show nobody's details.
PUBLIC_PAGES = frozenset(
    {
        "pages.start",
        "pages.privacy",
        "pages.accessibility",
        "pages.cookies",
        "survey.hub_start",
    }
)


def _is_static(endpoint: str | None) -> bool:
    return endpoint is not None and (endpoint == "static" or endpoint.endswith(".static"))


def may_be_stored() -> bool:
    """Whether the current request's response may be kept by a browser or a proxy."""
    if _is_static(request.endpoint):
        return True
    return (
        request.method in ("GET", "HEAD")
        and request.endpoint in PUBLIC_PAGES
        # Checked last: static files and private pages never need the user loaded.
        and not signed_in()
    )


def init_app(app: Flask) -> None:
    @app.after_request
    def no_store_unless_public(response: Response) -> Response:
        if not may_be_stored():
            response.cache_control.no_store = True
        return response
