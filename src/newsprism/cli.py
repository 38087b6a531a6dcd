"""The `newsprism` command: a thin Typer layer over the library; every command calls one function."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsprism.pipeline import read_articles
from newsprism.records import Failed
from newsprism.render import terminal
from newsprism.render.json import write_json_array, write_jsonl
from newsprism.settings import Settings

app = typer.Typer(
    help="newsprism: one story, every outlet, side by side.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


@app.callback()
def _group() -> None:
    """newsprism: one story, every outlet, side by side."""


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


@app.command()
def read(
    sources: Sources,
    format: FormatOption = Format.terminal,
    removed: Annotated[bool, typer.Option("--removed", help="Also list the lines taken out (terminal view).")] = False,
    strict: StrictOption = False,
    allow_private: AllowPrivate = None,
    timeout: Timeout = None,
    max_bytes: MaxBytes = None,
    encoding: Encoding = None,
    config: Config = None,
) -> None:
    """Read news and show each clean article: outlet, headline, date, byline, dateline, body.

    Reads text and HTML files, directories, globs, URLs, RSS/Atom feeds, JSONL/CSV/Parquet and WARC.
    A bad input is reported in one line at the end and the others go on.

    Example: [bold]newsprism read examples/geneva-2022-01-21/ --format json[/]
    """
    settings = Settings.load(
        config,
        allow_private=allow_private,
        fetch_timeout=timeout,
        max_bytes=max_bytes,
        max_file_bytes=max_bytes,
        encoding=encoding,
    )
    stderr = Console(stderr=True)
    failures: list[Failed] = []
    stream = terminal.with_progress(read_articles(sources, settings), stderr, failures)
    if format is Format.json:
        write_json_array(stream, sys.stdout)
    elif format is Format.jsonl:
        write_jsonl(stream, sys.stdout)
    else:
        terminal.show_articles(stream, Console(), removed=removed)
    terminal.report_failures(failures, stderr)
    if strict and failures:
        raise typer.Exit(1)
