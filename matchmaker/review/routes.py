"""The review queue: coordinators (their hub) and admins (every hub) decide on proposals;
both sides of an introduction answer the follow-up question through a signed link."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from ..access import roles_required, visible_hub_ids
from ..extensions import db, limiter
from ..forms import OUTCOME_SUMMARIES
from ..models import MatchStatus, Role
from ..templating import format_date
from ..tokens import ExpiredToken, InvalidToken
from ..uktime import uk_today
from . import bp, services
from .forms import (
    OUTCOME_LABELS,
    REJECT_REASONS,
    SORTS,
    STATUS_LABELS,
    ApproveForm,
    BulkForm,
    BulkRejectForm,
    DeferForm,
    FollowUpForm,
    OutcomeForm,
    QueueFilterForm,
    RejectForm,
)

staff_required = roles_required(Role.COORDINATOR, Role.ADMIN)
# The queue as the coordinator last saw it (filters, sort, page), to go back to after acting.
QUEUE_URL = "review_queue_url"


def _hub_ids():
    return visible_hub_ids(current_user)


def _back_to_queue():
    return redirect(session.get(QUEUE_URL) or url_for(".queue"))


def _public_form_limit() -> str:
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]


@bp.context_processor
def labels() -> dict:
    return {
        "status_labels": STATUS_LABELS,
        "reject_reasons": REJECT_REASONS,
        "outcome_labels": OUTCOME_LABELS,
        "outcome_summaries": OUTCOME_SUMMARIES,
        "sort_labels": SORTS,
        "queue_url": session.get(QUEUE_URL) or url_for(".queue"),
    }


@bp.errorhandler(services.NotFound)
def not_found(_error):
    return render_template("errors/404.html"), 404


def _refused(refusal: services.DecisionRefused, match):
    """Say why the decision could not be made, on the page that shows the proposal's state."""
    flash(refusal.message, "info")
    if match.status == MatchStatus.APPROVED and match.introduction is not None:
        return redirect(url_for(".introduction", introduction_id=match.introduction.id))
    return redirect(url_for(".proposal", match_id=match.id))


def _pending_match(match_id: int):
    """The proposal, if it still waits for a decision; otherwise a redirect that says why."""
    match = services.visible_match(_hub_ids(), match_id)
    if not services.is_pending(match):
        return match, _refused(services.AlreadyDecided(match), match)
    return match, None


# --- the queue ------------------------------------------------------------------------------


@bp.get("/review")
@staff_required
def queue():
    hub_ids = _hub_ids()
    form = QueueFilterForm(
        request.args,
        hubs=services.all_hubs() if hub_ids is None else None,
        organisations=services.partner_choices(),
    )
    form.validate()
    result = services.queue(
        hub_ids,
        services.QueueFilters(**form.filters()),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["REVIEW_PAGE_SIZE"],
    )
    session[QUEUE_URL] = request.full_path
    return render_template("review/queue.html", form=form, queue=result, today=uk_today())


@bp.get("/review/proposals/<int:match_id>")
@staff_required
def proposal(match_id: int):
    match = services.visible_match(_hub_ids(), match_id)
    detail = services.proposal_detail(match, today=uk_today())
    return render_template("review/proposal.html", detail=detail, match=match)


# --- deciding on one proposal ---------------------------------------------------------------


@bp.route("/review/proposals/<int:match_id>/approve", methods=["GET", "POST"])
@staff_required
def approve(match_id: int):
    match, decided = _pending_match(match_id)
    if decided:
        return decided
    form = ApproveForm(data={"note": services.default_note(match)})
    if form.validate_on_submit() and form.approve.data:
        try:
            services.approve_match(match, note=form.note.data, actor=current_user)
        except services.DecisionRefused as refusal:
            return _refused(refusal, match)
        message = (
            f"Introduction approved. We are emailing {match.need.business.name} and "
            f"{match.offer.organisation.name}."
        )
        db.session.commit()
        flash(message, "success")
        return _back_to_queue()
    return render_template(
        "review/approve.html",
        form=form,
        match=match,
        places=services.offer_places(match.offer),
        emails=services.introduction_emails(match, form.note.data or ""),
    )


@bp.route("/review/proposals/<int:match_id>/reject", methods=["GET", "POST"])
@staff_required
def reject(match_id: int):
    match, decided = _pending_match(match_id)
    if decided:
        return decided
    form = RejectForm()
    if form.validate_on_submit():
        try:
            proposed = services.reject_match(
                match, reason=form.reason.data, note=form.note.data, actor=current_user
            )
        except services.DecisionRefused as refusal:
            return _refused(refusal, match)
        message = _rejected_message(1, proposed)
        db.session.commit()
        flash(message, "success")
        return _back_to_queue()
    return render_template("review/reject.html", form=form, match=match)


def _rejected_message(count: int, proposed) -> str:
    what = "Proposal rejected." if count == 1 else f"{count} proposals rejected."
    if not proposed:
        return f"{what} No other offer is a good enough match to propose now."
    titles = "; ".join(services.proposal_label(match) for match in proposed)
    return f"{what} Proposed next: {titles}."


