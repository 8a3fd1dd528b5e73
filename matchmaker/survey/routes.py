from functools import wraps

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for

from .. import taxonomy
from ..extensions import db
from ..models import NeedStatus
from ..tokens import ExpiredToken, InvalidToken
from . import bp, services
from .forms import (
    BlockedSubmission,
    ConfirmForm,
    DescriptionForm,
    EmailForm,
    check_answers_sections,
    question_form,
)
from .journey import CHECK_ANSWERS

# The browser session only points at the draft; the answers themselves are in the database.
DRAFT_KEY = "survey_draft"
HUB_KEY = "survey_hub"


def _draft(**options):
    return services.find_draft(session.get(DRAFT_KEY), **options)


def _remember(draft) -> None:
    key = draft.key  # read before the commit expires the draft, so it is not loaded again
    db.session.commit()
    session[DRAFT_KEY] = key


def _step_url(step: str) -> str:
    if step == CHECK_ANSWERS:
        return url_for(".check_answers")
    return url_for(".question", step=step)


def _start_url() -> str:
    hub = session.get(HUB_KEY)
    return url_for(".hub_start", code=hub) if hub else url_for("pages.start")


def _link_problem(*, expired: bool):
    return render_template(
        "survey/link_problem.html",
        expired=expired,
        form=EmailForm(),
        resume_days=current_app.config["SURVEY_RESUME_MAX_AGE"] // 86400,
        status_days=current_app.config["SURVEY_STATUS_MAX_AGE"] // 86400,
    ), 400


@bp.errorhandler(BlockedSubmission)
def blocked(_error):
    return render_template("survey/blocked.html"), 400


@bp.route("/hub/<code>")
def hub_start(code: str):
    hub = services.find_hub(code) or abort(404)
    return render_template("survey/hub_start.html", hub=hub)


@bp.route("/survey/start")
def begin():
    draft = _draft()
    if draft is None or draft.submitted_at is not None:
        session.pop(DRAFT_KEY, None)
        hub = services.find_hub(request.args.get("hub"))
        session[HUB_KEY] = hub.code if hub else None
        draft = None
    return redirect(_step_url(services.journey_of(draft).next_step))


@bp.route("/survey/<path:step>", methods=["GET", "POST"])
def question(step: str):
    draft = _draft()
    if draft is not None and draft.submitted_at is not None:
        return redirect(url_for(".confirmation"))
    journey = services.journey_of(draft)
    if not journey.can_show(step):
        return redirect(_step_url(journey.next_step))
    form = question_form(journey, step)
    if form.is_submitted():
        valid = form.validate()
        if not form.timed_out:
            draft = services.save_answers(
                draft,
                step,
                form.answers(),
                valid=valid,
                hub_code=session.get(HUB_KEY),
                send_link=form.save.data,
            )
            # Where to go next is worked out before the commit expires the draft, which
            # would otherwise be read back from the database just to find it out.
            if form.save.data:
                next_url = url_for(".saved" if draft.email else ".save")
            elif valid:
                next_url = _step_url(services.journey_of(draft).next_step)
            else:
                next_url = None
            _remember(draft)
            if next_url:
                return redirect(next_url)
    previous = journey.previous(step)
    back_url = _step_url(previous) if previous else _start_url()
    return render_template("survey/question.html", form=form, back_url=back_url)


@bp.route("/survey/save", methods=["GET", "POST"])
def save():
    draft = _draft()
    if draft is None or draft.submitted_at is not None:
        return redirect(url_for(".begin"))
    typed = services.journey_of(draft).answer("your-details", "email")
    form = EmailForm(data={"email": draft.email or typed})
    if form.validate_on_submit():
        services.send_resume_link(draft, form.email.data)
        db.session.commit()
        return redirect(url_for(".saved"))
    return render_template("survey/save.html", form=form)


@bp.route("/survey/saved")
def saved():
    draft = _draft()
    if draft is None or not draft.email:
        return redirect(url_for(".begin"))
    return render_template(
        "survey/saved.html",
        email=draft.email,
        valid_days=current_app.config["SURVEY_RESUME_MAX_AGE"] // 86400,
        next_url=_step_url(services.journey_of(draft).next_step),
    )


@bp.route("/survey/resume/<token>")
def resume(token: str):
    try:
        draft = services.draft_for_resume_token(token)
    except ExpiredToken:
        return _link_problem(expired=True)
    except InvalidToken:
        return _link_problem(expired=False)
    if draft.business is not None:
        return redirect(url_for(".status", token=services.status_token(draft.business)))
    session[DRAFT_KEY] = draft.key
    flash("Welcome back. Your answers so far are saved: carry on where you left off.", "success")
    return redirect(_step_url(services.journey_of(draft).next_step))


