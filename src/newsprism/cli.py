"""The `newsprism` command: a thin Typer layer over the library; every command calls one function."""

from __future__ import annotations

import dataclasses
import sys
import webbrowser
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsprism.errors import NewsprismError
from newsprism.pipeline import read_articles
from newsprism.records import Article, Failed
from newsprism.render import terminal
from newsprism.render.json import Serialisable, dumps, write_json_array, write_jsonl
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
    settings = _settings(config, allow_private, timeout, max_bytes, encoding)
    stderr, failures = Console(stderr=True), []
    stream = terminal.with_progress(read_articles(sources, settings), stderr, failures)
    if format is Format.terminal:
        terminal.show_articles(stream, Console(), removed=removed)
    else:
        _write(stream, format)
    _finish(failures, stderr, strict)


@app.command()
def quotes(
    sources: Sources,
    format: FormatOption = Format.terminal,
    strict: StrictOption = False,
    allow_private: AllowPrivate = None,
    timeout: Timeout = None,
    max_bytes: MaxBytes = None,
    encoding: Encoding = None,
    config: Config = None,
) -> None:
    """Who said what: every direct, partial and indirect quote with its speaker, role and cue, per outlet.

    Scare quotes ("invasion") are framing, not speech, and are left out. People are resolved across
    the articles given together, so "Blinken", "he" and "the U.S. secretary of state" are one person.

    Example: [bold]newsprism quotes examples/geneva-2022-01-21/*.txt --format json[/]
    """
    from newsprism.annotate import annotate  # spaCy loads only for the commands that parse

    settings = _settings(config, allow_private, timeout, max_bytes, encoding)
    stderr, failures = Console(stderr=True), []
    articles = list(terminal.with_progress(read_articles(sources, settings), stderr, failures))
    annotated = list(annotate(articles, settings=settings))
    if format is Format.terminal:
        terminal.show_quotes(annotated, Console())
    else:
        _write((quote for item in annotated for quote in item.quotes), format)
    _finish(failures, stderr, strict)


class CompareFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    md = "md"


@app.command()
def compare(
    sources: Sources,
    format: Annotated[
        CompareFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="terminal view, JSON (schema newsprism.comparison/1) or Markdown (default: terminal; none with --html).",
            show_default=False,
        ),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write the comparison as one self-contained HTML page.", show_default=False),
    ] = None,
    open_page: Annotated[
        bool, typer.Option("--open", help="Open the --html page in the web browser once written.")
    ] = False,
    lexicons: Annotated[
        str | None, typer.Option("--lexicons", help="Loaded-word lists, one word per line, ':'-separated paths.")
    ] = None,
    strict: StrictOption = False,
    allow_private: AllowPrivate = None,
    timeout: Timeout = None,
    max_bytes: MaxBytes = None,
    encoding: Encoding = None,
    config: Config = None,
) -> None:
    """Compare the articles of one story: shared and exclusive facts, conflicts, voices, framing, summary.

    Every fact, quote and summary sentence points to its characters in the articles.

    --html writes one page that opens offline: the summary on top, citations linked to the articles side by side.

    Example: [bold]newsprism compare examples/geneva-2022-01-21/*.txt --format md[/]
    Example: [bold]newsprism compare examples/geneva-2022-01-21/*.txt --html report.html --open[/]
    """
    from newsprism.annotate import annotate
    from newsprism.compare import compare as compare_story
    from newsprism.render.html import write_report
    from newsprism.render.markdown import comparison_markdown

    if open_page and html is None:
        raise typer.BadParameter("--open needs --html PATH", param_hint="--open")
    settings = _settings(config, allow_private, timeout, max_bytes, encoding)
    if lexicons is not None:
        settings = dataclasses.replace(settings, lexicons=lexicons)
    stderr, failures = Console(stderr=True), []
    articles = list(terminal.with_progress(read_articles(sources, settings), stderr, failures))
    if not articles:
        terminal.report_failures(failures, stderr)
        stderr.print("nothing to compare: no input could be read", markup=False)
        raise typer.Exit(1)
    with _one_line_errors():
        annotated = list(annotate(articles, settings=settings))
        comparison = compare_story(annotated, settings=settings)
    if html is not None:
        try:
            page = write_report(comparison, html, annotated)
        except OSError as error:
            stderr.print(f"error: cannot write {html}: {error.strerror or error}", markup=False)
            raise typer.Exit(1) from error
        stderr.print(f"wrote {page}", markup=False, highlight=False, soft_wrap=True)
        if open_page:
            webbrowser.open(page.resolve().as_uri())
    if format is CompareFormat.terminal or (format is None and html is None):
        terminal.show_comparison(comparison, Console())
    elif format is CompareFormat.json:
        sys.stdout.write(dumps(comparison) + "\n")
    elif format is CompareFormat.md:
        sys.stdout.write(comparison_markdown(comparison))
    _finish(failures, stderr, strict)


