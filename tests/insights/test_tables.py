"""The tables' cells on screen and in CSV, small-number suppression, and chart geometry."""

import csv
import io

import pytest

from matchmaker.insights import charts, tables
from matchmaker.insights.tables import Cell, Chart, Column, Table


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("cell", "suppressed"),
    [
        (tables.count(0), False),  # nothing to identify
        (tables.count(1), True),
        (tables.count(4), True),
        (tables.count(5), False),
        (tables.number(2), False),  # offers and places say nothing about businesses
        (tables.percent(3, 10), True),  # 3 of 10 reveals the 3
        (tables.percent(10, 12), False),
        (tables.percent(7, 4), True),  # a small whole reveals its parts
        (tables.change(12, 3), True),  # 12 now and a change of +9 reveal the 3
        (tables.change(12, 0), False),
        (tables.days(4.5, 3), True),  # a median of three needs
        (tables.count(9, 9, 2, 0), True),  # one of its linked parts is small
    ],
)
def test_which_cells_an_export_to_share_hides(cell, suppressed):
    assert cell.suppressed is suppressed


def test_rates_changes_and_medians():
    assert tables.percent(1, 3).value == 33.3
    assert tables.percent(0, 0).value is None
    assert tables.change(3, 5).value == -2
    assert tables.change_percent(6, 4).value == 50.0
    assert tables.change_percent(6, 0).value is None
    assert tables.days(3.14159, 9).value == 3.1


def test_columns_format_for_the_page_and_for_csv():
    assert Column("n", "N").show(Cell(12345)) == "12,345"
    assert Column("c", "C", "change").show(Cell(3)) == "+3"
    assert Column("c", "C", "change").show(Cell(-3)) == "-3"
    assert Column("p", "P", "percent").show(Cell(42.0)) == "42.0%"
    assert Column("p", "P", "percent").show(Cell(None)) is None
    assert Column("p", "P", "percent").export(Cell(None), shareable=False) == ""
    assert Column("n", "N").export(Cell(12345), shareable=False) == "12345"
    assert Column("p", "P", "percent").export(tables.percent(1, 8), shareable=True) == (
        "suppressed"
    )


@pytest.mark.parametrize(
    ("column", "cell", "exact", "shared"),
    [
        (Column("n", "N"), tables.count(3), "3", "<5"),  # true of the hidden count
        (Column("n", "N"), tables.count(0, 0, 3, 9), "0", "suppressed"),  # hidden with a part
        (Column("n", "N"), tables.count(20, 20, 3, 0), "20", "suppressed"),
        (Column("p", "P", "percent"), tables.percent(0, 3), "0.0", "suppressed"),
        (Column("p", "P", "percent"), tables.percent(3, 3), "100.0", "suppressed"),
        (Column("p", "P", "percent"), tables.change_percent(12, 3), "300.0", "suppressed"),
        (Column("c", "C", "change"), tables.change(12, 3), "9", "suppressed"),
        (Column("d", "D", "days"), tables.days(40.0, 2), "40.0", "suppressed"),
        (Column("d", "D", "days"), tables.days(None, 2), "", ""),  # no figure to hide
    ],
)
def test_a_hidden_figure_never_reads_as_under_five_unless_it_is(column, cell, exact, shared):
    assert column.export(cell, shareable=False) == exact
    assert column.export(cell, shareable=True) == shared


def small_table() -> Table:
    return Table(
        "demo",
        "demand",
        "Demo",
        [Column("label", "Partner", "text"), Column("n", "Needs"), Column("p", "Places")],
        [
            {"label": Cell("=HYPERLINK(1)"), "n": tables.count(3), "p": tables.number(3)},
            {"label": Cell("Plain, with a comma"), "n": tables.count(7), "p": tables.number(0)},
        ],
        Chart("grouped", ("n", "p"), ("label",)),
    )


def test_csv_exact_and_to_share():
    exact = read_csv(tables.write_csv(small_table(), shareable=False))
    assert exact == [
        ["Partner", "Needs", "Places"],
        ["'=HYPERLINK(1)", "3", "3"],  # a spreadsheet shows it as text, never runs it
        ["Plain, with a comma", "7", "0"],
    ]
    shared = read_csv(tables.write_csv(small_table(), shareable=True))
    assert shared[1:] == [["'=HYPERLINK(1)", "<5", "3"], ["Plain, with a comma", "7", "0"]]


def test_the_page_view_of_a_table():
    view = tables.table_view(small_table())
    assert view.head == [("Partner", False), ("Needs", True), ("Places", True)]
    assert view.rows[1] == [("Plain, with a comma", False), ("7", True), ("0", True)]
    assert view.row_headers


def test_long_tables_show_their_first_rows_and_export_them_all():
    table = small_table()
    table.page_limit = 1
    assert table.cut_short
    assert len(tables.table_view(table).rows) == 1
    assert len(read_csv(tables.write_csv(table, shareable=False))) == 3


def test_nice_ticks():
    assert charts.nice_ticks(0) == [0, 1]
    assert charts.nice_ticks(3) == [0, 1, 2, 3]
    assert charts.nice_ticks(7) == [0, 2, 4, 6, 8]
    assert charts.nice_ticks(100) == [0, 25, 50, 75, 100]
    assert charts.nice_ticks(1234) == [0, 500, 1000, 1500]


def test_a_grouped_chart_has_one_bar_per_figure_scaled_to_the_axis():
    chart = charts.chart_for(small_table())
    assert [bar.series for bar in chart.bars] == [1, 2, 1, 2]
    widths = [bar.width for bar in chart.bars]
    scale = (charts.PLOT_RIGHT - charts.PLOT_LEFT) / 8  # ticks 0, 2, 4, 6, 8
    assert widths == pytest.approx([3 * scale, 3 * scale, 7 * scale, 0])
    assert [label.text for label in chart.values] == ["3", "3", "7", "0"]
    assert [label.text for label in chart.row_labels] == ["=HYPERLINK(1)", "Plain, with a comma"]
    assert chart.legend == [(1, "Needs"), (2, "Places")]


def test_a_stacked_chart_puts_the_parts_end_to_end_and_labels_the_total():
    table = small_table()
    table.chart = Chart("stacked", ("n", "p"), ("label",))
    chart = charts.chart_for(table)
    first, second = chart.bars[:2]
    assert second.x == pytest.approx(first.x + first.width)
    assert [label.text for label in chart.values] == ["6", "7"]


def test_no_chart_without_rows_or_with_too_many():
    table = small_table()
    table.rows = []
    assert charts.chart_for(table) is None
    table.rows = small_table().rows * (charts.MAX_ROWS // 2 + 1)
    assert charts.chart_for(table) is None
