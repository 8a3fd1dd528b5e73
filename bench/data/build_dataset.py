"""Build the labelled development set for the matching-quality benchmark.

Reads the hand-written offers (_offers_src.py) and needs (_needs_src.py), computes which
(need, offer) pairs are eligible under the hard rules, grades every eligible pair, and writes
offers.csv, needs.csv, grades.csv, split.csv and unfittable.csv next to this file.

Grades come from a topic catalogue first and are then corrected by hand:
  3  the offer's primary topic is the need's topic
  2  the offer substantially covers the need's topic (offer.also / need.also)
  1  same general area (offer.near / need.near, or both topics in the same AREA)
  0  otherwise
  then need["g"] overrides individual pairs after reading them side by side
  (python build_dataset.py --review prints that side-by-side sheet).

The held-out needs (_holdout_a.py, _holdout_b.py) were written later, by people who saw
neither the engine, its synonym list nor the other needs; they carry an explicit grade
for every eligible offer (no topic catalogue) and form the `holdout` part of split.csv.
More development needs (_dev_c.py, _dev_d.py, _dev_e.py) were written the same way after
that and split between `tune` and `test`.

Run: python bench/data/build_dataset.py [--review]
Stdlib only; deterministic.
"""

from __future__ import annotations

import csv
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _dev_c  # noqa: E402
import _dev_d  # noqa: E402
import _dev_e  # noqa: E402
import _holdout_a  # noqa: E402
import _holdout_b  # noqa: E402
from _needs_src import NEEDS, SMES, UNFIT_REASONS  # noqa: E402
from _offers_src import OFFERS  # noqa: E402

HOLDOUT_SOURCES = (_holdout_a, _holdout_b)
WRITTEN_DEVELOPMENT_SOURCES = (_dev_c, _dev_d, _dev_e)

# Topic -> general area (same area, different topic = grade 1 by default).
# fmt: off
AREA = {
    # skills
    "sk-digibasics": "digital", "sk-coding": "dev", "sk-devbootcamp": "dev",
    "sk-digimarketing": "marketing", "sk-sales": "marketing",
    "sk-cyberaware": "cyber", "sk-cybertech": "cyber",
    "sk-data": "data", "sk-ai": "data",
    "sk-supervisor": "leadership", "sk-owner-leadership": "leadership",
    "sk-finance": "finance",
    "sk-apprentice": "workforce", "sk-inclusive": "workforce",
    "sk-green": "netzero", "sk-carbon": "netzero",
    "sk-export": "export",
    # funding
    "fu-netzero-grant": "green-money", "fu-green-loan": "green-money",
    "fu-working-capital": "cash", "fu-invoice": "cash", "fu-scf": "cash",
    "fu-cdfi": "lending", "fu-growth-loan": "lending", "fu-property": "lending",
    "fu-asset": "lending",
    "fu-startup": "start", "fu-startup-grant": "start",
    "fu-equity": "equity", "fu-angel": "equity",
    "fu-rd-grant": "innovation", "fu-export-fin": "export", "fu-digital-voucher": "digital",
    # mentoring
    "me-startup": "start", "me-youth": "start", "me-women": "community",
    "me-diverse": "community", "me-scaleup": "growth", "me-growth": "growth",
    "me-exec-coaching": "personal", "me-wellbeing": "personal",
    "me-export": "export", "me-digital": "digital", "me-investready": "finance",
    "me-netzero": "netzero", "me-succession": "finance", "me-marketing": "marketing",
    "me-food": "sector", "me-tech": "sector", "me-ops": "ops",
    "me-digital-marketing": "marketing",
    # expertise
    "ex-cyber-essentials": "cyber", "ex-cyber-review": "cyber", "ex-gdpr": "data-law",
    "ex-rd-tax": "tax", "ex-ip": "ip", "ex-contracts": "law", "ex-employment-law": "people",
    "ex-hr": "people", "ex-lean": "ops", "ex-quality": "ops",
    "ex-energy-audit": "netzero", "ex-carbon-plan": "netzero",
    "ex-export-compliance": "export", "ex-product-cert": "product",
    "ex-academic": "product", "ex-brand": "marketing", "ex-web-ux": "marketing",
    "ex-data-ai": "data", "ex-finance-review": "finance",
    # technology
    "te-cloud-credits": "compute", "te-hpc": "compute",
    "te-ecommerce": "online", "te-website": "online",
    "te-accounting": "office", "te-crm": "office", "te-automation": "office",
    "te-productivity": "office", "te-ai-tools": "ai",
    "te-broadband": "network", "te-5g": "network",
    "te-iot": "sensing", "te-energy-monitoring": "sensing", "te-agritech": "sensing",
    "te-3dprint": "making", "te-robotics": "making",
    "te-security-tools": "cyber", "te-epos": "shop", "te-devices": "devices",
    # market-access
    "ma-procurement": "public", "ma-bid-writing": "public", "ma-anchor-local": "public",
    "ma-supplier-diversity": "corporate", "ma-b2b-intros": "corporate",
    "ma-open-innovation": "corporate",
    "ma-retail-listing": "food", "ma-hospitality-supply": "food",
    "ma-export-intro": "export", "ma-marketplace": "online", "ma-app-marketplace": "online",
    "ma-offshore-wind": "industrial", "ma-aero-supply": "industrial",
    "ma-auto-supply": "industrial", "ma-construction-framework": "industrial",
    "ma-green-installer": "installer", "ma-creative-roster": "creative",
    "ma-corporate-buyers": "corporate", "ma-xborder-ecom": "online",
    # workspace
    "ws-coworking": "desk", "ws-office": "desk", "ws-incubator": "desk",
    "ws-meeting": "rooms", "ws-lab": "lab", "ws-test": "test", "ws-5g-testbed": "test",
    "ws-energy-test": "test", "ws-agri": "lab", "ws-makerspace": "making",
    "ws-industrial": "making", "ws-kitchen": "food", "ws-studio": "creative",
    "ws-popup": "shop", "ws-warehouse": "storage", "ws-smallunit": "storage",
}
# fmt: on

