"""Survey submissions under load: gunicorn + PostgreSQL, 100k needs and 10k offers stored.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_survey \\
        .venv/bin/python bench/survey_load.py --reset      # create/empty that database, seed, run
    DATABASE_URL=... .venv/bin/python bench/survey_load.py --reuse   # keep what an earlier run seeded
    DATABASE_URL=... .venv/bin/python bench/survey_load.py --reuse --workers 3 --duration 120

1. Migrates the database (`flask_migrate.upgrade`), bulk-inserts 10,000 active offers
   (partners, criteria) and 100,000 needs (60,000 businesses, every hub) whose texts are
   recombined from the labelled set's and the demo's real-sounding ones, then fits and
   stores the matching model and every open need's proposals (`rebuild_all`).
2. Starts gunicorn on `wsgi:app` on a free loopback port, configured as in production
   (MATCHMAKER_ENV=production, a random SECRET_KEY, no MAIL_URL so e-mail is queued in
   the outbox, TRUSTED_PROXIES=1). Every request carries `X-Forwarded-Proto: https` and
   its visitor's own `X-Forwarded-For`, as behind a TLS-terminating load balancer: each
   survey walk is a new visitor with its own address (so its own rate-limit bucket).
3. Warms every worker up, untimed: concurrent walks until each worker process (seen in
   the access log) has served a submission, which loads the model and builds the index.
4. Runs --clients threads (default 20), each walking the whole SME survey again and again
   with no pause: start page, /survey/start, every question page GET and POST (CSRF token
   read from the form; the app's redirects are followed), check answers, the submission
   POST (stores the business and its needs and ranks each need against the offers), and
   the confirmation page. Every request is timed, on the client, from sending to the last
   byte of the response (a new TCP connection each time with sync workers).
5. Checks in the database that every confirmed submission stored its business and needs,
   and counts the needs that got proposals. Bar: submission p95 under 150 ms, no errors.
   Exits 1 if it is missed.

The load generator runs on the same machine as gunicorn and PostgreSQL, so it is kept light
(blocking `http.client` in threads, token read with a regular expression); its CPU time is
printed beside the workers' so you can see what it took from them.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import itertools
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
from flask_migrate import upgrade
from insights import REGION_WEIGHTS, SECTOR_WEIGHTS, _choose, _codes, _insert, settle
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from matchmaker import create_app, demo, taxonomy
from matchmaker.extensions import db
from matchmaker.imports import ensure_default_hubs
from matchmaker.matchmaking import rebuild_all
from matchmaker.models import (
    Business,
    Match,
    MatchingModel,
    MatchStatus,
    Need,
    NeedTheme,
    Offer,
    OfferCriterion,
    Organisation,
    OutboxMessage,
)
from matchmaker.survey.postcodes import postcode_areas

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
BAR_MS = 150
NEEDS, OFFERS, BUSINESSES = 100_000, 10_000, 60_000
REGIONS = list(taxonomy.REGIONS)
SECTORS = list(taxonomy.SECTORS)
SIZES = list(taxonomy.SIZES)
STAGES = list(taxonomy.STAGES)
SUPPORT_TYPES = list(taxonomy.SUPPORT_TYPES)
SUPPORT_WEIGHTS = [5, 6, 4, 4, 3, 3, 2]
THEMES = list(taxonomy.THEMES)
CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)
REFERENCE = re.compile(r"Your reference<br><strong>([A-Z0-9-]+)</strong>")
SUBMISSION = "submission POST"
KINDS = ["start page GET", "survey start GET", "question GET", "answer POST",
         "check answers GET", SUBMISSION, "confirmation GET"]  # fmt: skip


# ---------------------------------------------------------------- texts


def _sentences(text_: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text_.strip()) if s]


class Texts:
    """Needs and offers in realistic words: the labelled set's and the demo's texts,
    recombined (a second sentence from a sibling, an opening about the business)."""

    def __init__(self) -> None:
        self.needs: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
        self.offers: dict[str, list[tuple[str, str, list[str]]]] = defaultdict(list)
        with (DATA / "needs.csv").open(encoding="utf-8") as file:
            for row in csv.DictReader(file):
                themes = [t for t in row["themes"].split(";") if t]
                self.needs[row["support_type"]].append((row["description"], themes))
        with (DATA / "offers.csv").open(encoding="utf-8") as file:
            for row in csv.DictReader(file):
                themes = [t for t in row["themes"].split(";") if t]
                self.offers[row["support_type"]].append((row["title"], row["description"], themes))
        for support_type, themes, description in demo.NEED_BLUEPRINTS:
            self.needs[support_type].append((description, themes))
        for support_type, title, themes, description in demo.OFFER_BLUEPRINTS:
            self.offers[support_type].append((title, description, themes))
        self.towns = [name for area, name in _area_names().items() if postcode_areas()[area]]
        self.trades = [
            hint.strip().lower() for hints in taxonomy.SECTOR_HINTS.values() for hint in hints.split(",")
        ]  # fmt: skip

    def need(self, rng: random.Random, support_type: str) -> tuple[str, list[str]]:
        pool = self.needs[support_type]
        description, themes = rng.choice(pool)
        parts = _sentences(description)
        if rng.random() < 0.4:
            parts.append(rng.choice(_sentences(rng.choice(pool)[0])))
        if rng.random() < 0.5:
            staff = rng.choice(
                ["just me", "two of us", "six staff", "12 people", "around 40 people"]
            )
            parts.insert(
                0,
                f"We are a {rng.choice(self.trades)} business in {rng.choice(self.towns)}, {staff}.",
            )
        themes = list(themes) if rng.random() < 0.8 else rng.sample(THEMES, rng.randint(0, 2))
        return " ".join(parts)[:4000], themes

    def offer(self, rng: random.Random, support_type: str) -> tuple[str, str, list[str]]:
        pool = self.offers[support_type]
        title, description, themes = rng.choice(pool)
        if rng.random() < 0.5:
            title = f"{title} {rng.choice(['(spring cohort)', '(autumn cohort)', '- North', '- South', '- online', '2026'])}"
        parts = _sentences(description)
        if rng.random() < 0.5:
            parts.append(rng.choice(_sentences(rng.choice(pool)[1])))
        if rng.random() < 0.4:
            parts.append(rng.choice(["Places are limited.", "Delivered online and in person.",
                                     f"Sessions are held in {rng.choice(self.towns)}.",
                                     "Open to businesses with fewer than 250 staff."]))  # fmt: skip
        return title[:200], " ".join(parts)[:4000], themes or [rng.choice(THEMES)]


def _area_names() -> dict[str, str]:
    path = ROOT / "matchmaker" / "survey" / "postcode_areas.csv"
    with path.open(encoding="utf-8") as file:
        return {row["area"]: row["name"] for row in csv.DictReader(file)}


# ---------------------------------------------------------------- the database


def prepare_database(url: str, *, reset: bool) -> None:
    """Create the database if it is missing; with `reset`, empty it."""
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    if reset:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()


def seed(rng_seed: int) -> None:
    """Bulk-insert 10,000 active offers and 100,000 needs, with their partners and businesses."""
    rng, nrng, texts = random.Random(rng_seed), np.random.default_rng(rng_seed), Texts()
    now = datetime.now(UTC)
    hubs = ensure_default_hubs()
    db.session.flush()
    hub_ids = {region: hub.id for region, hub in hubs.items()}

    partners = _partner_names()
    organisations = [
        {"id": i + 1, "name": f"{partners[i % len(partners)]} {i // len(partners) + 1}",
         "contact_email": f"partners{i}@partner.example", "status": "approved"}
        for i in range(OFFERS // 7)
    ]  # fmt: skip
    _insert(Organisation, organisations)
    offers, criteria = [], []
    for i in range(OFFERS):
        support_type = rng.choice(SUPPORT_TYPES)
        title, description, themes = texts.offer(rng, support_type)
        offers.append({
            "id": i + 1, "ref": f"LO{i + 1}", "organisation_id": rng.randint(1, len(organisations)),
            "contact_email": f"offer{i + 1}@partner.example", "title": title,
            "support_type": support_type, "description": description,
            "capacity": rng.choice([5, 10, 10, 20, 30, 50, 100]), "status": "active",
            "created_at": now, "updated_at": now, "revision": 0,
        })  # fmt: skip
        for kind, codes, wildcard, p_all, most in (
            ("region", REGIONS, taxonomy.UK_WIDE, 0.4, 3),
            ("sector", SECTORS, taxonomy.ALL, 0.6, 4),
            ("size", SIZES, taxonomy.ALL, 0.6, 2),
            ("stage", STAGES, taxonomy.ALL, 0.5, 3),
        ):
            criteria += [{"offer_id": i + 1, "kind": kind, "code": str(code)}
                         for code in _codes(nrng, codes, wildcard, p_all, most)]  # fmt: skip
        criteria += [{"offer_id": i + 1, "kind": "theme", "code": code} for code in set(themes)]
    _insert(Offer, offers)
    _insert(OfferCriterion, criteria)

    regions = _choose(nrng, REGIONS, REGION_WEIGHTS, BUSINESSES)
    sectors = _choose(nrng, SECTORS, SECTOR_WEIGHTS, BUSINESSES)
    sizes = _choose(nrng, SIZES, [0.75, 0.2, 0.05], BUSINESSES)
    stages = _choose(nrng, STAGES, [1, 3, 5, 1], BUSINESSES)
    businesses = []
    for i in range(BUSINESSES):
        name = f"{rng.choice(demo.NAME_FIRST)} {rng.choice(demo.NAME_SECOND)}"
        person = rng.choice(demo.PEOPLE)
        businesses.append({
            "id": i + 1, "ref": f"LS{i + 1}", "name": name, "contact_name": person,
            "contact_email": f"{person.split()[0].lower()}.{i}@{name.split()[0].lower()}.example",
            "region": regions[i], "sector": sectors[i], "size": sizes[i], "stage": stages[i],
            "hub_id": hub_ids[regions[i]], "consent_to_contact": True, "created_at": now,
        })  # fmt: skip
    _insert(Business, businesses)

    needs, themes = [], []
    support_types = _choose(nrng, SUPPORT_TYPES, SUPPORT_WEIGHTS, NEEDS)
    for i in range(NEEDS):
        description, need_themes = texts.need(rng, support_types[i])
        created = now - timedelta(days=rng.uniform(0, 720))
        status = rng.choices(["open", "closed", "withdrawn"], [85, 10, 5])[0]
        needs.append({
            "id": i + 1, "ref": f"LN{i + 1}",
            "business_id": i + 1 if i < BUSINESSES else rng.randint(1, BUSINESSES),
            "support_type": support_types[i], "description": description, "status": status,
            "created_at": created, "updated_at": created,
        })  # fmt: skip
        themes += [{"need_id": i + 1, "theme": theme} for theme in set(need_themes)]
    _insert(Need, needs)
    _insert(NeedTheme, themes)
    db.session.commit()
    # Explicit ids leave PostgreSQL's sequences behind: move them on, or the app's own
    # inserts (the survey's businesses and needs) would collide.
    for table in ("organisations", "offers", "businesses", "needs"):
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        )
    db.session.commit()


def _partner_names() -> list[str]:
    with (DATA / "offers.csv").open(encoding="utf-8") as file:
        return sorted({row["organisation"] for row in csv.DictReader(file)} | set(demo.PARTNERS))


# ---------------------------------------------------------------- gunicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, port: int, workers: int, worker_class: str, threads: int,
                   access_log: Path, error_log: Path) -> subprocess.Popen:  # fmt: skip
    env = {key: value for key, value in os.environ.items()
           if key not in ("MAIL_URL", "RATELIMIT_STORAGE_URI", "FLASK_APP")}  # fmt: skip
    env |= {
        "DATABASE_URL": url,
        "MATCHMAKER_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "BASE_URL": "https://matchmaker.bench.example",
        "TRUSTED_PROXIES": "1",
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"), "wsgi:app",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--worker-class", worker_class, "--threads", str(threads),
        "--timeout", "120", "--backlog", "2048",
        "--access-logfile", str(access_log),
        # pid, method, path, status, microseconds inside the worker
        "--access-logformat", "%(p)s %(m)s %(U)s %(s)s %(D)s",
        "--error-logfile", str(error_log),
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}; see {error_log}")
            try:
                status, *_ = Browser(port, "10.255.255.254").request("GET", "/", "-")
                if status == 200:
                    return process
            except WalkError:
                pass  # not listening yet
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer within 90 s; see {error_log}")
    except BaseException:
        process.terminate()
        process.wait(timeout=60)
        raise


def worker_pids(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def access_log_entries(path: Path) -> list[tuple[str, str, str, str, float]]:
    """(pid, method, path, status, ms in the worker) per logged request."""
    entries = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 5:
            entries.append((parts[0], parts[1], parts[2], parts[3], int(parts[4]) / 1000))
    return entries


# ---------------------------------------------------------------- the virtual SMEs


class WalkError(Exception):
    pass


class Browser:
    """One visitor: its cookies and its address, behind a TLS-terminating proxy."""

    def __init__(self, port: int, address: str, think: float = 0.0) -> None:
        self.think = think  # mean pause after each response, seconds (untimed)
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.headers = {"X-Forwarded-For": address, "X-Forwarded-Proto": "https",
                        "User-Agent": "survey-load/1"}  # fmt: skip

    def request(self, method: str, path: str, kind: str, form: dict | None = None,
                timings: list | None = None) -> tuple[int, str, str]:  # fmt: skip
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            raise WalkError(f"{method} {path}: {type(error).__name__} {error}") from error
        elapsed = (time.perf_counter() - started) * 1000
        if timings is not None:
            timings.append((kind, elapsed, response.status))
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "Max-Age=0" not in header and "1970" not in header:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        if self.think:
            time.sleep(random.uniform(0.5, 1.5) * self.think)
        return response.status, response.headers.get("Location", ""), content.decode()

    def close(self) -> None:
        self.connection.close()


class Answers:
    """A plausible SME's answers, page by page, varied from walk to walk."""

    LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

    def __init__(self, texts: Texts) -> None:
        self.texts = texts
        self.areas = [(area, region) for area, region in postcode_areas().items() if region]

    def make(self, rng: random.Random, number: int) -> dict[str, dict]:
        person = rng.choice(demo.PEOPLE)
        name = f"{rng.choice(demo.NAME_FIRST)} {rng.choice(demo.NAME_SECOND)}"
        area, region = rng.choice(self.areas)
        postcode = f"{area}{rng.randint(1, 20)} {rng.randint(0, 9)}{rng.choice(self.LETTERS)}{rng.choice(self.LETTERS)}"
        first = person.split()[0].lower()
        details = {"contact_name": person,
                   "email": f"{first}.{number}@{name.split()[0].lower()}-{rng.randint(1, 999)}.example",
                   "phone": rng.choice(["", "0191 498 0000", "07700 900 982", "+44 808 157 0192",
                                        f"020 7946 0{rng.randint(100, 999)}"])}  # fmt: skip
        count = rng.choices([1, 2, 3], [55, 30, 15])[0]
        chosen = set()
        while len(chosen) < count:
            chosen.add(rng.choices(SUPPORT_TYPES, SUPPORT_WEIGHTS)[0])
        answers = {
            "your-details": details,
            "business": {"name": name + rng.choice(["", " Ltd", " & Co"]), "postcode": postcode},
            "region": {"region": region if rng.random() < 0.9 else rng.choice(REGIONS)},
            "sector": {"sector": rng.choice(demo.SECTORS_FOR_SMES) if rng.random() < 0.85
                       else rng.choice(SECTORS)},
            "employees": {"size": rng.choices(SIZES, [70, 22, 8])[0]},
            "trading": {"stage": rng.choices(STAGES, [1, 3, 5, 1])[0]},
            "help": {"support_types": [code for code in SUPPORT_TYPES if code in chosen]},
            "consent": {"consent": "y"},
        }  # fmt: skip
        for code in chosen:
            description, themes = self.texts.need(rng, code)
            answers[f"help/{code}"] = {"description": description, "themes": themes[:2]}
        return answers


