"""The survey's pages as forms, and the public forms around it (links, status page actions).

Every public form carries a honeypot field (hidden from people, filled in by bots) and
turns an expired CSRF token into a "timed out" notice on the same page, with everything
that was typed still in the fields, instead of an error page that loses it.
"""

from __future__ import annotations

import copy
import re

from govuk_frontend_wtf.gov_form_base import GovIterableBase
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from .. import taxonomy
from ..forms import (
    BaseForm,
    GovCheckboxesField,
    GovRadioField,
    SharedCharacterCount,
    SharedCheckboxInput,
    SharedSubmitInput,
    SharedTextInput,
    character_count,
    choices_from,
    email_validator,
)
from .journey import Journey, support_type_of
from .postcodes import is_real_postcode, normalise_postcode

MAX_NAME = 200
MAX_EMAIL = 254
MAX_PHONE = 40
MAX_DESCRIPTION = 4000

# What to ask for each kind of help, with one example in an SME's own words.
NEED_QUESTIONS: dict[str, tuple[str, str]] = {
    "skills": (
        "What skills or training do you need?",
        "Two of our staff need to learn our new accounts software, and I want to learn to manage a team.",
    ),
    "funding": (
        "What do you need funding for?",
        "We need about £20,000 for a second oven so we can supply local cafés.",
    ),
    "mentoring": (
        "What would you like a mentor or coach to help with?",
        "I have just taken on my first two employees and want advice from someone who has grown a team.",
    ),
    "expertise": (
        "What do you need specialist advice about?",
        "We want to protect the design of our new product and do not know where to start.",
    ),
    "technology": (
        "What technology or equipment do you need?",
        "Our customers want to order online, but our website cannot take payments.",
    ),
    "market-access": (
        "Which customers or markets do you want to reach?",
        "We make garden furniture and want to supply large retailers or sell abroad.",
    ),
    "workspace": (
        "What workspace or facilities do you need?",
        "We need a small workshop with 3-phase power near Gateshead for 6 months.",
    ),
}


class BlockedSubmission(Exception):
    """The hidden honeypot field was filled in: almost certainly a bot."""


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def _item_hints(hints: dict[str, str]) -> dict:
    return {"items": [{"hint": {"text": hint}} for hint in hints.values()]}


def _phone_number(form, field) -> None:
    digits = re.sub(r"\D", "", field.data or "")
    if not re.fullmatch(r"\+?[0-9 ()\-.]+", field.data or "") or not 10 <= len(digits) <= 15:
        raise ValidationError(
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
        )


def _real_postcode(form, field) -> None:
    if not is_real_postcode(field.data):
        raise ValidationError("Enter a real postcode, like NE1 4ST")


def _email_field(label: str, hint: str) -> EmailField:
    return EmailField(
        label,
        widget=SharedTextInput(),
        description=hint,
        filters=[_lower],
        validators=[
            DataRequired("Enter your email address"),
            Length(max=MAX_EMAIL, message="Email address must be 254 characters or fewer"),
            email_validator(),
        ],
    )


def _description_field(label: str = "Description") -> TextAreaField:
    return TextAreaField(
        label,
        widget=SharedCharacterCount(),
        validators=[
            DataRequired("Describe what you need, in your own words"),
            Length(max=MAX_DESCRIPTION, message="Description must be 4,000 characters or fewer"),
        ],
    )


EMAIL_PARAMS = {"type": "email", "autocomplete": "email", "spellcheck": False}
# The count message states the limit, so the hints above the box do not repeat it.
DESCRIPTION_PARAMS = character_count(MAX_DESCRIPTION, rows=8)


class PublicForm(BaseForm):
    """A form anyone may send: honeypot checked, CSRF expiry reported without losing input."""

    website = StringField("Leave this field empty")
    timed_out = False

    def validate(self, extra_validators=None) -> bool:
        if self.website.data:
            raise BlockedSubmission
        valid = super().validate(extra_validators)
        if self.meta.csrf and self.csrf_token.errors:
            # The page was open too long (or cookies were lost): keep what was typed and
            # ask for one more click, rather than showing an error page.
            self.timed_out = True
            self.csrf_token.errors = []
            return False
        return valid


class EmailForm(PublicForm):
    email = _email_field("Email address", "")
    submit = SubmitField("Send the link", widget=SharedSubmitInput())


class ConfirmForm(PublicForm):
    submit = SubmitField("Confirm", widget=SharedSubmitInput())


class DescriptionForm(PublicForm):
    description_params = DESCRIPTION_PARAMS

    description = _description_field()
    submit = SubmitField("Save the change", widget=SharedSubmitInput())


