from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import EmailField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..forms import (
    BaseForm,
    GovRadioField,
    GovSelectField,
    email_field,
    email_validator,
    required_text,
)
from ..models import Role


def _hub_field() -> GovSelectField:
    return GovSelectField(
        "Hub",
        description="Coordinators see only this hub's businesses",
        coerce=str,
        default="",
        invalid_message="Select a hub from the list",
    )


class _StaffForm(BaseForm):
    """A form with the hub a coordinator works for (subclasses place the `hub` field and
    say, in `for_coordinator`, whether the account is a coordinator's)."""

    def __init__(self, hubs, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hub.choices = [("", "Choose a hub")] + [(str(hub.id), hub.name) for hub in hubs]

    def validate_hub(self, field):
        if self.for_coordinator() and not field.data:
            raise ValidationError("Select the hub this coordinator works for")


class NewStaffUserForm(_StaffForm):
    """An admin creates a coordinator (for one hub) or another admin."""

    name = required_text("Full name", "Enter the person's full name", 120)
    email = email_field(
        "Work email address",
        "Enter their work email address",
        description="We will send a link to this address so they can choose a password",
    )
    role = GovRadioField(
        "Role",
        choices=[
            (Role.COORDINATOR.value, "Hub coordinator: reviews matches for one hub"),
            (Role.ADMIN.value, "Network admin: manages hubs, users and partners"),
        ],
        validators=[InputRequired("Select a role")],
        invalid_message="Select a role",
    )
    hub = _hub_field()
    submit = SubmitField("Create account", widget=GovSubmitInput())

    def for_coordinator(self) -> bool:
        return self.role.data == Role.COORDINATOR


class EditStaffUserForm(_StaffForm):
    """An admin moves a coordinator to another hub, or stops an account signing in."""

    hub = _hub_field()
    active = GovRadioField(
        "Can this person sign in?",
        choices=[("yes", "Yes"), ("no", "No, deactivate the account")],
        validators=[InputRequired("Select whether this person can sign in")],
        invalid_message="Select whether this person can sign in",
    )
    submit = SubmitField("Save changes", widget=GovSubmitInput())

    def __init__(self, user, hubs, *args, **kwargs):
        super().__init__(hubs, *args, **kwargs)
        self.user = user

    def for_coordinator(self) -> bool:
        return self.user.role == Role.COORDINATOR


class HubForm(BaseForm):
    name = required_text("Hub name", "Enter the hub's name", 120)
    contact_email = EmailField(
        "Contact email address (optional)",
        widget=GovTextInput(),
        description="Shown to businesses and partners who need to reach the hub",
        validators=[
            Optional(),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            email_validator(),
        ],
    )
    submit = SubmitField("Save hub", widget=GovSubmitInput())