Database = Annotated[Path, typer.Option("--db", help="The DuckDB file of the corpus.", show_default=False)]


@app.command()
def ingest(
    sources: Sources,
    db: Database,
    batch_size: Annotated[
        int,
        typer.Option("--batch-size", min=1, help="Articles per transaction; an interruption loses at most one batch."),
    ] = 500,
    no_raw: Annotated[
        bool, typer.Option("--no-raw", help="Do not keep each article's raw input (HTML, text).")
    ] = False,
    on_ray: Annotated[
        bool, typer.Option("--ray", help="Read and clean the inputs in parallel on Ray Data (the ray extra).")
    ] = False,
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray-address", help="A running Ray cluster to use (default: start a local one).", show_default=False
        ),
    ] = None,
    strict: StrictOption = False,
    allow_private: AllowPrivate = None,
    timeout: Timeout = None,
    max_bytes: MaxBytes = None,
    encoding: Encoding = None,
    config: Config = None,
) -> None:
    """Read news into a corpus: one DuckDB file of articles, keyed by a hash of their text.

    Reads what `newsprism read` reads. Text already stored (from any source) counts as a duplicate and
    is stored once; ingesting the same inputs again, after an interruption too, adds only what is missing.
    Prints how many articles were new, duplicates and failed; failed inputs are listed at the end.

    --ray reads and cleans on Ray Data (a local cluster, or --ray-address), the same articles in the same order.

    Example: [bold]newsprism ingest examples/geneva-2022-01-21/*.txt --db news.duckdb[/]
    """
    from newsprism.store import Store

    settings = _settings(config, allow_private, timeout, max_bytes, encoding)
    stderr, failures = Console(stderr=True), []
    if on_ray or ray_address:
        from newsprism.scale import read_articles_on_ray

        stream = read_articles_on_ray(sources, settings, address=ray_address)
    else:
        stream = read_articles(sources, settings)
    articles = terminal.with_progress(stream, stderr, failures)
    with _one_line_errors(), Store(db) as store:
        counts = store.ingest(_with_failures(articles, failures), batch_size=batch_size, keep_raw=not no_raw)
        total = store.count()
    typer.echo(f"{db}: {counts}; {total} article{'s' * (total != 1)} stored")
    _finish(failures, stderr, strict)


@app.command()
def articles(
    db: Database,
    limit: Annotated[int | None, typer.Option("--limit", min=0, help="Show at most N articles.")] = None,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip the first N articles.")] = 0,
    format: FormatOption = Format.terminal,
) -> None:
    """List the articles of a corpus in ingest order; `id` is the hash of the text, `source_id` the id it came with.

    Example: [bold]newsprism articles --db news.duckdb --limit 5 --format jsonl[/]
    """
    from newsprism.store import Store

    with _one_line_errors(), Store(db, read_only=True) as store:
        entries = store.entries(limit, offset)
        if format is Format.terminal:
            terminal.show_articles((entry.article for entry in entries), Console())
        else:
            _write(entries, format)


@app.command()
def stories(
    db: Database,
    limit: Annotated[int | None, typer.Option("--limit", min=0, help="Show at most N stories.")] = None,
    format: FormatOption = Format.terminal,
) -> None:
    """Group the articles of a corpus into stories (same event), store them, and list them, biggest first.

    Clustering reads headlines, leads, names and dates only (no parse), so it runs on the whole corpus.

    Example: [bold]newsprism stories --db news.duckdb --limit 10[/]
    """
    from newsprism.store import Store
    from newsprism.stories import cluster, item_of, story_ids

    with _one_line_errors(), Store(db) as store:
        items = [item_of(article) for article in store.articles()]
        store.replace_stories(story_ids(items, cluster(items)) if items else {})
        found = list(store.stories(limit))
    if format is Format.terminal:
        terminal.show_stories(found, Console())
    else:
        _write(found, format)