class QuestionForm(PublicForm):
    """One page of the survey: its answers, Continue, and Save and come back later."""

    title = ""
    section = ""
    intro: tuple[str, ...] = ()
    # The field whose label (or legend) is the page heading, on a page with one question.
    heading_field: str | None = None
    summary_labels: dict[str, str] = {}
    field_params: dict[str, dict] = {}

    submit = SubmitField("Continue", widget=SharedSubmitInput())
    save = SubmitField("Save and come back later", widget=SharedSubmitInput())

    _not_answers = frozenset({"csrf_token", "website", "submit", "save"})

    def __init__(self, journey: Journey, step: str, **kwargs):
        kwargs.setdefault("data", journey.answers_for(step))
        super().__init__(**kwargs)
        if self.heading_field:
            self.title = self[self.heading_field].label.text

    def answer_fields(self) -> list:
        return [field for field in self if field.name not in self._not_answers]

    def answers(self) -> dict:
        return {field.name: field.data for field in self.answer_fields()}

    def params_for(self, field) -> dict:
        """The GOV.UK macro parameters for `field`; on a one-question page, the heading."""
        params = copy.deepcopy(self.field_params.get(field.name, {}))
        grouped = isinstance(field.widget, GovIterableBase)  # radios and checkboxes: a legend
        title = {"text": field.label.text}
        if field.name == self.heading_field:
            size = "govuk-fieldset__legend--l" if grouped else "govuk-label--l"
            title |= {"isPageHeading": True, "classes": size}
        if grouped:
            params["fieldset"] = {"legend": title | params.get("fieldset", {}).get("legend", {})}
        else:
            params["label"] = title | params.get("label", {})
        return params

    def summary(self) -> list[dict]:
        """The questions and answers for check answers, with codes shown as their labels;
        `multiline` marks free text that keeps its line breaks."""
        return [
            {
                "key": self.summary_labels.get(field.name, field.label.text),
                "value": _display(field),
                "multiline": isinstance(field, TextAreaField) and bool(field.data),
            }
            for field in self.answer_fields()
        ]


def _display(field) -> str:
    if isinstance(field, SelectMultipleField):
        labels = dict(field.choices)
        return (
            ", ".join(labels[code] for code in field.data or [] if code in labels)
            or "None selected"
        )
    if isinstance(field, RadioField):
        return dict(field.choices).get(field.data, "")
    if isinstance(field, BooleanField):
        return "Yes" if field.data else "No"
    return field.data or "Not given"


class YourDetailsForm(QuestionForm):
    title = "Your details"
    section = "About you"
    summary_labels = {"contact_name": "Name", "email": "Email", "phone": "Phone"}
    field_params = {
        "contact_name": {"autocomplete": "name", "spellcheck": False},
        "email": EMAIL_PARAMS,
        "phone": {
            "type": "tel",
            "autocomplete": "tel",
            "classes": "govuk-input--width-20",
        },
    }

    contact_name = StringField(
        "Full name",
        widget=SharedTextInput(),
        description="Up to 200 characters",
        validators=[
            DataRequired("Enter your full name"),
            Length(max=MAX_NAME, message="Full name must be 200 characters or fewer"),
        ],
    )
    email = _email_field(
        "Email address",
        "We will send your confirmation, and any introductions, to this address",
    )
    phone = StringField(
        "Phone number (optional)",
        widget=SharedTextInput(),
        description="For example, 0191 498 0000 or +44 7700 900 982. Up to 40 characters",
        validators=[
            Optional(),
            Length(max=MAX_PHONE, message="Phone number must be 40 characters or fewer"),
            _phone_number,
        ],
    )


class BusinessForm(QuestionForm):
    title = "About your business"
    section = "About your business"
    summary_labels = {"name": "Business name", "postcode": "Postcode"}
    field_params = {
        "name": {"autocomplete": "organization", "spellcheck": False},
        "postcode": {
            "autocomplete": "postal-code",
            "spellcheck": False,
            "classes": "govuk-input--width-10",
        },
    }

    name = StringField(
        "Business name",
        widget=SharedTextInput(),
        description="The name your customers know you by. Up to 200 characters",
        validators=[
            DataRequired("Enter the name of your business"),
            Length(max=MAX_NAME, message="Business name must be 200 characters or fewer"),
        ],
    )
    postcode = StringField(
        "Business postcode",
        widget=SharedTextInput(),
        description="Where the business is based. For example, NE1 4ST",
        filters=[normalise_postcode],
        validators=[DataRequired("Enter your business postcode"), _real_postcode],
    )


class RegionForm(QuestionForm):
    section = "About your business"
    heading_field = "region"
    summary_labels = {"region": "Region"}

    region = GovRadioField(
        "Which region is your business in?",
        choices=choices_from(taxonomy.REGIONS),
        validators=[InputRequired("Select the region your business is in")],
        invalid_message="Select the region your business is in",
    )

    def __init__(self, journey: Journey, step: str, **kwargs):
        super().__init__(journey, step, **kwargs)
        suggested = taxonomy.REGIONS.get(journey.suggested_region or "")
        self.region.description = (
            f"We have selected {suggested} from your postcode. Change it if that is wrong."
            if suggested
            else "Your local Growth Hub is the one for this region."
        )


