"""Speed of the matching engine at national scale, on synthetic data.

    .venv/bin/python bench/speed.py               # full size: 50,000 / 200,000 x 20,000
    .venv/bin/python bench/speed.py --scale 0.1   # a tenth of that, quickly
    .venv/bin/python bench/speed.py --growth      # also 10%, 25%, 50% and 100%

Reports (a) ranking one new need against 50,000 offers (median and p95 over 200 needs;
bar: median under 5 ms), with the time to build the offer index and to take one edited
offer into it (median of 20), and (b) a full rebuild, fit + proposals with reasons, of
200,000 needs x 20,000 offers (bar: under 60 s, peak memory under 2 GB). Each
measurement runs in a fresh process so its peak RSS is its own. Exits 1 if a bar fails
at full scale.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import date

import numpy as np

from matchmaker import taxonomy
from matchmaker.matching import MatchModel, ModelConfig, NeedRecord, OfferIndex, OfferRecord
from matchmaker.matching.proposals import rebuild
from matchmaker.matching.ranking import rank_need
from matchmaker.matching.text import load_concepts

RANK_OFFERS = 50_000
REBUILD_NEEDS = 200_000
REBUILD_OFFERS = 20_000
RANK_SAMPLES = 200
TODAY = date(2025, 6, 1)
GROWTH = (0.1, 0.25, 0.5, 1.0)

REGIONS = list(taxonomy.REGIONS)
SECTORS = list(taxonomy.SECTORS)
SIZES = list(taxonomy.SIZES)
STAGES = list(taxonomy.STAGES)
SUPPORT_TYPES = list(taxonomy.SUPPORT_TYPES)
THEMES = list(taxonomy.THEMES)


class TextMaker:
    """Texts with a realistic shape: Zipf-distributed words from a 30,000-word vocabulary
    (common English and domain words first), with the synonym list's phrases sprinkled
    in so that concept expansion does real work."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        phrases = [p for c in load_concepts() for p in c.phrases]
        domain = sorted({w for p in phrases for w in p.split()})
        syllables = [
            "ba",
            "co",
            "de",
            "fi",
            "ga",
            "lo",
            "ma",
            "ne",
            "po",
            "ri",
            "sa",
            "tu",
            "ven",
            "tor",
            "lin",
            "mar",
            "pel",
            "dra",
            "quo",
            "sen",
        ]
        made = {"".join(rng.choice(syllables, size=rng.integers(2, 5))) for _ in range(40_000)}
        self.words = np.array(domain + sorted(made - set(domain))[: 30_000 - len(domain)])
        ranks = np.arange(1, len(self.words) + 1)
        weights = 1.0 / ranks**1.05
        self.p = weights / weights.sum()
        self.phrases = np.array(phrases)

    def texts(self, count: int, low: int, high: int) -> list[str]:
        # In slices: a numpy array of every word of 200,000 texts would take ~700 MB and
        # be counted in the rebuild's peak memory.
        texts: list[str] = []
        for start in range(0, count, 10_000):
            texts.extend(self._texts(min(10_000, count - start), low, high))
        return texts

    def _texts(self, count: int, low: int, high: int) -> list[str]:
        lengths = self.rng.integers(low, high, size=count)
        words = self.words[self.rng.choice(len(self.words), size=int(lengths.sum()), p=self.p)]
        bounds = np.r_[0, np.cumsum(lengths)]
        extra = self.phrases[self.rng.integers(0, len(self.phrases), size=(count, 2))]
        return [
            " ".join(words[bounds[i] : bounds[i + 1]]) + " " + " ".join(extra[i])
            for i in range(count)
        ]


def _codes(
    rng: np.random.Generator, codes: list[str], wildcard: str, p_all: float, most: int
) -> frozenset[str]:
    if rng.random() < p_all:
        return frozenset({wildcard})
    return frozenset(rng.choice(codes, size=int(rng.integers(1, most + 1)), replace=False))


