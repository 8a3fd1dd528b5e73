"""Validate the labelled benchmark set in bench/data and print its counts.

Standalone: Python standard library only. Run from anywhere:

    python bench/data/check.py            # exits 1 and lists every problem if any check fails

Checks
- offers.csv and needs.csv have the contract's columns (shared/contract/DATA.md) and every coded
  field uses the contract's codes (`uk` / `all` only on their own), e-mails are valid and on
  example.com / example.org, lengths and capacity are in range, refs are unique, and rows that
  share an sme_ref describe the same business;
- grades.csv grades every eligible (need, offer) pair exactly once with 0-3, and no other pair
  (eligible = same support_type; offer regions hold the need's region or `uk`; sectors, sizes
  and stages hold the need's value or `all`);
- the median need has at least 10 eligible offers;
- every need not listed in unfittable.csv has an offer graded 2 or 3; every listed one has
  none; the unfittable share is about 10% (8-13%);
- split.csv puts every development need in `tune` or `test`, about half each, with both
  parts present in every support type and unfittable needs in both parts, and the later
  held-out needs in `holdout`, with every support type and some unfittable needs.
"""

from __future__ import annotations

import csv
import re
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent

REGIONS = {
    "north-east",
    "north-west",
    "yorkshire-humber",
    "east-midlands",
    "west-midlands",
    "east",
    "london",
    "south-east",
    "south-west",
    "wales",
    "scotland",
    "northern-ireland",
}
SECTORS = set("ABCDEFGHIJKLMNOPQRSTU")
SIZES = {"micro", "small", "medium"}
STAGES = {"pre-start", "startup", "established", "scaling"}
PARTS = ("tune", "test", "holdout")
SUPPORT_TYPES = [
    "skills",
    "funding",
    "mentoring",
    "expertise",
    "technology",
    "market-access",
    "workspace",
]
THEMES = {
    "digital-skills",
    "digital-adoption",
    "cyber-security",
    "data-ai",
    "connectivity",
    "finance",
    "leadership",
    "innovation-rd",
    "export",
    "net-zero",
    "workforce",
    "marketing-sales",
}

OFFER_COLUMNS = [
    "offer_ref",
    "organisation",
    "contact_email",
    "title",
    "support_type",
    "themes",
    "description",
    "regions",
    "sectors",
    "sizes",
    "stages",
    "capacity",
]
NEED_COLUMNS = [
    "need_ref",
    "sme_ref",
    "sme_name",
    "contact_name",
    "contact_email",
    "region",
    "sector",
    "size",
    "stage",
    "support_type",
    "themes",
    "description",
]
GRADE_COLUMNS = ["need_ref", "offer_ref", "grade"]
SPLIT_COLUMNS = ["need_ref", "part"]
UNFIT_COLUMNS = ["need_ref", "reason"]

EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@example\.(com|org)$")

problems: list[str] = []


def bad(msg: str) -> None:
    problems.append(msg)


def codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(";") if c.strip()]


def read(name: str, columns: list[str]) -> list[dict[str, str]]:
    path = HERE / name
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != columns:
            bad(f"{name}: columns {reader.fieldnames} != {columns}")
        return list(reader)


def check_list(where: str, value: str, allowed: set[str], wildcard: str | None) -> None:
    items = codes(value)
    if not items:
        bad(f"{where}: empty")
        return
    if wildcard and wildcard in items:
        if len(items) > 1:
            bad(f"{where}: '{wildcard}' must stand alone, got {value!r}")
        return
    for c in items:
        if c not in allowed:
            bad(f"{where}: unknown code {c!r}")
    if len(set(items)) != len(items):
        bad(f"{where}: repeated code in {value!r}")


def check_text(where: str, value: str, limit: int) -> None:
    if not value.strip():
        bad(f"{where}: empty")
    elif len(value) > limit:
        bad(f"{where}: longer than {limit} characters")


