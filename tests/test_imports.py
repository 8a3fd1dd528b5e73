"""needs.csv and offers.csv imports: all or nothing, updated by ref, every bad row reported."""

import csv
import io

import pytest
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.imports import NEED_COLUMNS, OFFER_COLUMNS, import_needs, import_offers
from matchmaker.matchmaking import ModelCache, claim_changed_offers, rebuild_all
from matchmaker.models import Business, Need, Offer, Organisation


def to_csv(columns, rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def need_row(**fields):
    row = {
        "need_ref": "N1", "sme_ref": "S1", "sme_name": "Amber Bakery", "contact_name": "Aisha Khan",
        "contact_email": "aisha@amber.example", "region": "north-east", "sector": "I",
        "size": "micro", "stage": "established", "support_type": "technology",
        "themes": "digital-adoption;marketing-sales",
        "description": "Customers want to order cakes online but we only take phone orders.",
    }  # fmt: skip
    return row | fields


def offer_row(**fields):
    row = {
        "offer_ref": "O1", "organisation": "Northwind Cloud", "contact_email": "smes@northwind.example",
        "title": "E-commerce adoption programme", "support_type": "technology",
        "themes": "digital-adoption", "description": "A year of our online shop platform, set up with you.",
        "regions": "north-east;yorkshire-humber", "sectors": "all", "sizes": "micro;small",
        "stages": "all", "capacity": "10",
    }  # fmt: skip
    return row | fields


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_needs_import_groups_rows_by_business_and_updates_by_ref(app):
    data = to_csv(
        NEED_COLUMNS, [need_row(), need_row(need_ref="N2", support_type="skills", themes="")]
    )
    result = import_needs(data)
    db.session.commit()
    assert (result.created, result.updated, result.problems) == (2, 0, [])
    assert count(Business) == 1 and count(Need) == 2
    need = db.session.scalar(select(Need).where(Need.ref == "N1"))
    assert need.themes == ["digital-adoption", "marketing-sales"]
    assert need.business.hub.region == "north-east"

    again = import_needs(
        to_csv(NEED_COLUMNS, [need_row(description="Now we need a website.", themes="")])
    )
    db.session.commit()
    assert (again.created, again.updated) == (0, 1)
    assert count(Need) == 2
    db.session.refresh(need)
    assert need.description == "Now we need a website."
    assert need.themes == []


def test_offers_import_creates_organisations_and_criteria_and_updates_by_ref(app):
    result = import_offers(
        to_csv(OFFER_COLUMNS, [offer_row(), offer_row(offer_ref="O2", regions="uk")])
    )
    db.session.commit()
    assert result.ok and result.created == 2
    assert count(Organisation) == 1
    offer = db.session.scalar(select(Offer).where(Offer.ref == "O1"))
    assert offer.regions == ["north-east", "yorkshire-humber"]
    assert offer.sizes == ["micro", "small"]
    assert offer.sectors == ["all"]

    import_offers(to_csv(OFFER_COLUMNS, [offer_row(capacity="3", regions="london")]))
    db.session.commit()
    db.session.refresh(offer)
    assert (offer.capacity, offer.regions, count(Offer)) == (3, ["london"], 2)


@pytest.mark.parametrize(
    ("fields", "column", "reason"),
    [
        ({"region": "narnia"}, "region", "'narnia' is not a known code"),
        ({"sector": "c"}, "sector", "'c' is not a known code"),
        ({"size": "huge"}, "size", "'huge' is not a known code"),
        ({"stage": ""}, "stage", "is empty"),
        ({"support_type": "cash"}, "support_type", "'cash' is not a known code"),
        ({"themes": "digital-adoption;vibes"}, "themes", "'vibes' is not a known code"),
        ({"contact_email": "not-an-email"}, "contact_email", "is not a valid email address"),
        ({"description": ""}, "description", "is empty"),
        (
            {"description": "x" * 4001},
            "description",
            "4,001 characters long; the most allowed is 4,000",
        ),
        ({"sme_name": " "}, "sme_name", "is empty"),
    ],
)
def test_a_bad_need_row_is_reported_and_nothing_is_stored(app, fields, column, reason):
    data = to_csv(NEED_COLUMNS, [need_row(need_ref="GOOD"), need_row(need_ref="BAD", **fields)])
    result = import_needs(data)
    assert [(p.line, p.column) for p in result.problems] == [(3, column)]
    assert reason in result.problems[0].reason
    db.session.rollback()
    assert count(Need) == 0 and count(Business) == 0


@pytest.mark.parametrize(
    ("fields", "column", "reason"),
    [
        ({"capacity": "0"}, "capacity", "not a whole number from 1"),
        ({"capacity": "-3"}, "capacity", "not a whole number from 1"),
        ({"capacity": "2.5"}, "capacity", "not a whole number from 1"),
        ({"regions": "uk;london"}, "regions", "means all, so list no other codes"),
        ({"regions": ""}, "regions", "is empty"),
        ({"sectors": "C;ZZ"}, "sectors", "'ZZ' is not a known code"),
        ({"title": "t" * 201}, "title", "201 characters long"),
    ],
)
def test_a_bad_offer_row_is_reported_and_nothing_is_stored(app, fields, column, reason):
    result = import_offers(to_csv(OFFER_COLUMNS, [offer_row(**fields)]))
    assert [(p.line, p.column) for p in result.problems] == [(2, column)]
    assert reason in result.problems[0].reason
    db.session.rollback()
    assert count(Offer) == 0 and count(Organisation) == 0


def test_every_bad_row_is_reported_not_just_the_first(app):
    rows = [need_row(need_ref=f"N{i}", region="nowhere") for i in range(5)]
    rows.append(need_row(need_ref="N1"))
    result = import_needs(to_csv(NEED_COLUMNS, rows))
    lines = sorted({p.line for p in result.problems})
    assert lines == [2, 3, 4, 5, 6, 7]
    assert "also used on line 3" in str(result.problems[-1])


def test_missing_columns_are_named(app):
    columns = [c for c in NEED_COLUMNS if c not in ("region", "description")]
    result = import_needs(to_csv(columns, [{c: need_row()[c] for c in columns}]))
    assert [str(p) for p in result.problems] == ["line 1: missing column(s): region, description"]


def test_extra_columns_and_a_byte_order_mark_are_harmless(app):
    data = to_csv([*NEED_COLUMNS, "notes"], [need_row(notes="called twice")])
    result = import_needs("\ufeff".encode() + data)
    assert result.ok and result.ignored_columns == ["notes"]


def test_a_file_that_is_not_utf8_says_how_to_fix_it(app):
    data = to_csv(NEED_COLUMNS, [need_row(sme_name="Café Zoë")]).decode().encode("cp1252")
    result = import_needs(data)
    assert [str(p) for p in result.problems] == [
        "line 2: the file is not UTF-8 text; save it as 'CSV UTF-8' and try again"
    ]


def test_a_ten_megabyte_description_is_rejected_clearly(app):
    result = import_needs(to_csv(NEED_COLUMNS, [need_row(description="a" * 10 * 1024 * 1024)]))
    assert result.problems[0].column == "description"
    assert "10,485,760 characters long" in result.problems[0].reason


def test_hostile_text_is_stored_as_text(app):
    description = "<script>alert(1)</script>'; DROP TABLE needs; -- 🚀 مرحبا"
    result = import_needs(
        to_csv(NEED_COLUMNS, [need_row(description=description, sme_name="Zoë's 🍰")])
    )
    db.session.commit()
    assert result.ok
    assert db.session.scalar(select(Need.description)) == description


def test_an_offer_whose_criteria_alone_change_on_import_is_taken_in_and_ranked_again(app):
    import_offers(to_csv(OFFER_COLUMNS, [offer_row()]))
    db.session.commit()
    rebuild_all()
    db.session.commit()
    running_process = ModelCache()
    running_process.current()
    assert claim_changed_offers(10) == []

    import_offers(to_csv(OFFER_COLUMNS, [offer_row(regions="london")]))
    db.session.commit()
    _, index = running_process.current()
    assert [offer.regions for offer in index.offers] == [{"london"}]
    assert claim_changed_offers(10) == [index.offers[0].id]  # the worker ranks it again
