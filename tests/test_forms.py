"""Form pieces every area shares live in matchmaker/forms.py, not in one area's forms."""

import pytest
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from markupsafe import Markup
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from matchmaker import forms
from matchmaker.partners import forms as partner_forms
from matchmaker.review import forms as review_forms
from matchmaker.survey import forms as survey_forms


def test_a_character_count_writes_its_limit_as_gov_uk_does():
    assert forms.character_count(4000, rows=8) == {
        "maxlength": 4000,
        "textareaDescriptionText": "You can enter up to 4,000 characters",
        "rows": 8,
    }
    assert forms.character_count(999)["textareaDescriptionText"] == (
        "You can enter up to 999 characters"
    )


def test_every_area_counts_characters_with_the_shared_helper():
    for area in (survey_forms, review_forms, partner_forms):
        assert area.character_count is forms.character_count, area.__name__


class _Fields(forms.BaseForm):
    colour = forms.GovRadioField(
        "Colour", choices=[("red", "Red"), ("green", "Green")], invalid_message="Pick a colour"
    )
    sizes = forms.GovCheckboxesField("Sizes", choices=[("s", "Small"), ("l", "Large")])
    name = StringField(
        "Name", widget=forms.SharedTextInput(), validators=[Length(max=5, message="Too long")]
    )
    story = TextAreaField("Story", widget=forms.SharedCharacterCount())
    agree = BooleanField("I agree", widget=forms.SharedCheckboxInput())
    submit = SubmitField("Continue", widget=forms.SharedSubmitInput())


PLAIN = {
    "colour": GovRadioInput,
    "sizes": GovCheckboxesInput,
    "name": GovTextInput,
    "story": GovCharacterCount,
    "agree": GovCheckboxInput,
    "submit": GovSubmitInput,
}


@pytest.mark.parametrize(
    ("sent", "typed"),
    [
        (None, set()),
        ({"colour": "red", "agree": "y", "submit": "y"}, set()),
        ({"colour": "blue", "sizes": ["s", "l"], "name": "Sam"}, {"name"}),
        (
            {"sizes": ["x"], "name": "Samantha", "story": "Once", "agree": "yes"},
            {"name", "story", "agree"},
        ),
        ({"submit": "Continue"}, {"submit"}),
    ],
    ids=["fresh", "chosen", "wrong colour", "typed", "button value sent"],
)
def test_gov_uk_fields_render_as_govuk_frontend_wtf_and_share_only_the_service_s_words(
    app, sent, typed
):
    with app.test_request_context(method="POST" if sent else "GET", data=sent):
        form = _Fields(meta={"csrf": False})
        if sent:
            form.validate()
        for field in form:
            params = {"classes": "app-field"}
            shown = field(params=dict(params))
            assert str(shown) == str(PLAIN[field.name]()(field, params=dict(params))), field.name
            # The same state again: the markup made before, unless it shows what was typed.
            assert (field(params=dict(params)) is shown) is (field.name not in typed), field.name


def test_shared_markup_is_kept_for_exactly_the_parameters_it_was_made_from():
    frozen = forms._frozen
    assert frozen({"text": Markup("<b>a</b>")}) != frozen({"text": "<b>a</b>"})
    assert frozen({"checked": True}) != frozen({"checked": 1})
    assert frozen({"a": 1, "b": 2}) != frozen({"b": 2, "a": 1})
    assert frozen({"items": [{"text": "a"}]}) == frozen({"items": [{"text": "a"}]})
    assert frozen({"when": object()}) is None  # anything else: rendered afresh every time
