"""Errors as friendly GOV.UK pages; the 500 handler rolls back the unit of work."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

from .extensions import db

ERROR_PAGES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
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
        return render_template(template, error=error), code

    for code in ERROR_PAGES:
        app.register_error_handler(code, handle)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        # A form left open too long: explain, and offer the way back to the same page.
        return render_template("errors/csrf.html", back=request.path), 400
