"""Command-line interface: the contract's commands plus demo data and the worker."""

from __future__ import annotations

import logging
import sys
import time
from datetime import timedelta
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import select

from .extensions import db

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    for command in (import_group, matches_group, users_group, demo_group, worker):
        app.cli.add_command(command)


@click.group("import")
def import_group() -> None:
    """Load needs.csv or offers.csv (all or nothing, updated by ref)."""


def _run_import(kind: str, file: Path) -> None:
    from .imports import IMPORTERS

    started = time.perf_counter()
    result = IMPORTERS[kind](file.read_bytes())
    if not result.ok:
        db.session.rollback()
        click.echo(f"Nothing was imported: {len(result.problems)} problem(s) in {file}:", err=True)
        for problem in result.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    db.session.commit()
    if result.ignored_columns:
        click.echo(f"Ignored extra column(s): {', '.join(result.ignored_columns)}")
    click.echo(
        f"Imported {kind} from {file}: {result.created} created, {result.updated} updated "
        f"in {time.perf_counter() - started:.1f} s."
    )


@import_group.command("needs")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_needs_command(file: Path) -> None:
    """Load needs.csv; an existing need_ref is updated, not duplicated."""
    _run_import("needs", file)


@import_group.command("offers")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_offers_command(file: Path) -> None:
    """Load offers.csv; an existing offer_ref is updated, not duplicated."""
    _run_import("offers", file)


@click.group("matches")
def matches_group() -> None:
    """Fit the matching model, propose and export matches."""


@matches_group.command("rebuild")
def matches_rebuild_command() -> None:
    """Refit the model and recompute proposals for every open need."""
    from .matchmaking import rebuild_all

    started = time.perf_counter()
    summary = rebuild_all()
    db.session.commit()
    click.echo(f"{summary} ({time.perf_counter() - started:.1f} s)")


@matches_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option(
    "--top", default=5, show_default=True, type=click.IntRange(min=1), help="Offers per need."
)
def matches_export_command(file: Path, top: int) -> None:
    """Write matches.csv with the best N offers per need."""
    import csv

    from .matchmaking import export_rows

    written = 0
    with file.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["need_ref", "offer_ref", "rank", "score", "status", "reasons"])
        for row in export_rows(top):
            writer.writerow(
                [row.need_ref, row.offer_ref, row.rank, row.score, row.status, row.reasons]
            )
            written += 1
    if written == 0 and not _has_model():
        click.echo("No matching model yet: run `flask --app wsgi matches rebuild` first.", err=True)
        sys.exit(1)
    click.echo(f"Wrote {written} matches to {file}.")


def _has_model() -> bool:
    from .models import MatchingModel

    return db.session.scalar(select(MatchingModel.id).limit(1)) is not None


@click.group("users")
def users_group() -> None:
    """Manage staff accounts."""


@users_group.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["coordinator", "admin"]), required=True)
@click.option(
    "--hub", "hub_code", help="Hub code (a region code by default); coordinators need one."
)
@click.option("--password", help="Prompted for (hidden) if not given.")
def create_user_command(email: str, role: str, hub_code: str | None, password: str | None) -> None:
    """Create a coordinator or admin account."""
    from email_validator import EmailNotValidError, validate_email

    from .admin.services import DuplicateEmail, create_user
    from .auth.forms import MIN_PASSWORD_LENGTH
    from .imports import ensure_default_hubs
    from .models import Hub

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise click.BadParameter(f"'{email}' is not a valid email address ({error})") from None
    ensure_default_hubs()
    hub = None
    if hub_code:
        hub = db.session.scalar(select(Hub).where(Hub.code == hub_code))
        if hub is None:
            codes = ", ".join(db.session.scalars(select(Hub.code).order_by(Hub.code)))
            raise click.BadParameter(f"no hub '{hub_code}'; use one of {codes}", param_hint="--hub")
    if role == "coordinator" and hub is None:
        raise click.UsageError("A coordinator needs a hub: add --hub CODE")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(
            f"use at least {MIN_PASSWORD_LENGTH} characters", param_hint="--password"
        )
    try:
        user = create_user(email, role, hub=hub, password=password)
    except DuplicateEmail:
        db.session.rollback()
        raise click.ClickException(f"An account for {email} already exists") from None
    db.session.commit()
    click.echo(f"Created {role} {user.email}" + (f" for {hub.name}" if hub else ""))


@click.group("demo")
def demo_group() -> None:
    """Demo data for trying the service."""


@demo_group.command("load")
def demo_load_command() -> None:
    """Load realistic demo data (a second run changes nothing) and print the logins."""
    from .demo import DEMO_PASSWORD, load_demo

    summary = load_demo()
    db.session.commit()
    click.echo(summary)
    click.echo("Demo logins (password for all: " + DEMO_PASSWORD + "):")
    for role, email in summary.logins:
        click.echo(f"  {role:<12} {email}")


@click.command("worker")
@click.option("--once", is_flag=True, help="Do one round of work and exit.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds.")
def worker(once: bool, interval: float) -> None:
    """Deliver queued e-mail and run scheduled jobs."""
    from .jobs import Housekeeping, run_due_jobs
    from .mail.delivery import MailSettings, deliver_due

    settings = MailSettings.from_config(current_app.config)
    housekeeping = Housekeeping(timedelta(minutes=current_app.config["HOUSEKEEPING_MINUTES"]))
    click.echo(f"Worker started; e-mail goes to {'SMTP' if settings.url else 'the log'}.")
    while True:
        try:
            run_due_jobs()
            housekeeping.run_if_due()
            sent = deliver_due(settings, limit=current_app.config["OUTBOX_BATCH_SIZE"])
            if sent:
                log.info("Delivered %s e-mail(s)", sent)
        except Exception:  # a crash of one round must not stop the worker
            db.session.rollback()
            log.exception("Worker round failed")
        if once:
            break
        time.sleep(interval)
