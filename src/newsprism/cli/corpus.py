"""The commands over a corpus (a DuckDB file): `ingest`, `articles`, `stories`, `serve`, `follow`,
`outlets`, and `models`, which shows the models every command runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsprism.cli import options
from newsprism.pipeline import read_articles
from newsprism.render import terminal
from newsprism.settings import Settings

__all__ = ["articles", "follow", "ingest", "models", "outlets", "serve", "stories"]


@options.reads_news()
def ingest(
    sources: options.Sources,
    db: options.Database,
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
    *,
    settings: Settings,
    strict: bool,
) -> None:
    """Read news into a corpus: one DuckDB file of articles, keyed by a hash of their text.

    Reads what `newsprism read` reads. Text already stored (from any source) counts as a duplicate and
    is stored once; ingesting the same inputs again, after an interruption too, adds only what is missing.
    Prints how many articles were new, duplicates and failed; failed inputs are listed at the end.

    --ray reads and cleans on Ray Data (a local cluster, or --ray-address), the same articles in the same order.

    Example: [bold]newsprism ingest examples/geneva-2022-01-21/*.txt --db news.duckdb[/]
    """
    from newsprism.store import Store

    stderr, failures = Console(stderr=True), []
    if on_ray or ray_address:
        from newsprism.scale import read_articles_on_ray

        stream = read_articles_on_ray(sources, settings, address=ray_address)
    else:
        stream = read_articles(sources, settings)
    articles = terminal.with_progress(stream, stderr, failures)
    with options.one_line_errors(), Store(db) as store:
        counts = store.ingest(options.with_failures(articles, failures), batch_size=batch_size, keep_raw=not no_raw)
        total = store.count()
    typer.echo(f"{db}: {counts}; {total} article{'s' * (total != 1)} stored")
    options.finish(failures, stderr, strict)


def articles(
    db: options.Database,
    limit: Annotated[int | None, typer.Option("--limit", min=0, help="Show at most N articles.")] = None,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip the first N articles.")] = 0,
    format: options.FormatOption = options.Format.terminal,
) -> None:
    """List the articles of a corpus in ingest order; `id` is the hash of the text, `source_id` the id it came with.

    Example: [bold]newsprism articles --db news.duckdb --limit 5 --format jsonl[/]
    """
    from newsprism.store import Store

    with options.one_line_errors(), Store(db, read_only=True) as store:
        entries = store.entries(limit, offset)
        if format is options.Format.terminal:
            terminal.show_articles((entry.article for entry in entries), Console())
        else:
            options.write_records(entries, format)


def stories(
    db: options.Database,
    limit: Annotated[int | None, typer.Option("--limit", min=0, help="Show at most N stories.")] = None,
    format: options.FormatOption = options.Format.terminal,
    pair_model: Annotated[
        Path | None,
        typer.Option(
            "--pair-model",
            help="A cross-encoder folder that judges each article's best partners too (about 10 articles/s).",
            show_default=False,
        ),
    ] = None,
    config: options.Config = None,
) -> None:
    """Group the articles of a corpus into stories (same event), store them, and list them, biggest first.

    Clustering reads headlines, leads, names and dates only (no parse), so it runs on the whole corpus.
    A pair model (--pair-model, or story_pair_model in settings) reads two leads at once: slower, closer.

    Example: [bold]newsprism stories --db news.duckdb --limit 10[/]
    """
    from newsprism.corpus import group_stories
    from newsprism.store import Store
    from newsprism.stories.pairs import load_pair_model

    with options.one_line_errors():
        path = Settings.load(config, story_pair_model=str(pair_model) if pair_model else None).story_pair_model
        model = load_pair_model(path) if path else None
    with options.one_line_errors(), Store(db) as store:
        group_stories(store, pair_model=model)
        found = list(store.stories(limit))
    if format is options.Format.terminal:
        terminal.show_stories(found, Console())
    else:
        options.write_records(found, format)


@options.reads_news(strict=False, encoding=False)
def serve(
    db: options.Database,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; another than 127.0.0.1 exposes the app to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    feeds: Annotated[
        list[str] | None,
        typer.Option("--follow", help="A feed to follow while serving (repeatable).", show_default=False),
    ] = None,
    every: options.Every = "10m",
    *,
    settings: Settings,
) -> None:
    """Serve the corpus as a local web app (stories, comparisons, outlets, a form to add news) and a JSON API.

    Pages at /, the API under /api/ (OpenAPI at /api/openapi.json, docs at /docs). Feeds the store follows,
    and those given with --follow, are polled while the app runs; new stories appear without a restart.

    Example: [bold]newsprism serve --db news.duckdb --port 8000[/]
    """
    from newsprism.corpus.follow import parse_every

    try:
        seconds = parse_every(every)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--every") from None
    with options.one_line_errors():
        from newsprism.serve import run

        if host not in {"127.0.0.1", "localhost", "::1"}:
            Console(stderr=True).print(f"warning: listening on {host}: other machines can reach this app", markup=False)
        run(db, settings, host=host, port=port, follow=feeds or (), every=seconds)


@options.reads_news(strict=False, encoding=False)
def follow(
    feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs.", show_default=False)],
    db: options.Database,
    every: options.Every = "10m",
    polls: Annotated[
        int | None, typer.Option("--polls", min=1, help="Stop after N rounds (default: run until interrupted).")
    ] = None,
    *,
    settings: Settings,
) -> None:
    """Follow feeds: poll them (conditional requests), read each new item once, and update the stories it joins.

    The feeds are remembered in the store; `newsprism serve` on the same store goes on polling them.

    Example: [bold]newsprism follow https://feeds.bbci.co.uk/news/world/rss.xml --db news.duckdb --every 10m[/]
    """
    from newsprism.corpus.follow import follow as follow_feeds
    from newsprism.corpus.follow import parse_every
    from newsprism.store import Store

    try:
        seconds = parse_every(every)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--every") from None
    stderr = Console(stderr=True)
    failed = False
    with options.one_line_errors(), Store(db) as store:
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


def outlets(
    db: options.Database,
    format: Annotated[
        options.Format | None,
        typer.Option(
            "--format",
            "-f",
            help="terminal table, a JSON array or JSON lines (default: terminal; none with --html).",
            show_default=False,
        ),
    ] = None,
    html: options.HtmlPage = None,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Compare every story again, even those with a stored comparison.")
    ] = False,
    lexicons: options.Lexicons = None,
    config: options.Config = None,
) -> None:
    """Profile every outlet over all the stories of a corpus: coverage, exclusive facts, omissions, voices, framing.

    Stories of two or more outlets without a stored comparison (all, with --refresh) are compared first, in one batch.

    Loaded words are counted with --lexicons; comparisons stored without one count none (add --refresh).

    --html writes a page with charts that opens offline.

    Example: [bold]newsprism outlets --db news.duckdb --html outlets.html[/]
    """
    from newsprism.corpus import compare_stories
    from newsprism.corpus.outlets import stored_profiles
    from newsprism.render.html import write_outlets_report

    settings, stderr = Settings.load(config, lexicons=lexicons), Console(stderr=True)
    with options.one_line_errors(), options.existing_store(db) as store:
        with terminal.story_progress(stderr) as progress:
            counts = compare_stories(store, settings, refresh=refresh, progress=progress)
        profiles = stored_profiles(store).profiles  # compared just above
    if html is not None:
        with options.cannot_write(html):
            options.wrote(write_outlets_report(profiles, html, title=f"Outlets of {db.name}"))
    if format is options.Format.terminal or (format is None and html is None):
        terminal.show_outlets(profiles, Console())
    elif format is not None:
        options.write_records(profiles, format)
    terminal.report_failures(list(counts.failed), stderr)


def models(config: options.Config = None) -> None:
    """Show the model each stage runs and where its files are; make, once, those derived from the packaged ones.

    The int8 sentence encoder compare uses is made from the packaged all-MiniLM-L6-v2 into the cache
    (NEWSPRISM_CACHE, else ~/.cache/newsprism) in a few seconds; scripts/install runs this command, so
    that a first comparison starts at once. The static vectors stories use ship in the package.

    Example: [bold]newsprism models[/]
    """
    from newsprism.models import prepare

    settings = Settings.load(config)
    with options.one_line_errors():
        prepared = prepare(settings.spacy_model, settings.encoder)
    terminal.show_models(prepared, Console())
