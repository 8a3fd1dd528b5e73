"""Forms of the review queue: filters, decisions (one at a time or in bulk), outcomes."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovSubmitInput
from wtforms import SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from .. import taxonomy
from ..forms import (
    BaseForm,
    GovRadioField,
    GovSelectField,
    OptionalDateField,
    character_count,
    choices_from,
    optional_text,
)
from ..models import LARGEST_ID, MatchStatus, OutcomeResult, RejectReason

# The queue's tabs, in order, as a coordinator reads them.
STATUS_LABELS = {
    MatchStatus.PROPOSED: "To review",
    MatchStatus.DEFERRED: "Deferred",
    MatchStatus.APPROVED: "Introduced",
    MatchStatus.REJECTED: "Rejected",
    MatchStatus.WITHDRAWN: "Withdrawn",
}
SORTS = {"score": "Best match first", "waiting": "Waiting longest first"}
REJECT_REASONS = {
    RejectReason.NOT_RELEVANT: "Not relevant to what the business asked for",
    RejectReason.NOT_ELIGIBLE: "Not eligible in practice",
    RejectReason.PARTNER_FULL: "The partner is full",
    RejectReason.SME_NOT_READY: "The business is not ready yet",
    RejectReason.DUPLICATE: "Duplicate of another request or introduction",
    RejectReason.OTHER: "Another reason",
}
# What happened after an introduction, worded for whoever says or reads it; the value
# stored (an OutcomeResult) is the same whatever the wording. (As staff read an outcome,
# whoever recorded it: the shared `OUTCOME_SUMMARIES` in matchmaker/forms.py.)
# As either side answers for itself (the follow-up page and e-mail).
OUTCOME_LABELS = {
    OutcomeResult.MET: "We met",
    OutcomeResult.WORKING_TOGETHER: "We are working together",
    OutcomeResult.AGREEMENT: "We reached an agreement",
    OutcomeResult.NO_FIT: "It was not a good fit",
    OutcomeResult.NO_RESPONSE: "We did not hear back",
}
# As a coordinator records what the two sides did.
COORDINATOR_OUTCOME_LABELS = {
    OutcomeResult.MET: "They met",
    OutcomeResult.WORKING_TOGETHER: "They are working together",
    OutcomeResult.AGREEMENT: "They reached an agreement",
    OutcomeResult.NO_FIT: "It was not a good fit",
    OutcomeResult.NO_RESPONSE: "One side did not hear back from the other",
}
NOTE_MAX = 2000
COMMENT_MAX = 1000


def _short_theme(label: str) -> str:
    return label.split(":")[0]


class QueueFilterForm(BaseForm):
    """The queue's filters: a GET form, so a filtered queue has a URL to share or go back to."""

    class Meta:
        csrf = False

    hub = GovSelectField("Hub", default="", invalid_message="Select a hub from the list")
    support_type = GovSelectField(
        "Type of support",
        choices=[("", "Any type"), *choices_from(taxonomy.SUPPORT_TYPES)],
        default="",
        invalid_message="Select a type of support from the list",
    )
    theme = GovSelectField(
        "Theme",
        choices=[("", "Any theme")]
        + [(code, _short_theme(label)) for code, label in taxonomy.THEMES.items()],
        default="",
        invalid_message="Select a theme from the list",
    )
    region = GovSelectField(
        "Business region",
        choices=[("", "Any region"), *choices_from(taxonomy.REGIONS)],
        default="",
        invalid_message="Select a region from the list",
    )
    partner = GovSelectField(
        "Partner", default="", invalid_message="Select a partner from the list"
    )
    sort = GovSelectField(
        "Sort by", choices=choices_from(SORTS), default="score", invalid_message="Select an order"
    )

    def __init__(self, formdata, *, hubs, organisations, **kwargs):
        super().__init__(formdata, **kwargs)
        if hubs is None:
            del self.hub  # coordinators see their own hub only
        else:
            self.hub.choices = [("", "Every hub")] + [(str(hub.id), hub.name) for hub in hubs]
        self.partner.choices = [("", "Any partner")] + [
            (str(org_id), name) for org_id, name in organisations
        ]
        self.status_code = formdata.get("status") if formdata else None

    def filters(self) -> dict:
        """The valid filters as keyword arguments for `services.QueueFilters`: call it after
        `validate`. A filter with an error is left out; the others still apply."""

        def value(name: str) -> str | None:
            field = self._fields.get(name)
            return field.data or None if field is not None and not field.errors else None

        return {
            "hub_id": _int(value("hub")),
            "support_type": value("support_type"),
            "theme": value("theme"),
            "region": value("region"),
            "organisation_id": _int(value("partner")),
            "status": self.status_code
            if self.status_code in STATUS_LABELS
            else MatchStatus.PROPOSED.value,
            "sort": value("sort") or "score",
        }


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _reason_messages(what: str) -> dict:
    message = f"Select why you are rejecting {what}"
    return {
        "label": f"Why are you rejecting {what}?",
        "validators": [InputRequired(message)],
        "invalid_message": message,
    }