@bp.route("/review/proposals/<int:match_id>/defer", methods=["GET", "POST"])
@staff_required
def defer(match_id: int):
    match, decided = _pending_match(match_id)
    if decided:
        return decided
    form = DeferForm()
    if form.validate_on_submit():
        try:
            services.defer_match(
                match,
                until=form.until.data,
                note=form.note.data,
                actor=current_user,
                today=uk_today(),
            )
        except services.InvalidDeferral as problem:
            form.until.errors.append(problem.message)
        except services.DecisionRefused as refusal:
            return _refused(refusal, match)
        else:
            db.session.commit()
            flash(
                f"Proposal deferred until {format_date(form.until.data)}. "
                "It comes back to the queue on that day.",
                "success",
            )
            return _back_to_queue()
    return render_template("review/defer.html", form=form, match=match)


# --- in bulk --------------------------------------------------------------------------------


@bp.post("/review/bulk")
@staff_required
def bulk():
    """Step one: the proposals ticked in the queue, to confirm (nothing changes yet)."""
    form = BulkForm()
    if not form.validate_on_submit():
        return _selection_refused(form)
    matches = services.visible_matches(_hub_ids(), form.match_ids.data)
    pending = [match for match in matches if services.is_pending(match)]
    confirm = BulkRejectForm(
        formdata=None, action=form.action.data, match_ids=[match.id for match in pending]
    )
    return _confirm_page(confirm, matches)


@bp.post("/review/bulk/confirm")
@staff_required
def bulk_confirm():
    """Step two: approve or reject every proposal confirmed."""
    form = BulkRejectForm() if request.form.get("action") == "reject" else BulkForm()
    if not form.validate_on_submit() and (form.match_ids.errors or form.action.errors):
        return _selection_refused(form)
    matches = services.visible_matches(_hub_ids(), form.match_ids.data)
    if form.errors:
        return _confirm_page(form, matches)
    if form.action.data == "approve":
        result = services.bulk_approve(matches, actor=current_user)
        count = len(result.done)
        message = f"{count} {'introduction' if count == 1 else 'introductions'} approved."
    else:
        result = services.bulk_reject(
            matches, reason=form.reason.data, note=form.note.data, actor=current_user
        )
        message = _rejected_message(len(result.done), result.new_proposals)
    not_done = "Not approved" if form.action.data == "approve" else "Not rejected"
    refused = " ".join(
        f"{not_done}: {services.proposal_label(match)}. {reason}"
        for match, reason in result.refused
    )
    db.session.commit()
    flash(
        " ".join(filter(None, [message if result.done else "", refused])),
        "info" if refused else "success",
    )
    return _back_to_queue()


def _selection_refused(form):
    """Nothing ticked, or no action: say so on the queue, as it was."""
    messages = form.match_ids.errors + form.action.errors
    flash(" ".join(dict.fromkeys(messages)), "info")
    return _back_to_queue()


def _confirm_page(form, matches):
    """The confirmation of the proposals still waiting for a decision; those someone decided
    since the queue was loaded are left out and named."""
    pending = [match for match in matches if services.is_pending(match)]
    decided = [match for match in matches if not services.is_pending(match)]
    if not pending:
        count = len(decided)
        what = (
            "The proposal you selected was"
            if count == 1
            else (f"The {count} proposals you selected were")
        )
        flash(
            f"{what} decided after you opened the queue, so there is nothing to "
            f"{form.action.data}.",
            "info",
        )
        return _back_to_queue()
    return render_template(
        "review/bulk_confirm.html",
        form=form,
        matches=pending,
        left_out=[
            f"{services.proposal_label(match)} ({STATUS_LABELS[match.status].lower()})"
            for match in decided
        ],
        places=services.places_left(pending),
        action=form.action.data,
    )


# --- introductions and their outcomes -------------------------------------------------------


@bp.route("/review/introductions/<int:introduction_id>", methods=["GET", "POST"])
@staff_required
def introduction(introduction_id: int):
    introduction = services.visible_introduction(_hub_ids(), introduction_id)
    form = OutcomeForm()
    if form.validate_on_submit():
        services.record_outcome(
            introduction,
            result=form.result.data,
            comment=form.comment.data,
            reported_by="coordinator",
            actor=current_user,
        )
        db.session.commit()
        flash("Outcome recorded.", "success")
        return redirect(url_for(".introduction", introduction_id=introduction.id))
    return render_template(
        "review/introduction.html",
        introduction=introduction,
        form=form,
        emails=services.introduction_emails_sent(introduction),
        follow_up_due=services.follow_up_due(introduction),
    )


@bp.route("/follow-up/<token>", methods=["GET", "POST"])
@limiter.limit(_public_form_limit, methods=["POST"])
def follow_up(token: str):
    """The one follow-up question, for either side of an introduction (no sign-in)."""
    try:
        introduction, side = services.follow_up_for_token(token)
    except InvalidToken as problem:
        expired = isinstance(problem, ExpiredToken)
        return render_template("review/follow_up_problem.html", expired=expired), 400
    answer = services.answer_of(introduction, side)
    # The e-mail has one link per answer: it picks that answer, the person still sends it.
    form = FollowUpForm(data={"result": request.args.get("result")})
    if answer is None and form.validate_on_submit():
        services.answer_follow_up(
            introduction, side, result=form.result.data, comment=form.comment.data
        )
        db.session.commit()
        return redirect(url_for(".follow_up", token=token))
    return render_template(
        "review/follow_up.html", form=form, introduction=introduction, side=side, answer=answer
    )
