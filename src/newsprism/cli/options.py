"""What the commands share: their options, their settings, and how they write records and report errors."""

from __future__ import annotations

import csv
import functools
import inspect
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from newsprism.errors import NewsprismError
from newsprism.records import Article, Failed
from newsprism.render import terminal
from newsprism.render.json import Serialisable, write_json_array, write_jsonl
from newsprism.settings import Settings

if TYPE_CHECKING:
    from newsprism.scale import RayCluster
    from newsprism.store import Store


class Format(StrEnum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


Sources = Annotated[list[str], typer.Argument(help="Files, directories, globs or http(s) URLs.", show_default=False)]
FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="terminal view, a JSON array, JSON lines, or CSV with a header.")
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Exit with status 1 when any input fails.")]
Offset = Annotated[int, typer.Option("--offset", min=0, help="Skip the first N.")]
SHOWN = 20  # rows the terminal views show unless --limit says otherwise


def flag(name: str, help: str) -> Any:
    """An on/off option, off unless given: ``name: flag("--name", "What it does.") = False``."""
    return Annotated[bool, typer.Option(name, help=help)]


def limit_option(what: str) -> Any:
    """The ``--limit`` option of a command that lists `what` (a table of `SHOWN` on the terminal)."""
    return Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=0,
            help=f"Show at most N {what} (terminal: {SHOWN}; json, jsonl, csv: all).",
            show_default=False,
        ),
    ]


def format_beside_html(kind: Any, help: str) -> Any:
    """The ``--format`` option of a command that can also write an --html page (then no format is the default)."""
    return Annotated[kind | None, typer.Option("--format", "-f", help=help, show_default=False)]


def on_ray_flag(what: str) -> Any:
    """The ``--ray`` flag of a command that can run `what` on Ray (the ray extra)."""
    return flag("--ray", f"{what} on Ray, a local cluster or --ray-address's (the ray extra).")


RayAddress = Annotated[
    str | None,
    typer.Option(
        "--ray-address", help="A running Ray cluster to use (default: start a local one).", show_default=False
    ),
]
RayWorkers = Annotated[
    int | None,
    typer.Option(
        "--workers", min=1, help="Ray actors to work on, one core each (default: every CPU).", show_default=False
    ),
]


AllowPrivate = Annotated[
    bool | None,
    typer.Option("--allow-private", help="Let URLs reach private and loopback addresses.", show_default=False),
]
Timeout = Annotated[float | None, typer.Option("--timeout", help="Seconds to wait for each URL.", show_default=False)]
MaxBytes = Annotated[
    int | None,
    typer.Option("--max-bytes", help="Largest page or file read, in bytes (default 20 MB).", show_default=False),
]
Encoding = Annotated[
    str | None,
    typer.Option("--encoding", help="Decode text files with this encoding instead of guessing.", show_default=False),
]
Config = Annotated[Path | None, typer.Option("--config", help="A newsprism.toml settings file.", show_default=False)]


# the options of every command that reads news, and their defaults
READ_OPTIONS: dict[str, tuple[object, object]] = {
    "strict": (StrictOption, False),
    "allow_private": (AllowPrivate, None),
    "timeout": (Timeout, None),
    "max_bytes": (MaxBytes, None),
    "encoding": (Encoding, None),
    "config": (Config, None),
}