def _reason_field(what: str) -> GovRadioField:
    return GovRadioField(choices=choices_from(REJECT_REASONS), **_reason_messages(what))


def _reject_note() -> TextAreaField:
    return optional_text(
        "Note (optional)",
        COMMENT_MAX,
        "The note",
        description="Only coordinators see this. It helps the hub learn which proposals work.",
    )


class ApproveForm(BaseForm):
    note_params = character_count(NOTE_MAX, rows=8)

    note = TextAreaField(
        "Introduction note",
        widget=GovCharacterCount(),
        description="Both emails include this note. Say why you think they should talk.",
        validators=[
            DataRequired("Enter an introduction note"),
            Length(max=NOTE_MAX, message=f"The note must be {NOTE_MAX:,} characters or fewer"),
        ],
    )
    preview = SubmitField("Update the preview", widget=GovSubmitInput())
    approve = SubmitField("Approve and send introductions", widget=GovSubmitInput())


class RejectForm(BaseForm):
    what = "this proposal"
    note_params = character_count(COMMENT_MAX, rows=3)

    reason = _reason_field(what)
    note = _reject_note()

    def validate_note(self, field):
        if self.reason.data == RejectReason.OTHER and not field.data:
            raise ValidationError(f"Say why you are rejecting {self.what}")


class DeferForm(BaseForm):
    note_params = character_count(COMMENT_MAX, rows=3)

    # The GOV.UK day/month/year field of the partner pages, with the same messages.
    until = OptionalDateField("Defer until", what="The date", example_hint=True)
    note = optional_text("Note (optional)", COMMENT_MAX, "The note")

    def validate_until(self, field):
        if field.data is None and not field.errors:
            raise ValidationError("Enter the date the proposal should come back to the queue")


class ProposalIdsField(SelectMultipleField):
    """The ids of the proposals ticked. Anything that is not an id (a tampered form) counts
    as no selection at all, rather than acting on the ids that remain."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        def is_id(value: str) -> bool:
            return value.isascii() and value.isdigit() and 0 < int(value) <= LARGEST_ID

        self.data = [int(value) for value in valuelist] if all(map(is_id, valuelist)) else []


class BulkForm(BaseForm):
    """The proposals ticked in the queue and what to do with them."""

    match_ids = ProposalIdsField()
    action = StringField()

    def validate_match_ids(self, field):
        if not field.data:
            raise ValidationError("Select at least one proposal")

    def validate_action(self, field):
        if field.data not in ("approve", "reject"):
            raise ValidationError("Choose to approve or reject the selected proposals")


class BulkRejectForm(BulkForm):
    """Why the selected proposals are rejected, worded for how many there are (pass
    `match_ids` when there is no form data yet)."""

    note_params = RejectForm.note_params

    reason = _reason_field(RejectForm.what)
    note = _reject_note()
    validate_note = RejectForm.validate_note

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.what = RejectForm.what
        if len(self.match_ids.data or []) > 1:
            self.what = "these proposals"
            messages = _reason_messages(self.what)
            self.reason.label.text = messages["label"]
            self.reason.validators = messages["validators"]
            self.reason.invalid_message = messages["invalid_message"]


def _result_field(labels: dict) -> GovRadioField:
    return GovRadioField(
        "What happened?",
        choices=choices_from(labels),
        validators=[InputRequired("Select what happened")],
        invalid_message="Select what happened",
    )


class OutcomeForm(BaseForm):
    """What a coordinator heard happened after an introduction."""

    comment_params = character_count(COMMENT_MAX, rows=3)

    result = _result_field(COORDINATOR_OUTCOME_LABELS)
    comment = optional_text("Comment (optional)", COMMENT_MAX, "The comment")


class FollowUpForm(OutcomeForm):
    """The one question a follow-up e-mail links to (no sign-in): either side answers for
    themselves."""

    result = _result_field(OUTCOME_LABELS)
    submit = SubmitField("Send your answer", widget=GovSubmitInput())
