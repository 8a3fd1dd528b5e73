"""Form pieces every area shares live in matchmaker/forms.py, not in one area's forms."""

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
