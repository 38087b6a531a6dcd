"""The outlet profiles (`outlets.outlet_profiles`) as one self-contained HTML page.

Charts of coverage, exclusives and omissions, quotes and framing, drawn as inline SVG bar charts,
then who each outlet quotes most and every number in a table. Rendered from
render/templates/outlets.html with the report's stylesheet plus outlets.css, inlined; no script.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from newsprism.render.assets import clip, page, stylesheet, write_page

if TYPE_CHECKING:
    from newsprism.corpus.outlets import OutletProfile
    from newsprism.render.axes import Axis

__all__ = ["outlets_html", "write_outlets_report"]

CSS = stylesheet("palette.css", "base.css", "report.css", "outlets.css")

# one horizontal bar chart, each row its label over its bar, then the value (SVG user units): a chart
# 360 units wide draws its 13 px text at about 13 px on a 390 px phone, and never wider than 26rem
CHART_BARS, CHART_VALUE, CHART_ROW, CHART_LABEL_H, CHART_BAR_H = 290, 70, 36, 15, 14

OUTLETS_NOTE = (
    "Stories covered count every story with an article of the outlet; missed counts the stories that two "
    "or more other outlets covered without it. Exclusive facts are facts only this outlet reports "
    "(details it alone gives inside a shared fact are counted apart); omissions are facts the other "
    "outlets of a story share and this one leaves out. Quotes count quotes with a known speaker; direct "
    "includes partial quotes. Loaded words are counted only when a lexicon was given (settings `lexicons`)."
)


def outlets_html(
    profiles: Sequence[OutletProfile],
    *,
    title: str = "Outlets",
    axis: Axis | None = None,
    columns: Sequence[str] = (),
    counted: tuple[int, int, str] | None = None,
) -> str:
    """The outlet profiles (`outlets.outlet_profiles`) as one self-contained page: charts of coverage,
    exclusives and omissions, voices and framing, drawn as inline SVG, then every number in a table.
    With `axis` (`render.axes.by_column`), a first chart shows coverage grouped and coloured by its
    column, with a legend; `columns` (an outlet table's) adds a form that picks the column (``?by=``).
    `counted` is (multi-outlet stories compared, multi-outlet stories, the store's file) where only the
    comparisons made so far are counted (the web app): the page says so and how to compare the rest."""
    most = max((s.quotes for p in profiles for s in p.speakers), default=0) or 1
    charts = _charts(profiles)
    if axis is not None and axis.column:
        charts.insert(0, _axis_chart(profiles, axis))
    return page(
        "outlets.html",
        css=CSS,
        title=title,
        profiles=profiles,
        charts=charts,
        axis=axis,
        columns=columns,
        counted=counted,
        bar=lambda quotes: round(70 * quotes / most, 1),  # the rest of the cell holds the number
        percent=lambda share: round(100 * share),
        head=NUMBERS,
        rows=[(p, _numbers(p)) for p in profiles],
        note=OUTLETS_NOTE,
        clip=clip,
        label_h=CHART_LABEL_H,
        bar_h=CHART_BAR_H,
    )


def write_outlets_report(profiles: Sequence[OutletProfile], path: str | Path, *, title: str = "Outlets") -> Path:
    """Write `outlets_html` to `path` (UTF-8, folders made as needed) and return the path.

    Raises `OSError` when the file cannot be written.
    """
    return write_page(path, outlets_html(profiles, title=title))


@dataclass(frozen=True, slots=True)
class Bar:
    """One piece of a stacked bar: where it starts and how long it is, in SVG units."""

    x: float
    length: float
    value: int
    name: str
    cls: str
    colour: str | None = None  # a fill of its own (a value of an axis), instead of the class's


@dataclass(frozen=True, slots=True)
class Chart:
    """A horizontal bar chart: one row per label, `(label, y, bars, value text, its x)`."""

    id: str
    caption: str
    series: Sequence[tuple[str, str]]
    rows: Sequence[tuple[str, float, Sequence[Bar], object, float]]
    width: int
    height: int
    swatches: Sequence[tuple[str, str]] = ()  # (value, colour): the legend of an axis chart


def _chart(
    id: str,
    caption: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[tuple[str, str]],
    shown: Sequence[str] | None = None,
) -> Chart:
    """A bar chart for `outlets.html`: one row per label, its values stacked in the order of `series`
    (name, CSS class); after each bar its total, or its text in `shown`."""
    most = max((sum(values) for _, values in rows), default=0) or 1
    drawn = []
    for row, (label, values) in enumerate(rows):
        x: float = 0
        bars = []
        for value, (name, cls) in zip(values, series, strict=True):
            length = round(CHART_BARS * value / most, 1)
            if length:
                bars.append(Bar(x, length, value, name, cls))
            x += length
        drawn.append((label, row * CHART_ROW, bars, shown[row] if shown else sum(values), x + 6))
    width = CHART_BARS + CHART_VALUE
    return Chart(id, caption, series, drawn, width, CHART_ROW * max(len(rows), 1))


def _axis_chart(profiles: Sequence[OutletProfile], axis: Axis) -> Chart:
    """Stories covered, one bar per outlet in the colour of its value, outlets of one value together."""
    rank = {value: k for k, (value, _) in enumerate(axis.legend)}
    ordered = sorted(profiles, key=lambda p: (rank.get(axis.value(p.outlet), len(rank)), -p.stories, p.outlet))
    chart = _chart(
        "chart-axis",
        f"Stories covered, by {axis.column}",
        [(f"{p.outlet} · {axis.value(p.outlet)}", (p.stories,)) for p in ordered],
        (("stories covered", "b-all"),),
    )
    rows = [
        (label, y, [replace(bar, colour=axis.colour(p.outlet)) for bar in bars], value, x)
        for p, (label, y, bars, value, x) in zip(ordered, chart.rows, strict=True)
    ]
    return replace(chart, rows=rows, series=(), swatches=axis.legend)


def _charts(profiles: Sequence[OutletProfile]) -> list[Chart]:
    charts = [
        _chart(
            "chart-coverage",
            "Stories covered and missed",
            [(p.outlet, (p.stories, p.missed)) for p in profiles],
            (("covered", "b-all"), ("missed", "b-miss")),
            shown=[f"{p.stories} of {p.stories + p.missed}" for p in profiles],
        ),
        _chart(
            "chart-facts",
            "Facts only it reports",
            [(p.outlet, (p.exclusives, p.exclusive_details)) for p in profiles],
            (("exclusive facts", "b-one"), ("details inside shared facts", "b-some")),
        ),
        _chart(
            "chart-omissions",
            "Facts the other outlets share that it leaves out",
            [(p.outlet, (p.omissions,)) for p in profiles],
            (("omissions", "b-miss"),),
        ),
        _chart(
            "chart-quotes",
            "Quotes by kind",
            [(p.outlet, (p.direct, p.partial, p.indirect)) for p in profiles],
            (("direct", "b-quote"), ("partial", "b-some"), ("indirect", "b-miss")),
        ),
    ]
    if any(p.loaded is not None for p in profiles):
        framing = _chart(
            "chart-framing",
            "Framing markers",
            [(p.outlet, (p.scare_quotes, p.loaded or 0, p.hedges)) for p in profiles],
            (("scare quotes", "b-conf"), ("loaded words", "b-loaded"), ("hedges", "b-some")),
        )
    else:
        framing = _chart(
            "chart-framing",
            "Framing markers (loaded words not checked: no lexicon given)",
            [(p.outlet, (p.scare_quotes, p.hedges)) for p in profiles],
            (("scare quotes", "b-conf"), ("hedges", "b-some")),
        )
    return [*charts, framing]


NUMBERS = (
    "outlet", "stories", "missed", "compared", "articles", "exclusive facts", "exclusive details", "omissions",
    "quotes", "direct or partial", "scare quotes", "loaded words", "hedges", "stated / attributed", "verbs",
)  # fmt: skip


def _numbers(p: OutletProfile) -> tuple[object, ...]:
    """The cells of an outlet's row in the table of every number (`NUMBERS` names them), after its name."""
    share = "-" if p.direct_share is None else f"{round(100 * p.direct_share)}%"
    verbs = ", ".join(f"{verb} ({count})" for verb, count in p.attribution_verbs[:4]) or "-"
    return (p.stories, p.missed, p.compared, p.articles, p.exclusives, p.exclusive_details, p.omissions,
            p.quotes, share, p.scare_quotes, "-" if p.loaded is None else p.loaded, p.hedges,
            f"{p.stated} / {p.attributed}", verbs)  # fmt: skip