Every = Annotated[
    str, typer.Option("--every", help="How often to poll each feed: 30s, 10m, 2h (default 10m).", show_default=False)
]


@app.command()
def serve(
    db: Database,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; another than 127.0.0.1 exposes the app to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    feeds: Annotated[
        list[str] | None,
        typer.Option("--follow", help="A feed to follow while serving (repeatable).", show_default=False),
    ] = None,
    every: Every = "10m",
    allow_private: AllowPrivate = None,
    timeout: Timeout = None,
    max_bytes: MaxBytes = None,
    config: Config = None,
) -> None:
    """Serve the corpus as a local web app (stories, comparisons, outlets, a form to add news) and a JSON API.

    Pages at /, the API under /api/ (OpenAPI at /api/openapi.json, docs at /docs). Feeds the store follows,
    and those given with --follow, are polled while the app runs; new stories appear without a restart.

    Example: [bold]newsprism serve --db news.duckdb --port 8000[/]
    """
    from newsprism.follow import parse_every

    try:
        seconds = parse_every(every)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--every") from None
    settings = _settings(config, allow_private, timeout, max_bytes, None)
    with _one_line_errors():
        from newsprism.serve import run

        if host not in {"127.0.0.1", "localhost", "::1"}:
            Console(stderr=True).print(f"warning: listening on {host}: other machines can reach this app", markup=False)
        run(db, settings, host=host, port=port, follow=feeds or (), every=seconds)


@app.command()
def follow(
    feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs.", show_default=False)],
    db: Database,
    every: Every = "10m",
    polls: Annotated[
        int | None, typer.Option("--polls", min=1, help="Stop after N rounds (default: run until interrupted).")
    ] = None,
    allow_private: AllowPrivate = None,
    timeout: Timeout = None,
    max_bytes: MaxBytes = None,
    config: Config = None,
) -> None:
    """Follow feeds: poll them (conditional requests), read each new item once, and update the stories it joins.

    The feeds are remembered in the store; `newsprism serve` on the same store goes on polling them.

    Example: [bold]newsprism follow https://feeds.bbci.co.uk/news/world/rss.xml --db news.duckdb --every 10m[/]
    """
    from newsprism.follow import follow as follow_feeds
    from newsprism.follow import parse_every
    from newsprism.store import Store

    try:
        seconds = parse_every(every)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--every") from None
    settings = _settings(config, allow_private, timeout, max_bytes, None)
    stderr = Console(stderr=True)
    failed = False
    with _one_line_errors(), Store(db) as store:
        try:
            for poll in follow_feeds(feeds, store, settings, every=seconds, polls=polls):
                typer.echo(str(poll))  # a feed that failed says why on this line; failed items follow it
                failed = failed or bool(poll.failures)
                for failure in poll.failures if poll.items else ():
                    stderr.print(f"  failed: {failure}", markup=False, soft_wrap=True)
        except KeyboardInterrupt:
            pass
    if failed and polls is not None:
        raise typer.Exit(1)


def _with_failures(articles: Iterable[Article], failures: list[Failed]) -> Iterator[Article | Failed]:
    """`with_progress` takes the failures out of the stream into `failures`; put them back, in order."""
    seen = 0
    for article in articles:
        yield from failures[seen:]
        seen = len(failures)
        yield article
    yield from failures[seen:]


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """A newsprism error (a model missing, a store locked) ends the command with one line and status 1."""
    try:
        yield
    except NewsprismError as error:
        Console(stderr=True).print(f"error: {error}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from error


def _settings(
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


def _write(records: Iterable[Serialisable], format: Format) -> None:
    (write_json_array if format is Format.json else write_jsonl)(records, sys.stdout)


def _finish(failures: list[Failed], stderr: Console, strict: bool) -> None:
    terminal.report_failures(failures, stderr)
    if strict and failures:
        raise typer.Exit(1)