SUPPORT_TYPES = [
    "skills",
    "funding",
    "mentoring",
    "expertise",
    "technology",
    "market-access",
    "workspace",
]


def org_prefix(org: str) -> str:
    words = [w for w in org.replace("&", " ").split() if w[0].isalpha()]
    return "".join(w[0] for w in words[:3]).upper()


def build_offers():
    counters: Counter[str] = Counter()
    prefixes: dict[str, str] = {}
    used: set[str] = set()
    for o in OFFERS:
        p = prefixes.get(o["org"])
        if p is None:
            p = org_prefix(o["org"])
            while p in used:
                p += "X"
            used.add(p)
            prefixes[o["org"]] = p
        counters[p] += 1
        o["offer_ref"] = f"{p}-{100 + counters[p] * 7}"
        slug = "".join(ch for ch in o["org"].lower() if ch.isalnum())[:18]
        domain = (
            "example.org"
            if any(w in o["org"] for w in ("University", "Foundation", "Fund", "Community"))
            else "example.com"
        )
        o["contact_email"] = f"partnerships.{slug}@{domain}"
        assert o["topic"] in AREA, o["topic"]
        for t in o["also"] + o["near"]:
            assert t in AREA, t
    return {o["key"]: o for o in OFFERS}


def build_needs():
    rng = random.Random(20240611)
    order = list(NEEDS)
    rng.shuffle(order)
    sme_refs: dict[str, str] = {}
    for i, n in enumerate(order, start=1):
        n["need_ref"] = f"GH-{2000 + i * 3}"
        if n["sme"] not in sme_refs:
            sme_refs[n["sme"]] = f"SME-{len(sme_refs) + 1:03d}"
        n["sme_ref"] = sme_refs[n["sme"]]
        _describe_business(n, SMES[n["sme"]])
        if n["topic"] is not None:
            assert n["topic"] in AREA, n["topic"]
        for t in n["also"] + n["near"]:
            assert t in AREA, t
    return order


