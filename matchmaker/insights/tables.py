"""The insights tables: what each one shows, how its cells read on screen and in CSV, which
cells an export shared outside the hub hides, and the chart drawn from the same figures.

Every table is built the same way (a `Table` of `Column`s and rows of `Cell`s), so one
template renders them all and one function writes any of them as CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple

from flask import current_app

from .. import taxonomy
from ..extensions import db
from . import services
from .services import Filters, is_small

# What an export shared outside the hub writes instead of a hidden figure. "<5" is true
# only of a count hidden because it is itself from 1 to 4. A rate, change or median hidden
# because a count behind it is small could be anything ("<5" would read as "under 5%" or
# "under 5 days"), and so could a count hidden along with the parts it adds up with: those
# say "suppressed". Which one a column uses depends on how its cells are made, never on the
# hidden value, so the marker gives nothing away.
SMALL_COUNT = "<5"
SUPPRESSED = "suppressed"
# How many of the dashboard's queries run at once (each holds a database connection).
PARALLEL_QUERIES = 4


# --- cells and columns ------------------------------------------------------------------


class Cell(NamedTuple):
    """One figure, and the counts of needs it is made from.

    A figure is hidden in an export shared outside the hub when any of those counts is
    from 1 to 4: a count itself, a rate (its part and whole), a change (both periods).
    Counts of offers and places say nothing about businesses, so have no `basis`.

    A named tuple of plain values: the garbage collector stops tracking those, and a
    page holds thousands of cells while it renders.
    """

    value: int | float | str | None
    basis: tuple[int, ...] = ()

    @property
    def suppressed(self) -> bool:
        return any(is_small(count) for count in self.basis)


def text(value: str) -> Cell:
    return Cell(value)


def count(value: int, *linked: int) -> Cell:
    """A number of needs or introductions (hidden with any `linked` count it adds up with)."""
    return Cell(value, (value, *linked))


def number(value: int) -> Cell:
    return Cell(value)


def percent(part: int, whole: int) -> Cell:
    return Cell(round(100 * part / whole, 1) if whole else None, (part, whole))


def change(current: int, previous: int) -> Cell:
    return Cell(current - previous, (current, previous))


def change_percent(current: int, previous: int) -> Cell:
    value = round(100 * (current - previous) / previous, 1) if previous else None
    return Cell(value, (current, previous))


def days(value: float | None, based_on: int) -> Cell:
    return Cell(None if value is None else round(value, 1), (based_on,))


FORMATS: dict[str, Callable[[int | float], str]] = {
    "count": lambda value: f"{value:,}",
    "percent": lambda value: f"{value:.1f}%",
    "change": lambda value: f"{value:+,}" if value else "0",
    "days": lambda value: f"{value:.1f}",
}
CSV_FORMATS: dict[str, Callable[[int | float], str]] = {
    "count": str,
    "percent": lambda value: f"{value:.1f}",
    "change": str,
    "days": lambda value: f"{value:.1f}",
}


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    format: str = "count"  # text, count, percent, change or days

    @property
    def numeric(self) -> bool:
        return self.format != "text"

    def show(self, cell: Cell) -> str | None:
        """The cell as the page shows it; None when there is no figure (say, a rate of 0)."""
        if cell.value is None:
            return None
        if self.format == "text":
            return str(cell.value)
        return FORMATS[self.format](cell.value)

    def export(self, cell: Cell, *, shareable: bool) -> str | int | float:
        if cell.value is None:
            return ""
        if shareable and cell.suppressed:
            return SMALL_COUNT if self.format == "count" and len(cell.basis) == 1 else SUPPRESSED
        if self.format == "text":
            return _safe_text(str(cell.value))
        return CSV_FORMATS[self.format](cell.value)


def _safe_text(value: str) -> str:
    """Stop a spreadsheet from running a partner's name as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@dataclass(frozen=True)
class Chart:
    """How to draw a table: bars side by side ("grouped") or end to end ("stacked")
    for the `series` columns, one group of bars per row, labelled by the `label` columns."""

    kind: str
    series: tuple[str, ...]
    label: tuple[str, ...]


