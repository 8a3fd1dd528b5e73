"""Forms for partners (sign-up, offers, outcomes, colleagues) and for the hubs that check them."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date
from urllib.parse import urlsplit

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovTextInput,
)
from wtforms import (
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from .. import taxonomy
from ..auth.forms import confirm_password_field, new_password_field
from ..forms import (
    BaseForm,
    GovCheckboxesField,
    GovRadioField,
    GovSelectField,
    OptionalDateField,
    character_count,
    choices_from,
    email_field,
    required_text,
)
from ..models import DeliveryMode, OfferCost, OfferStatus, OutcomeResult
from ..uktime import uk_today
from .services import PARTNER_RESULTS, OfferDetails, SignUpDetails

DELIVERY_MODES = {
    DeliveryMode.ONLINE: "Online",
    DeliveryMode.IN_PERSON: "In person",
    DeliveryMode.BOTH: "Online and in person",
}
COSTS = {
    OfferCost.FREE: "Free",
    OfferCost.SUBSIDISED: "Subsidised: the business pays part of the cost",
    OfferCost.PAID: "Paid",
}
# What happened after an introduction, as the partner says it for itself (its outcome form,
# and its own answers shown back to it). Outcomes somebody else recorded are shown in the
# shared neutral words (OUTCOME_SUMMARIES), beside who recorded them.
OUTCOMES = {
    OutcomeResult.MET: "We met",
    OutcomeResult.WORKING_TOGETHER: "We are working together",
    OutcomeResult.AGREEMENT: "We reached an agreement",
    OutcomeResult.NO_FIT: "It was not a good fit",
    OutcomeResult.NO_RESPONSE: "We did not hear back",
}
# Who recorded an outcome (Outcome.reported_by), as the partner reads it.
OUTCOME_REPORTERS = {
    "partner": "Your organisation",
    "sme": "The business",
    "coordinator": "A coordinator",
}
OFFER_STATUSES = {
    OfferStatus.ACTIVE: "Active",
    OfferStatus.PAUSED: "Paused",
    OfferStatus.CLOSED: "Closed",
}
MAX_CAPACITY = 10_000
MAX_DESCRIPTION = 4000
MAX_NOTE = 1000  # notes and reasons
COMPANIES_HOUSE_NUMBER = re.compile(r"^(?:\d{8}|[A-Z]{2}\d{6})$")


# --- fields and validators ----------------------------------------------------------------


class GovCheckboxesWithAny(GovCheckboxesInput):
    """Checkboxes whose "any" option (UK-wide, all sectors, ...) comes last, after "or",
    and clears the others when ticked (GOV.UK's exclusive checkbox)."""

    def __init__(self, any_code: str | None = None):
        self.any_code = any_code

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        items = []
        for item in params["items"]:
            if item["value"] == self.any_code:
                items += [{"divider": "or"}, {**item, "behaviour": "exclusive"}]
            else:
                items.append(item)
        params["items"] = items
        return params


class CodesField(GovCheckboxesField):
    """A list of the contract's codes as checkboxes, optionally with an "any" code that
    cannot be combined with the others."""

    def __init__(self, label, labels: dict[str, str], *, any_choice=None, both=None, **kwargs):
        choices = choices_from(labels) + ([any_choice] if any_choice else [])
        any_code = any_choice[0] if any_choice else None
        super().__init__(label, choices=choices, widget=GovCheckboxesWithAny(any_code), **kwargs)
        self.any_code = any_code
        self.both_message = both

    def post_validate(self, form, validation_stopped):
        if not validation_stopped and self.any_code in (self.data or []) and len(self.data) > 1:
            self.errors.append(self.both_message)


class WholeNumberField(IntegerField):
    """An integer field whose "not a number" message says what to enter."""

    def __init__(self, label, *, not_a_number: str, **kwargs):
        super().__init__(label, widget=GovTextInput(), **kwargs)
        self.not_a_number = not_a_number

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip().replace(",", ""))
        except ValueError as error:
            self.data = None
            raise ValueError(self.not_a_number) from error


def _add_scheme(value):
    # People type "www.example.com": assume the secure web.
    if value and "://" not in value:
        return f"https://{value}"
    return value


def web_address(message: str):
    """Only http(s) addresses with a real-looking host: they become links on our pages."""

    def check(form, field):
        if not field.data:
            return
        parts = urlsplit(field.data)
        host = parts.hostname or ""
        if parts.scheme not in ("http", "https") or "." not in host or " " in field.data:
            raise ValidationError(message)

    return check


def _companies_house_number(value):
    return value.replace(" ", "").upper() if isinstance(value, str) else value


def long_text(label: str, max_length: int, *, what: str, missing: str | None = None, **kwargs):
    too_long = Length(max=max_length, message=f"{what} must be {max_length:,} characters or fewer")
    validators = [DataRequired(missing), too_long] if missing else [too_long]
    return TextAreaField(label, widget=GovCharacterCount(), validators=validators, **kwargs)


