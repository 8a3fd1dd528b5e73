"""Plain records the engine takes in and hands back.

The web app turns its database rows into these; the engine never sees a session or a
model class, so it can be tested and benchmarked on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class NeedRecord:
    id: int
    region: str
    sector: str
    size: str
    stage: str
    support_type: str
    themes: frozenset[str]
    text: str


@dataclass(frozen=True, slots=True)
class OfferRecord:
    id: int
    support_type: str
    regions: frozenset[str]  # region codes, or {"uk"}
    sectors: frozenset[str]  # sector letters, or {"all"}
    sizes: frozenset[str]  # size codes, or {"all"}
    stages: frozenset[str]  # stage codes, or {"all"}
    themes: frozenset[str]
    title: str
    description: str
    active: bool = True
    remaining_capacity: int = 1  # capacity minus approved introductions
    starts_on: date | None = None
    ends_on: date | None = None

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.description}"


class Candidate(NamedTuple):
    """One eligible offer for one need, as `rank_need` returns it.

    A named tuple rather than a dataclass: a ranking returns thousands of these, and
    tuples are built about twice as fast.
    """

    offer_id: int
    score: float
    above_threshold: bool


@dataclass(frozen=True, slots=True)
class Proposal:
    """One proposed (need, offer) pair, as `propose` returns it."""

    need_id: int
    offer_id: int
    rank: int  # 1 for the need's best proposal
    score: float
    reasons: str  # short plain-English reasons, at most 500 characters