@dataclass
class Table:
    id: str
    section: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Cell]]
    chart: Chart | None = None
    note: str = ""
    # Long tables show their first rows on the page; the CSV always has every row.
    page_limit: int | None = None

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    @property
    def page_rows(self) -> list[dict[str, Cell]]:
        return self.rows[: self.page_limit] if self.page_limit else self.rows

    @property
    def cut_short(self) -> bool:
        return len(self.page_rows) < len(self.rows)


def write_csv(table: Table, *, shareable: bool) -> str:
    """The table as CSV: a header row of column headings, then one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.heading for column in table.columns])
    for row in table.rows:
        writer.writerow(
            [column.export(row[column.key], shareable=shareable) for column in table.columns]
        )
    return buffer.getvalue()


@dataclass(frozen=True)
class TableView:
    """A table as the page shows it: headings and rows of (text, numeric) pairs, where
    text None means there is no figure (a rate of nothing, say)."""

    head: list[tuple[str, bool]]
    rows: list[list[tuple[str | None, bool]]]
    row_headers: bool


def table_view(table: Table) -> TableView:
    columns = table.columns
    return TableView(
        head=[(column.heading, column.numeric) for column in columns],
        rows=[
            [(column.show(row[column.key]), column.numeric) for column in columns]
            for row in table.page_rows
        ],
        row_headers=not columns[0].numeric,
    )


# --- the catalogue --------------------------------------------------------------------

SECTIONS = {
    "demand": "Demand",
    "supply": "Supply against demand",
    "funnel": "From need to outcome",
    "partners": "Partners and their places",
    "outcomes": "Outcomes",
}


@dataclass(frozen=True)
class Entry:
    """A function that builds the tables `ids` (one query may feed several)."""

    ids: tuple[str, ...]
    build: Callable[[Filters], list[Table]]


CATALOGUE: list[Entry] = []


def tables(*ids: str):
    def register(build: Callable[[Filters], list[Table]]):
        CATALOGUE.append(Entry(ids, build))
        return build

    return register


class UnknownTable(LookupError):
    """No table of that name on the dashboard."""


def build(table_id: str, filters: Filters) -> Table:
    """The table `table_id` for `filters` (UnknownTable if there is none, such as the
    table by hub for one hub)."""
    for entry in CATALOGUE:
        if table_id in entry.ids:
            for built in entry.build(filters):
                if built.id == table_id:
                    return built
    raise UnknownTable(table_id)


def build_sections(filters: Filters) -> dict[str, list[Table]]:
    """Every table for `filters`, by section, in the order of SECTIONS.

    The catalogue's queries are independent, so they run side by side, each on its own
    connection: the database works on several while Python shapes the results of others.
    """
    app = current_app._get_current_object()

    def run(entry: Entry) -> list[Table]:
        with app.app_context():
            try:
                return list(entry.build(filters))
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=PARALLEL_QUERIES) as pool:
        built_by_entry = list(pool.map(run, CATALOGUE))
    sections: dict[str, list[Table]] = {section: [] for section in SECTIONS}
    for built in built_by_entry:
        for table in built:
            sections[table.section].append(table)
    return sections


# --- demand -------------------------------------------------------------------------------

DEMAND_COLUMNS = [
    Column("current", "Needs this period"),
    Column("previous", "Needs previous period"),
    Column("change", "Change", "change"),
    Column("change_percent", "Change (%)", "percent"),
]
DEMAND_CHART = Chart("grouped", ("current", "previous"), ("label",))


def _demand_table(table_id, title, heading, counts, labels, *, every_code=False, note=""):
    """`counts`: {code: (current, previous)}; rows in the order of `labels`, every code
    of it when `every_code` (else those with needs), and one row for the key None."""
    keys = [key for key in labels if every_code or key in counts]
    rows = []
    for key in keys + ([None] if None in counts else []):
        current, previous = counts.get(key, (0, 0))
        rows.append(
            {
                "label": text(labels[key] if key is not None else "No theme given"),
                "current": count(current),
                "previous": count(previous),
                "change": change(current, previous),
                "change_percent": change_percent(current, previous),
            }
        )
    return Table(
        table_id, "demand", title, [Column("label", heading, "text"), *DEMAND_COLUMNS], rows,
        DEMAND_CHART, note,
    )  # fmt: skip


@tables("demand-support-type", "demand-theme", "demand-region", "demand-hub")
def demand(filters: Filters) -> list[Table]:
    counts: dict[str, dict] = {"support_type": {}, "region": {}, "hub": {}}
    for row in services.demand(filters):
        counts[row.dimension][row.key] = (row.current, row.previous)
    themes = {row.key: (row.current, row.previous) for row in services.demand_by_theme(filters)}
    built = [
        _demand_table(
            "demand-support-type", "Needs by type of support", "Type of support",
            counts["support_type"], taxonomy.SUPPORT_TYPES, every_code=True,
        ),
        _demand_table(
            "demand-theme", "Needs by theme", "Theme", themes, taxonomy.THEMES,
            every_code=True, note="A need about two themes counts under both.",
        ),
        _demand_table(
            "demand-region", "Needs by region", "Region", counts["region"], taxonomy.REGIONS
        ),
    ]  # fmt: skip
    if filters.hub is None:
        names = dict(sorted(services.hub_names().items(), key=lambda item: item[1]))
        built.append(_demand_table("demand-hub", "Needs by hub", "Hub", counts["hub"], names))
    return built


# --- supply against demand ---------------------------------------------------------------

SUPPLY_COLUMNS = [
    Column("open_needs", "Open needs"),
    Column("offers", "Eligible offers"),
    Column("places", "Places left"),
    Column("no_offer", "Needs with no eligible offer"),
    Column("beyond", "Needs beyond places left"),
    Column("within", "Needs within places left"),
]
SUPPLY_CHART = Chart("stacked", ("no_offer", "beyond", "within"), ("region", "key"))


@tables("supply-support-type", "supply-theme")
def supply(filters: Filters) -> list[Table]:
    """Supply against demand by region and type of support, or by region and theme."""
    by_theme = filters.supply_by == "theme"
    labels = taxonomy.THEMES if by_theme else taxonomy.SUPPORT_TYPES
    rows = []
    for row in services.supply(filters):
        within = row.open_needs - row.no_offer - row.beyond
        # The three parts add up to the open needs: hide one, hide them all.
        parts = (row.no_offer, row.beyond, within)
        rows.append(
            {
                "region": text(taxonomy.REGIONS.get(row.region, row.region)),
                "key": text(labels.get(row.key, row.key)),
                "open_needs": count(row.open_needs),
                "offers": number(row.offers),
                "places": number(row.places),
                "no_offer": count(row.no_offer, *parts),
                "beyond": count(row.beyond, *parts),
                "within": count(within, *parts),
            }
        )
    heading = "Theme" if by_theme else "Type of support"
    return [
        Table(
            "supply-theme" if by_theme else "supply-support-type",
            "supply",
            f"Open needs and eligible offers by region and {heading.lower()}",
            [Column("region", "Region", "text"), Column("key", heading, "text"), *SUPPLY_COLUMNS],
            rows,
            SUPPLY_CHART,
            "Open today. UK-wide offers count in every region they serve."
            + (" By theme, an offer counts for the themes it is about." if by_theme else ""),
        )
    ]


# --- the funnel -----------------------------------------------------------------------


@tables("funnel", "time-to-introduction")
def funnel(filters: Filters) -> list[Table]:
    figures = services.funnel(filters)
    stages = [
        ("Needs raised", figures.needs),
        ("Proposed to a partner", figures.proposed),
        ("Introduced", figures.introduced),
        ("Met the partner", figures.met),
        ("Positive outcome", figures.positive),
    ]
    rows = []
    before = figures.needs
    for name, reached in stages:
        rows.append(
            {
                "stage": text(name),
                "needs": count(reached),
                "of_raised": percent(reached, figures.needs),
                "of_before": percent(reached, before),
            }
        )
        before = reached
    stages_table = Table(
        "funnel",
        "funnel",
        "Needs raised in the period, by how far they got",
        [
            Column("stage", "Stage", "text"),
            Column("needs", "Needs"),
            Column("of_raised", "Of needs raised (%)", "percent"),
            Column("of_before", "Of the stage before (%)", "percent"),
        ],
        rows,
        Chart("grouped", ("needs",), ("stage",)),
        "Met: the latest outcome reported is met, working together or an agreement. "
        "Positive: working together or an agreement.",
    )
    timing = Table(
        "time-to-introduction",
        "funnel",
        "Time from need to first introduction",
        [
            Column("introduced", "Needs introduced"),
            Column("median_days", "Median days from need to first introduction", "days"),
        ],
        [
            {
                "introduced": count(figures.introduced),
                "median_days": days(figures.median_days, figures.introduced),
            }
        ],
    )
    return [stages_table, timing]


# --- partners and outcomes -----------------------------------------------------------------

PARTNERS_ON_PAGE = 20
RESULT_KEYS = ("met", "working_together", "agreement", "no_fit", "no_response", "awaiting")
OUTCOME_COLUMNS = [
    Column("introductions", "Introductions"),
    Column("met", "Met"),
    Column("working_together", "Working together"),
    Column("agreement", "Agreement"),
    Column("no_fit", "No fit"),
    Column("no_response", "No response"),
    Column("awaiting", "No outcome yet"),
    Column("positive_rate", "Positive (% of reported)", "percent"),
]
OUTCOME_NOTE = "Introductions made in the period, by the latest outcome reported for each."


def _outcome_cells(row) -> dict[str, Cell]:
    reported = row.introductions - row.awaiting
    return {
        "introductions": count(row.introductions),
        **{key: count(getattr(row, key)) for key in RESULT_KEYS},
        "positive_rate": percent(row.positive, reported),
    }


def _outcomes_table(table_id: str, title: str, heading: str, rows: list[dict]) -> Table:
    return Table(
        table_id, "outcomes", title, [Column("label", heading, "text"), *OUTCOME_COLUMNS], rows,
        Chart("stacked", RESULT_KEYS, ("label",)), OUTCOME_NOTE,
    )  # fmt: skip


@tables("partners", "outcomes-support-type", "outcomes-partner")
def introductions(filters: Filters) -> list[Table]:
    found = services.introductions(filters)
    by_type = [row for row in found if row.dimension == "support_type"]
    by_partner = [row for row in found if row.dimension == "partner"]
    places = [
        {
            "partner": text(row.name),
            "offers": number(row.offers),
            "places": number(row.places),
            "used": number(row.used),
            "left": number(row.left),
            "introductions": count(row.introductions),
            "met": count(row.met_or_better),
            "positive": count(row.positive),
        }
        for row in by_partner
    ]
    partner_table = Table(
        "partners",
        "partners",
        "Partners: their places and the introductions made to them",
        [
            Column("partner", "Partner", "text"),
            Column("offers", "Active offers"),
            Column("places", "Places"),
            Column("used", "Places used"),
            Column("left", "Places left"),
            Column("introductions", "Introductions in the period"),
            Column("met", "Met"),
            Column("positive", "Positive outcomes"),
        ],
        places,
        Chart("stacked", ("used", "left"), ("partner",)),
        "Places are on active offers, used across the whole network. Partners with the most "
        "introductions first.",
        page_limit=PARTNERS_ON_PAGE,
    )
    type_rows = [
        {"label": text(taxonomy.SUPPORT_TYPES.get(row.key, row.key)), **_outcome_cells(row)}
        for row in by_type
    ]
    partner_rows = [
        {"label": text(row.name), **_outcome_cells(row)} for row in by_partner if row.introductions
    ]
    by_partner_table = _outcomes_table(
        "outcomes-partner", "Outcomes by partner", "Partner", partner_rows
    )
    by_partner_table.page_limit = PARTNERS_ON_PAGE
    return [
        partner_table,
        _outcomes_table(
            "outcomes-support-type", "Outcomes by type of support", "Type of support", type_rows
        ),
        by_partner_table,
    ]
