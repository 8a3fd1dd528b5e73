"""How long `flask import needs` / `import offers` take for 20,000 rows (bar: under 30 s each).

    .venv/bin/python bench/imports.py [--rows 20000]

Uses a fresh SQLite file by default, or DATABASE_URL (its tables are dropped and
recreated, so point it at a scratch database).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import tempfile
import time

from matchmaker import create_app, taxonomy
from matchmaker.extensions import db
from matchmaker.imports import NEED_COLUMNS, OFFER_COLUMNS, import_needs, import_offers

WORDS = [
    "customers",
    "order",
    "online",
    "website",
    "training",
    "staff",
    "cash",
    "flow",
    "grant",
    "export",
    "buyers",
    "tender",
    "energy",
    "solar",
    "apprentice",
    "mentor",
    "cyber",
    "phishing",
    "cloud",
    "software",
    "prototype",
    "lab",
    "desk",
    "kitchen",
    "shop",
]


def sentence(rng: random.Random, n: int = 25) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def needs_csv(rows: int, rng: random.Random) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, NEED_COLUMNS)
    writer.writeheader()
    for i in range(rows):
        writer.writerow({
            "need_ref": f"N{i}", "sme_ref": f"S{i // 2}", "sme_name": f"Business {i // 2}",
            "contact_name": "Sam Owner", "contact_email": f"owner{i // 2}@example.com",
            "region": rng.choice(list(taxonomy.REGIONS)), "sector": rng.choice(list(taxonomy.SECTORS)),
            "size": rng.choice(list(taxonomy.SIZES)), "stage": rng.choice(list(taxonomy.STAGES)),
            "support_type": rng.choice(list(taxonomy.SUPPORT_TYPES)),
            "themes": ";".join(rng.sample(list(taxonomy.THEMES), 2)), "description": sentence(rng),
        })  # fmt: skip
    return out.getvalue().encode()


def offers_csv(rows: int, rng: random.Random) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, OFFER_COLUMNS)
    writer.writeheader()
    for i in range(rows):
        writer.writerow({
            "offer_ref": f"O{i}", "organisation": f"Partner {i % 500}", "contact_email": f"p{i % 500}@example.com",
            "title": sentence(rng, 6)[:200], "support_type": rng.choice(list(taxonomy.SUPPORT_TYPES)),
            "themes": ";".join(rng.sample(list(taxonomy.THEMES), 2)), "description": sentence(rng, 40),
            "regions": "uk" if i % 2 else ";".join(rng.sample(list(taxonomy.REGIONS), 3)),
            "sectors": "all", "sizes": "micro;small", "stages": "all", "capacity": str(rng.randint(1, 50)),
        })  # fmt: skip
    return out.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = create_app("test", SQLALCHEMY_DATABASE_URI=url)
    rng = random.Random(7)
    with app.app_context():
        db.drop_all()
        db.create_all()
        for kind, make, run in (
            ("offers", offers_csv, import_offers),
            ("needs", needs_csv, import_needs),
        ):
            data = make(args.rows, rng)
            for attempt in ("create", "update"):
                started = time.perf_counter()
                result = run(data)
                db.session.commit()
                seconds = time.perf_counter() - started
                assert result.ok, result.problems[:3]
                print(
                    f"{kind:<7} {attempt:<7} {args.rows:>7,} rows  {seconds:6.1f} s  (bar < 30 s)"
                )
        db.drop_all()
    print(f"database: {url.split(':')[0]}")


if __name__ == "__main__":
    main()
