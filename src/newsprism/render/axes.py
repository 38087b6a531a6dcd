"""The colours of a chosen axis: outlets coloured by a column of the outlet table, or each by its own.

    from newsprism.render.axes import by_column, by_outlet

    axis = by_column(table, "country")      # every outlet coloured by its country, with a legend
    axis.colour("Fox News"), axis.legend     # "#0072B2", (("United States", "#0072B2"), …)

Colours are the palette's Okabe–Ito colours (`assets.OUTLET_COLOURS`) given out in the order the
values come (the table's order, or the outlets' order), so two values share a colour only past the
eighth; an outlet with no value is grey and named "no value" in the legend. Pure functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from newsprism.corpus.outlet_table import OutletTable
from newsprism.render.assets import OUTLET_COLOURS

__all__ = ["NO_VALUE", "Axis", "by_column", "by_outlet"]

NO_VALUE = "no value"
GREY = "#bdbdbd"  # palette.css --miss


@dataclass(frozen=True, slots=True)
class Axis:
    """How outlets are coloured: `column` (None: each outlet its own colour), each outlet's value and
    each value's colour; `legend` is (value, colour) in order, "no value" last where some outlet has none."""

    column: str | None
    values: Mapping[str, str]
    colours: Mapping[str, str]

    def value(self, outlet: str) -> str:
        return self.values.get(outlet, NO_VALUE)

    def colour(self, outlet: str) -> str:
        return self.colours.get(self.value(outlet), GREY)

    @property
    def legend(self) -> tuple[tuple[str, str], ...]:
        given = set(self.values.values())
        shown = [value for value in self.colours if value in given]
        missing = [(NO_VALUE, GREY)] if NO_VALUE in given else []
        return (*((value, self.colours[value]) for value in shown), *missing)

    def ordered(self, counts: Mapping[str, int]) -> list[tuple[str, int]]:
        """`counts` (outlet → articles) with outlets of one value side by side, in legend order."""
        rank = {value: k for k, (value, _) in enumerate(self.legend)}
        return sorted(counts.items(), key=lambda item: (rank.get(self.value(item[0]), len(rank)), item[0]))


def by_outlet(outlets: Iterable[str]) -> Axis:
    """Each of `outlets` its own colour, in the order given (most articles first is the best order:
    the biggest outlets get distinct colours)."""
    names = list(dict.fromkeys(o for o in outlets if o))
    colours = {name: OUTLET_COLOURS[k % len(OUTLET_COLOURS)] for k, name in enumerate(names)}
    return Axis(None, {name: name for name in names}, colours)


def by_column(table: OutletTable, column: str, outlets: Iterable[str]) -> Axis:
    """`outlets` coloured by their value of `column` in `table` (the caller checks the column exists)."""
    values = {outlet: table.value(outlet, column) or NO_VALUE for outlet in outlets if outlet}
    colours = {value: OUTLET_COLOURS[k % len(OUTLET_COLOURS)] for k, value in enumerate(table.values(column))}
    return Axis(column, values, colours)
