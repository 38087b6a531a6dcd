"""The `newsprism` command: a thin Typer layer over the library; every command calls one function."""

from __future__ import annotations

import dataclasses
import sys
import webbrowser
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from newsprism.errors import NewsprismError
from newsprism.pipeline import read_articles
from newsprism.records import Article, Comparison, Failed
from newsprism.render import terminal
from newsprism.render.json import Serialisable, dumps, write_json_array, write_jsonl
from newsprism.settings import Settings

if TYPE_CHECKING:
    from newsprism.store import Store

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
    from newsprism.annotate import annotate, unread_note  # spaCy loads only for the commands that parse

    settings = _settings(config, allow_private, timeout, max_bytes, encoding)
    stderr, failures = Console(stderr=True), []
    articles = list(terminal.with_progress(read_articles(sources, settings), stderr, failures))
    annotated = list(annotate(articles, settings=settings))
    for note in filter(None, (unread_note(a, settings.max_article_chars) for a in articles)):
        stderr.print(note, markup=False, highlight=False, soft_wrap=True)
    if format is Format.terminal:
        terminal.show_quotes(annotated, Console())
    else:
        _write((quote for item in annotated for quote in item.quotes), format)
    _finish(failures, stderr, strict)


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


@app.command()
def compare(
    sources: Annotated[
        list[str],
        typer.Argument(help="Files, directories, globs or http(s) URLs; with --db, one story id.", show_default=False),
    ],
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Compare a story of this corpus (see `newsprism stories`).", show_default=False),
    ] = None,
    format: Annotated[
        CompareFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="terminal view, JSON (schema newsprism.comparison/1) or Markdown (default: terminal; none with --html).",
            show_default=False,
        ),
    ] = None,
    html: HtmlPage = None,
    open_page: Annotated[
        bool, typer.Option("--open", help="Open the --html page in the web browser once written.")
    ] = False,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="With --db: compare again even when the story has a stored comparison.")
    ] = False,
    lexicons: Lexicons = None,
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

    With --db, the argument is one story id of that corpus; its comparison is stored there and reused.

    Example: [bold]newsprism compare examples/geneva-2022-01-21/*.txt --format md[/]
    Example: [bold]newsprism compare examples/geneva-2022-01-21/*.txt --html report.html --open[/]
    Example: [bold]newsprism compare --db news.duckdb story-6083bc6a74c7d201 --format json[/]
    """
    if open_page and html is None:
        raise typer.BadParameter("--open needs --html PATH", param_hint="--open")
    if refresh and db is None:
        raise typer.BadParameter("--refresh needs --db FILE", param_hint="--refresh")
    settings = _settings(config, allow_private, timeout, max_bytes, encoding)
    if lexicons is not None:
        settings = dataclasses.replace(settings, lexicons=lexicons)
    if db is not None:
        comparison = _compare_stored(db, sources, settings, html, refresh)
        failures: list[Failed] = []
    else:
        comparison, failures = _compare_sources(sources, settings, html)
    if html is not None and open_page:
        webbrowser.open(html.resolve().as_uri())
    _show_comparison(comparison, format, html)
    _finish(failures, Console(stderr=True), strict)


def _compare_sources(sources: list[str], settings: Settings, html: Path | None) -> tuple[Comparison, list[Failed]]:
    """Read, annotate and compare the inputs; write the --html page. Exits 1 when nothing could be read."""
    from newsprism.annotate import annotate
    from newsprism.compare import compare as compare_articles
    from newsprism.render.html import write_report

    stderr, failures = Console(stderr=True), []
    articles = list(terminal.with_progress(read_articles(sources, settings), stderr, failures))
    if not articles:
        terminal.report_failures(failures, stderr)
        stderr.print("nothing to compare: no input could be read", markup=False)
        raise typer.Exit(1)
    with _one_line_errors():
        annotated = list(annotate(articles, settings=settings))
        comparison = compare_articles(annotated, settings=settings)
    if html is not None:
        with _cannot_write(html):
            _wrote(write_report(comparison, html, annotated))
    return comparison, failures


def _compare_stored(db: Path, story_ids: list[str], settings: Settings, html: Path | None, refresh: bool) -> Comparison:
    """The comparison of one story of the corpus `db` (stored, or made and stored now); writes --html."""
    from newsprism.corpus import compare_story, write_story_report

    if len(story_ids) != 1:
        raise typer.BadParameter(f"with --db give one story id, not {len(story_ids)}", param_hint="STORY_ID")
    with _one_line_errors(), _existing_store(db) as store:
        if html is None:
            return compare_story(store, story_ids[0], settings, refresh=refresh)
        with _cannot_write(html):
            comparison, page = write_story_report(store, story_ids[0], html, settings, refresh=refresh)
    _wrote(page)
    return comparison


def _show_comparison(comparison: Comparison, format: CompareFormat | None, html: Path | None) -> None:
    from newsprism.render.markdown import comparison_markdown

    if format is CompareFormat.terminal or (format is None and html is None):
        terminal.show_comparison(comparison, Console())
    elif format is CompareFormat.json:
        sys.stdout.write(dumps(comparison) + "\n")
    elif format is CompareFormat.md:
        sys.stdout.write(comparison_markdown(comparison))


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
    pair_model: Annotated[
        Path | None,
        typer.Option(
            "--pair-model",
            help="A cross-encoder folder that judges each article's best partners too (about 10 articles/s).",
            show_default=False,
        ),
    ] = None,
    config: Config = None,
) -> None:
    """Group the articles of a corpus into stories (same event), store them, and list them, biggest first.

    Clustering reads headlines, leads, names and dates only (no parse), so it runs on the whole corpus.
    A pair model (--pair-model, or story_pair_model in settings) reads two leads at once: slower, closer.

    Example: [bold]newsprism stories --db news.duckdb --limit 10[/]
    """
    from newsprism.store import Store
    from newsprism.stories import cluster, item_of, near_duplicates, story_ids
    from newsprism.stories.pairs import load_pair_model

    with _one_line_errors():
        path = Settings.load(config, story_pair_model=str(pair_model) if pair_model else None).story_pair_model
        model = load_pair_model(path) if path else None
    with _one_line_errors(), Store(db) as store:
        items = [item_of(article) for article in store.articles()]
        store.set_copies(near_duplicates(items))
        store.replace_stories(story_ids(items, cluster(items, pair_model=model)) if items else {})
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


@app.command()
def outlets(
    db: Database,
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="terminal table, a JSON array or JSON lines (default: terminal; none with --html).",
            show_default=False,
        ),
    ] = None,
    html: HtmlPage = None,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Compare every story again, even those with a stored comparison.")
    ] = False,
    lexicons: Lexicons = None,
    config: Config = None,
) -> None:
    """Profile every outlet over all the stories of a corpus: coverage, exclusive facts, omissions, voices, framing.

    Stories of two or more outlets without a stored comparison (all, with --refresh) are compared first, in one batch.

    Loaded words are counted with --lexicons; comparisons stored without one count none (add --refresh).

    --html writes a page with charts that opens offline.

    Example: [bold]newsprism outlets --db news.duckdb --html outlets.html[/]
    """
    from newsprism.corpus import compare_stories
    from newsprism.outlets import stored_profiles
    from newsprism.render.html import write_outlets_report

    settings, stderr = Settings.load(config, lexicons=lexicons), Console(stderr=True)
    with _one_line_errors(), _existing_store(db) as store:
        with terminal.story_progress(stderr) as progress:
            counts = compare_stories(store, settings, refresh=refresh, progress=progress)
        profiles = stored_profiles(store).profiles  # compared just above
    if html is not None:
        with _cannot_write(html):
            _wrote(write_outlets_report(profiles, html, title=f"Outlets of {db.name}"))
    if format is Format.terminal or (format is None and html is None):
        terminal.show_outlets(profiles, Console())
    elif format is not None:
        _write(profiles, format)
    terminal.report_failures(list(counts.failed), stderr)


@app.command()
def models(config: Config = None) -> None:
    """Show the model each stage runs and where its files are; make, once, those derived from the packaged ones.

    The int8 sentence encoder compare uses is made from the packaged all-MiniLM-L6-v2 into the cache
    (NEWSPRISM_CACHE, else ~/.cache/newsprism) in a few seconds; scripts/install runs this command, so
    that a first comparison starts at once. The static vectors stories use ship in the package.

    Example: [bold]newsprism models[/]
    """
    from newsprism.models import prepare

    settings = Settings.load(config)
    with _one_line_errors():
        prepared = prepare(settings.spacy_model, settings.encoder)
    terminal.show_models(prepared, Console())


def _with_failures(articles: Iterable[Article], failures: list[Failed]) -> Iterator[Article | Failed]:
    """`with_progress` takes the failures out of the stream into `failures`; put them back, in order."""
    seen = 0
    for article in articles:
        yield from failures[seen:]
        seen = len(failures)
        yield article
    yield from failures[seen:]


@contextmanager
def _cannot_write(path: Path) -> Iterator[None]:
    """A page that cannot be written ends the command with one line and status 1."""
    try:
        yield
    except OSError as error:
        Console(stderr=True).print(f"error: cannot write {path}: {error.strerror or error}", markup=False)
        raise typer.Exit(1) from error


def _wrote(page: Path) -> None:
    Console(stderr=True).print(f"wrote {page}", markup=False, highlight=False, soft_wrap=True)


def _existing_store(db: Path) -> Store:
    """The corpus `db`, which must exist: a command that reads a corpus never creates an empty one."""
    from newsprism.store import Store

    if not db.exists():
        raise NewsprismError(str(db), "no such database; create it with `newsprism ingest PATH… --db FILE`")
    return Store(db)


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
