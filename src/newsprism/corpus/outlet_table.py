"""Outlet metadata a user gives: one row per outlet, its aliases, and any columns (country, ownership, leaning…).

    from newsprism.corpus.outlet_table import load_outlet_table, blindspots

    table = load_outlet_table("outlets.csv")          # or .toml; settings `outlet_table` names it
    table.value("Fox News", "country")                 # "United States"; aliases count ("foxnews.com")
    blindspots(store, table, "ownership")              # stories only one ownership covered

A CSV has a header row with `outlet`, optionally `aliases` (separated by ``;`` or ``|``) and any other
columns; lines starting with ``#`` are comments. A TOML file has one ``[[outlets]]`` table per
outlet with the same keys (`aliases` a list or a string). newsprism ships an example for the seed
outlets and BASIL's (`EXAMPLE`, ``data/outlet_table.toml``, each value's source in a comment).
Nothing is inferred: an outlet not in the table has no value for any column. A bad file raises
`InputError` with one line that names it and says what to fix.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from newsprism.errors import InputError
from newsprism.records import StoredStory
from newsprism.store import Store, StoryQuery

__all__ = ["EXAMPLE", "Blindspot", "OutletTable", "blindspots", "load_outlet_table"]

EXAMPLE = str(files("newsprism.data") / "outlet_table.toml")
RESERVED = ("outlet", "aliases")
MAX_BYTES = 5_000_000  # an outlet table is a few hundred rows; anything this big is not one
MAX_STORIES = 20_000  # stories a blindspot view reads


@dataclass(frozen=True, slots=True)
class OutletTable:
    """The rows of an outlet table: `columns` (other than outlet and aliases, in file order), each
    outlet's values, and every alias (lower case) mapped to its outlet."""

    source: str
    columns: tuple[str, ...]
    rows: Mapping[str, Mapping[str, str]]
    aliases: Mapping[str, str]

    def outlet(self, name: str | None) -> str | None:
        """The table's name for the outlet called `name` (its own name or an alias, any case), or None."""
        return self.aliases.get(name.strip().lower()) if name else None

    def value(self, name: str | None, column: str) -> str | None:
        """The `column` value of the outlet called `name`; None when the outlet or its value is missing."""
        outlet = self.outlet(name)
        return (self.rows[outlet].get(column) or None) if outlet else None

    def values(self, column: str) -> tuple[str, ...]:
        """The values of `column`, in the order they first appear in the table."""
        return tuple(dict.fromkeys(v for row in self.rows.values() if (v := row.get(column))))


@dataclass(frozen=True, slots=True)
class Blindspot:
    """The stories whose outlets (those with a value) all share one value of a column."""

    value: str
    stories: tuple[StoredStory, ...]


def load_outlet_table(path: str | Path) -> OutletTable:
    """Read an outlet table from a ``.csv`` or ``.toml`` file (see the module's docstring).

    Raises `InputError` naming the file when it cannot be read, is not CSV or TOML, has no `outlet`
    column, names an outlet twice, or gives one alias to two outlets.
    """
    path = Path(path)
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(name, f"over {MAX_BYTES:,} bytes; an outlet table is one row per outlet")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(name, f"cannot read the outlet table ({error.strerror or error}); check the path") from None
    except UnicodeDecodeError:
        raise InputError(name, "the outlet table is not UTF-8; save it as UTF-8") from None
    suffix = path.suffix.lower()
    if suffix == ".toml":
        records = _toml_rows(name, text)
    elif suffix in (".csv", ".tsv"):
        records = _csv_rows(name, text, "\t" if suffix == ".tsv" else ",")
    else:
        raise InputError(name, "an outlet table is a .csv, .tsv or .toml file")
    return _table(name, records)


def blindspots(store: Store, table: OutletTable, column: str) -> list[Blindspot]:
    """Per value of `column`, the stories of `store` that outlets of that value alone covered (outlets
    the table gives no value are left out of the reckoning; a story none of whose outlets has a value
    is in no group), biggest stories first. Values come in the table's order.

    Raises `InputError` when the table has no such column.
    """
    if column not in table.columns:
        raise InputError(table.source, f"no column {column!r}; the columns are {', '.join(table.columns) or 'none'}")
    found: dict[str, list[StoredStory]] = {value: [] for value in table.values(column)}
    for story in store.find_stories(StoryQuery(sort="biggest"), MAX_STORIES).stories:
        seen = {v for outlet in story.outlets if (v := table.value(outlet, column))}
        if len(seen) == 1:
            found.setdefault(seen.pop(), []).append(story)
    return [Blindspot(value, tuple(stories)) for value, stories in found.items()]


def _toml_rows(name: str, text: str) -> list[dict[str, object]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(name, f"not valid TOML ({error})") from None
    rows = data.get("outlets")
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise InputError(name, 'give one [[outlets]] table per outlet, each with outlet = "…"')
    return rows


def _csv_rows(name: str, text: str, delimiter: str) -> list[dict[str, object]]:
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise InputError(name, f"not valid CSV ({error})") from None
    header = [h.strip() for h in reader.fieldnames or ()]
    if "outlet" not in header:
        raise InputError(name, f"no `outlet` column in the header ({', '.join(header) or 'empty'}); add one")
    if any(None in row for row in rows):
        line = next(k for k, row in enumerate(rows, 2) if None in row)
        raise InputError(name, f"row {line} has more cells than the header; quote cells that hold a comma")
    return [{(k or "").strip(): v for k, v in row.items()} for row in rows]


def _table(name: str, records: Sequence[Mapping[str, object]]) -> OutletTable:
    columns: dict[str, None] = {}
    rows: dict[str, dict[str, str]] = {}
    aliases: dict[str, str] = {}
    for k, record in enumerate(records, 1):
        outlet = str(record.get("outlet") or "").strip()
        if not outlet:
            raise InputError(name, f"row {k} has no outlet name; every row needs one")
        if outlet in rows:
            raise InputError(name, f"outlet {outlet!r} is given twice; keep one row")
        values = {}
        for column, value in record.items():
            if column in RESERVED or not column:
                continue
            if isinstance(value, dict | list):
                raise InputError(name, f"{outlet!r}: {column} is not one value; give text or a number")
            columns.setdefault(column)
            values[column] = "" if value is None else str(value).strip()
        rows[outlet] = values
        for alias in (outlet, *_aliases(record.get("aliases"))):
            key = alias.lower()
            if aliases.get(key, outlet) != outlet:
                raise InputError(name, f"alias {alias!r} names both {aliases[key]!r} and {outlet!r}")
            aliases[key] = outlet
    return OutletTable(name, tuple(columns), rows, aliases)


def _aliases(given: object) -> Iterable[str]:
    if isinstance(given, str):
        given = given.replace("|", ";").split(";")
    if not isinstance(given, list | tuple):
        return ()
    return [str(alias).strip() for alias in given if str(alias).strip()]