class SectorForm(QuestionForm):
    section = "About your business"
    heading_field = "sector"
    summary_labels = {"sector": "Sector"}
    field_params = {"sector": _item_hints(taxonomy.SECTOR_HINTS)}

    sector = GovRadioField(
        "What does your business do?",
        description="Choose the closest match. Examples are under each option.",
        choices=choices_from(taxonomy.SECTORS),
        validators=[InputRequired("Select what your business does")],
        invalid_message="Select what your business does",
    )


class EmployeesForm(QuestionForm):
    section = "About your business"
    heading_field = "size"
    summary_labels = {"size": "People working for it"}

    size = GovRadioField(
        "How many people work for your business?",
        description="Count everyone, including yourself. This service is for businesses "
        "with fewer than 250 people.",
        choices=choices_from(taxonomy.SIZES),
        validators=[InputRequired("Select how many people work for your business")],
        invalid_message="Select how many people work for your business",
    )


class TradingForm(QuestionForm):
    section = "About your business"
    heading_field = "stage"
    summary_labels = {"stage": "Trading"}

    stage = GovRadioField(
        "How long has your business been trading?",
        description="If you are growing fast, choose the last option.",
        choices=choices_from(taxonomy.STAGES),
        validators=[InputRequired("Select how long your business has been trading")],
        invalid_message="Select how long your business has been trading",
    )


class HelpForm(QuestionForm):
    section = "The help you need"
    heading_field = "support_types"
    summary_labels = {"support_types": "Help needed"}
    field_params = {"support_types": _item_hints(taxonomy.SUPPORT_TYPE_HINTS)}

    support_types = GovCheckboxesField(
        "What help do you need?",
        description="Select all that apply. You will describe each one on the next pages.",
        choices=choices_from(taxonomy.SUPPORT_TYPES),
        validators=[InputRequired("Select the help you need")],
        invalid_message="Select the help you need from the list",
    )


class NeedForm(QuestionForm):
    """Describe one kind of help in your own words: the page asked once per kind chosen."""

    heading_field = "description"
    summary_labels = {"description": "Description", "themes": "Themes"}
    field_params = {
        "description": DESCRIPTION_PARAMS,
        "themes": {"fieldset": {"legend": {"classes": "govuk-fieldset__legend--m"}}},
    }

    description = _description_field()
    themes = GovCheckboxesField(
        "What is it about? (optional)",
        description="Select any that apply.",
        choices=choices_from(taxonomy.THEMES),
        invalid_message="Select themes from the list",
    )

    def __init__(self, journey: Journey, step: str, **kwargs):
        super().__init__(journey, step, **kwargs)
        self.support_type = support_type_of(step)
        question, example = NEED_QUESTIONS[self.support_type]
        self.title = self.description.label.text = question
        self.section = taxonomy.SUPPORT_TYPES[self.support_type]
        self.description.description = f"Use your own words. For example: {example}"


class ConsentForm(QuestionForm):
    title = "How we use and share your details"
    section = "Sharing your details"
    intro = (
        "An adviser at your Growth Hub reads your answers and looks for organisations that "
        "offer the help you need.",
        "We only share your name, business name, email address and phone number with an "
        "organisation after an adviser has approved an introduction to it. We email you "
        "when that happens.",
        "You can see, change or withdraw your requests, or delete all your data, at any time "
        "from the link in your confirmation email.",
    )
    summary_labels = {"consent": "Agreed to be contacted and introduced"}

    consent = BooleanField(
        "I agree to be contacted about the help I need, and to my details being shared "
        "with an organisation when an adviser approves an introduction",
        widget=SharedCheckboxInput(),
        description="You can change your mind at any time by deleting your data.",
        validators=[
            DataRequired(
                "Confirm that you agree, so that we can introduce you to organisations that can help"
            )
        ],
    )


PAGES: dict[str, type[QuestionForm]] = {
    "your-details": YourDetailsForm,
    "business": BusinessForm,
    "region": RegionForm,
    "sector": SectorForm,
    "employees": EmployeesForm,
    "trading": TradingForm,
    "help": HelpForm,
    "consent": ConsentForm,
}


def question_form(journey: Journey, step: str, **kwargs) -> QuestionForm:
    form_class = NeedForm if support_type_of(step) else PAGES[step]
    return form_class(journey, step, **kwargs)


def check_answers_sections(journey: Journey) -> list[dict]:
    """The answers grouped as on the pages, each with the step its Change link goes to and
    what a screen reader hears after "Change", different for every link: each kind of help
    has a Description and Themes, so those say which kind they are about."""
    sections: list[dict] = []
    for step in journey.steps:
        form = question_form(journey, step, formdata=None, meta={"csrf": False})
        if not sections or sections[-1]["title"] != form.section:
            sections.append({"title": form.section, "rows": []})
        about = f" ({form.section.lower()})" if support_type_of(step) else ""
        sections[-1]["rows"] += [
            row | {"step": step, "change": row["key"].lower() + about} for row in form.summary()
        ]
    return sections
