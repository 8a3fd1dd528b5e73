"""Hard eligibility rules: an ineligible offer is never proposed, whatever its text.

Two paths give the same answer:

* ``ineligibility_reason`` checks one pair and says, in plain English, which rule fails
  (for "why not?" and for tests);
* ``OfferTable`` / ``NeedTable`` encode codes as bit masks so that whole blocks of pairs
  are checked with a few numpy operations (for ranking and rebuilds at national scale).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from matchmaker import taxonomy
from matchmaker.matching.records import NeedRecord, OfferRecord

# Bit 62 stands for any code the taxonomy does not know. Only a wildcard ("uk", "all")
# covers it, which is also what the one-pair rules below conclude for such a code.
_UNKNOWN_BIT = np.int64(1) << np.int64(62)
_WILDCARD = np.int64(-1)  # every bit set


def _bits(codes: Sequence[str]) -> dict[str, np.int64]:
    return {code: np.int64(1) << np.int64(i) for i, code in enumerate(codes)}


REGION_BITS = _bits(list(taxonomy.REGIONS))
SECTOR_BITS = _bits(list(taxonomy.SECTORS))
SIZE_BITS = _bits(list(taxonomy.SIZES))
STAGE_BITS = _bits(list(taxonomy.STAGES))
THEME_BITS = _bits(list(taxonomy.THEMES))
SUPPORT_TYPE_INDEX = {code: i for i, code in enumerate(taxonomy.SUPPORT_TYPES)}
# Unknown support types never meet: a need's and an offer's get different numbers.
_NEED_NO_SUPPORT_TYPE = -1
_OFFER_NO_SUPPORT_TYPE = -2

_MIN_DAY = np.iinfo(np.int32).min
_MAX_DAY = np.iinfo(np.int32).max


def need_bit(code: str, bits: dict[str, np.int64]) -> np.int64:
    return bits.get(code, _UNKNOWN_BIT)


def offer_mask(codes: Iterable[str], bits: dict[str, np.int64], wildcard: str) -> np.int64:
    mask = np.int64(0)
    for code in codes:
        if code == wildcard:
            return _WILDCARD
        mask |= bits.get(code, np.int64(0))
    return mask


def theme_mask(themes: Iterable[str]) -> np.int64:
    mask = np.int64(0)
    for theme in themes:
        mask |= THEME_BITS.get(theme, np.int64(0))
    return mask


# --- one pair, in words ---------------------------------------------------------------


def _label(labels: dict[str, str], code: str) -> str:
    return labels.get(code, code)


def serves_region(offer: OfferRecord, region: str) -> bool:
    return taxonomy.UK_WIDE in offer.regions or region in offer.regions


def _allows(codes: frozenset[str], code: str) -> bool:
    return taxonomy.ALL in codes or code in codes


def ineligibility_of_offer(offer: OfferRecord, today: date) -> str | None:
    """Rules about the offer alone: open, with capacity, within its dates."""
    if not offer.active:
        return "The offer is paused or closed"
    if offer.remaining_capacity <= 0:
        return "The offer has no capacity left"
    if offer.starts_on is not None and today < offer.starts_on:
        return f"The offer starts on {_day(offer.starts_on)}"
    if offer.ends_on is not None and today > offer.ends_on:
        return f"The offer ended on {_day(offer.ends_on)}"
    return None


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def ineligibility_reason(
    need: NeedRecord, offer: OfferRecord, *, today: date, excluded: bool = False
) -> str | None:
    """The first hard rule the pair breaks, in plain English; None if it is eligible.

    ``excluded`` is the caller's word that the pair was already rejected or introduced.
    """
    if offer.support_type != need.support_type:
        return (
            f"The offer gives {_label(taxonomy.SUPPORT_TYPES, offer.support_type)}, "
            f"not {_label(taxonomy.SUPPORT_TYPES, need.support_type)}"
        )
    if not serves_region(offer, need.region):
        return f"The offer does not serve {_label(taxonomy.REGIONS, need.region)}"
    if not _allows(offer.sectors, need.sector):
        return f"The offer is not open to this sector: {_label(taxonomy.SECTORS, need.sector)}"
    if not _allows(offer.sizes, need.size):
        return (
            f"The offer is not open to businesses of this size: {_label(taxonomy.SIZES, need.size)}"
        )
    if not _allows(offer.stages, need.stage):
        return (
            "The offer is not open to businesses at this stage: "
            f"{_label(taxonomy.STAGES, need.stage)}"
        )
    if (reason := ineligibility_of_offer(offer, today)) is not None:
        return reason
    if excluded:
        return "This offer was already rejected for, or introduced to, this need"
    return None


def eligibility_facts(need: NeedRecord, offer: OfferRecord) -> list[str]:
    """The rules an eligible pair meets, said the way a coordinator checks them."""
    region = _label(taxonomy.REGIONS, need.region)
    facts = [
        "UK-wide, so serves " + region if taxonomy.UK_WIDE in offer.regions else f"serves {region}",
        _fact(offer.sectors, "sector", _label(taxonomy.SECTORS, need.sector)),
        _fact(offer.sizes, "size", _label(taxonomy.SIZES, need.size)),
        _fact(offer.stages, "stage", _label(taxonomy.STAGES, need.stage)),
    ]
    return facts


def _fact(codes: frozenset[str], what: str, label: str) -> str:
    if taxonomy.ALL in codes:
        return f"open to every {what}"
    return f"open to {label}"


# --- many pairs, as bit masks -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OfferTable:
    """Offers as parallel numpy arrays, one element per offer, in the given order."""

    ids: NDArray[np.int64]
    support_type: NDArray[np.int8]
    regions: NDArray[np.int64]
    sectors: NDArray[np.int64]
    sizes: NDArray[np.int64]
    stages: NDArray[np.int64]
    themes: NDArray[np.int64]
    active: NDArray[np.bool_]
    remaining_capacity: NDArray[np.int32]
    starts_on: NDArray[np.int32]  # proleptic ordinal; a very small number if open-ended
    ends_on: NDArray[np.int32]

    @classmethod
    def from_records(cls, offers: Sequence[OfferRecord]) -> OfferTable:
        return cls(
            ids=np.fromiter((o.id for o in offers), np.int64, len(offers)),
            support_type=np.fromiter(
                (SUPPORT_TYPE_INDEX.get(o.support_type, _OFFER_NO_SUPPORT_TYPE) for o in offers),
                np.int8,
                len(offers),
            ),
            regions=_masks(offers, lambda o: offer_mask(o.regions, REGION_BITS, taxonomy.UK_WIDE)),
            sectors=_masks(offers, lambda o: offer_mask(o.sectors, SECTOR_BITS, taxonomy.ALL)),
            sizes=_masks(offers, lambda o: offer_mask(o.sizes, SIZE_BITS, taxonomy.ALL)),
            stages=_masks(offers, lambda o: offer_mask(o.stages, STAGE_BITS, taxonomy.ALL)),
            themes=_masks(offers, lambda o: theme_mask(o.themes)),
            active=np.fromiter((o.active for o in offers), np.bool_, len(offers)),
            remaining_capacity=np.fromiter(
                (o.remaining_capacity for o in offers), np.int32, len(offers)
            ),
            starts_on=np.fromiter(
                (_MIN_DAY if o.starts_on is None else o.starts_on.toordinal() for o in offers),
                np.int32,
                len(offers),
            ),
            ends_on=np.fromiter(
                (_MAX_DAY if o.ends_on is None else o.ends_on.toordinal() for o in offers),
                np.int32,
                len(offers),
            ),
        )

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, positions: NDArray[np.intp]) -> OfferTable:
        return OfferTable(**{name: getattr(self, name)[positions] for name in self.__slots__})

    def concatenated(self, other: OfferTable) -> OfferTable:
        """This table's offers, then the other's."""
        return OfferTable(
            **{
                name: np.concatenate([getattr(self, name), getattr(other, name)])
                for name in self.__slots__
            }
        )

    def available(self, today: date) -> NDArray[np.bool_]:
        """Offers open today with capacity left (the rules that do not depend on the need)."""
        day = today.toordinal()
        return (
            self.active
            & (self.remaining_capacity > 0)
            & (self.starts_on <= day)
            & (self.ends_on >= day)
        )


def _masks(
    offers: Sequence[OfferRecord], mask_of: Callable[[OfferRecord], np.int64]
) -> NDArray[np.int64]:
    return np.fromiter((mask_of(o) for o in offers), np.int64, len(offers))


@dataclass(frozen=True, slots=True)
class NeedTable:
    """Needs as parallel numpy arrays: one bit per coded field, one element per need."""

    ids: NDArray[np.int64]
    support_type: NDArray[np.int8]
    region: NDArray[np.int64]
    sector: NDArray[np.int64]
    size: NDArray[np.int64]
    stage: NDArray[np.int64]
    themes: NDArray[np.int64]

    @classmethod
    def from_records(cls, needs: Sequence[NeedRecord]) -> NeedTable:
        n = len(needs)
        return cls(
            ids=np.fromiter((x.id for x in needs), np.int64, n),
            support_type=np.fromiter(
                (SUPPORT_TYPE_INDEX.get(x.support_type, _NEED_NO_SUPPORT_TYPE) for x in needs),
                np.int8,
                n,
            ),
            region=np.fromiter((need_bit(x.region, REGION_BITS) for x in needs), np.int64, n),
            sector=np.fromiter((need_bit(x.sector, SECTOR_BITS) for x in needs), np.int64, n),
            size=np.fromiter((need_bit(x.size, SIZE_BITS) for x in needs), np.int64, n),
            stage=np.fromiter((need_bit(x.stage, STAGE_BITS) for x in needs), np.int64, n),
            themes=np.fromiter((theme_mask(x.themes) for x in needs), np.int64, n),
        )

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, positions: NDArray[np.intp] | slice) -> NeedTable:
        return NeedTable(**{name: getattr(self, name)[positions] for name in self.__slots__})


def eligible_pairs(
    needs: NeedTable, offers: OfferTable, available: NDArray[np.bool_]
) -> NDArray[np.bool_]:
    """Boolean matrix (needs x offers): which pairs pass every rule but exclusions.

    ``available`` is ``offers.available(today)``, computed once by the caller.
    """
    ok = needs.support_type[:, None] == offers.support_type[None, :]
    ok &= (needs.region[:, None] & offers.regions[None, :]) != 0
    ok &= (needs.sector[:, None] & offers.sectors[None, :]) != 0
    ok &= (needs.size[:, None] & offers.sizes[None, :]) != 0
    ok &= (needs.stage[:, None] & offers.stages[None, :]) != 0
    ok &= available[None, :]
    return ok


def eligible_offers_for(
    need: NeedTable, offers: OfferTable, available: NDArray[np.bool_]
) -> NDArray[np.bool_]:
    """One need (a NeedTable of length 1) against many offers: a boolean vector."""
    ok = offers.support_type == need.support_type[0]
    ok &= (offers.regions & need.region[0]) != 0
    ok &= (offers.sectors & need.sector[0]) != 0
    ok &= (offers.sizes & need.size[0]) != 0
    ok &= (offers.stages & need.stage[0]) != 0
    ok &= available
    return ok


def eligibility_by_profile(
    needs: NeedTable, offers: OfferTable, available: NDArray[np.bool_]
) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
    """Eligibility of many needs, computed once per distinct *profile* (support type,
    region, sector, size, stage: at most a few thousand) instead of once per need.

    Returns each need's profile number and the (profiles x offers) boolean table, so a
    block of needs' eligibility is one gather: ``table[profile[rows]]``.
    """
    keys = np.stack(
        [needs.support_type.astype(np.int64), needs.region, needs.sector, needs.size, needs.stage],
        axis=1,
    )
    _, first, profile = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    table = eligible_pairs(needs.take(first), offers, available)
    return profile.reshape(-1), table
