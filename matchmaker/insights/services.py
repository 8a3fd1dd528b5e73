"""The figures behind the insights pages, each computed by the database in one query.

Every function takes `Filters` (a period, a hub or the whole network, a type of support,
a theme) and returns rows of counts, grouped in SQL. Nothing here loops over needs,
offers or introductions in Python, so the pages stay fast with 100,000 needs.

What counts, in plain English (the pages say the same):

* Demand: needs raised in the period, by the business's region or hub, the need's type of
  support or theme; and the same for the period of equal length just before.
* Supply against demand (today, not the period): open needs; the active offers, open
  today, that at least one of them is eligible for (type of support, region or UK-wide,
  sector, size and stage, as the matching engine's hard rules); the places those offers
  have left (capacity minus approved matches); the open needs no such offer can take;
  and the needs beyond the places left.
* Funnel: needs raised in the period, and how many of them were proposed to a partner,
  introduced, met and reached a positive outcome; the median days from need to its first
  introduction.
* Partners and outcomes: introductions made in the period; the outcome of an
  introduction is its most recent report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import (
    Float,
    Integer,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from .. import taxonomy
from ..access import visible_hub_ids
from ..extensions import db
from ..models import (
    Business,
    Hub,
    Introduction,
    Match,
    MatchStatus,
    Need,
    NeedStatus,
    NeedTheme,
    Offer,
    OfferCriterion,
    OfferStatus,
    Organisation,
    Outcome,
    OutcomeResult,
    Role,
)
from ..uktime import UK_TIME, uk_today

DEFAULT_DAYS = 90
# Counts from 1 to 4 could identify a business: exports that leave the hub hide them.
SMALL_NUMBER = 5
MET = (OutcomeResult.MET, OutcomeResult.WORKING_TOGETHER, OutcomeResult.AGREEMENT)
POSITIVE = (OutcomeResult.WORKING_TOGETHER, OutcomeResult.AGREEMENT)
RESULTS = tuple(OutcomeResult)


class HubNotAllowed(Exception):
    """The user asked for the figures of a hub they may not see."""


def _midnight(day: date) -> datetime:
    """When `day` starts in the UK (00:00 GMT, or 00:00 BST: 23:00 UTC the day before)."""
    return datetime.combine(day, time.min, tzinfo=UK_TIME)


@dataclass(frozen=True)
class Filters:
    """What the figures are about. `end` is inclusive; days are UK days, from midnight UK
    time, like every date the service shows."""

    start: date
    end: date
    hub: Hub | None = None  # None: the whole network
    support_type: str | None = None
    theme: str | None = None
    supply_by: str = "support_type"  # or "theme": the breakdown of supply against demand
    today: date = field(default_factory=uk_today)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous_start(self) -> date:
        return self.start - timedelta(days=self.days)

    @property
    def previous_end(self) -> date:
        return self.start - timedelta(days=1)

    @property
    def since(self) -> datetime:
        return _midnight(self.start)

    @property
    def until(self) -> datetime:
        return _midnight(self.end + timedelta(days=1))

    @property
    def previous_since(self) -> datetime:
        return _midnight(self.previous_start)

    def query_args(self, **changes) -> dict[str, str]:
        """These filters as URL parameters (blank ones left out), with `changes` applied."""
        args = {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "hub": self.hub.code if self.hub is not None else "",
            "support_type": self.support_type or "",
            "theme": self.theme or "",
            "supply_by": self.supply_by if self.supply_by != "support_type" else "",
        } | changes
        return {name: value for name, value in args.items() if value}


PRESETS = ((30, "Last 30 days"), (90, "Last 90 days"), (365, "Last 12 months"))


def presets(today: date) -> list[tuple[str, date, date]]:
    """Quick choices of period, each ending today: (label, start, end)."""
    return [(label, today - timedelta(days=days - 1), today) for days, label in PRESETS]


def export_name(table_id: str, filters: Filters, shareable: bool) -> str:
    scope = filters.hub.code if filters.hub is not None else "network"
    suffix = "-shareable" if shareable else ""
    return f"insights-{table_id}-{scope}-{filters.start}-to-{filters.end}{suffix}.csv"


def list_hubs():
    return select(Hub).order_by(Hub.name)


def hub_for(user, hub_code: str | None) -> Hub | None:
    """The hub whose figures `user` asked for (None: the whole network).

    Coordinators see their own hub, also when they name none; naming any other (or one
    that does not exist) raises `HubNotAllowed`. Admins see the network or any hub (an
    unknown code is the filter form's to reject).
    """
    hub = db.session.scalar(select(Hub).where(Hub.code == hub_code)) if hub_code else None
    visible = visible_hub_ids(user)
    if visible is None:
        return hub
    if hub is None and not hub_code and len(visible) == 1:
        hub = db.session.get(Hub, visible[0])
    if hub is None or hub.id not in visible:
        raise HubNotAllowed(hub_code)
    return hub


def filters_for(
    user,
    *,
    hub_code: str | None = None,
    start: date | None = None,
    end: date | None = None,
    support_type: str | None = None,
    theme: str | None = None,
    supply_by: str | None = None,
    today: date | None = None,
) -> Filters:
    """The filters `user` asked for, within what they may see (see `hub_for`). Without
    dates, the last DEFAULT_DAYS days to today."""
    today = today or uk_today()
    if end is None:
        end = max(today, start) if start else today
    if start is None:
        start = end - timedelta(days=DEFAULT_DAYS - 1)
    return Filters(
        start=start,
        end=end,
        hub=hub_for(user, hub_code),
        support_type=support_type or None,
        theme=theme or None,
        supply_by=supply_by or "support_type",
        today=today,
    )


def exact_exports_allowed(user, filters: Filters) -> bool:
    """Whether `user` may download exact figures for `filters`.

    Exact figures leave the service only with a hub's own coordinators, for that hub.
    Every other download (the network's figures, or an admin's download of any hub) is
    shared outside the hub, so figures that could reveal a count from 1 to 4 are hidden
    (see `tables.Column.export`); coordinators can ask for that version too, to pass on.
    """
    return (
        user.role == Role.COORDINATOR and filters.hub is not None and filters.hub.id == user.hub_id
    )


def is_small(count: int | None) -> bool:
    return count is not None and 0 < count < SMALL_NUMBER


# --- SQL building blocks --------------------------------------------------------------


class DaysBetween(FunctionElement):
    """Days (fractional) from `earlier` to `later`, two timestamps."""

    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(DaysBetween, "sqlite")
def _days_between_sqlite(element, compiler, **kw) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(julianday({later}) - julianday({earlier}))"


@compiles(DaysBetween, "postgresql")
def _days_between_postgresql(element, compiler, **kw) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0)"


def _number(value: int):
    return literal_column(str(int(value)), Integer)


def _total(expression):
    """SUM that is 0 rather than NULL over no rows, and an integer on every database."""
    return cast(func.coalesce(func.sum(expression), 0), Integer)


def _count_if(condition):
    return _total(case((condition, 1), else_=0))


def _bits(codes) -> dict[str, int]:
    return {code: 1 << position for position, code in enumerate(codes)}


REGION_BITS = _bits(taxonomy.REGIONS)
SECTOR_BITS = _bits(taxonomy.SECTORS)
SIZE_BITS = _bits(taxonomy.SIZES)
STAGE_BITS = _bits(taxonomy.STAGES)


def _bit_of(column, bits: dict[str, int]):
    """The code in `column` as its bit (0 for a code the taxonomy does not know)."""
    return case({code: _number(bit) for code, bit in bits.items()}, value=column, else_=_number(0))


def _position(column, codes):
    """The code in `column` as its position in `codes` (the order the service shows them
    in); len(codes) for a code it does not know."""
    positions = {code: _number(position) for position, code in enumerate(codes)}
    return case(positions, value=column, else_=_number(len(positions)))


def _code_at(column, codes):
    """The inverse of `_position`: the code at the position in `column`."""
    return case(dict(enumerate(codes)), value=column)


def _overlaps(mask, bit):
    return mask.bitwise_and(bit) != 0


def _needs(filters: Filters, *, with_business: bool = False):
    """An empty select from Need, joined to its Business when the figures need it."""
    query = select().select_from(Need)
    if with_business or filters.hub is not None:
        query = query.join(Business, Business.id == Need.business_id)
    return query


def _need_scope(filters: Filters) -> list:
    """Conditions on Need (and its Business) for the hub, support type and theme."""
    clauses = []
    if filters.hub is not None:
        clauses.append(Business.hub_id == filters.hub.id)
    if filters.support_type:
        clauses.append(Need.support_type == filters.support_type)
    if filters.theme:
        # Aliased: the query may join NeedTheme itself (demand by theme).
        about = aliased(NeedTheme)
        clauses.append(exists().where(about.need_id == Need.id, about.theme == filters.theme))
    return clauses


def _in_window(column, filters: Filters, *, with_previous: bool = False) -> list:
    since = filters.previous_since if with_previous else filters.since
    return [column >= since, column < filters.until]


# --- demand ---------------------------------------------------------------------------


def demand(filters: Filters):
    """Needs raised in the period and in the period before, by type of support, by region
    and by hub: rows of (dimension, key, current, previous), `key` a code.

    The needs are read once, into a small cube (type x region x hub), which the database
    then sums three ways.
    """
    cube = (
        _needs(filters, with_business=True)
        .add_columns(
            Need.support_type,
            Business.region,
            Business.hub_id,
            _count_if(Need.created_at >= filters.since).label("current"),
            _count_if(Need.created_at < filters.since).label("previous"),
        )
        .where(*_in_window(Need.created_at, filters, with_previous=True), *_need_scope(filters))
        .group_by(Need.support_type, Business.region, Business.hub_id)
        .cte("demand_cube")
    )
    parts = []
    for dimension, key in (
        ("support_type", cube.c.support_type),
        ("region", cube.c.region),
        ("hub", Hub.code),
    ):
        part = select(
            literal(dimension, String).label("dimension"),
            key.label("key"),
            _total(cube.c.current).label("current"),
            _total(cube.c.previous).label("previous"),
        ).select_from(cube)
        if dimension == "hub":
            part = part.join(Hub, Hub.id == cube.c.hub_id)
        parts.append(part.group_by(key))
    return db.session.execute(union_all(*parts)).all()


def demand_by_theme(filters: Filters):
    """Needs raised in the period and the one before, by theme: rows of (key, current,
    previous); a need about two themes counts under both, one with none under None."""
    query = (
        _needs(filters)
        .add_columns(
            NeedTheme.theme.label("key"),
            _count_if(Need.created_at >= filters.since).label("current"),
            _count_if(Need.created_at < filters.since).label("previous"),
        )
        .outerjoin(NeedTheme, NeedTheme.need_id == Need.id)
        .where(*_in_window(Need.created_at, filters, with_previous=True), *_need_scope(filters))
        .group_by(NeedTheme.theme)
    )
    return db.session.execute(query).all()


# --- supply against demand --------------------------------------------------------------


def _materialized(query, name: str):
    """A CTE the database computes once: the queries below join small intermediate
    results, and neither planner should inline or re-run them."""
    return query.cte(name).prefix_with("MATERIALIZED")


def _offer_mask(kind: str, bits: dict[str, int], wildcard: str):
    """One offer's codes of `kind` as a bit mask; its wildcard ("uk", "all") sets every bit."""
    in_kind = OfferCriterion.kind == kind
    mask = _total(case((in_kind, _bit_of(OfferCriterion.code, bits)), else_=_number(0)))
    has_wildcard = func.max(case((and_(in_kind, OfferCriterion.code == wildcard), 1), else_=0))
    return case((has_wildcard == 1, _number((1 << len(bits)) - 1)), else_=mask)


def _approved_per_offer():
    return (
        select(Match.offer_id, func.count().label("approved"))
        .where(Match.status == MatchStatus.APPROVED)
        .group_by(Match.offer_id)
        .subquery("approved")
    )


def _offer_about(offer_id, theme: str):
    return exists().where(
        OfferCriterion.offer_id == offer_id,
        OfferCriterion.kind == "theme",
        OfferCriterion.code == theme,
    )


def _live_offers(filters: Filters):
    """Active offers open today: offer_id, support_type, the regions, sectors, sizes and
    stages each is open to as bit masks, and the places it has left (capacity minus
    approved matches)."""
    masks = (
        select(
            OfferCriterion.offer_id,
            _offer_mask("region", REGION_BITS, taxonomy.UK_WIDE).label("regions"),
            _offer_mask("sector", SECTOR_BITS, taxonomy.ALL).label("sectors"),
            _offer_mask("size", SIZE_BITS, taxonomy.ALL).label("sizes"),
            _offer_mask("stage", STAGE_BITS, taxonomy.ALL).label("stages"),
        )
        .group_by(OfferCriterion.offer_id)
        .subquery("offer_masks")
    )
    approved = _approved_per_offer()
    left = Offer.capacity - func.coalesce(approved.c.approved, 0)
    query = (
        select(
            Offer.id.label("offer_id"),
            _position(Offer.support_type, taxonomy.SUPPORT_TYPES).label("type_no"),
            masks.c.regions,
            masks.c.sectors,
            masks.c.sizes,
            masks.c.stages,
            case((left > 0, left), else_=0).label("remaining"),
        )
        .join(masks, masks.c.offer_id == Offer.id)
        .outerjoin(approved, approved.c.offer_id == Offer.id)
        .where(
            Offer.status == OfferStatus.ACTIVE,
            or_(Offer.starts_on.is_(None), Offer.starts_on <= filters.today),
            or_(Offer.ends_on.is_(None), Offer.ends_on >= filters.today),
        )
    )
    if filters.support_type:
        query = query.where(Offer.support_type == filters.support_type)
    if filters.theme:
        query = query.where(_offer_about(Offer.id, filters.theme))
    return _materialized(query, "live_offers")


def supply(filters: Filters):
    """Open needs against the offers they are eligible for, per region and `by`
    (`filters.supply_by`, "support_type" or "theme"; by theme, an offer must also be
    about that theme).

    Rows: region, key, open_needs, offers, places, no_offer, beyond.

    No need is paired with every offer. Open needs are grouped into *profiles* (needs
    alike in everything the rules look at, and by theme the theme) and profiles into
    *cells* (alike in all but sector). Every cell is paired with the live offers of its
    type of support (and theme) whose regions, sizes and stages let it in, checked as
    bit masks: tens of thousands of pairs for 100,000 needs. A profile's needs have an
    eligible offer when one of its cell's offers allows their sector; an offer serves a
    region when it allows the sector of some need in one of its cells.
    """
    by_theme = filters.supply_by == "theme"
    key_codes = taxonomy.THEMES if by_theme else taxonomy.SUPPORT_TYPES
    type_no = _position(Need.support_type, taxonomy.SUPPORT_TYPES)
    region_no = _position(Business.region, taxonomy.REGIONS)
    cell = ((type_no * 16 + region_no) * 4 + _position(Business.size, taxonomy.SIZES)) * 8 + (
        _position(Business.stage, taxonomy.STAGES)
    )
    grouping = [Need.support_type, Business.region, Business.size, Business.stage, Business.sector]
    columns = [
        cell.label("cell"),
        type_no.label("type_no"),
        region_no.label("region_no"),
        _bit_of(Business.region, REGION_BITS).label("region_bit"),
        _bit_of(Business.size, SIZE_BITS).label("size_bit"),
        _bit_of(Business.stage, STAGE_BITS).label("stage_bit"),
        _bit_of(Business.sector, SECTOR_BITS).label("sector_bit"),
    ]
    profiles = _needs(filters, with_business=True)
    if by_theme:
        theme_no = _position(NeedTheme.theme, taxonomy.THEMES)
        grouping.append(NeedTheme.theme)
        columns += [theme_no.label("theme_no"), theme_no.label("key_no")]
        profiles = profiles.join(NeedTheme, NeedTheme.need_id == Need.id)
        if filters.theme:
            profiles = profiles.where(NeedTheme.theme == filters.theme)
    else:
        columns.append(type_no.label("key_no"))
    profiles = _materialized(
        profiles.add_columns(*columns, func.count().label("needs"))
        .where(Need.status == NeedStatus.OPEN, *_need_scope(filters))
        .group_by(*grouping),
        "profiles",
    )
    in_group = ["cell"] + (["theme_no"] if by_theme else [])

    # Cells, with the bits the rules check and the union of their needs' sectors (each
    # sector appears once in a cell, so the sum of their bits is their union).
    described = ["type_no", "region_no", "key_no", "region_bit", "size_bit", "stage_bit"]
    cells = _materialized(
        select(
            *(profiles.c[name] for name in in_group + described),
            _total(profiles.c.sector_bit).label("need_sectors"),
        ).group_by(*(profiles.c[name] for name in in_group + described)),
        "cells",
    )
    offers = _live_offers(filters)
    if by_theme:
        offers = _materialized(
            select(offers, _position(OfferCriterion.code, taxonomy.THEMES).label("theme_no")).join(
                OfferCriterion,
                and_(OfferCriterion.offer_id == offers.c.offer_id, OfferCriterion.kind == "theme"),
            ),
            "live_offer_themes",
        )
    pairs = [
        offers.c.type_no == cells.c.type_no,
        _overlaps(offers.c.regions, cells.c.region_bit),
        _overlaps(offers.c.sizes, cells.c.size_bit),
        _overlaps(offers.c.stages, cells.c.stage_bit),
    ]
    if by_theme:
        pairs.append(offers.c.theme_no == cells.c.theme_no)
    cell_offers = _materialized(
        select(
            *(cells.c[name] for name in in_group),
            cells.c.region_no,
            cells.c.key_no,
            cells.c.need_sectors,
            offers.c.offer_id,
            offers.c.sectors,
            offers.c.remaining,
        ).join(offers, and_(*pairs)),
        "cell_offers",
    )

    has_offer = exists().where(
        *(cell_offers.c[name] == profiles.c[name] for name in in_group),
        _overlaps(cell_offers.c.sectors, profiles.c.sector_bit),
    )
    by_group = (profiles.c.region_no, profiles.c.key_no)
    open_needs = (
        select(*by_group, _total(profiles.c.needs).label("needs"))
        .group_by(*by_group)
        .subquery("open_needs")
    )
    with_offer = (
        select(*by_group, _total(profiles.c.needs).label("needs"))
        .where(has_offer)
        .group_by(*by_group)
        .subquery("with_offer")
    )
    serving = (
        select(
            cell_offers.c.region_no,
            cell_offers.c.key_no,
            cell_offers.c.offer_id,
            cell_offers.c.remaining,
        )
        .where(_overlaps(cell_offers.c.sectors, cell_offers.c.need_sectors))
        .distinct()
        .subquery("serving")
    )
    offer_groups = (
        select(
            serving.c.region_no,
            serving.c.key_no,
            func.count().label("offers"),
            _total(serving.c.remaining).label("places"),
        )
        .group_by(serving.c.region_no, serving.c.key_no)
        .subquery("offer_groups")
    )

    def joined(other):
        return and_(
            other.c.region_no == open_needs.c.region_no, other.c.key_no == open_needs.c.key_no
        )

    places = func.coalesce(offer_groups.c.places, 0)
    no_offer = open_needs.c.needs - func.coalesce(with_offer.c.needs, 0)
    beyond = open_needs.c.needs - no_offer - places
    query = (
        select(
            _code_at(open_needs.c.region_no, taxonomy.REGIONS).label("region"),
            _code_at(open_needs.c.key_no, key_codes).label("key"),
            cast(open_needs.c.needs, Integer).label("open_needs"),
            cast(func.coalesce(offer_groups.c.offers, 0), Integer).label("offers"),
            cast(places, Integer).label("places"),
            cast(no_offer, Integer).label("no_offer"),
            cast(case((beyond > 0, beyond), else_=0), Integer).label("beyond"),
        )
        .outerjoin(with_offer, joined(with_offer))
        .outerjoin(offer_groups, joined(offer_groups))
        .order_by(open_needs.c.region_no, open_needs.c.key_no)
    )
    return db.session.execute(query).all()


# --- introductions and outcomes ---------------------------------------------------------


def _latest_outcomes(introduction_ids):
    """The most recent outcome reported for each of `introduction_ids` (a select):
    rows of (introduction_id, result). Two plain GROUP BYs rather than a window function,
    which would keep SQLite from indexing the result for the join that follows."""
    reported = Outcome.introduction_id.in_(introduction_ids)
    last_at = (
        select(Outcome.introduction_id, func.max(Outcome.created_at).label("at"))
        .where(reported)
        .group_by(Outcome.introduction_id)
        .subquery("last_reported")
    )
    last_id = (
        select(func.max(Outcome.id).label("id"))
        .join(
            last_at,
            and_(
                last_at.c.introduction_id == Outcome.introduction_id,
                last_at.c.at == Outcome.created_at,
            ),
        )
        .group_by(Outcome.introduction_id)
        .subquery("last_outcome")
    )
    return _materialized(
        select(Outcome.introduction_id, Outcome.result).join(last_id, last_id.c.id == Outcome.id),
        "latest_outcomes",
    )


def _with_results(introductions):
    """`introductions` (a CTE with an introduction_id column), each with the result of
    its latest outcome (None if none is reported yet).

    Joined in a CTE of its own, before any GROUP BY: SQLite then indexes the latest
    outcomes for the join; with the GROUP BY in the same query it scans them instead.
    """
    latest = _latest_outcomes(select(introductions.c.introduction_id))
    return _materialized(
        select(introductions, latest.c.result).outerjoin(
            latest, latest.c.introduction_id == introductions.c.introduction_id
        ),
        f"{introductions.name}_results",
    )


def funnel(filters: Filters):
    """One row for the needs raised in the period: needs, proposed, introduced, met,
    positive (each a number of needs that got that far) and median_days (from need to
    its first introduction; None without introductions)."""
    cohort = _materialized(
        _needs(filters)
        .add_columns(Need.id, Need.created_at)
        .where(*_in_window(Need.created_at, filters), *_need_scope(filters)),
        "cohort",
    )
    proposals = _materialized(
        select(
            cohort.c.id.label("need_id"),
            cohort.c.created_at.label("need_created_at"),
            Introduction.id.label("introduction_id"),
            Introduction.created_at,
        )
        .select_from(cohort)
        .join(Match, Match.need_id == cohort.c.id)
        .outerjoin(Introduction, Introduction.match_id == Match.id),
        "cohort_proposals",
    )
    results = _with_results(proposals)
    # One row per need proposed at least once: how far it got.
    per_need = _materialized(
        select(
            results.c.need_id,
            func.max(case((results.c.introduction_id.is_not(None), 1), else_=0)).label(
                "introduced"
            ),
            func.max(case((results.c.result.in_(MET), 1), else_=0)).label("met"),
            func.max(case((results.c.result.in_(POSITIVE), 1), else_=0)).label("positive"),
            DaysBetween(func.min(results.c.created_at), results.c.need_created_at).label("days"),
        ).group_by(results.c.need_id, results.c.need_created_at),
        "proposed_needs",
    )
    ranked = (
        select(
            per_need.c.days,
            func.row_number().over(order_by=per_need.c.days).label("position"),
            func.count().over().label("total"),
        )
        .where(per_need.c.introduced == 1)
        .subquery("ranked")
    )
    middle = ((ranked.c.total + 1) // 2, (ranked.c.total + 2) // 2)
    stages = (
        select(
            cast(func.count(), Integer).label("proposed"),
            _total(per_need.c.introduced).label("introduced"),
            _total(per_need.c.met).label("met"),
            _total(per_need.c.positive).label("positive"),
        )
        .select_from(per_need)
        .subquery("stages")
    )
    query = select(
        select(func.count()).select_from(cohort).scalar_subquery().label("needs"),
        stages.c.proposed,
        stages.c.introduced,
        stages.c.met,
        stages.c.positive,
        select(cast(func.avg(ranked.c.days), Float))
        .where(ranked.c.position.in_(middle))
        .scalar_subquery()
        .label("median_days"),
    )
    return db.session.execute(query).one()


OUTCOME_COUNTS = ("introductions", "awaiting", *(v.replace("-", "_") for v in RESULTS),
                  "met_or_better", "positive")  # fmt: skip
PARTNER_FIGURES = ("offers", "places", "used", "left")


def _outcome_counts(result) -> list:
    """Introductions counted by their latest outcome (`result`), labelled OUTCOME_COUNTS."""
    return [
        cast(func.count(), Integer).label("introductions"),
        _count_if(result.is_(None)).label("awaiting"),
        *(_count_if(result == value).label(value.replace("-", "_")) for value in RESULTS),
        _count_if(result.in_(MET)).label("met_or_better"),
        _count_if(result.in_(POSITIVE)).label("positive"),
    ]


def _partner_offers(filters: Filters):
    """Per organisation: its active offers (of the type and theme chosen), their places
    and how many are used (approved matches, across the network)."""
    approved = _approved_per_offer()
    used = func.coalesce(approved.c.approved, 0)
    offers = (
        select(
            Offer.organisation_id,
            cast(func.count(), Integer).label("offers"),
            _total(Offer.capacity).label("places"),
            _total(case((used < Offer.capacity, used), else_=Offer.capacity)).label("used"),
        )
        .outerjoin(approved, approved.c.offer_id == Offer.id)
        .where(Offer.status == OfferStatus.ACTIVE)
        .group_by(Offer.organisation_id)
    )
    if filters.support_type:
        offers = offers.where(Offer.support_type == filters.support_type)
    if filters.theme:
        offers = offers.where(_offer_about(Offer.id, filters.theme))
    return offers.subquery("partner_offers")


def introductions(filters: Filters):
    """Introductions made in the period by their latest outcome, two ways in one query.

    Rows of (dimension, key, name, offers, places, used, left, *OUTCOME_COUNTS):

    * dimension "support_type": key a type of support (name and offer figures None);
    * dimension "partner": key an organisation's id (as text), its name, its active
      offers and places (`_partner_offers`), and the introductions made to it for the
      hub's businesses. Organisations with neither an active offer nor an introduction
      are left out.

    Types come first, in the taxonomy's order; then partners, most introductions first.
    """
    made = _materialized(
        _needs(filters)
        .add_columns(
            Need.support_type, Offer.organisation_id, Introduction.id.label("introduction_id")
        )
        .join(Match, Match.need_id == Need.id)
        .join(Introduction, Introduction.match_id == Match.id)
        .join(Offer, Offer.id == Match.offer_id)
        .where(*_in_window(Introduction.created_at, filters), *_need_scope(filters)),
        "period_introductions",
    )
    results = _with_results(made)
    by_type = select(
        _number(0).label("part"),
        _position(results.c.support_type, taxonomy.SUPPORT_TYPES).label("ordering"),
        literal("support_type", String).label("dimension"),
        results.c.support_type.label("key"),
        cast(null(), String).label("name"),
        *(cast(null(), Integer).label(name) for name in PARTNER_FIGURES),
        *_outcome_counts(results.c.result),
    ).group_by(results.c.support_type)

    per_partner = (
        select(results.c.organisation_id, *_outcome_counts(results.c.result))
        .group_by(results.c.organisation_id)
        .subquery("partner_introductions")
    )
    offers = _partner_offers(filters)
    places = func.coalesce(offers.c.places, 0)
    used = func.coalesce(offers.c.used, 0)
    introduced = func.coalesce(per_partner.c.introductions, 0)
    by_partner = (
        select(
            _number(1).label("part"),
            func.row_number()
            .over(order_by=(introduced.desc(), places.desc(), Organisation.name))
            .label("ordering"),
            literal("partner", String).label("dimension"),
            cast(Organisation.id, String).label("key"),
            Organisation.name,
            cast(func.coalesce(offers.c.offers, 0), Integer).label("offers"),
            cast(places, Integer).label("places"),
            cast(used, Integer).label("used"),
            cast(places - used, Integer).label("left"),
            *(
                cast(func.coalesce(per_partner.c[name], 0), Integer).label(name)
                for name in OUTCOME_COUNTS
            ),
        )
        .outerjoin(offers, offers.c.organisation_id == Organisation.id)
        .outerjoin(per_partner, per_partner.c.organisation_id == Organisation.id)
        .where(or_(offers.c.offers.is_not(None), per_partner.c.introductions.is_not(None)))
    )
    both = union_all(by_type, by_partner).subquery("introductions_both_ways")
    query = select(*(column for column in both.c if column.name not in ("part", "ordering")))
    return db.session.execute(query.order_by(both.c.part, both.c.ordering)).all()


def hub_names() -> dict[str, str]:
    return dict(db.session.execute(select(Hub.code, Hub.name)).all())
