"""Shared form pieces: a base form that trims input, and fields with GOV.UK wording."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect
from wtforms import RadioField, SelectField, ValidationError
from wtforms.validators import Email


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Trims surrounding whitespace from every text field before validation."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters", [])
            if _strip not in filters:
                unbound_field.kwargs["filters"] = [_strip, *filters]
            return unbound_field.bind(form=form, **options)


class _ChoiceMessage:
    """Replaces WTForms' 'Not a valid choice.' with a message that says what to do."""

    def __init__(self, *args, invalid_message: str = "Select an option from the list", **kwargs):
        self.invalid_message = invalid_message
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValueError as error:
            raise ValidationError(self.invalid_message) from error


class GovSelectField(_ChoiceMessage, SelectField):
    widget = GovSelect()


class GovRadioField(_ChoiceMessage, RadioField):
    widget = GovRadioInput()


def email_validator(
    message: str = "Enter an email address in the correct format, like name@example.com",
):
    return Email(message=message, check_deliverability=False)