def check_offers(offers):
    seen = set()
    for i, o in enumerate(offers, start=2):
        w = f"offers.csv line {i}"
        if o["offer_ref"] in seen:
            bad(f"{w}: duplicate offer_ref {o['offer_ref']}")
        seen.add(o["offer_ref"])
        check_text(f"{w} organisation", o["organisation"], 200)
        check_text(f"{w} title", o["title"], 200)
        check_text(f"{w} description", o["description"], 4000)
        if not EMAIL.match(o["contact_email"]):
            bad(f"{w}: contact_email {o['contact_email']!r} not an example.com/.org address")
        if o["support_type"] not in SUPPORT_TYPES:
            bad(f"{w}: support_type {o['support_type']!r}")
        if o["themes"]:
            check_list(f"{w} themes", o["themes"], THEMES, None)
        check_list(f"{w} regions", o["regions"], REGIONS, "uk")
        check_list(f"{w} sectors", o["sectors"], SECTORS, "all")
        check_list(f"{w} sizes", o["sizes"], SIZES, "all")
        check_list(f"{w} stages", o["stages"], STAGES, "all")
        if not (o["capacity"].isdigit() and int(o["capacity"]) >= 1):
            bad(f"{w}: capacity {o['capacity']!r} is not a whole number from 1")


def check_needs(needs):
    seen = set()
    smes: dict[str, tuple] = {}
    for i, n in enumerate(needs, start=2):
        w = f"needs.csv line {i}"
        if n["need_ref"] in seen:
            bad(f"{w}: duplicate need_ref {n['need_ref']}")
        seen.add(n["need_ref"])
        for col in ("need_ref", "sme_ref", "sme_name", "contact_name"):
            check_text(f"{w} {col}", n[col], 200)
        check_text(f"{w} description", n["description"], 4000)
        if not EMAIL.match(n["contact_email"]):
            bad(f"{w}: contact_email {n['contact_email']!r} not an example.com/.org address")
        if n["region"] not in REGIONS:
            bad(f"{w}: region {n['region']!r}")
        if n["sector"] not in SECTORS:
            bad(f"{w}: sector {n['sector']!r}")
        if n["size"] not in SIZES:
            bad(f"{w}: size {n['size']!r}")
        if n["stage"] not in STAGES:
            bad(f"{w}: stage {n['stage']!r}")
        if n["support_type"] not in SUPPORT_TYPES:
            bad(f"{w}: support_type {n['support_type']!r}")
        if n["themes"]:
            check_list(f"{w} themes", n["themes"], THEMES, None)
        business = tuple(
            n[c]
            for c in (
                "sme_name",
                "contact_name",
                "contact_email",
                "region",
                "sector",
                "size",
                "stage",
            )
        )
        if smes.setdefault(n["sme_ref"], business) != business:
            bad(f"{w}: sme_ref {n['sme_ref']} describes a different business than before")


def allows(offer_value: str, value: str, wildcard: str) -> bool:
    items = codes(offer_value)
    return wildcard in items or value in items


def eligible(n, o) -> bool:
    return (
        o["support_type"] == n["support_type"]
        and allows(o["regions"], n["region"], "uk")
        and allows(o["sectors"], n["sector"], "all")
        and allows(o["sizes"], n["size"], "all")
        and allows(o["stages"], n["stage"], "all")
    )


