"""What the commands share: their options, their settings, and how they write records and report errors."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from newsprism.errors import NewsprismError
from newsprism.records import Article, Failed
from newsprism.render import terminal
from newsprism.render.json import Serialisable, write_json_array, write_jsonl
from newsprism.settings import Settings

if TYPE_CHECKING:
    from newsprism.store import Store


class Format(StrEnum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"


Sources = Annotated[list[str], typer.Argument(help="Files, directories, globs or http(s) URLs.", show_default=False)]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="terminal view, a JSON array, or JSON lines.")]
StrictOption = Annotated[bool, typer.Option("--strict", help="Exit with status 1 when any input fails.")]
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


def existing_store(db: Path) -> Store:
    """The corpus `db`, which must exist: a command that reads a corpus never creates an empty one."""
    from newsprism.store import Store

    if not db.exists():
        raise NewsprismError(str(db), "no such database; create it with `newsprism ingest PATH… --db FILE`")
    return Store(db)


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
    (write_json_array if format is Format.json else write_jsonl)(records, sys.stdout)


def finish(failures: list[Failed], stderr: Console, strict: bool) -> None:
    terminal.report_failures(failures, stderr)
    if strict and failures:
        raise typer.Exit(1)