@bp.route("/survey/check-answers", methods=["GET", "POST"])
def check_answers():
    draft = _draft()
    if draft is not None and draft.submitted_at is not None:
        return redirect(url_for(".confirmation"))
    journey = services.journey_of(draft)
    if not journey.is_complete:
        return redirect(_step_url(journey.next_step))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.submit_survey(draft)
        except services.AlreadySubmitted:
            db.session.rollback()
        else:
            db.session.commit()
        return redirect(url_for(".confirmation"))
    sections = check_answers_sections(journey)
    return render_template("survey/check_answers.html", form=form, sections=sections)


@bp.route("/survey/confirmation")
def confirmation():
    draft = _draft(with_business=True)
    if draft is None or draft.business is None:
        return redirect(url_for("pages.start"))
    business = draft.business
    status_url = url_for(".status", token=services.status_token(business))
    return render_template("survey/confirmation.html", business=business, status_url=status_url)


@bp.route("/survey/new-link", methods=["GET", "POST"])
def new_link():
    form = EmailForm()
    if form.validate_on_submit():
        services.send_links(form.email.data)
        db.session.commit()
        return render_template("survey/new_link_sent.html", email=form.email.data)
    return render_template("survey/new_link.html", form=form)


def _with_business(view):
    """Status pages: the signed link in the URL says which business this is."""

    @wraps(view)
    def wrapped(token: str, **kwargs):
        try:
            business = services.business_for_status_token(token)
        except services.DataErased:
            return render_template("survey/data_deleted.html"), 410
        except ExpiredToken:
            return _link_problem(expired=True)
        except InvalidToken:
            return _link_problem(expired=False)
        return view(business, token, **kwargs)

    return wrapped


def _with_open_need(view):
    """Actions on one need of the status page's business. A need that is no longer open
    (withdrawn in another tab, a second click on Withdraw, an old page) goes back to the
    status page, which says why, rather than to a "page not found"."""

    @wraps(view)
    def wrapped(business, token: str, ref: str):
        need = services.find_need(business, ref) or abort(404)
        if need.status != NeedStatus.OPEN:
            label = taxonomy.SUPPORT_TYPES[need.support_type].lower()
            if need.status == NeedStatus.WITHDRAWN:
                flash(f"You have already withdrawn your request for {label}.")
            else:
                flash(f"Your request for {label} is closed, so it can no longer be changed.")
            return redirect(url_for(".status", token=token))
        return view(business, token, need)

    return wrapped


@bp.route("/status/<token>")
@_with_business
def status(business, token: str):
    needs = services.need_states(business)
    return render_template("survey/status.html", business=business, needs=needs, token=token)


@bp.route("/status/<token>/needs/<ref>/description", methods=["GET", "POST"])
@_with_business
@_with_open_need
def update_need(business, token: str, need):
    form = DescriptionForm(data={"description": need.description})
    if form.validate_on_submit():
        services.update_need_description(need, form.description.data)
        db.session.commit()
        flash(
            f"Your request for {taxonomy.SUPPORT_TYPES[need.support_type].lower()} "
            "has been updated.",
            "success",
        )
        return redirect(url_for(".status", token=token))
    return render_template("survey/update_need.html", form=form, need=need, token=token)


@bp.route("/status/<token>/needs/<ref>/withdraw", methods=["GET", "POST"])
@_with_business
@_with_open_need
def withdraw_need(business, token: str, need):
    form = ConfirmForm()
    if form.validate_on_submit():
        services.withdraw_need(need)
        db.session.commit()
        flash(
            f"You have withdrawn your request for "
            f"{taxonomy.SUPPORT_TYPES[need.support_type].lower()}.",
            "success",
        )
        return redirect(url_for(".status", token=token))
    return render_template("survey/withdraw_need.html", form=form, need=need, token=token)


@bp.route("/status/<token>/delete", methods=["GET", "POST"])
@_with_business
def delete_data(business, token: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        services.erase_business(business)
        db.session.commit()
        session.pop(DRAFT_KEY, None)
        return redirect(url_for(".data_deleted"))
    return render_template("survey/delete_data.html", form=form, token=token)


@bp.route("/status/deleted")
def data_deleted():
    return render_template("survey/data_deleted.html")