def csrf_token(html: str, path: str) -> str:
    match = CSRF.search(html)
    if not match:
        raise WalkError(f"no CSRF token on {path}")
    return match.group(1) or match.group(2)


def walk(browser: Browser, answers: dict[str, dict], timings: list | None) -> str:
    """The whole survey, as a browser goes through it; returns the reference shown."""

    def expect(status, wanted, method, path, location=""):
        if status not in wanted:
            raise WalkError(f"{method} {path}: {status} {location}".strip())

    status, *_ = browser.request("GET", "/", "start page GET", timings=timings)
    expect(status, (200,), "GET", "/")
    status, location, _ = browser.request(
        "GET", "/survey/start", "survey start GET", timings=timings
    )
    expect(status, (302,), "GET", "/survey/start")
    path = location
    for _ in range(30):
        if path == "/survey/check-answers":
            break
        step = path.removeprefix("/survey/")
        if step not in answers:
            raise WalkError(f"unexpected page {path}")
        status, _, page = browser.request("GET", path, "question GET", timings=timings)
        expect(status, (200,), "GET", path)
        form = {**answers[step], "csrf_token": csrf_token(page, path), "website": "",
                "submit": "Continue"}  # fmt: skip
        status, location, _ = browser.request("POST", path, "answer POST", form, timings)
        expect(status, (302,), "POST", path, location)
        path = location
    else:
        raise WalkError("the survey did not reach check answers")
    status, _, page = browser.request("GET", path, "check answers GET", timings=timings)
    expect(status, (200,), "GET", path)
    form = {"csrf_token": csrf_token(page, path), "website": "", "submit": "Confirm"}
    status, location, _ = browser.request("POST", path, SUBMISSION, form, timings)
    if status != 302 or location != "/survey/confirmation":
        raise WalkError(f"submission: {status} to {location!r}")
    status, _, page = browser.request("GET", location, "confirmation GET", timings=timings)
    expect(status, (200,), "GET", location)
    reference = REFERENCE.search(page)
    if reference is None:
        raise WalkError("no reference on the confirmation page")
    return reference.group(1)


