"""Import needs.csv and offers.csv (the data contract): all or nothing, updated by ref.

Every row is checked before anything is stored; if any row is bad the caller gets the
full list of problems (line, column, reason) and the database is left untouched.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import lazyload

from . import taxonomy
from .extensions import db
from .matchmaking import offers_changed
from .models import (
    Business,
    Hub,
    Need,
    NeedStatus,
    NeedTheme,
    Offer,
    OfferCriterion,
    OfferStatus,
    Organisation,
    OrganisationStatus,
)

MAX_DESCRIPTION = 4000
MAX_TITLE = 200
MAX_REF = 64
MAX_NAME = 200
# Big enough to read (and then reject with a clear message) a pasted 10 MB description.
csv.field_size_limit(64 * 1024 * 1024)

NEED_COLUMNS = [
    "need_ref", "sme_ref", "sme_name", "contact_name", "contact_email", "region", "sector",
    "size", "stage", "support_type", "themes", "description",
]  # fmt: skip
OFFER_COLUMNS = [
    "offer_ref", "organisation", "contact_email", "title", "support_type", "themes",
    "description", "regions", "sectors", "sizes", "stages", "capacity",
]  # fmt: skip
OPTIONAL_COLUMNS = {"themes"}
# offers.csv list columns -> the kind of offer criterion they hold
CRITERION_COLUMNS = {
    "theme": "themes",
    "region": "regions",
    "sector": "sectors",
    "size": "sizes",
    "stage": "stages",
}


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return (
            f"{where}, {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"
        )


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class RowChecker:
    """Collects the problems of one row; each check returns the cleaned value."""

    def __init__(self, line: int, row: dict[str, str | None], problems: list[Problem]):
        self.line, self.row, self.problems = line, row, problems

    def fail(self, column: str, reason: str) -> None:
        self.problems.append(Problem(self.line, column, reason))

    def text(self, column: str, max_length: int, *, required: bool = True) -> str:
        value = (self.row.get(column) or "").strip()
        if required and not value:
            self.fail(column, "is empty; enter a value")
        elif len(value) > max_length:
            self.fail(
                column, f"is {len(value):,} characters long; the most allowed is {max_length:,}"
            )
        return value

    def email(self, column: str) -> str:
        value = self.text(column, 254)
        if value:
            try:
                return validate_email(value, check_deliverability=False).normalized.lower()
            except EmailNotValidError:
                self.fail(
                    column, f"'{_clip(value)}' is not a valid email address, like name@example.com"
                )
        return value

    def code(self, column: str, allowed: Iterable[str]) -> str:
        allowed = list(allowed)
        value = (self.row.get(column) or "").strip()
        if value not in allowed:
            self.fail(column, _unknown(value, allowed))
        return value

    def codes(
        self,
        column: str,
        allowed: Iterable[str],
        *,
        any_code: str | None = None,
        required: bool = True,
    ) -> list[str]:
        allowed = list(allowed)
        values = taxonomy.split_codes(self.row.get(column))
        if not values:
            if required:
                self.fail(column, "is empty; enter one or more codes separated by ;")
            return []
        if any_code and any_code in values:
            if len(values) > 1:
                self.fail(column, f"'{any_code}' means all, so list no other codes with it")
            return [any_code]
        for value in values:
            if value not in allowed:
                self.fail(column, _unknown(value, allowed))
        return list(dict.fromkeys(values))

    def whole_number(self, column: str, minimum: int, maximum: int) -> int:
        value = (self.row.get(column) or "").strip()
        if not value.isdigit() or not minimum <= int(value) <= maximum:
            self.fail(
                column, f"'{_clip(value)}' is not a whole number from {minimum} to {maximum:,}"
            )
            return minimum
        return int(value)


def _clip(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def _unknown(value: str, allowed: list[str]) -> str:
    if not value:
        return "is empty; enter a code"
    shown = ", ".join(allowed) if len(allowed) <= 14 else ", ".join(allowed[:14]) + ", …"
    return f"'{_clip(value)}' is not a known code; use one of {shown}"


def _read_rows(data: bytes, columns: list[str], result: ImportResult):
    """Decode and parse the CSV, yielding (line, row); header problems go in `result`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        result.problems.append(
            Problem(line, "", "the file is not UTF-8 text; save it as 'CSV UTF-8' and try again")
        )
        return
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [name for name in columns if name not in header and name not in OPTIONAL_COLUMNS]
    if missing:
        result.problems.append(Problem(1, "", f"missing column(s): {', '.join(missing)}"))
        return
    result.ignored_columns = [name for name in header if name not in columns]
    try:
        for row in reader:
            if None in row:
                result.problems.append(
                    Problem(reader.line_num, "", "has more values than the header has columns")
                )
                continue
            if not any((value or "").strip() for value in row.values()):
                continue  # a blank line, harmless
            yield reader.line_num, row
    except csv.Error as error:
        result.problems.append(Problem(reader.line_num, "", f"is not valid CSV ({error})"))


