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