class Load:
    """Clients walking the survey over and over, until a deadline or a number of submissions."""

    # Numbered across every Load of the run (each warm-up round, then the timed load), so
    # that no two walks share an address, and so a rate-limit bucket.
    _walk_numbers = itertools.count(1)

    def __init__(self, port: int, texts: Texts, seed: int, think: float = 0.0) -> None:
        self.port, self.answers, self.seed, self.think = port, Answers(texts), seed, think
        self.lock = threading.Lock()
        self.timings: list[tuple[str, float, int]] = []
        self.errors: list[str] = []
        self.submitted: dict[str, int] = {}  # reference -> needs sent

    def _address(self) -> tuple[int, str]:
        with self.lock:
            number = next(Load._walk_numbers)
        return number, f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"

    def client(self, index: int, deadline: float, submissions: int | None, record: bool) -> None:
        rng = random.Random(self.seed * 1000 + index)
        while time.monotonic() < deadline:
            with self.lock:
                if (
                    submissions is not None
                    and len(self.submitted) + len(self.errors) >= submissions
                ):
                    return
            number, address = self._address()
            answers = self.answers.make(rng, number)
            browser = Browser(self.port, address, self.think)
            timings: list = []
            try:
                reference = walk(browser, answers, timings)
            except WalkError as error:
                with self.lock:
                    self.errors.append(str(error))
                    if record:
                        self.timings += timings
                continue
            finally:
                browser.close()
            with self.lock:
                self.submitted[reference] = len(answers["help"]["support_types"])
                if record:
                    self.timings += timings

    def run(self, clients: int, seconds: float, submissions: int | None = None,
            record: bool = True) -> float:  # fmt: skip
        deadline = time.monotonic() + seconds
        threads = [threading.Thread(target=self.client, args=(i, deadline, submissions, record))
                   for i in range(clients)]  # fmt: skip
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started


