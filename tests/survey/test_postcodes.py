import pytest

from matchmaker import taxonomy
from matchmaker.survey.postcodes import (
    is_real_postcode,
    normalise_postcode,
    postcode_areas,
    region_for_postcode,
)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("ne14st", "NE1 4ST"),
        ("NE1 4ST", "NE1 4ST"),
        ("  sw1a   1aa ", "SW1A 1AA"),
        ("m11ae", "M1 1AE"),
        ("b 3 3 2 p x", "B33 2PX"),
        ("ec1a1bb", "EC1A 1BB"),
        ("NE1-4ST", "NE1 4ST"),
        ("ne1 4st.", "NE1 4ST"),
        ("(NE1 4ST),", "NE1 4ST"),
        ("NE1\u00a04ST", "NE1 4ST"),
        ("\uff2e\uff25\uff11 \uff14\uff33\uff34", "NE1 4ST"),  # full-width, from a CJK keyboard
        ("not a postcode", "not a postcode"),
        ("QQ1 1AA", "QQ1 1AA"),
        ("", ""),
    ],
)
def test_postcodes_are_written_the_standard_way(typed, normalised):
    assert normalise_postcode(typed) == normalised


@pytest.mark.parametrize(
    ("postcode", "region"),
    [
        ("NE1 4ST", "north-east"),
        ("SR1 1AA", "north-east"),
        ("M1 1AE", "north-west"),
        ("LS1 4AP", "yorkshire-humber"),
        ("NG1 5FS", "east-midlands"),
        ("B33 2PX", "west-midlands"),
        ("CB2 1TN", "east"),
        ("SW1A 1AA", "london"),
        ("EC1A 1BB", "london"),
        ("OX1 2JD", "south-east"),
        ("EX4 4QJ", "south-west"),
        ("CF10 1EP", "wales"),
        ("EH1 1YZ", "scotland"),
        ("BT1 5GS", "northern-ireland"),
        ("JE2 3AB", None),  # Jersey: a real postcode, but no UK region to pre-select
    ],
)
def test_the_region_comes_from_the_postcode_area(postcode, region):
    assert is_real_postcode(postcode)
    assert region_for_postcode(postcode) == region


@pytest.mark.parametrize(
    "postcode",
    ["", "NE1", "12345", "NE1 4S", "NE14 4STT", "QQ1 1AA", "NE1 4CI", "1NE 4ST", "NE1 4ST X"],
)
def test_made_up_postcodes_are_not_real(postcode):
    assert not is_real_postcode(postcode)
    assert region_for_postcode(postcode) is None


def test_every_uk_postcode_area_is_in_the_table_with_a_contract_region():
    areas = postcode_areas()
    assert len(areas) == 124  # 121 UK areas, plus Guernsey, Jersey and the Isle of Man
    assert {region for region in areas.values() if region} == set(taxonomy.REGIONS)
    assert [area for area, region in areas.items() if region is None] == ["GY", "JE", "IM"]