def _unique(checker: RowChecker, column: str, value: str, seen: dict[str, int]) -> None:
    if value in seen:
        checker.fail(
            column, f"'{_clip(value)}' is also used on line {seen[value]}; refs must be unique"
        )
    elif value:
        seen[value] = checker.line


def ensure_default_hubs() -> dict[str, Hub]:
    """One hub per region unless admins have set them up; returns hubs by region."""
    hubs = {hub.region: hub for hub in db.session.scalars(select(Hub)) if hub.region}
    for code, name in taxonomy.REGIONS.items():
        if code not in hubs:
            hubs[code] = Hub(code=code, name=f"{name} Growth Hub", region=code)
            db.session.add(hubs[code])
    return hubs


def import_needs(data: bytes) -> ImportResult:
    result = ImportResult()
    rows: list[tuple[RowChecker, dict]] = []
    seen_needs: dict[str, int] = {}
    for line, row in _read_rows(data, NEED_COLUMNS, result):
        check = RowChecker(line, row, result.problems)
        cleaned = {
            "need_ref": check.text("need_ref", MAX_REF),
            "sme_ref": check.text("sme_ref", MAX_REF),
            "sme_name": check.text("sme_name", MAX_NAME),
            "contact_name": check.text("contact_name", MAX_NAME),
            "contact_email": check.email("contact_email"),
            "region": check.code("region", taxonomy.REGIONS),
            "sector": check.code("sector", taxonomy.SECTORS),
            "size": check.code("size", taxonomy.SIZES),
            "stage": check.code("stage", taxonomy.STAGES),
            "support_type": check.code("support_type", taxonomy.SUPPORT_TYPES),
            "themes": check.codes("themes", taxonomy.THEMES, required=False),
            "description": check.text("description", MAX_DESCRIPTION),
        }
        _unique(check, "need_ref", cleaned["need_ref"], seen_needs)
        rows.append((check, cleaned))
    if result.problems:
        return result

    hubs = ensure_default_hubs()
    businesses = _existing(Business, {row["sme_ref"] for _, row in rows})
    needs = _existing(Need, {row["need_ref"] for _, row in rows}, lazyload(Need.theme_rows))
    for _, row in rows:
        business = businesses.get(row["sme_ref"])
        if business is None:
            business = businesses[row["sme_ref"]] = Business(ref=row["sme_ref"])
            db.session.add(business)
        business.name = row["sme_name"]
        business.contact_name = row["contact_name"]
        business.contact_email = row["contact_email"]
        business.region, business.sector = row["region"], row["sector"]
        business.size, business.stage = row["size"], row["stage"]
        if business.hub_id is None and business.hub is None:
            business.hub = hubs[row["region"]]
        need = needs.get(row["need_ref"])
        if need is None:
            need = needs[row["need_ref"]] = Need(ref=row["need_ref"], status=NeedStatus.OPEN)
            db.session.add(need)
            result.created += 1
        else:
            result.updated += 1
        need.business = business
        need.support_type = row["support_type"]
        need.description = row["description"]
    db.session.flush()
    _rewrite_children(
        NeedTheme.need_id,
        [needs[row["need_ref"]].id for _, row in rows],
        [
            {"need_id": needs[row["need_ref"]].id, "theme": theme}
            for _, row in rows
            for theme in row["themes"]
        ],
    )
    for need in needs.values():
        db.session.expire(need, ["theme_rows"])
    return result


