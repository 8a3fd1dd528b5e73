from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length

from ..forms import BaseForm, email_validator

MIN_PASSWORD_LENGTH = 12


def new_password_field(label: str, missing: str) -> PasswordField:
    """A password someone chooses, with the length rule stated in the hint."""
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        description=f"At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words work well.",
        validators=[
            InputRequired(missing),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=f"Password must be between {MIN_PASSWORD_LENGTH} and 200 characters",
            ),
        ],
    )


def confirm_password_field(label: str, missing: str) -> PasswordField:
    """The same password again; the form's new password field must be called `password`."""
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        validators=[
            InputRequired(missing),
            EqualTo("password", "The passwords do not match. Enter the same password twice"),
        ],
    )


class LoginForm(BaseForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired("Enter your email address"), email_validator()],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your password")],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ForgotPasswordForm(BaseForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        description="We will send a link to reset your password to this address",
        validators=[DataRequired("Enter your email address"), email_validator()],
    )
    submit = SubmitField("Send the link", widget=GovSubmitInput())


class NewPasswordForm(BaseForm):
    password = new_password_field("New password", "Enter a new password")
    confirm = confirm_password_field("Confirm new password", "Enter the new password again")
    submit = SubmitField("Save password", widget=GovSubmitInput())


class FirstPasswordForm(NewPasswordForm):
    """The same, for someone invited to an account who has never had a password."""

    password = new_password_field("Create a password", "Enter a password")
    confirm = confirm_password_field("Confirm your password", "Enter the password again")
