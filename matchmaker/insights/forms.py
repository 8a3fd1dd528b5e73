"""The insights filters: a GET form, so that every view has a link that can be shared."""

from __future__ import annotations

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import BooleanField, DateField, ValidationError
from wtforms.validators import Optional

from .. import taxonomy
from ..forms import BaseForm, GovSelectField, choices_from

EARLIEST = date(2000, 1, 1)


class GovIsoDateInput(GovTextInput):
    """A single ISO date box (the browser's date picker), so the URL reads ?start=2026-01-31."""

    input_type = "date"


class IsoDateField(DateField):
    """A YYYY-MM-DD date with a message that says what to type."""

    def __init__(self, label: str, *, message: str, **kwargs):
        super().__init__(label, format="%Y-%m-%d", widget=GovIsoDateInput(), **kwargs)
        self.message = message

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.message) from error


class FilterForm(BaseForm):
    class Meta:
        csrf = False  # a GET form: it changes nothing

    start = IsoDateField(
        "From",
        message="Enter the start date as a real date, like 2026-01-31",
        validators=[Optional()],
    )
    end = IsoDateField(
        "To",
        message="Enter the end date as a real date, like 2026-03-31",
        validators=[Optional()],
    )
    hub = GovSelectField("Hub", default="", invalid_message="Select a hub from the list")
    support_type = GovSelectField(
        "Type of support",
        choices=[("", "All types of support"), *choices_from(taxonomy.SUPPORT_TYPES)],
        default="",
        invalid_message="Select a type of support from the list",
    )
    theme = GovSelectField(
        "Theme",
        choices=[("", "All themes"), *choices_from(taxonomy.THEMES)],
        default="",
        invalid_message="Select a theme from the list",
    )
    supply_by = GovSelectField(
        "Compare supply and demand by",
        choices=[("", "Type of support"), ("theme", "Theme")],
        default="",
        invalid_message="Select type of support or theme",
    )

    def __init__(self, hubs, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hub.choices = [("", "All hubs")] + [(hub.code, hub.name) for hub in hubs]

    def validate_start(self, field):
        if field.data and field.data < EARLIEST:
            raise ValidationError(f"The start date must be in {EARLIEST.year} or later")

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("The end date must be the same as or after the start date")

    def choices(self) -> dict:
        """The filters chosen, as keyword arguments for `services.filters_for`."""
        return {
            "hub_code": self.hub.data or None,
            "start": self.start.data,
            "end": self.end.data,
            "support_type": self.support_type.data or None,
            "theme": self.theme.data or None,
            "supply_by": self.supply_by.data or None,
        }


class DownloadForm(FilterForm):
    """The same filters, and whether the CSV is to be shared outside the hub."""

    share = BooleanField(false_values=("", "0", "false"))
