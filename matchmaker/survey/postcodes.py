"""UK postcodes: check the format, write them the standard way, and guess the region.

The region comes from the postcode area (the leading letters: NE, B, SW, ...) through
`postcode_areas.csv`. An area that straddles a border (CH, SY, TD, ...) maps to the region
where most of it lies, which is why the survey only pre-selects the region and always
lets the business change it. Crown dependencies (GY, JE, IM) have postcodes but no region.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from pathlib import Path

AREAS_FILE = Path(__file__).with_name("postcode_areas.csv")

# Outward code (area letters, district digit, optional digit or letter), then the inward
# code (a digit and two letters that are never C, I, K, M, O or V).
_POSTCODE = re.compile(r"^([A-Z]{1,2})[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}$")


@functools.cache
def postcode_areas() -> dict[str, str | None]:
    """Every postcode area, mapped to its region code (None outside the UK regions)."""
    with AREAS_FILE.open(newline="", encoding="utf-8") as file:
        return {row["area"]: row["region"] or None for row in csv.DictReader(file)}


def normalise_postcode(value: str | None) -> str | None:
    """'ne14st' -> 'NE1 4ST'; anything that is not a postcode is returned as typed.

    Spaces and punctuation do not matter ('NE1-4ST', 'ne1 4st.'), nor do the wide letters
    and digits some phone keyboards type for Chinese or Japanese (U+FF2E 'FULLWIDTH N'...).
    """
    if not value:
        return value
    compact = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", value)).upper()
    formatted = f"{compact[:-3]} {compact[-3:]}"
    return formatted if _POSTCODE.match(formatted) else value.strip()


def postcode_area(postcode: str) -> str | None:
    """The area of a normalised postcode, if it has the UK format and a known area."""
    match = _POSTCODE.match(postcode or "")
    if match is None or match.group(1) not in postcode_areas():
        return None
    return match.group(1)


def is_real_postcode(postcode: str) -> bool:
    return postcode_area(postcode) is not None


def region_for_postcode(postcode: str) -> str | None:
    area = postcode_area(postcode)
    return postcode_areas()[area] if area else None