def make_offers(count: int, maker: TextMaker, rng: np.random.Generator) -> list[OfferRecord]:
    titles = maker.texts(count, 3, 8)
    descriptions = maker.texts(count, 30, 120)
    return [
        OfferRecord(
            id=i + 1,
            support_type=SUPPORT_TYPES[int(rng.integers(len(SUPPORT_TYPES)))],
            regions=_codes(rng, REGIONS, taxonomy.UK_WIDE, 0.4, 3),
            sectors=_codes(rng, SECTORS, taxonomy.ALL, 0.6, 4),
            sizes=_codes(rng, SIZES, taxonomy.ALL, 0.6, 2),
            stages=_codes(rng, STAGES, taxonomy.ALL, 0.5, 3),
            themes=frozenset(rng.choice(THEMES, size=int(rng.integers(1, 4)), replace=False)),
            title=titles[i],
            description=descriptions[i],
            active=bool(rng.random() < 0.95),
            remaining_capacity=int(rng.integers(1, 21)),
        )
        for i in range(count)
    ]


def make_needs(count: int, maker: TextMaker, rng: np.random.Generator) -> list[NeedRecord]:
    texts = maker.texts(count, 15, 70)
    return [
        NeedRecord(
            id=i + 1,
            region=REGIONS[int(rng.integers(len(REGIONS)))],
            sector=SECTORS[int(rng.integers(len(SECTORS)))],
            size=SIZES[int(rng.integers(len(SIZES)))],
            stage=STAGES[int(rng.integers(len(STAGES)))],
            support_type=SUPPORT_TYPES[int(rng.integers(len(SUPPORT_TYPES)))],
            themes=frozenset(rng.choice(THEMES, size=int(rng.integers(0, 3)), replace=False)),
            text=texts[i],
        )
        for i in range(count)
    ]