def _describe_business(need, sme) -> None:
    """Copy the business's (name, contact, e-mail, region, sector, size, stage) onto a need."""
    keys = ("sme_name", "contact_name", "contact_email", "region", "sector", "size", "stage")
    need.update(zip(keys, sme, strict=True))


def build_written(sources, offers, *, first_sme: int, first_ref: int, seed: int):
    """Needs written with a grade for every eligible offer, made as build_needs makes the
    others: refs GH-<first_ref + 3i> in a shuffled order, SME refs from first_sme on, grades
    (by offer key) exactly as written."""
    key_of_ref = {o["offer_ref"]: o["key"] for o in offers.values()}
    smes, needs = {}, []
    for source in sources:
        part = source.__name__.lstrip("_")
        for key, sme in source.SMES.items():
            smes[f"{part}:{key}"] = sme
        for n in source.NEEDS:
            needs.append(
                {
                    "key": f"{part}:{n['key']}",
                    "sme": f"{part}:{n['sme']}",
                    "support_type": n["support_type"],
                    "topic": None if n["unfittable"] else "written",
                    "unfittable": n["unfittable"],
                    "themes": ";".join(n["themes"]),
                    "description": n["description"],
                    "also": [],
                    "near": [],
                    "g": {key_of_ref[ref]: grade for ref, grade in n["grades"].items()},
                }
            )
    random.Random(seed).shuffle(needs)
    sme_refs: dict[str, str] = {}
    for i, n in enumerate(needs, start=1):
        n["need_ref"] = f"GH-{first_ref + i * 3}"
        if n["sme"] not in sme_refs:
            sme_refs[n["sme"]] = f"SME-{first_sme + len(sme_refs):03d}"
        n["sme_ref"] = sme_refs[n["sme"]]
        _describe_business(n, smes[n["sme"]])
    return needs


def allows(offer_value: str, value: str, wildcard: str) -> bool:
    codes = [c.strip() for c in offer_value.split(";") if c.strip()]
    return wildcard in codes or value in codes


def eligible(need, offer) -> bool:
    return (
        offer["support_type"] == need["support_type"]
        and allows(offer["regions"], need["region"], "uk")
        and allows(offer["sectors"], need["sector"], "all")
        and allows(offer["sizes"], need["size"], "all")
        and allows(offer["stages"], need["stage"], "all")
    )


def derive_grade(need, offer) -> int:
    nt, ot = need["topic"], offer["topic"]
    if nt is None:  # nothing on offer fits this need
        return 1 if (ot in need["near"] or set(offer["also"]) & set(need["near"])) else 0
    if ot == nt:
        return 3
    if nt in offer["also"] or ot in need["also"]:
        return 2
    if nt in offer["near"] or ot in need["near"] or AREA[ot] == AREA[nt]:
        return 1
    return 0


def grade_all(needs, offers):
    grades = {}
    for n in needs:
        elig = [o for o in offers.values() if eligible(n, o)]
        keys = {o["key"] for o in elig}
        for k in n["g"]:
            if k not in keys:
                raise SystemExit(f"override {n['key']}->{k} is not an eligible pair")
        for o in elig:
            if "unfittable" in n:  # a held-out need: graded by hand, every pair
                if o["key"] not in n["g"]:
                    raise SystemExit(f"{n['key']}: eligible offer {o['offer_ref']} not graded")
                g = n["g"][o["key"]]
            else:
                g = n["g"].get(o["key"], derive_grade(n, o))
            grades[(n["key"], o["key"])] = g
    return grades


def make_split(needs, seed: int = 7, *, deal_on: bool = False):
    """Half of each support type's fittable and unfittable needs to `tune`, half to `test`.
    With deal_on, the dealing carries on from one support type to the next, so that a set
    with one unfittable need per type still puts about half of them in each part."""
    rng = random.Random(seed)
    part = {}
    dealt = Counter()
    for st in SUPPORT_TYPES:
        group = sorted((n for n in needs if n["support_type"] == st), key=lambda n: n["key"])
        for fittable in (True, False):
            same = [n for n in group if (n["topic"] is not None) == fittable]
            rng.shuffle(same)
            if not deal_on:
                dealt[fittable] = 0
            for n in same:
                part[n["key"]] = "tune" if dealt[fittable] % 2 == 0 else "test"
                dealt[fittable] += 1
    return part


