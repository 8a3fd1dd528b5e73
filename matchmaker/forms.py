"""Shared form pieces: a base form that trims input, fields with GOV.UK wording, and
the labels more than one area shows."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from markupsafe import Markup
from wtforms import (
    DateField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, Length

from .models import OutcomeResult
from .uktime import uk_today

# Control characters but tab and new lines: pasted by accident or sent by a bot, never
# meant, and PostgreSQL refuses to store NUL at all.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _tidy(value):
    """Typed text as it is meant: no control characters, each new line one character (a
    browser sends CR LF, but counts one against a text box's limit, as our checks must),
    no surrounding whitespace."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARACTERS.sub("", value).strip()


class BaseForm(FlaskForm):
    """Tidies every text field (but passwords) before validation: see `_tidy`."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters", [])
            if _tidy not in filters and not issubclass(unbound_field.field_class, PasswordField):
                unbound_field.kwargs["filters"] = [_tidy, *filters]
            return unbound_field.bind(form=form, **options)


class ChoiceMessageMixin:
    """Replaces WTForms' 'Not a valid choice.' with a message that says what to do."""

    def __init__(self, *args, invalid_message: str = "Select an option from the list", **kwargs):
        self.invalid_message = invalid_message
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValueError as error:
            raise ValidationError(self.invalid_message) from error


# GOV.UK markup already rendered, by (template, parameters): see SharedMarkup.
_SHARED_MARKUP: dict[tuple, Markup] = {}
_SHARED_MARKUP_LIMIT = 512
_SCALARS = (str, int, float, bool, type(None))
# The value WTForms gives a button or a lone checkbox, which a browser sends back.
_OWN_VALUE = "y"


def _frozen(value):
    """`value` (a widget's parameters) as a hashable key that tells apart everything the
    markup could depend on: order, nesting and type (Markup from str, True from 1).
    None if it holds anything else, which is then not worth keying on."""
    if isinstance(value, dict):
        items = tuple((key, _frozen(item)) for key, item in value.items())
        return None if any(item is None for _, item in items) else (dict, items)
    if isinstance(value, list | tuple):
        items = tuple(_frozen(item) for item in value)
        return None if any(item is None for item in items) else (type(value), items)
    return (type(value), value) if isinstance(value, _SCALARS) else None


class SharedMarkup:
    """A GOV.UK widget that renders each distinct set of parameters once per process, as
    long as they hold only the service's own words.

    A component's markup is a function of its parameters alone, and the macros behind it
    are slow: a question with a long list of choices costs milliseconds to render. Most
    visitors see a question in the same state (blank, or one of its choices selected), so
    that markup is made once and reused. Parameters holding anything a visitor typed (a
    text box's value, or a value sent for a button) are rendered afresh and never kept:
    the store holds only labels, hints, choices and error messages, and a page only ever
    gets markup made from exactly its own parameters.
    """

    def only_own_words(self, params: dict) -> bool:
        """Whether `params` hold nothing a visitor typed."""
        return True

    def render(self, params):
        frozen = _frozen(params) if self.only_own_words(params) else None
        if frozen is None:
            return super().render(params)
        key = (self.template, frozen)
        markup = _SHARED_MARKUP.get(key)
        if markup is None:
            markup = super().render(params)
            if len(_SHARED_MARKUP) >= _SHARED_MARKUP_LIMIT:
                _SHARED_MARKUP.clear()
            _SHARED_MARKUP[key] = markup
        return markup


class SharedRadios(SharedMarkup, GovRadioInput):
    """Radios: a value sent only selects one of the form's own choices."""


class SharedCheckboxes(SharedMarkup, GovCheckboxesInput):
    """Checkboxes: the values sent only tick some of the form's own choices."""


class SharedCheckboxInput(SharedMarkup, GovCheckboxInput):
    """A lone checkbox, shared while its value is the form's own."""

    def only_own_words(self, params: dict) -> bool:
        return all(item.get("value") == _OWN_VALUE for item in params["items"])


class SharedSubmitInput(SharedMarkup, GovSubmitInput):
    """A button, shared while its value is the form's own."""

    def only_own_words(self, params: dict) -> bool:
        return params.get("value") == _OWN_VALUE


class SharedTextInput(SharedMarkup, GovTextInput):
    """A text box, shared while it is blank."""

    def only_own_words(self, params: dict) -> bool:
        return not params.get("value")


class SharedCharacterCount(SharedMarkup, GovCharacterCount):
    """A text area with a character count, shared while it is blank."""

    def only_own_words(self, params: dict) -> bool:
        return not params.get("value")


class GovSelectField(ChoiceMessageMixin, SelectField):
    widget = GovSelect()


class GovRadioField(ChoiceMessageMixin, RadioField):
    widget = SharedRadios()


class GovCheckboxesField(ChoiceMessageMixin, SelectMultipleField):
    widget = SharedCheckboxes()


def email_validator(
    message: str = "Enter an email address in the correct format, like name@example.com",
):
    return Email(message=message, check_deliverability=False)


def example_day(today: date) -> str:
    """A plausible day ahead of `today` to show as an example, written as GOV.UK writes
    them ("27 3 2007"): about three months on, and after the 12th of its month, so that it
    cannot be read month first."""
    day = today + timedelta(days=91)
    if day.day <= 12:
        day += timedelta(days=14)
    return f"{day.day} {day.month} {day.year}"


class OptionalDateField(DateField):
    """A GOV.UK day/month/year date that may be left blank, with GOV.UK's error messages.

    The dates the service asks for lie ahead (when an offer starts or ends, when a
    deferral ends), so the example in its messages does too: worked out from the UK's
    today each time a form is built, it never goes stale. `example_hint` also shows it as
    the hint ("For example, ...").
    """

    def __init__(self, label, *, what: str, example_hint: bool = False, **kwargs):
        self.example = example_day(uk_today())
        if example_hint:
            kwargs["description"] = f"For example, {self.example}"
        super().__init__(label, widget=GovDateInput(), **kwargs)
        self.what = what
        # The error summary links to the day box; the template gives the wrapper the name.
        self.id = f"{self.name}-day"

    def process_formdata(self, valuelist):
        parts = [str(part).strip() for part in valuelist][:3]
        parts += [""] * (3 - len(parts))
        self.raw_data = parts
        self.data = None
        if not any(parts):
            return
        missing = [
            name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            raise ValueError(f"{self.what} must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(part) for part in parts)
            if not 2000 <= year <= 2100:
                raise ValueError(year)
            self.data = date(year, month, day)
        except ValueError as error:
            raise ValueError(f"{self.what} must be a real date, like {self.example}") from error


def choices_from(labels: dict) -> list[tuple[str, str]]:
    """(code, label) choices from one of the taxonomy's or an enum's label tables."""
    return [(str(code), label) for code, label in labels.items()]


def required_text(label: str, missing: str, max_length: int, **kwargs) -> StringField:
    return StringField(
        label,
        widget=GovTextInput(),
        validators=[
            DataRequired(missing),
            Length(max=max_length, message=f"{label} must be {max_length} characters or fewer"),
        ],
        **kwargs,
    )


def email_field(label: str, missing: str, **kwargs) -> EmailField:
    return EmailField(
        label,
        widget=GovTextInput(),
        validators=[
            DataRequired(missing),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            email_validator(),
        ],
        **kwargs,
    )


def optional_text(label: str, max_length: int, what: str, **kwargs) -> TextAreaField:
    return TextAreaField(
        label,
        widget=GovCharacterCount(),
        validators=[
            Length(max=max_length, message=f"{what} must be {max_length:,} characters or fewer")
        ],
        **kwargs,
    )


def character_count(limit: int, **params) -> dict:
    """GOV.UK character count parameters, its message writing the limit as GOV.UK writes
    numbers ("4,000", where the component alone would say "4000")."""
    message = f"You can enter up to {limit:,} characters"
    return {"maxlength": limit, "textareaDescriptionText": message, **params}


# What happened after an introduction, in neutral words, shown beside who recorded it:
# how staff read every outcome (review pages) and a partner reads one somebody else
# recorded (partner pages). Each side's own answers are in the first person ("We met").
OUTCOME_SUMMARIES = {
    OutcomeResult.MET: "Met",
    OutcomeResult.WORKING_TOGETHER: "Working together",
    OutcomeResult.AGREEMENT: "Reached an agreement",
    OutcomeResult.NO_FIT: "Not a good fit",
    OutcomeResult.NO_RESPONSE: "Did not hear back",
}
