from matchmaker.survey.journey import CHECK_ANSWERS, Journey, support_type_of

from .conftest import ANSWERS, STEPS


def answered(*steps: str) -> Journey:
    journey = Journey()
    for step in steps:
        journey = journey.with_page(step, ANSWERS[step], valid=True)
    return journey


def test_a_new_journey_starts_with_your_details_and_shows_nothing_further():
    journey = Journey.from_json(None)
    assert journey.next_step == "your-details"
    assert journey.can_show("your-details") and not journey.can_show("business")
    assert journey.previous("your-details") is None


def test_one_describe_page_per_kind_of_help_in_the_contracts_order():
    journey = answered(*STEPS[:7]).with_page(
        "help", {"support_types": ["workspace", "skills"]}, valid=True
    )
    assert journey.steps[-3:] == ["help/skills", "help/workspace", "consent"]
    assert journey.next_step == "help/skills"
    assert support_type_of("help/workspace") == "workspace"
    assert support_type_of("help/cheese") is None and support_type_of("region") is None


def test_answers_that_failed_validation_are_kept_but_the_page_is_not_complete():
    journey = answered("your-details").with_page("business", {"name": "x" * 5000}, valid=False)
    assert journey.answers_for("business") == {"name": "x" * 5000}
    assert journey.next_step == "business"
    assert not journey.can_show("region")


def test_once_everything_is_answered_change_links_come_back_to_check_answers():
    journey = answered(*STEPS)
    assert journey.is_complete and journey.next_step == CHECK_ANSWERS
    assert journey.previous("sector") == CHECK_ANSWERS
    changed = journey.with_page("sector", {"sector": "C"}, valid=True)
    assert changed.next_step == CHECK_ANSWERS


def test_choosing_another_kind_of_help_asks_to_describe_it_before_check_answers():
    journey = answered(*STEPS).with_page(
        "help", {"support_types": ["skills", "funding", "mentoring"]}, valid=True
    )
    assert journey.next_step == "help/mentoring"


def test_the_postcode_pre_selects_the_region_until_the_business_changes_it():
    journey = answered("your-details", "business")
    assert journey.suggested_region == "north-east"
    assert journey.answers_for("region") == {"region": "north-east"}
    assert "region" not in journey.complete  # pre-selected, still to be confirmed

    chosen = journey.with_page("region", {"region": "scotland"}, valid=True)
    same_area = chosen.with_page(
        "business", {"name": "New name", "postcode": "NE2 1AA"}, valid=True
    )
    assert same_area.answers_for("region") == {"region": "scotland"}  # their choice stands
    assert same_area.next_step == "sector"


def test_a_postcode_in_another_region_asks_for_the_region_again():
    journey = answered(*STEPS).with_page(
        "business", {"name": "Tyne Bakery", "postcode": "M1 1AE"}, valid=True
    )
    assert journey.next_step == "region"
    assert journey.answers_for("region") == {"region": "north-west"}
    assert journey.suggested_region == "north-west"


def test_a_postcode_without_a_region_does_not_keep_the_old_postcodes_suggestion():
    journey = answered(*STEPS).with_page(
        "business", {"name": "Tyne Bakery", "postcode": "JE2 3AB"}, valid=True
    )
    assert journey.suggested_region is None
    assert journey.next_step == "region"  # North East only ever came from the old postcode
    assert journey.answers_for("region") == {"region": "north-east"}

    chosen = answered(*STEPS).with_page("region", {"region": "scotland"}, valid=True)
    moved = chosen.with_page("business", {"name": "Tyne Bakery", "postcode": "JE2 3AB"}, valid=True)
    assert moved.suggested_region is None
    assert moved.next_step == CHECK_ANSWERS  # a region they chose themselves stands


def test_the_journey_round_trips_through_json():
    journey = answered(*STEPS)
    assert Journey.from_json(journey.to_json()) == journey
    assert journey.email == "sam@tyne-bakery.example"
    assert [need.support_type for need in journey.needs()] == ["skills", "funding"]
    assert journey.needs()[0].themes == ["digital-skills"]


def test_a_kind_of_help_added_from_check_answers_goes_back_to_the_help_page():
    journey = answered(*STEPS).with_page(
        "help", {"support_types": ["skills", "funding", "mentoring", "workspace"]}, valid=True
    )
    assert journey.previous("help/mentoring") == "help"  # not help/funding
    described = journey.with_page("help/mentoring", {"description": "A mentor"}, valid=True)
    assert described.previous("help/workspace") == "help"
    done = described.with_page("help/workspace", {"description": "A workshop"}, valid=True)
    assert done.previous("help/workspace") == CHECK_ANSWERS


def test_on_the_first_pass_the_describe_pages_go_back_one_page():
    journey = answered(*STEPS[:7]).with_page(
        "help", {"support_types": ["skills", "funding"]}, valid=True
    )
    assert journey.previous("help/skills") == "help"
    described = journey.with_page("help/skills", ANSWERS["help/skills"], valid=True)
    assert described.previous("help/funding") == "help/skills"