def write_csv(path: Path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def review(needs, offers, grades):
    out = []
    for n in sorted(needs, key=lambda n: n["key"]):
        out.append("=" * 100)
        out.append(
            f"{n['key']} [{n['need_ref']}] {n['support_type']} topic={n['topic']} "
            f"{n['region']} {n['sector']} {n['size']} {n['stage']} themes={n['themes']}"
        )
        out.append("  " + n["description"])
        rows = [
            (grades[(n["key"], o["key"])], o)
            for o in offers.values()
            if (n["key"], o["key"]) in grades
        ]
        for g, o in sorted(rows, key=lambda r: (-r[0], r[1]["key"])):
            mark = "*" if o["key"] in n["g"] else " "
            out.append(f"   {g}{mark} {o['key']} {o['topic']:<24} {o['title']}")
    return "\n".join(out)


def main():
    offers = build_offers()
    catalogued = build_needs()
    first_sme = len({n["sme"] for n in catalogued}) + 1
    holdout = build_written(
        HOLDOUT_SOURCES, offers, first_sme=first_sme, first_ref=5000, seed=20261121
    )
    written = build_written(
        WRITTEN_DEVELOPMENT_SOURCES,
        offers,
        first_sme=first_sme + len({n["sme"] for n in holdout}),
        first_ref=6000,
        seed=20261122,
    )
    needs = catalogued + written + holdout
    grades = grade_all(needs, offers)
    if "--review" in sys.argv:
        print(review(needs, offers, grades))
        return

    write_csv(
        HERE / "offers.csv",
        [
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
        ],
        [
            [
                o["offer_ref"],
                o["org"],
                o["contact_email"],
                o["title"],
                o["support_type"],
                o["themes"],
                o["description"],
                o["regions"],
                o["sectors"],
                o["sizes"],
                o["stages"],
                o["capacity"],
            ]
            for o in offers.values()
        ],
    )
    write_csv(
        HERE / "needs.csv",
        [
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
        ],
        [
            [
                n["need_ref"],
                n["sme_ref"],
                n["sme_name"],
                n["contact_name"],
                n["contact_email"],
                n["region"],
                n["sector"],
                n["size"],
                n["stage"],
                n["support_type"],
                n["themes"],
                n["description"],
            ]
            for n in needs
        ],
    )
    by_key = {n["key"]: n for n in needs}
    rows = [[by_key[nk]["need_ref"], offers[ok]["offer_ref"], g] for (nk, ok), g in grades.items()]
    rows.sort(key=lambda r: (r[0], r[1]))
    write_csv(HERE / "grades.csv", ["need_ref", "offer_ref", "grade"], rows)
    unfit = [n for n in catalogued if n["topic"] is None]
    assert {n["key"] for n in unfit} == set(UNFIT_REASONS), "UNFIT_REASONS out of step"
    write_csv(
        HERE / "unfittable.csv",
        ["need_ref", "reason"],
        sorted(
            [[n["need_ref"], UNFIT_REASONS[n["key"]]] for n in unfit]
            + [[n["need_ref"], n["unfittable"]] for n in written + holdout if n["unfittable"]]
        ),
    )
    # The written needs get their own shuffle, so the earlier needs keep their parts.
    part = (
        make_split(catalogued)
        | make_split(written, seed=8, deal_on=True)
        | {n["key"]: "holdout" for n in holdout}
    )
    write_csv(
        HERE / "split.csv",
        ["need_ref", "part"],
        sorted([[n["need_ref"], part[n["key"]]] for n in needs]),
    )

    per_need = defaultdict(int)
    for (nk, _), _g in grades.items():
        per_need[nk] += 1
    print(f"offers {len(offers)}, needs {len(needs)}, graded pairs {len(grades)}")
    print("grade distribution", sorted(Counter(grades.values()).items()))


if __name__ == "__main__":
    main()