def import_offers(data: bytes) -> ImportResult:
    result = ImportResult()
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for line, row in _read_rows(data, OFFER_COLUMNS, result):
        check = RowChecker(line, row, result.problems)
        cleaned = {
            "offer_ref": check.text("offer_ref", MAX_REF),
            "organisation": check.text("organisation", MAX_NAME),
            "contact_email": check.email("contact_email"),
            "title": check.text("title", MAX_TITLE),
            "support_type": check.code("support_type", taxonomy.SUPPORT_TYPES),
            "themes": check.codes("themes", taxonomy.THEMES, required=False),
            "description": check.text("description", MAX_DESCRIPTION),
            "regions": check.codes("regions", taxonomy.REGIONS, any_code=taxonomy.UK_WIDE),
            "sectors": check.codes("sectors", taxonomy.SECTORS, any_code=taxonomy.ALL),
            "sizes": check.codes("sizes", taxonomy.SIZES, any_code=taxonomy.ALL),
            "stages": check.codes("stages", taxonomy.STAGES, any_code=taxonomy.ALL),
            "capacity": check.whole_number("capacity", 1, 100_000),
        }
        _unique(check, "offer_ref", cleaned["offer_ref"], seen)
        rows.append(cleaned)
    if result.problems:
        return result

    organisations = {
        org.name: org
        for org in db.session.scalars(
            select(Organisation).where(Organisation.name.in_({row["organisation"] for row in rows}))
        )
    }
    offers = _existing(Offer, {row["offer_ref"] for row in rows}, lazyload(Offer.criteria))
    for row in rows:
        organisation = organisations.get(row["organisation"])
        if organisation is None:
            # A hub importing its partners' offers vouches for the organisation.
            organisation = organisations[row["organisation"]] = Organisation(
                name=row["organisation"],
                contact_email=row["contact_email"],
                status=OrganisationStatus.APPROVED,
            )
            db.session.add(organisation)
        offer = offers.get(row["offer_ref"])
        if offer is None:
            offer = offers[row["offer_ref"]] = Offer(
                ref=row["offer_ref"], status=OfferStatus.ACTIVE
            )
            db.session.add(offer)
            result.created += 1
        else:
            result.updated += 1
        offer.organisation = organisation
        offer.contact_email = row["contact_email"]
        offer.title = row["title"]
        offer.support_type = row["support_type"]
        offer.description = row["description"]
        offer.capacity = row["capacity"]
    offers_changed([offers[row["offer_ref"]] for row in rows])
    db.session.flush()
    _replace_criteria(offers, rows)
    return result


def _replace_criteria(offers: dict[str, Offer], rows: list[dict]) -> None:
    _rewrite_children(
        OfferCriterion.offer_id,
        [offers[row["offer_ref"]].id for row in rows],
        [
            {"offer_id": offers[row["offer_ref"]].id, "kind": kind, "code": code}
            for row in rows
            for kind, column in CRITERION_COLUMNS.items()
            for code in row[column]
        ],
    )
    for offer in offers.values():
        db.session.expire(offer, ["criteria"])


def _rewrite_children(parent_column, parent_ids: list[int], values: list[dict]) -> None:
    """Replace the child rows (themes, criteria) of many parents in bulk.

    Far faster than the ORM's object-by-object unit of work for 20,000 rows.
    """
    table = parent_column.class_
    for chunk in _chunks(parent_ids):
        db.session.execute(delete(table).where(parent_column.in_(chunk)))
    if values:
        db.session.execute(insert(table), values)


def _chunks(items: list, size: int = 5000):
    # Databases limit how many parameters one statement may bind.
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(model, refs: set[str], *options) -> dict:
    found = {}
    for chunk in _chunks(list(refs)):
        query = select(model).where(model.ref.in_(chunk)).options(*options)
        found.update((obj.ref, obj) for obj in db.session.scalars(query))
    return found


IMPORTERS: dict[str, Callable[[bytes], ImportResult]] = {
    "needs": import_needs,
    "offers": import_offers,
}
