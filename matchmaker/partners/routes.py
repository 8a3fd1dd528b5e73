"""Partner pages (sign-up, offers, introductions, colleagues) and the hubs' partner pages."""

from __future__ import annotations

from functools import wraps

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from ..access import roles_required
from ..extensions import db, limiter
from ..forms import OUTCOME_SUMMARIES
from ..models import OfferStatus, OrganisationStatus, Role
from ..tokens import ExpiredToken, InvalidToken
from . import bp, services
from .forms import (
    COSTS,
    DELIVERY_MODES,
    OFFER_STATUSES,
    OUTCOME_REPORTERS,
    OUTCOMES,
    ColleagueForm,
    ConfirmForm,
    DeclineForm,
    EmailLinkForm,
    OfferFilterForm,
    OfferForm,
    OutcomeForm,
    PauseForm,
    SignUpForm,
)

PER_PAGE = 20
STATUS_CHANGED = {
    "pause": "Offer paused. No new businesses will be proposed for it until you resume it.",
    "resume": "Offer resumed. Businesses can be proposed for it again.",
    "close": "Offer closed.",
}

staff_required = roles_required(Role.COORDINATOR, Role.ADMIN)
approver_required = roles_required(*services.APPROVER_ROLES)


def approved_partner_required(view):
    """Partners of approved organisations only; others see their organisation's status."""

    @wraps(view)
    @roles_required(Role.PARTNER)
    def wrapped(*args, **kwargs):
        if not current_user.organisation.is_approved:
            return redirect(url_for("partners.status"))
        return view(*args, **kwargs)

    return wrapped


def _public_form_limit() -> str:
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]


def _page() -> int:
    return max(request.args.get("page", 1, type=int), 1)


@bp.context_processor
def labels() -> dict:
    return {
        "delivery_labels": DELIVERY_MODES,
        "cost_labels": COSTS,
        "outcome_labels": OUTCOMES,
        "outcome_summaries": OUTCOME_SUMMARIES,
        "outcome_reporters": OUTCOME_REPORTERS,
        "status_labels": OFFER_STATUSES,
    }


@bp.errorhandler(services.NotFound)
def not_found(error):
    return render_template("errors/404.html"), 404


# --- signing up ---------------------------------------------------------------------------


@bp.route("/sign-up", methods=["GET", "POST"])
@limiter.limit(_public_form_limit, methods=["POST"])
def sign_up():
    if current_user.is_authenticated:
        return redirect(url_for("pages.dashboard"))
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            services.sign_up_partner(form.details())
        except services.OrganisationNameTaken:
            form.organisation_name.errors.append(
                "An organisation with this name is already registered. "
                "Ask someone there to add you as a colleague"
            )
        else:
            db.session.commit()
            session["partner_email"] = form.email.data
            return redirect(url_for("partners.check_email"))
    return render_template("partners/sign_up.html", form=form)


@bp.route("/sign-up/check-your-email")
def check_email():
    return render_template("partners/check_email.html", email=session.get("partner_email"))


@bp.route("/confirm-email/new-link", methods=["GET", "POST"])
@limiter.limit(_public_form_limit, methods=["POST"])
def new_confirmation_link():
    form = EmailLinkForm()
    if form.validate_on_submit():
        services.resend_confirmation(form.email.data)
        db.session.commit()
        session["partner_email"] = form.email.data
        return redirect(url_for("partners.check_email"))
    return render_template("partners/new_link.html", form=form)


def _link_problem(problem: InvalidToken):
    return render_template(
        "partners/link_problem.html",
        used=isinstance(problem, services.LinkAlreadyUsed),
        expired=isinstance(problem, ExpiredToken),
    ), 400


