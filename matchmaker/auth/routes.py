from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from ..extensions import csrf, db, limiter
from ..tokens import ExpiredToken, InvalidToken
from . import bp, services
from .forms import FirstPasswordForm, ForgotPasswordForm, LoginForm, NewPasswordForm
from .redirects import local_path


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("pages.dashboard"))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            db.session.commit()
            # Only a page on this site, so a crafted link cannot send people elsewhere.
            return redirect(local_path(request.args.get("next")) or url_for("pages.dashboard"))
        failed = True
    return render_template("auth/login.html", form=form, failed=failed)


@bp.route("/sign-out", methods=["POST"])
@csrf.exempt
def logout():
    # No form token is checked here, unlike every other form: signing out is harmless (a
    # forged request could only end a session, and the Lax session cookie is not even sent
    # with another site's POST), while a page left open until its token expired must
    # still sign out. Someone already signed out sees the same page.
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return render_template(
            "auth/reset_sent.html",
            email=form.email.data,
            valid_for=services.link_lifetime(services.RESET_PURPOSE),
        )
    return render_template("auth/forgot_password.html", form=form)


@bp.route(
    "/password/<any('password-reset', 'account-invite'):purpose>/<token>", methods=["GET", "POST"]
)
def set_password(purpose: str, token: str):
    # An invitation is someone's first password, a reset replaces one: the pages say which.
    invited = purpose == services.INVITE_PURPOSE
    try:
        user = services.user_for_password_token(purpose, token)
    except InvalidToken as problem:
        return render_template(
            "auth/reset_invalid.html",
            expired=isinstance(problem, ExpiredToken),
            invited=invited,
            valid_for=services.link_lifetime(purpose),
        ), 400
    form = FirstPasswordForm() if invited else NewPasswordForm()
    if form.validate_on_submit():
        their_own_session = current_user.is_authenticated and current_user.id == user.id
        services.reset_password(user, form.password.data)
        db.session.commit()
        if their_own_session:
            login_user(user)  # the new password ends every other session, not this one
        if invited:
            flash("Your password is set. Sign in with your email address and password.", "success")
        else:
            flash("Your password has been changed. Sign in with your new password.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, invited=invited)
