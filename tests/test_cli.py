"""The contract's commands, run through the Flask CLI."""

from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.imports import NEED_COLUMNS, OFFER_COLUMNS
from matchmaker.models import Business, Need, Offer, Role, User

from .test_imports import need_row, offer_row, to_csv


def test_import_needs_then_offers(runner, tmp_path):
    needs = tmp_path / "needs.csv"
    needs.write_bytes(to_csv(NEED_COLUMNS, [need_row(), need_row(need_ref="N2")]))
    offers = tmp_path / "offers.csv"
    offers.write_bytes(to_csv(OFFER_COLUMNS, [offer_row()]))

    result = runner.invoke(args=["import", "needs", str(needs)])
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated" in result.output
    result = runner.invoke(args=["import", "offers", str(offers)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Offer.id))) == 1


def test_a_bad_import_exits_non_zero_lists_every_problem_and_stores_nothing(runner, tmp_path):
    path = tmp_path / "needs.csv"
    path.write_bytes(
        to_csv(
            NEED_COLUMNS, [need_row(), need_row(need_ref="N2", region="mars", contact_email="x")]
        )
    )
    result = runner.invoke(args=["import", "needs", str(path)])
    assert result.exit_code == 1
    assert "Nothing was imported: 2 problem(s)" in result.output
    assert "line 3, region: 'mars' is not a known code" in result.output
    assert "line 3, contact_email: 'x' is not a valid email address" in result.output
    assert db.session.scalar(select(func.count(Need.id))) == 0
    assert db.session.scalar(select(func.count(Business.id))) == 0


def test_users_create_makes_a_coordinator_for_a_hub(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Coord@Example.com",
            "--role",
            "coordinator",
            "--hub",
            "london",
            "--password",
            "a long enough password",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.role, user.hub.region) == (
        "coord@example.com",
        Role.COORDINATOR,
        "london",
    )
    assert user.check_password("a long enough password")
    assert "a long enough password" not in user.password_hash


def test_users_create_prompts_for_the_password(runner):
    result = runner.invoke(
        args=["users", "create", "admin@example.com", "--role", "admin"],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User)).check_password("a long enough password")


def test_users_create_explains_mistakes(runner):
    no_hub = runner.invoke(
        args=["users", "create", "c@example.com", "--role", "coordinator", "--password", "x" * 12]
    )
    assert no_hub.exit_code != 0 and "A coordinator needs a hub" in no_hub.output
    bad_hub = runner.invoke(
        args=[
            "users",
            "create",
            "c@example.com",
            "--role",
            "coordinator",
            "--hub",
            "atlantis",
            "--password",
            "x" * 12,
        ]
    )
    assert bad_hub.exit_code != 0 and "no hub 'atlantis'" in bad_hub.output
    short = runner.invoke(
        args=["users", "create", "c@example.com", "--role", "admin", "--password", "short"]
    )
    assert short.exit_code != 0 and "at least 12 characters" in short.output
    runner.invoke(
        args=["users", "create", "c@example.com", "--role", "admin", "--password", "x" * 12]
    )
    again = runner.invoke(
        args=["users", "create", "C@example.com", "--role", "admin", "--password", "x" * 12]
    )
    assert again.exit_code != 0 and "already exists" in again.output
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_demo_load_is_idempotent_and_covers_every_support_type(runner):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "coordinator@demo.example" in first.output
    counts = (
        db.session.scalar(select(func.count(Offer.id))),
        db.session.scalar(select(func.count(Need.id))),
        db.session.scalar(select(func.count(Business.id))),
    )
    assert counts[0] >= 60 and counts[2] >= 200
    support_types = set(db.session.scalars(select(Need.support_type).distinct()))
    assert support_types == {
        "skills",
        "funding",
        "mentoring",
        "expertise",
        "technology",
        "market-access",
        "workspace",
    }

    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0
    assert counts == (
        db.session.scalar(select(func.count(Offer.id))),
        db.session.scalar(select(func.count(Need.id))),
        db.session.scalar(select(func.count(Business.id))),
    )
