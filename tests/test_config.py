import pytest

from matchmaker import create_app
from matchmaker.config import ConfigurationError


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        create_app("production")


def test_production_reads_the_contract_environment_variables(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.sqlite3")
    monkeypatch.setenv("MAIL_URL", "smtp://127.0.0.1:2525")
    monkeypatch.setenv("BASE_URL", "https://matchmaker.example/")
    app = create_app("production")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///elsewhere.sqlite3"
    assert app.config["MAIL_URL"] == "smtp://127.0.0.1:2525"
    assert app.config["BASE_URL"] == "https://matchmaker.example"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_a_production_app_leaves_other_apps_security_settings_alone(client, monkeypatch):
    # Two apps in one process (here the tests' own and a production one made after it)
    # keep their own HTTPS redirect and cookie settings.
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    production = create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://")

    assert client.get("/").status_code == 200
    assert production.test_client().get("/").status_code == 302  # to https://
    assert client.application.config["SESSION_COOKIE_SECURE"] is False


def test_development_works_with_no_variables_set(monkeypatch):
    for name in ("SECRET_KEY", "DATABASE_URL", "MAIL_URL", "BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    app = create_app("development")
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/matchmaker.sqlite3")
    assert app.config["MAIL_URL"] is None
