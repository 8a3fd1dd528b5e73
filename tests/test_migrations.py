"""The Alembic history builds the same schema as the models, and unwinds to nothing."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from matchmaker import create_app
from matchmaker.extensions import db

from .conftest import fresh_database_url


@pytest.fixture
def empty_database(tmp_path_factory, worker_id):
    with fresh_database_url(tmp_path_factory, f"matchmaker_migrations_{worker_id}") as url:
        yield url


def test_upgrade_from_empty_matches_the_models_and_downgrade_removes_everything(empty_database):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=empty_database)
    engine = create_engine(empty_database)
    with app.app_context():
        upgrade()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        assert "matches" in inspect(engine).get_table_names()

        downgrade(revision="base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

        upgrade()  # and the history can be replayed
        assert "offers" in inspect(engine).get_table_names()
        db.engine.dispose()
    engine.dispose()


def test_the_database_refuses_codes_outside_the_contract(app, make):
    from sqlalchemy.exc import IntegrityError

    offer = make.offer()
    for column, value in (
        ("support_type", "cash"),
        ("capacity", 0),
        ("delivery_mode", "by-pigeon"),
    ):
        setattr(offer, column, value)
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    need = make.need()
    need.themes = ["not-a-theme"]
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_need_offer_pair_is_matched_at_most_once(app, make):
    from sqlalchemy.exc import IntegrityError

    from matchmaker.models import Match

    need, offer = make.need(), make.offer()
    db.session.add(Match(need=need, offer=offer, score=0.5, model_version="v1"))
    db.session.commit()
    db.session.add(Match(need=need, offer=offer, score=0.4, model_version="v1"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_database_with_offers_in_it_upgrades_and_downgrades(empty_database):
    """On SQLite, adding offers.revision copies the offers table, which other tables'
    rows point at: a database in use must still upgrade, and go back, every row kept."""
    app = create_app("test", SQLALCHEMY_DATABASE_URI=empty_database)
    engine = create_engine(empty_database)
    with app.app_context():
        upgrade(revision="0008")
        with engine.begin() as connection:
            for statement in (
                "INSERT INTO organisations (id, name, status) VALUES (1, 'Acme', 'approved')",
                "INSERT INTO offers (id, ref, organisation_id, contact_email, title, support_type,"
                " description, capacity, status) VALUES (1, 'O1', 1, 'o@example.com', 'Offer',"
                " 'skills', 'Help.', 3, 'active')",
                "INSERT INTO offer_criteria (offer_id, kind, code) VALUES (1, 'region', 'uk')",
            ):
                connection.exec_driver_sql(statement)
        upgrade()
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT revision FROM offers").all() == [(0,)]
            assert connection.exec_driver_sql("SELECT count(*) FROM offer_criteria").scalar() == 1
        downgrade(revision="0007")
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM offer_criteria").scalar() == 1
        db.engine.dispose()
    engine.dispose()
