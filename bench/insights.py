"""How fast the insights dashboard renders with 100,000 needs.

    .venv/bin/python bench/insights.py                      # SQLite, in a temporary file
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/insights_bench \\
        .venv/bin/python bench/insights.py --fresh          # PostgreSQL (drops its tables)
    .venv/bin/python bench/insights.py --needs 10000        # smaller, quickly

To try an index before it is added to the models (with --index, repeatable):

    .venv/bin/python bench/insights.py --index \
        "CREATE INDEX ix_needs_created_at ON needs (created_at, business_id, support_type)"
    (PostgreSQL: the same with INCLUDE (id) at the end, for index-only scans)

Seeds the database with bulk inserts (needs over three years across every hub, with
businesses, themes, offers and their criteria, proposals, introductions and outcomes),
then renders the whole dashboard in-process through the Flask test client, as an admin
(the network, and one hub) and as a coordinator, and times each scenario. Also times
each table on its own, to show where the time goes. Bar: p95 under 500 ms. Exits 1 if
a dashboard scenario misses it.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

import numpy as np
from flask import g
from sqlalchemy import func, insert, select, text

from matchmaker import create_app, taxonomy
from matchmaker.extensions import db, login_manager
from matchmaker.imports import ensure_default_hubs
from matchmaker.insights import services, tables
from matchmaker.models import (
    Business,
    Hub,
    Introduction,
    Match,
    Need,
    NeedTheme,
    Offer,
    OfferCriterion,
    Organisation,
    Outcome,
    Role,
    User,
)
from matchmaker.uktime import uk_today

BAR_MS = 500
REGIONS = list(taxonomy.REGIONS)
REGION_WEIGHTS = np.array([4, 9, 7, 6, 7, 8, 16, 12, 7, 4, 8, 3], float)
SECTORS = list(taxonomy.SECTORS)
SECTOR_WEIGHTS = 1.0 / np.arange(1, len(SECTORS) + 1) ** 0.9  # a few sectors dominate
SIZES, SIZE_WEIGHTS = list(taxonomy.SIZES), np.array([0.75, 0.2, 0.05])
STAGES = list(taxonomy.STAGES)
SUPPORT_TYPES = list(taxonomy.SUPPORT_TYPES)
THEMES = list(taxonomy.THEMES)
RESULTS = ["met", "working-together", "agreement", "no-fit", "no-response"]
# Needs are described in the business's own words: a few sentences, so rows are as wide
# as real ones (the figures never read the text, but a table scan does).
DESCRIPTION = (
    "We are a small team and would like help to grow the business. Our customers want to "
    "order online and we need to get our stock, invoices and delivery rounds onto proper "
    "software; we also want advice on funding a new van and training two apprentices. "
) * 3


def _p(weights) -> np.ndarray:
    weights = np.asarray(weights, float)
    return weights / weights.sum()


def _choose(rng, codes, weights, size) -> np.ndarray:
    return np.asarray(codes, dtype=object)[rng.choice(len(codes), size=size, p=_p(weights))]


def _insert(model, rows: list[dict], chunk: int = 20_000) -> None:
    for start in range(0, len(rows), chunk):
        db.session.execute(insert(model), rows[start : start + chunk])


def _codes(rng, codes, wildcard, p_all, most) -> list[str]:
    if wildcard and rng.random() < p_all:
        return [wildcard]
    return list(rng.choice(codes, size=int(rng.integers(1, most + 1)), replace=False))


def seed(needs: int, offers: int, rng: np.random.Generator) -> None:
    """Bulk-insert a network's worth of data: `needs` needs and `offers` offers."""
    now = datetime.now(UTC)
    hubs = ensure_default_hubs()
    db.session.flush()
    hub_ids = {region: hubs[region].id for region in REGIONS}
    started = time.perf_counter()

    organisations = max(offers // 7, 1)
    _insert(
        Organisation,
        [
            {"name": f"Partner {i:04d}", "contact_email": "p@example.com", "status": "approved"}
            for i in range(organisations)
        ],
    )
    org_ids = db.session.scalars(select(Organisation.id)).all()

    offer_types = _choose(rng, SUPPORT_TYPES, np.ones(len(SUPPORT_TYPES)), offers)
    statuses = _choose(rng, ["active", "paused", "closed"], [0.85, 0.1, 0.05], offers)
    offer_rows, criteria = [], []
    for i in range(offers):
        dated = rng.random() < 0.3
        starts = (now - timedelta(days=int(rng.integers(0, 400)))).date() if dated else None
        offer_rows.append(
            {
                "id": i + 1,
                "ref": f"BO{i}",
                "organisation_id": org_ids[int(rng.integers(len(org_ids)))],
                "contact_email": "o@example.com",
                "title": f"Offer {i}",
                "support_type": offer_types[i],
                "description": "Help for small businesses.",
                "capacity": int(rng.integers(1, 31)),
                "status": statuses[i],
                "revision": 0,  # seeded before any process has an offer index
                "starts_on": starts,
                "ends_on": starts + timedelta(days=int(rng.integers(30, 720))) if dated else None,
            }
        )
        for kind, codes, wildcard, p_all, most in (
            ("region", REGIONS, taxonomy.UK_WIDE, 0.4, 3),
            ("sector", SECTORS, taxonomy.ALL, 0.6, 4),
            ("size", SIZES, taxonomy.ALL, 0.6, 2),
            ("stage", STAGES, taxonomy.ALL, 0.5, 3),
            ("theme", THEMES, None, 0.0, 3),
        ):
            criteria += [
                {"offer_id": i + 1, "kind": kind, "code": code}
                for code in _codes(rng, codes, wildcard, p_all, most)
            ]
    _insert(Offer, offer_rows)
    _insert(OfferCriterion, criteria)
    offers_by_type = {
        code: [row["id"] for row in offer_rows if row["support_type"] == code]
        for code in SUPPORT_TYPES
    }

    businesses = int(needs * 0.6)
    regions = _choose(rng, REGIONS, REGION_WEIGHTS, businesses)
    sectors = _choose(rng, SECTORS, SECTOR_WEIGHTS, businesses)
    sizes = _choose(rng, SIZES, SIZE_WEIGHTS, businesses)
    stages = _choose(rng, STAGES, [1, 3, 5, 1], businesses)
    _insert(
        Business,
        [
            {
                "id": i + 1,
                "ref": f"BS{i}",
                "name": f"Business {i}",
                "contact_name": "Owner",
                "contact_email": f"owner{i}@example.com",
                "region": regions[i],
                "sector": sectors[i],
                "size": sizes[i],
                "stage": stages[i],
                "hub_id": hub_ids[regions[i]],
            }
            for i in range(businesses)
        ],
    )

    age_days = rng.uniform(0, 3 * 365, needs)
    created = [now - timedelta(days=float(age)) for age in age_days]
    need_types = _choose(rng, SUPPORT_TYPES, [5, 6, 4, 4, 3, 3, 2], needs)
    # Older needs are mostly closed or withdrawn; recent ones mostly open.
    open_chance = np.clip(1.0 - age_days / 400, 0.05, 0.9)
    draw = rng.random(needs)
    need_status = np.where(
        draw < open_chance, "open", np.where(draw < open_chance + 0.1, "withdrawn", "closed")
    )
    owners = np.concatenate([np.arange(businesses), rng.integers(0, businesses, needs)])[:needs]
    _insert(
        Need,
        [
            {
                "id": i + 1,
                "ref": f"BN{i}",
                "business_id": int(owners[i]) + 1,
                "support_type": need_types[i],
                "description": DESCRIPTION[: int(rng.integers(120, len(DESCRIPTION)))],
                "status": need_status[i],
                "created_at": created[i],
                "updated_at": created[i],
            }
            for i in range(needs)
        ],
    )
    themes = []
    for i in range(needs):
        for code in rng.choice(THEMES, size=int(rng.integers(0, 3)), replace=False):
            themes.append({"need_id": i + 1, "theme": code})
    _insert(NeedTheme, themes)

    matches, introductions, outcomes = [], [], []
    for i in range(needs):
        candidates = offers_by_type[need_types[i]]
        if not candidates or rng.random() > 0.7:
            continue
        chosen = rng.choice(candidates, size=min(len(candidates), int(rng.integers(1, 4))),
                            replace=False)  # fmt: skip
        for rank, offer_id in enumerate(chosen, start=1):
            decided = created[i] + timedelta(days=float(rng.uniform(0.5, 30)))
            status = _choose(
                rng, ["proposed", "approved", "rejected", "deferred", "withdrawn"],
                [0.35, 0.25, 0.3, 0.05, 0.05], 1,
            )[0]  # fmt: skip
            matches.append(
                {
                    "id": len(matches) + 1,
                    "need_id": i + 1,
                    "offer_id": int(offer_id),
                    "status": status,
                    "rank": rank,
                    "score": float(rng.random()),
                    "model_version": "bench",
                    "created_at": created[i],
                    "decided_at": decided if status != "proposed" else None,
                }
            )
            if status == "approved" and decided < now:
                introductions.append(
                    {
                        "id": len(introductions) + 1,
                        "match_id": len(matches),
                        "created_at": decided,
                    }
                )
                for _ in range(int(rng.choice([0, 1, 1, 2]))):
                    outcomes.append(
                        {
                            "introduction_id": len(introductions),
                            "reported_by": str(rng.choice(["sme", "partner", "coordinator"])),
                            "result": RESULTS[int(rng.integers(len(RESULTS)))],
                            "created_at": decided + timedelta(days=float(rng.uniform(7, 60))),
                        }
                    )
    _insert(Match, matches)
    _insert(Introduction, introductions)
    _insert(Outcome, outcomes)

    db.session.add_all(
        [
            User(email="admin@bench.example", role=Role.ADMIN, password_hash="x"),
            User(
                email="coordinator@bench.example",
                role=Role.COORDINATOR,
                hub_id=hub_ids["london"],
                password_hash="x",
            ),
        ]
    )
    db.session.commit()
    settle()
    print(
        f"seeded in {time.perf_counter() - started:.0f} s: {needs:,} needs, "
        f"{businesses:,} businesses, {len(themes):,} need themes, {offers:,} offers "
        f"({len(criteria):,} criteria, {organisations:,} partners), {len(matches):,} matches, "
        f"{len(introductions):,} introductions, {len(outcomes):,} outcomes"
    )


def settle() -> None:
    """Statistics for the planner, and (PostgreSQL) the visibility map that index-only
    scans need: what autovacuum gives a database that has been running a while."""
    command = "VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(command))


def signed_in_client(app, email: str):
    client = app.test_client()
    user = db.session.scalar(select(User).where(User.email == email))
    with app.test_request_context(environ_base=client.environ_base):
        identifier = login_manager._session_identifier_generator()
    with client.session_transaction() as session:
        session.update(_user_id=user.get_id(), _fresh=True, _id=identifier)
    return client


class FullCollections:
    """Counts Python's full (generation 2) garbage collections and the time they take:
    with the scientific libraries the app imports, each costs tens of milliseconds."""

    def __init__(self) -> None:
        self.count, self.ms, self._started = 0, 0.0, 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.count += 1
            self.ms += (time.perf_counter() - self._started) * 1000


def timed(client, url: str, runs: int, warmup: int = 3) -> list[float]:
    timings = []
    for attempt in range(warmup + runs):
        g.pop("_login_user", None)  # the test client shares this app context's g
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        if attempt >= warmup:
            timings.append(elapsed)
        db.session.remove()
    return timings


def summary(timings: list[float]) -> str:
    p95 = float(np.percentile(timings, 95))
    return f"{statistics.median(timings):>8.0f} {p95:>8.0f} {max(timings):>8.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--needs", type=int, default=100_000)
    parser.add_argument("--offers", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=30, help="timed requests per scenario")
    parser.add_argument("--fresh", action="store_true",
                        help="drop and recreate the tables of DATABASE_URL first")  # fmt: skip
    parser.add_argument("--index", action="append", default=[],
                        help="CREATE INDEX statement to run before timing (repeatable)")  # fmt: skip
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL")
    scratch = None
    if not url:
        scratch = tempfile.TemporaryDirectory()
        url = f"sqlite:///{scratch.name}/insights-bench.sqlite3"
    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        if args.fresh:
            db.drop_all()
        db.create_all()
        existing = db.session.scalar(select(func.count()).select_from(Need))
        if existing == 0:
            seed(args.needs, args.offers, np.random.default_rng(7))
        elif existing != args.needs:
            print(f"The database already holds {existing:,} needs: use --fresh to reseed.")
            return 2
        else:
            print(f"reusing the {existing:,} needs already seeded")
        for statement in args.index:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(statement))
            print(f"index: {statement}")
        if args.index:
            settle()

        admin = signed_in_client(app, "admin@bench.example")
        coordinator = signed_in_client(app, "coordinator@bench.example")
        today = uk_today()
        year = f"start={today - timedelta(days=364)}&end={today}"
        scenarios = [
            ("admin, network, last 90 days", admin, "/insights/"),
            ("admin, network, last 12 months", admin, f"/insights/?{year}"),
            ("admin, network, 12 months, funding + finance", admin,
             f"/insights/?{year}&support_type=funding&theme=finance"),
            ("admin, one hub (London), 12 months", admin, f"/insights/?{year}&hub=london"),
            ("coordinator, own hub, last 90 days", coordinator, "/insights/"),
            ("coordinator, own hub, 3 years", coordinator,
             f"/insights/?start={today - timedelta(days=3 * 365)}"),
        ]  # fmt: skip
        collections = FullCollections()
        print(f"\n{db.engine.dialect.name}: whole dashboard, {args.runs} timed requests each (ms)")
        print(f"{'scenario':<48} {'median':>8} {'p95':>8} {'max':>8}")
        failed = False
        for name, client, path in scenarios:
            timings = timed(client, path, args.runs)
            print(f"{name:<48} {summary(timings)}")
            failed |= float(np.percentile(timings, 95)) >= BAR_MS
        csv_timings = timed(admin, f"/insights/supply-theme.csv?{year}&supply_by=theme", args.runs)
        print(f"{'CSV download, supply by theme, network':<48} {summary(csv_timings)}")
        print(
            f"full garbage collections during these requests: {collections.count}, "
            f"{collections.ms / max(collections.count, 1):.0f} ms each"
        )

        print("\neach table alone, admin, network, 12 months (ms)")
        user = db.session.scalar(select(User).where(User.email == "admin@bench.example"))
        filters = services.filters_for(user, start=today - timedelta(days=364), end=today)
        for entry in tables.CATALOGUE:
            timings = []
            for _ in range(args.runs // 3 + 2):
                started = time.perf_counter()
                entry.build(filters)
                timings.append((time.perf_counter() - started) * 1000)
                db.session.remove()
            print(f"{', '.join(entry.ids):<48} {summary(timings[2:])}")
        hubs = db.session.scalar(select(func.count()).select_from(Hub))
        print(f"\nbar: p95 < {BAR_MS} ms for every dashboard scenario ({hubs} hubs)"
              + (" -- FAILED" if failed else " -- met"))  # fmt: skip
    if scratch is not None:
        scratch.cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