# --- signing up ---------------------------------------------------------------------------


class SignUpForm(BaseForm):
    organisation_name = required_text(
        "Organisation name", "Enter the name of your organisation", 200
    )
    companies_house_number = StringField(
        "Companies House number (optional)",
        widget=GovTextInput(),
        description="8 characters, like 01234567 or SC123456",
        filters=[_companies_house_number],
    )
    website = StringField(
        "Website",
        widget=GovTextInput(),
        filters=[_add_scheme],
        validators=[
            DataRequired("Enter your organisation's website"),
            Length(max=300, message="Website must be 300 characters or fewer"),
            web_address("Enter the website in the correct format, like www.example.com"),
        ],
    )
    contact_name = required_text("Your full name", "Enter your full name", 120)
    email = email_field(
        "Work email address",
        "Enter your work email address",
        description="We will send a link to this address to check it is yours",
    )
    password = new_password_field("Create a password", "Enter a password")
    confirm = confirm_password_field("Confirm your password", "Enter the password again")

    def validate_companies_house_number(self, field):
        if field.data and not COMPANIES_HOUSE_NUMBER.match(field.data):
            raise ValidationError(
                "Enter a Companies House number in the correct format: 8 numbers, like "
                "01234567, or 2 letters and 6 numbers, like SC123456"
            )

    def details(self) -> SignUpDetails:
        return SignUpDetails(
            organisation_name=self.organisation_name.data,
            companies_house_number=self.companies_house_number.data or None,
            website=self.website.data,
            contact_name=self.contact_name.data,
            email=self.email.data,
            password=self.password.data,
        )


class EmailLinkForm(BaseForm):
    email = email_field("Email address", "Enter your email address")


class ConfirmForm(BaseForm):
    """A button and nothing else: the CSRF token makes the POST safe."""


# --- offers -------------------------------------------------------------------------------


