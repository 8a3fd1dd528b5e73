"""Horizontal bar charts, drawn as SVG on the server from a table's own figures.

No script runs in the browser: the chart works without JavaScript, prints, and the
strict content security policy stays as it is. This module only does the geometry;
`templates/insights/_figure.html` writes the SVG. Colours come from CSS classes
(`app-chart__series--1` ...), a palette that colour-blind readers can tell apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .tables import Table

WIDTH = 720
LABEL_WIDTH = 236
PLOT_LEFT = LABEL_WIDTH + 12
PLOT_RIGHT = WIDTH - 72  # room for the value at the end of the longest bar
AXIS_HEIGHT = 28
BAR = 16
BAR_GAP = 2
STACKED_BAR = 22
ROW_GAP = 14
MAX_ROWS = 24  # beyond this a chart is too tall to read: the table carries the figures
MAX_LABEL = 34
SERIES_COLOURS = 6


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int  # 1-based: the CSS class app-chart__series--N


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class SvgChart:
    id: str
    title: str
    width: int
    height: int
    plot_top: float
    plot_bottom: float
    ticks: list[Label]
    legend: list[tuple[int, str]]
    row_labels: list[Label]
    bars: list[Bar]
    values: list[Label]

    @property
    def plot_left(self) -> int:
        return PLOT_LEFT


def nice_ticks(top: float) -> list[int]:
    """Whole-number ticks from 0 that cover `top` in at most about five steps."""
    if top <= 0:
        return [0, 1]
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    steps = (m * magnitude for m in (1, 2, 2.5, 5, 10) if (m * magnitude) % 1 == 0)
    step = int(next(step for step in steps if step >= raw))
    return list(range(0, math.ceil(top / step) * step + 1, step))


def _shorten(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def chart_for(table: Table) -> SvgChart | None:
    """The table's chart, or None when it has none, no rows, or too many rows to read."""
    spec = table.chart
    rows = table.page_rows
    if spec is None or not rows or len(rows) > MAX_ROWS:
        return None
    stacked = spec.kind == "stacked"
    values = [[row[key].value or 0 for key in spec.series] for row in rows]
    top = max((sum(row) if stacked else max(row)) for row in values)
    ticks = nice_ticks(top)
    scale = (PLOT_RIGHT - PLOT_LEFT) / ticks[-1]
    band = STACKED_BAR if stacked else len(spec.series) * (BAR + BAR_GAP) - BAR_GAP

    bars, row_labels, ends = [], [], []
    y = AXIS_HEIGHT + ROW_GAP / 2
    for row, figures in zip(rows, values, strict=True):
        label = ": ".join(str(row[key].value) for key in spec.label)
        row_labels.append(Label(LABEL_WIDTH, y + band / 2, _shorten(label)))
        x = PLOT_LEFT
        for series, value in enumerate(figures, start=1):
            width = value * scale
            if stacked:
                bars.append(Bar(x, y, width, STACKED_BAR, series))
                x += width
            else:
                bar_y = y + (series - 1) * (BAR + BAR_GAP)
                bars.append(Bar(PLOT_LEFT, bar_y, width, BAR, series))
                ends.append(Label(PLOT_LEFT + width + 4, bar_y + BAR / 2, f"{value:,}"))
        if stacked:
            ends.append(Label(x + 4, y + band / 2, f"{sum(figures):,}"))
        y += band + ROW_GAP
    plot_bottom = y - ROW_GAP / 2
    return SvgChart(
        id=f"chart-{table.id}",
        title=f"Bar chart: {table.title}. The same figures are in the table that follows.",
        width=WIDTH,
        height=math.ceil(plot_bottom + 4),
        plot_top=AXIS_HEIGHT - 6,
        plot_bottom=plot_bottom,
        ticks=[Label(PLOT_LEFT + tick * scale, AXIS_HEIGHT - 10, f"{tick:,}") for tick in ticks],
        legend=[
            (series, table.column(key).heading) for series, key in enumerate(spec.series, start=1)
        ],
        row_labels=row_labels,
        bars=bars,
        values=ends,
    )