def warm_up(port: int, texts: Texts, workers: int, access_log: Path) -> None:
    """Concurrent walks until every worker process has served a submission (untimed)."""
    for round_ in range(1, 9):
        Load(port, texts, seed=10_000 + round_).run(max(2 * workers, 4), 600, 2 * workers, False)
        served = {pid for pid, method, path, *_ in access_log_entries(access_log)
                  if method == "POST" and path == "/survey/check-answers"}  # fmt: skip
        if len(served) >= workers:
            print(f"warm-up: {round_} round(s); every worker ({workers}) has served a submission")
            return
    print(f"warm-up: only {len(served)} of {workers} workers served a submission", file=sys.stderr)


# ---------------------------------------------------------------- report


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def check_database(submitted: dict[str, int]) -> tuple[bool, str]:
    refs = list(submitted)
    stored_businesses = stored_needs = proposed = 0
    for start in range(0, len(refs), 2000):
        chunk = refs[start : start + 2000]
        stored_businesses += db.session.scalar(
            select(func.count()).select_from(Business).where(Business.ref.in_(chunk))
        )
        needs = select(Need.id).join(Business).where(Business.ref.in_(chunk))
        stored_needs += db.session.scalar(select(func.count()).select_from(needs.subquery()))
        proposed += db.session.scalar(
            select(func.count(func.distinct(Match.need_id))).where(
                Match.need_id.in_(needs), Match.status == MatchStatus.PROPOSED
            )
        )
    wanted = sum(submitted.values())
    ok = stored_businesses == len(refs) and stored_needs == wanted and (proposed > 0 or not refs)
    return ok, (
        f"database: {stored_businesses:,} of {len(refs):,} submitted businesses stored, "
        f"{stored_needs:,} of {wanted:,} needs; {proposed:,} of those needs "
        f"({proposed / max(stored_needs, 1):.0%}) have proposals in the queue"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent virtual SMEs")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--worker-class", default="gthread", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--duration", type=float, default=60, help="seconds of timed load")
    parser.add_argument("--submissions", type=int,
                        help="stop after this many submissions instead (or at --duration)")  # fmt: skip
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause (s) after each response, like a person reading; "
                        "0 (the default) is back-to-back requests")  # fmt: skip
    parser.add_argument("--seed", type=int, default=7)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--reset", action="store_true",
                       help="empty the DATABASE_URL database first, then seed (needed if it has tables)")  # fmt: skip
    group.add_argument("--reuse", action="store_true",
                       help="keep the data and model an earlier run seeded (its submissions stay too)")  # fmt: skip
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        print("Set DATABASE_URL to a PostgreSQL database, e.g. "
              "postgresql+psycopg://postgres@127.0.0.1:5432/bench_survey", file=sys.stderr)  # fmt: skip
        return 2
    prepare_database(url, reset=args.reset)
    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        has_tables = bool(inspect(db.engine).get_table_names())
        if args.reuse:
            if not has_tables or db.session.scalar(select(func.count(MatchingModel.id))) == 0:
                print("Nothing to reuse: run with --reset first.", file=sys.stderr)
                return 2
            upgrade()  # the code may have gained a migration since the seeding
            print("reusing the data already seeded")
        else:
            if has_tables:
                print(
                    "The database has tables: pass --reset to empty it, or --reuse.",
                    file=sys.stderr,
                )
                return 2
            started = time.perf_counter()
            upgrade()
            seed(args.seed)
            seeded = time.perf_counter() - started
            started = time.perf_counter()
            summary = rebuild_all()
            db.session.commit()
            rebuilt = time.perf_counter() - started
            settle()
            print(f"seeded in {seeded:.1f} s (migrations + bulk inserts); "
                  f"matching model fitted and proposals stored in {rebuilt:.1f} s")  # fmt: skip
            print(f"  {summary}")
        counts = {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
                  for model in (Need, Business, Offer, Match)}  # fmt: skip
        active = db.session.scalar(
            select(func.count()).select_from(Offer).where(Offer.status == "active")
        )
        outbox_before = db.session.scalar(select(func.count(OutboxMessage.id)))
        db.session.remove()
        db.engine.dispose()
    print("stored: " + ", ".join(f"{n:,} {table}" for table, n in counts.items())
          + f" ({active:,} offers active)")  # fmt: skip

    texts = Texts()
    workdir = Path(tempfile.mkdtemp(prefix="survey-load-"))
    access_log, error_log = workdir / "access.log", workdir / "error.log"
    port = free_port()
    setup = (f"gunicorn {args.worker_class}, {args.workers} workers"
             + (f" x {args.threads} threads" if args.worker_class == "gthread" else ""))  # fmt: skip
    print(f"{setup} on 127.0.0.1:{port} (logs in {workdir})")
    server = start_gunicorn(url, port, args.workers, args.worker_class, args.threads,
                            access_log, error_log)  # fmt: skip
    try:
        warm_up(port, texts, args.workers, access_log)
        logged_before = len(access_log_entries(access_log))
        pids = worker_pids(server.pid)
        workers_cpu, client_cpu = cpu_seconds(pids), time.process_time()
        load = Load(port, texts, args.seed, args.think)
        elapsed = load.run(args.clients, args.duration if not args.submissions else 86_400,
                           args.submissions)  # fmt: skip
        workers_cpu, client_cpu = cpu_seconds(pids) - workers_cpu, time.process_time() - client_cpu
        time.sleep(0.5)  # let the access log catch up
        logged = access_log_entries(access_log)[logged_before:]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    by_kind: dict[str, list[float]] = defaultdict(list)
    bad_status = Counter()
    for kind, ms, status in load.timings:
        by_kind[kind].append(ms)
        if status >= 400:
            bad_status[status] += 1
    submissions = by_kind[SUBMISSION]
    others = [ms for kind, ms, _ in load.timings if kind != SUBMISSION]
    server_submit = [ms for _, method, path, _, ms in logged
                     if method == "POST" and path == "/survey/check-answers"]  # fmt: skip
    per_worker = Counter(pid for pid, *_ in logged)

    print(f"\n{args.clients} clients, {elapsed:.1f} s: {len(load.submitted):,} surveys submitted, "
          f"{len(load.timings):,} requests, {len(load.errors)} errors")  # fmt: skip
    print(
        f"{'request (client-side ms)':<26} {'count':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}"
    )
    for kind in KINDS:
        values = by_kind.get(kind, [])
        print(f"{kind:<26} {len(values):>7,} {percentile(values, 50):>7.1f} "
              f"{percentile(values, 95):>7.1f} {percentile(values, 99):>7.1f} "
              f"{max(values, default=float('nan')):>7.1f}")  # fmt: skip
    print(f"{'all but submission':<26} {len(others):>7,} {percentile(others, 50):>7.1f} "
          f"{percentile(others, 95):>7.1f} {percentile(others, 99):>7.1f} "
          f"{max(others, default=float('nan')):>7.1f}")  # fmt: skip
    print(f"submission inside the worker (access log): p50 {percentile(server_submit, 50):.1f}, "
          f"p95 {percentile(server_submit, 95):.1f} ms (the rest is waiting for a free worker)")  # fmt: skip
    print(f"throughput: {len(load.submitted) / elapsed:.1f} submissions/s, "
          f"{len(load.timings) / elapsed:.0f} requests/s")  # fmt: skip
    print(f"CPU: gunicorn workers {workers_cpu:.1f} s ({workers_cpu / elapsed:.2f} cores, "
          f"{workers_cpu * 1000 / max(len(load.timings), 1):.1f} ms a request), load generator "
          f"{client_cpu:.1f} s ({client_cpu / elapsed:.2f} cores); requests per worker: "
          + ", ".join(str(n) for n in sorted(per_worker.values(), reverse=True)))  # fmt: skip
    for message, count in Counter(load.errors).most_common(5):
        print(f"  error x{count}: {message}")
    if bad_status:
        print(f"  error statuses: {dict(bad_status)}")

    with app.app_context():
        db_ok, db_report = check_database(load.submitted)
        outbox = db.session.scalar(select(func.count(OutboxMessage.id))) - outbox_before
        db.session.remove()
        db.engine.dispose()
    print(f"{db_report}; {outbox:,} e-mails queued")

    p95 = percentile(submissions, 95)
    met = p95 < BAR_MS and not load.errors and not bad_status and db_ok and submissions
    print(f"\nRESULT: submission p50 {percentile(submissions, 50):.0f} ms, p95 {p95:.0f} ms, "
          f"p99 {percentile(submissions, 99):.0f} ms; other pages p50 {percentile(others, 50):.0f} "
          f"/ p95 {percentile(others, 95):.0f} ms; {len(load.submitted) / elapsed:.1f} submissions/s; "
          f"{len(load.errors)} errors ({setup}, {args.clients} clients"
          f"{f', {args.think:g} s think time' if args.think else ''}). "
          f"Bar (p95 < {BAR_MS} ms, no errors): {'met' if met else 'MISSED'}")  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