@bp.route("/confirm-email/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    try:
        user = services.user_to_confirm(token)
    except InvalidToken as problem:
        return _link_problem(problem)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.confirm_email(user)
        except services.LinkAlreadyUsed as problem:  # confirmed by a request a moment ago
            return _link_problem(problem)
        db.session.commit()
        flash("Your email address is confirmed. Sign in to see your organisation.", "success")
        return redirect(url_for("auth.login"))
    return render_template("partners/confirm_email.html", form=form, user=user)


@bp.route("/status")
@roles_required(Role.PARTNER)
def status():
    if current_user.organisation.is_approved:
        return redirect(url_for("partners.dashboard"))
    return render_template("partners/status.html", organisation=current_user.organisation)


# --- a partner's offers -------------------------------------------------------------------


@bp.route("/dashboard")
@approved_partner_required
def dashboard():
    organisation = current_user.organisation
    introductions = db.paginate(
        services.own_introductions(organisation), page=_page(), per_page=PER_PAGE, error_out=False
    )
    return render_template(
        "partners/dashboard.html",
        organisation=organisation,
        rows=services.offer_rows(db.session.scalars(services.own_offers(organisation)).all()),
        introductions=introductions,
    )


@bp.route("/offers/new", methods=["GET", "POST"])
@approved_partner_required
def new_offer():
    form = OfferForm(data={"contact_email": current_user.email})
    if form.validate_on_submit():
        offer = services.create_offer(current_user.organisation, form.details(), actor=current_user)
        db.session.commit()
        flash("Offer created. Check how coordinators and businesses will see it.", "success")
        return redirect(url_for("partners.offer", offer_id=offer.id))
    return render_template("partners/offer_form.html", form=form, offer=None)


@bp.route("/offers/<int:offer_id>")
@approved_partner_required
def offer(offer_id: int):
    offer = services.own_offer(current_user.organisation, offer_id)
    return render_template(
        "partners/offer.html",
        row=services.offer_rows([offer])[0],
        hold=services.hub_hold(offer),
        form=None,
    )


@bp.route("/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@approved_partner_required
def edit_offer(offer_id: int):
    offer = services.own_offer(current_user.organisation, offer_id)
    if offer.status == OfferStatus.CLOSED:
        flash("This offer is closed, so it cannot be changed.", "info")
        return redirect(url_for("partners.offer", offer_id=offer.id))
    form = OfferForm(
        obj=offer,
        introduced=offer.approved_count,
        saved_ends_on=offer.ends_on,
        version=services.offer_version(offer),
    )
    if form.validate_on_submit():
        try:
            services.update_offer(
                offer, form.details(), actor=current_user, seen_version=form.version.data
            )
        except services.OfferChangedMeanwhile as changed:
            form.someone_else_changed_it(services.offer_version(offer), changed.differences)
        else:
            db.session.commit()
            flash("Offer saved.", "success")
            return redirect(url_for("partners.offer", offer_id=offer.id))
    return render_template("partners/offer_form.html", form=form, offer=offer)


@bp.route("/offers/<int:offer_id>/<any(pause, resume, close):action>", methods=["GET", "POST"])
@approved_partner_required
def change_offer_status(offer_id: int, action: str):
    offer = services.own_offer(current_user.organisation, offer_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.change_offer_status(offer, action, actor=current_user)
        except services.InvalidStatusChange as refusal:
            flash(str(refusal), "info")
        else:
            db.session.commit()
            flash(STATUS_CHANGED[action], "success")
        return redirect(url_for("partners.offer", offer_id=offer.id))
    try:  # no "Resume this offer?" for an offer that cannot be resumed
        services.check_status_change(offer, action)
    except services.InvalidStatusChange as refusal:
        flash(str(refusal), "info")
        return redirect(url_for("partners.offer", offer_id=offer.id))
    return render_template("partners/offer_status.html", offer=offer, action=action, form=form)


# --- introductions and colleagues ---------------------------------------------------------


@bp.route("/introductions/<int:introduction_id>", methods=["GET", "POST"])
@approved_partner_required
def introduction(introduction_id: int):
    introduction = services.own_introduction(current_user.organisation, introduction_id)
    form = OutcomeForm()
    if form.validate_on_submit():
        services.record_outcome(introduction, form.result.data, form.note.data, actor=current_user)
        db.session.commit()
        flash("Outcome recorded. Thank you for telling us.", "success")
        return redirect(url_for("partners.introduction", introduction_id=introduction.id))
    return render_template("partners/introduction.html", introduction=introduction, form=form)


@bp.route("/colleagues")
@approved_partner_required
def colleagues():
    users = db.session.scalars(services.colleagues(current_user.organisation)).all()
    return render_template("partners/colleagues.html", users=users)


@bp.route("/colleagues/new", methods=["GET", "POST"])
@approved_partner_required
def invite_colleague():
    form = ColleagueForm()
    if form.validate_on_submit():
        try:
            user = services.invite_colleague(
                current_user.organisation,
                name=form.name.data,
                email=form.email.data,
                actor=current_user,
            )
        except services.DuplicateEmail:
            form.email.errors.append("An account with this email address already exists")
        else:
            db.session.commit()
            flash(f"We have emailed {user.email} a link to choose a password.", "success")
            return redirect(url_for("partners.colleagues"))
    return render_template("partners/invite_colleague.html", form=form)


@bp.route("/colleagues/<int:user_id>/remove", methods=["GET", "POST"])
@approved_partner_required
def remove_colleague(user_id: int):
    user = services.own_colleague(current_user.organisation, user_id)
    if user.id == current_user.id:  # no "Remove yourself?" page: it could only be refused
        flash("You cannot remove yourself. Ask a colleague to do it.", "info")
        return redirect(url_for("partners.colleagues"))
    form = ConfirmForm()
    if form.validate_on_submit():
        services.remove_colleague(user, actor=current_user)
        db.session.commit()
        flash(f"{user.name or user.email} can no longer sign in.", "success")
        return redirect(url_for("partners.colleagues"))
    return render_template("partners/remove_colleague.html", user=user, form=form)


# --- hubs: approving organisations, watching offers ---------------------------------------


@bp.route("/organisations")
@approver_required
def organisations():
    pending = db.session.scalars(services.pending_organisations()).all()
    return render_template("partners/organisations.html", organisations=pending)


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@approver_required
def organisation(organisation_id: int):
    organisation = services.organisation_for_approvers(organisation_id)
    if organisation.status != OrganisationStatus.PENDING:
        return _already_decided(organisation)
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            services.decline_organisation(organisation, form.reason.data, actor=current_user)
        except services.AlreadyDecided:
            return _already_decided(organisation)
        db.session.commit()
        flash(f"{organisation.name} was declined. We have emailed them the reason.", "success")
        return redirect(url_for("partners.organisations"))
    return render_template(
        "partners/organisation.html",
        organisation=organisation,
        form=form,
    )


@bp.route("/organisations/<int:organisation_id>/approve", methods=["POST"])
@approver_required
def approve_organisation(organisation_id: int):
    organisation = services.organisation_for_approvers(organisation_id)
    try:
        services.approve_organisation(organisation, actor=current_user)
    except services.AlreadyDecided:
        return _already_decided(organisation)
    db.session.commit()
    flash(f"{organisation.name} is approved. We have emailed them.", "success")
    return redirect(url_for("partners.organisations"))


def _already_decided(organisation):
    """The page saying who approved or declined the organisation, and when. A form sent
    after someone else decided is answered with a redirect to it, so it reloads safely."""
    if request.method == "POST":
        return redirect(url_for("partners.organisation", organisation_id=organisation.id))
    return render_template(
        "partners/organisation_decided.html",
        organisation=organisation,
        decision=services.decision(organisation),
    )


@bp.route("/all-offers")
@staff_required
def all_offers():
    form = OfferFilterForm(request.args)
    form.validate()
    offers = db.paginate(
        services.network_offers(**form.filters()),
        page=_page(),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template(
        "partners/all_offers.html",
        form=form,
        offers=offers,
        rows=services.offer_rows(offers.items),
    )


@bp.route("/all-offers/<int:offer_id>", methods=["GET", "POST"])
@staff_required
def network_offer(offer_id: int):
    offer = services.network_offer(offer_id)
    form = PauseForm()
    if form.validate_on_submit():
        try:
            services.change_offer_status(
                offer, "pause", actor=current_user, by_hub=True, reason=form.reason.data
            )
        except services.InvalidStatusChange as refusal:
            flash(str(refusal), "info")
        else:
            db.session.commit()
            flash("Offer paused. We have emailed the partner the reason.", "success")
        return redirect(url_for("partners.network_offer", offer_id=offer.id))
    return render_template(
        "partners/network_offer.html",
        row=services.offer_rows([offer])[0],
        hold=services.hub_hold(offer),
        form=form,
    )


@bp.route("/all-offers/<int:offer_id>/resume", methods=["POST"])
@staff_required
def resume_network_offer(offer_id: int):
    offer = services.network_offer(offer_id)
    try:
        services.change_offer_status(offer, "resume", actor=current_user, by_hub=True)
    except services.InvalidStatusChange as refusal:
        flash(str(refusal), "info")
    else:
        db.session.commit()
        flash("Offer resumed.", "success")
    return redirect(url_for("partners.network_offer", offer_id=offer.id))
