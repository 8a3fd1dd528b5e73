"""Errors as friendly GOV.UK pages; the 500 handler rolls back the unit of work."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import Flask, current_app, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import RequestRedirect

from .auth import signed_in
from .auth.redirects import same_site_path
from .extensions import db

ERROR_PAGES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/405.html",
    413: "errors/413.html",
    429: "errors/429.html",
    500: "errors/500.html",
}


def init_app(app: Flask) -> None:
    def handle(error):
        code = getattr(error, "code", 500) or 500
        if code >= 500:
            db.session.rollback()
        template = ERROR_PAGES.get(code, "errors/500.html" if code >= 500 else "errors/400.html")
        headers = {}
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            headers["Allow"] = ", ".join(sorted(error.valid_methods))
        return render_template(template, error=error), code, headers

    for code in ERROR_PAGES:
        app.register_error_handler(code, handle)
    # Any other HTTP error (410, 415, 501...) gets the general page for its kind, so
    # nobody ever sees Werkzeug's unstyled one.
    app.register_error_handler(HTTPException, handle)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        # A form left open too long: explain, and offer the way back to the page it was on.
        return render_template("errors/csrf.html", back=_way_back()), 400


def _way_back() -> str:
    """The page the form was on, if the browser says so and it opens with a link (GET);
    otherwise the dashboard, or the start page for someone not signed in."""
    page = same_site_path(request.referrer, request.host)
    if page is not None and _opens_with_a_link(page):
        return page
    return url_for("pages.dashboard" if signed_in() else "pages.start")


def _opens_with_a_link(page: str) -> bool:
    # The form itself may have been shown at an address that answers only POST (a
    # confirmation step), where a link would end in "405 Method Not Allowed".
    adapter = current_app.create_url_adapter(request)
    try:
        adapter.match(unquote(urlsplit(page).path), method="GET")
    except RequestRedirect:
        return True  # a missing trailing slash, say: the link still arrives
    except HTTPException:
        return False
    return True