def main() -> int:
    offers = read("offers.csv", OFFER_COLUMNS)
    needs = read("needs.csv", NEED_COLUMNS)
    grades = read("grades.csv", GRADE_COLUMNS)
    split = read("split.csv", SPLIT_COLUMNS)
    unfit_rows = read("unfittable.csv", UNFIT_COLUMNS)
    check_offers(offers)
    check_needs(needs)

    need_by_ref = {n["need_ref"]: n for n in needs}
    offer_by_ref = {o["offer_ref"]: o for o in offers}

    # eligibility and grades
    expected = {(n["need_ref"], o["offer_ref"]) for n in needs for o in offers if eligible(n, o)}
    graded: dict[tuple[str, str], int] = {}
    for i, r in enumerate(grades, start=2):
        key = (r["need_ref"], r["offer_ref"])
        w = f"grades.csv line {i}"
        if r["need_ref"] not in need_by_ref:
            bad(f"{w}: unknown need_ref {r['need_ref']}")
        if r["offer_ref"] not in offer_by_ref:
            bad(f"{w}: unknown offer_ref {r['offer_ref']}")
        if r["grade"] not in {"0", "1", "2", "3"}:
            bad(f"{w}: grade {r['grade']!r} not 0-3")
            continue
        if key in graded:
            bad(f"{w}: pair {key} graded twice")
        graded[key] = int(r["grade"])
    for key in sorted(expected - graded.keys()):
        bad(f"grades.csv: eligible pair {key} has no grade")
    for key in sorted(graded.keys() - expected):
        bad(f"grades.csv: pair {key} is not eligible and must not be graded")

    per_need: dict[str, list[int]] = defaultdict(list)
    for (nr, _), g in graded.items():
        per_need[nr].append(g)
    counts = [len(per_need[n["need_ref"]]) for n in needs]
    median = statistics.median(counts) if counts else 0
    if median < 10:
        bad(f"median eligible offers per need is {median}, want at least 10")

    unfit = {r["need_ref"] for r in unfit_rows}
    for r in unfit_rows:
        if r["need_ref"] not in need_by_ref:
            bad(f"unfittable.csv: unknown need_ref {r['need_ref']}")
        if not r["reason"].strip():
            bad(f"unfittable.csv: {r['need_ref']} has no reason")
    for n in needs:
        ref = n["need_ref"]
        best = max(per_need[ref], default=-1)
        if not per_need[ref]:
            bad(f"need {ref} has no eligible offer")
        if ref in unfit and best >= 2:
            bad(f"need {ref} is listed as unfittable but has an offer graded {best}")
        if ref not in unfit and best < 2:
            bad(f"need {ref} is fittable but no eligible offer is graded 2 or 3")
    share = len(unfit) / len(needs) if needs else 0
    if not 0.08 <= share <= 0.13:
        bad(f"unfittable share {share:.1%} is not about 10%")

    # split
    part_of = {}
    for i, r in enumerate(split, start=2):
        if r["need_ref"] not in need_by_ref:
            bad(f"split.csv line {i}: unknown need_ref {r['need_ref']}")
        if r["part"] not in PARTS:
            bad(f"split.csv line {i}: part {r['part']!r} not one of {', '.join(PARTS)}")
        if r["need_ref"] in part_of:
            bad(f"split.csv line {i}: {r['need_ref']} listed twice")
        part_of[r["need_ref"]] = r["part"]
    for ref in need_by_ref.keys() - part_of.keys():
        bad(f"split.csv: need {ref} missing")
    parts = Counter(part_of.values())
    development = parts["tune"] + parts["test"]
    if development and not 0.4 <= parts["tune"] / development <= 0.6:
        bad(f"split.csv: tune share {parts['tune'] / development:.1%} is not about 50%")
    for st in SUPPORT_TYPES:
        got = {part_of.get(n["need_ref"]) for n in needs if n["support_type"] == st}
        if got != set(PARTS):
            bad(f"split.csv: support type {st} not in every part")
    if {part_of.get(r) for r in unfit} != set(PARTS):
        bad("split.csv: unfittable needs must appear in every part")

    # report
    dist = Counter(graded.values())
    fittable = [n for n in needs if n["need_ref"] not in unfit]
    relevant = [sum(1 for g in per_need[n["need_ref"]] if g >= 2) for n in fittable]
    print(f"offers: {len(offers)} from {len({o['organisation'] for o in offers})} organisations")
    print(
        "offers per support type: "
        + ", ".join(f"{st} {sum(o['support_type'] == st for o in offers)}" for st in SUPPORT_TYPES)
    )
    print(f"needs: {len(needs)} from {len({n['sme_ref'] for n in needs})} SMEs")
    print(
        "needs per support type: "
        + ", ".join(f"{st} {sum(n['support_type'] == st for n in needs)}" for st in SUPPORT_TYPES)
    )
    print(f"needs with themes left empty: {sum(not n['themes'] for n in needs)}")
    print(f"eligible (graded) pairs: {len(graded)}")
    print(f"eligible offers per need: median {median}, min {min(counts)}, max {max(counts)}")
    print(f"unfittable needs: {len(unfit)} ({share:.1%})")
    print("grade distribution: " + ", ".join(f"{g}: {dist[g]}" for g in range(4)))
    print(
        f"fittable needs: {len(fittable)}; offers graded >=2 per fittable need: "
        f"median {statistics.median(relevant)}, max {max(relevant)}; "
        f"needs with a grade-3 offer: "
        f"{sum(1 for n in fittable if max(per_need[n['need_ref']]) == 3)}"
    )
    print(
        "split: "
        + ", ".join(
            f"{p} {parts[p]} (unfittable {sum(part_of.get(r) == p for r in unfit)})" for p in PARTS
        )
    )

    if problems:
        print(f"\nFAILED: {len(problems)} problem(s)")
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