def reads_news(*, strict: bool = True, encoding: bool = True) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A command that reads news gets `READ_OPTIONS` (less --strict or --encoding where it takes
    none) after its own, and is called with the `Settings` they make as `settings` (and `strict`)."""
    names = [n for n in READ_OPTIONS if (strict or n != "strict") and (encoding or n != "encoding")]

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        own = inspect.signature(command, eval_str=True)
        kept = [p for p in own.parameters.values() if p.name not in ("settings", "strict")]
        added = [
            inspect.Parameter(
                n, inspect.Parameter.KEYWORD_ONLY, annotation=READ_OPTIONS[n][0], default=READ_OPTIONS[n][1]
            )
            for n in names
        ]

        @functools.wraps(command)
        def run(**values: object) -> None:
            read = [values.pop(n, None) for n in ("config", "allow_private", "timeout", "max_bytes", "encoding")]
            command(settings=read_settings(*read), **values)  # type: ignore[arg-type]

        run.__signature__ = own.replace(parameters=kept + added)  # type: ignore[attr-defined]
        return run

    return decorate


class CompareFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    md = "md"
    csv = "csv"


Database = Annotated[Path, typer.Option("--db", help="The DuckDB file of the corpus.", show_default=False)]
HtmlPage = Annotated[
    Path | None, typer.Option("--html", help="Also write one self-contained HTML page.", show_default=False)
]
Lexicons = Annotated[
    str | None,
    typer.Option("--lexicons", help="Loaded-word lists, one word per line, ':'-separated paths.", show_default=False),
]


Every = Annotated[
    str, typer.Option("--every", help="How often to poll each feed: 30s, 10m, 2h (default 10m).", show_default=False)
]


def with_failures(articles: Iterable[Article], failures: list[Failed]) -> Iterator[Article | Failed]:
    """`with_progress` takes the failures out of the stream into `failures`; put them back, in order."""
    seen = 0
    for article in articles:
        yield from failures[seen:]
        seen = len(failures)
        yield article
    yield from failures[seen:]


@contextmanager
def cannot_write(path: Path) -> Iterator[None]:
    """A page that cannot be written ends the command with one line and status 1."""
    try:
        yield
    except OSError as error:
        Console(stderr=True).print(f"error: cannot write {path}: {error.strerror or error}", markup=False)
        raise typer.Exit(1) from error


def wrote(page: Path) -> None:
    Console(stderr=True).print(f"wrote {page}", markup=False, highlight=False, soft_wrap=True)


STORE_WAIT = 10.0  # seconds a command waits for another process (`newsprism serve`) to let go of the store


def ray_cluster(on_ray: bool, address: str | None, workers: int | None) -> RayCluster | None:
    """Where --ray, --ray-address and --workers say to run on Ray; None to run here (none given)."""
    if not (on_ray or address or workers):
        return None
    from newsprism.scale import RayCluster

    return RayCluster(address, workers)


def store(db: Path, *, read_only: bool = False) -> Store:
    """The corpus `db`, waiting `STORE_WAIT` seconds while another process (the web app, between its
    short uses) holds it; a read-only one may be opened beside `newsprism serve` at any time."""
    from newsprism.store import Store

    return Store(db, read_only=read_only, wait=STORE_WAIT)


def existing_store(db: Path, *, read_only: bool = False) -> Store:
    """The corpus `db`, which must exist: a command that reads a corpus never creates an empty one."""
    if not db.exists():
        raise NewsprismError(str(db), "no such database; create it with `newsprism ingest PATH… --db FILE`")
    return store(db, read_only=read_only)


@contextmanager
def one_line_errors() -> Iterator[None]:
    """A newsprism error (a model missing, a store locked) ends the command with one line and status 1."""
    try:
        yield
    except NewsprismError as error:
        Console(stderr=True).print(f"error: {error}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from error


def read_settings(
    config: Path | None, allow_private: bool | None, timeout: float | None, max_bytes: int | None, encoding: str | None
) -> Settings:
    return Settings.load(
        config,
        allow_private=allow_private,
        fetch_timeout=timeout,
        max_bytes=max_bytes,
        max_file_bytes=max_bytes,
        encoding=encoding,
    )


def write_records(records: Iterable[Serialisable], format: Format) -> None:
    if format is Format.csv:
        write_csv((record.to_dict() for record in records), sys.stdout)
    else:
        (write_json_array if format is Format.json else write_jsonl)(records, sys.stdout)


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write `rows` as CSV with a header (the first row's keys), one row as it comes; a value that is
    not a string, number or null (a list, an object) is written as its JSON text. Returns the count."""
    writer, count = None, 0
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), restval="", extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
        writer.writerow({key: _cell(value) for key, value in row.items()})
        count += 1
    out.flush()
    return count


def _cell(value: Any) -> Any:
    if isinstance(value, bool):  # as DuckDB writes them (`newsprism export`)
        return "true" if value else "false"
    if value is None or isinstance(value, str | int | float):
        return value
    return json.dumps(value, ensure_ascii=False)


def finish(failures: list[Failed], stderr: Console, strict: bool) -> None:
    terminal.report_failures(failures, stderr)
    if strict and failures:
        raise typer.Exit(1)