def cpu_seconds() -> float:
    """CPU time of this process (all threads): on a shared, busy machine wall time
    overstates what the engine needs, so both are reported."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def measure_rank(scale: float) -> dict[str, float]:
    """Rank one new need at a time against the offers, with a prebuilt OfferIndex."""
    rng = np.random.default_rng(1)
    maker = TextMaker(rng)
    offers = make_offers(int(RANK_OFFERS * scale), maker, rng)
    fit_needs = make_needs(5_000, maker, rng)
    model = MatchModel.fit(fit_needs, offers)
    started = time.perf_counter()
    index = OfferIndex(model, offers)
    index_seconds = time.perf_counter() - started
    new_needs = make_needs(RANK_SAMPLES + 20, maker, rng)
    for need in new_needs[:20]:  # warm caches, as a long-running process would be
        rank_need(model, need, index, today=TODAY)
    timings, top_timings, cpu_timings, eligible = [], [], [], []
    for need in new_needs[20:]:
        started, cpu_started = time.perf_counter(), time.thread_time()
        candidates = rank_need(model, need, index, today=TODAY)
        timings.append((time.perf_counter() - started) * 1000)
        cpu_timings.append((time.thread_time() - cpu_started) * 1000)
        started = time.perf_counter()
        rank_need(model, need, index, today=TODAY, limit=20)
        top_timings.append((time.perf_counter() - started) * 1000)
        eligible.append(len(candidates))
    # A partner's edit: the running process takes the changed offer into its index.
    update_timings = []
    for offer in offers[:: len(offers) // 20][:20]:
        edited = dataclasses.replace(offer, description=offer.description + " Now online.")
        started = time.perf_counter()
        index.with_changes(model, [edited])
        update_timings.append((time.perf_counter() - started) * 1000)
    return {
        "offers": len(offers),
        "index_build_s": index_seconds,
        "index_update_ms": statistics.median(update_timings),
        "median_ms": statistics.median(timings),
        "p95_ms": float(np.percentile(timings, 95)),
        "cpu_median_ms": statistics.median(cpu_timings),
        "top20_median_ms": statistics.median(top_timings),
        "top20_p95_ms": float(np.percentile(top_timings, 95)),
        "median_eligible": statistics.median(eligible),
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_rebuild(scale: float) -> dict[str, float]:
    """Fit a model on every need and offer and propose for every need, with reasons."""
    rng = np.random.default_rng(2)
    maker = TextMaker(rng)
    offers = make_offers(int(REBUILD_OFFERS * scale), maker, rng)
    needs = make_needs(int(REBUILD_NEEDS * scale), maker, rng)
    excluded = {(n.id, int(rng.integers(1, len(offers) + 1))) for n in needs[::10]}
    data_rss = peak_rss_mb()
    started, cpu_started = time.perf_counter(), cpu_seconds()
    # Threshold 0, so every need gets its 3 proposals: random texts rarely reach the
    # calibrated threshold, and a rebuild that proposes nothing would flatter the timing.
    config = ModelConfig().with_(threshold=0.0)
    model, proposals = rebuild(needs, offers, today=TODAY, excluded_pairs=excluded, config=config)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    proposed = {p.need_id for p in proposals}
    return {
        "needs": len(needs),
        "offers": len(offers),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "proposals": len(proposals),
        "needs_with_proposals": len(proposed),
        "terms": len(model.terms),
        "model_mb": len(model.to_bytes()) / 2**20,
        "data_rss_mb": data_rss,
        "peak_rss_mb": peak_rss_mb(),
    }


def in_fresh_process(kind: str, scale: float) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--worker", kind, "--scale", str(scale)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of full size")
    parser.add_argument("--growth", action="store_true", help="also 10%%, 25%%, 50%%, 100%%")
    parser.add_argument("--worker", choices=["rank", "rebuild"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        measure = measure_rank if args.worker == "rank" else measure_rebuild
        print(json.dumps(measure(args.scale)))
        return 0

    scales = GROWTH if args.growth else (args.scale,)
    failed = False
    print("(a) rank one new need against the offers (OfferIndex prebuilt)")
    print(
        f"{'scale':>6} {'offers':>7} {'median ms':>10} {'p95 ms':>8} {'CPU med':>8} "
        f"{'top-20 med':>11} {'top-20 p95':>11} {'eligible':>9} {'index s':>8} "
        f"{'edit ms':>8}"
    )
    for scale in scales:
        r = in_fresh_process("rank", scale)
        print(
            f"{scale:>6.0%} {r['offers']:>7,.0f} {r['median_ms']:>10.2f} {r['p95_ms']:>8.2f} "
            f"{r['cpu_median_ms']:>8.2f} {r['top20_median_ms']:>11.2f} {r['top20_p95_ms']:>11.2f} "
            f"{r['median_eligible']:>9,.0f} {r['index_build_s']:>8.1f} "
            f"{r['index_update_ms']:>8.1f}"
        )
        if scale == 1.0 and r["median_ms"] >= 5:
            failed = True
    print("\n(b) full rebuild: fit + capacity-aware proposals with reasons")
    print(
        f"{'scale':>6} {'needs':>8} {'offers':>7} {'seconds':>8} {'CPU s':>6} {'peak MB':>8} "
        f"{'data MB':>8} {'proposals':>10} {'needs hit':>10} {'terms':>9} {'model MB':>9}"
    )
    for scale in scales:
        r = in_fresh_process("rebuild", scale)
        print(
            f"{scale:>6.0%} {r['needs']:>8,.0f} {r['offers']:>7,.0f} {r['seconds']:>8.1f} "
            f"{r['cpu_seconds']:>6.1f} "
            f"{r['peak_rss_mb']:>8,.0f} {r['data_rss_mb']:>8,.0f} {r['proposals']:>10,.0f} "
            f"{r['needs_with_proposals']:>10,.0f} {r['terms']:>9,.0f} {r['model_mb']:>9.1f}"
        )
        if scale == 1.0 and (r["seconds"] >= 60 or r["peak_rss_mb"] >= 2048):
            failed = True
    print(
        "\nbars at 100%: rank median < 5 ms; rebuild < 60 s and peak < 2,048 MB"
        + (" -- FAILED" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