class OfferForm(BaseForm):
    description_params = character_count(MAX_DESCRIPTION, rows=8)

    title = required_text("Title", "Enter a title for the offer", 200)
    support_type = GovRadioField(
        "Type of support",
        choices=choices_from(taxonomy.SUPPORT_TYPES),
        validators=[InputRequired("Select the type of support")],
        invalid_message="Select the type of support",
    )
    themes = CodesField(
        "What the help is about (optional)",
        taxonomy.THEMES,
        description="Select all that apply",
        invalid_message="Select topics from the list",
    )
    description = long_text(
        "Description",
        MAX_DESCRIPTION,
        what="Description",
        missing="Enter a description of the offer",
        description="What the business gets, what it involves and what it asks of them",
    )
    regions = CodesField(
        "Regions",
        taxonomy.REGIONS,
        any_choice=(taxonomy.UK_WIDE, "UK-wide"),
        both="Select UK-wide or particular regions, not both",
        description="Where businesses must be based",
        validators=[InputRequired("Select the regions the offer is open to, or UK-wide")],
        invalid_message="Select regions from the list",
    )
    sectors = CodesField(
        "Sectors",
        taxonomy.SECTORS,
        any_choice=(taxonomy.ALL, "All sectors"),
        both="Select all sectors or particular sectors, not both",
        validators=[InputRequired("Select the sectors the offer is open to, or all sectors")],
        invalid_message="Select sectors from the list",
    )
    sizes = CodesField(
        "Business sizes",
        taxonomy.SIZES,
        any_choice=(taxonomy.ALL, "All sizes"),
        both="Select all sizes or particular sizes, not both",
        validators=[InputRequired("Select the business sizes the offer is open to, or all sizes")],
        invalid_message="Select business sizes from the list",
    )
    stages = CodesField(
        "Business stages",
        taxonomy.STAGES,
        any_choice=(taxonomy.ALL, "All stages"),
        both="Select all stages or particular stages, not both",
        validators=[
            InputRequired("Select the business stages the offer is open to, or all stages")
        ],
        invalid_message="Select business stages from the list",
    )
    capacity = WholeNumberField(
        "How many businesses can you take on?",
        not_a_number="Enter the number of businesses as a whole number, like 10",
        description="Introductions stop when this many businesses have been introduced",
        validators=[
            InputRequired("Enter how many businesses you can take on"),
            NumberRange(
                min=1,
                max=MAX_CAPACITY,
                message=f"The number of businesses must be between 1 and {MAX_CAPACITY:,}",
            ),
        ],
    )
    starts_on = OptionalDateField("Start date (optional)", what="Start date", example_hint=True)
    ends_on = OptionalDateField(
        "End date (optional)",
        what="End date",
        description="Businesses are no longer introduced after this date",
    )
    delivery_mode = GovRadioField(
        "How is the help delivered?",
        choices=choices_from(DELIVERY_MODES),
        validators=[InputRequired("Select how the help is delivered")],
        invalid_message="Select how the help is delivered",
    )
    cost = GovRadioField(
        "What does it cost the business?",
        choices=choices_from(COSTS),
        validators=[InputRequired("Select what the offer costs the business")],
        invalid_message="Select what the offer costs the business",
    )
    more_info_url = StringField(
        "Link to more information (optional)",
        widget=GovTextInput(),
        filters=[_add_scheme],
        validators=[
            Length(max=500, message="Link must be 500 characters or fewer"),
            web_address("Enter the link in the correct format, like https://www.example.com/offer"),
        ],
    )
    contact_email = email_field(
        "Contact email for this offer",
        "Enter the email address businesses and hubs should use",
        description="We send introductions for this offer to this address",
    )
    # The offer's version when the form was opened (services.offer_version), so a save can
    # tell that someone changed the offer meanwhile. Its error links to the message shown
    # above the form, whose id this is.
    version = HiddenField(id="offer-changed")

    def __init__(self, *args, introduced: int = 0, saved_ends_on: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.introduced = introduced
        self.saved_ends_on = saved_ends_on
        self.changed_fields: list[str] = []

    def validate_capacity(self, field):
        if field.data is not None and field.data < self.introduced:
            raise ValidationError(
                f"The number of businesses cannot be less than the {self.introduced} "
                "already introduced"
            )

    def validate_ends_on(self, field):
        if not field.data:
            return
        if self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("End date must be the same as or after the start date")
        # An end date already past when the partner opens the form is the offer's own,
        # saved when it was still ahead: the offer has simply ended. Saving it unchanged
        # lets them correct other details (the contact email, say) without being made to
        # reopen the offer or clear its end date. Any other end date must not have passed.
        if field.data < uk_today() and field.data != self.saved_ends_on:
            raise ValidationError("The end date must be today or in the future")

    def someone_else_changed_it(self, version: str, differences: list[str]) -> None:
        """Keep what the partner typed, explain why it was not saved, and take the offer's
        current version: saving again now knowingly replaces the other person's changes."""
        self.version.errors.append(
            "Someone else changed this offer after you opened this page. "
            "Check your answers, then save again"
        )
        self.version.data = version
        self.changed_fields = [self[name].label.text for name in differences]

    def details(self) -> OfferDetails:
        values = {item.name: self[item.name].data for item in fields(OfferDetails)}
        return OfferDetails(**values | {"more_info_url": values["more_info_url"] or None})


class DeclineForm(BaseForm):
    reason_params = character_count(MAX_NOTE, rows=4)

    reason = long_text(
        "Why are you declining this organisation?",
        MAX_NOTE,
        what="Reason",
        missing="Enter the reason for declining the organisation",
        description="We email this to the organisation",
    )


class PauseForm(BaseForm):
    reason_params = character_count(MAX_NOTE, rows=4)

    reason = long_text(
        "Why are you pausing this offer?",
        MAX_NOTE,
        what="Reason",
        missing="Enter the reason for pausing the offer",
        description="We email this to the partner. They cannot resume the offer until a "
        "coordinator does.",
    )


class OfferFilterForm(BaseForm):
    class Meta:
        csrf = False  # a GET search form: it changes nothing

    support_type = GovSelectField(
        "Type of support",
        choices=[("", "Any type"), *choices_from(taxonomy.SUPPORT_TYPES)],
        default="",
        invalid_message="Select a type of support from the list",
    )
    region = GovSelectField(
        "Open to businesses in",
        description="Includes UK-wide offers",
        choices=[("", "Any region"), *choices_from(taxonomy.REGIONS)],
        default="",
        invalid_message="Select a region from the list",
    )
    status = GovSelectField(
        "Status",
        choices=[("", "Any status"), *choices_from(OFFER_STATUSES)],
        default="",
        invalid_message="Select a status from the list",
    )

    def filters(self) -> dict[str, str | None]:
        if self.errors:
            return {}
        return {name: self[name].data or None for name in ("support_type", "region", "status")}


# --- introductions and colleagues ---------------------------------------------------------


class OutcomeForm(BaseForm):
    """What happened after an introduction, as the partner says it for itself."""

    note_params = character_count(MAX_NOTE, rows=3)

    result = GovRadioField(
        "What happened?",
        choices=[(str(code), OUTCOMES[code]) for code in PARTNER_RESULTS],
        validators=[InputRequired("Select what happened")],
        invalid_message="Select what happened",
    )
    note = long_text(
        "Note (optional)",
        MAX_NOTE,
        what="Note",
        description="Only your organisation and the hubs see this",
    )


class ColleagueForm(BaseForm):
    name = required_text("Full name", "Enter your colleague's full name", 120)
    email = email_field(
        "Work email address",
        "Enter your colleague's work email address",
        description="We will email them a link to choose a password",
    )
