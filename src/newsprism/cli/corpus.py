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

__all__ = ["articles", "export", "follow", "ingest", "models", "outlets", "serve", "stories"]


@options.reads_news()
def ingest(
    sources: options.Sources,
    db: options.Database,
    batch_size: Annotated[
        int,
        typer.Option("--batch-size", min=1, help="Articles per transaction; an interruption loses at most one batch."),
    ] = 500,
    no_raw: options.flag("--no-raw", "Do not keep each article's raw input (HTML, text).") = False,
    on_ray: options.on_ray_flag("Read and clean the inputs in parallel") = False,
    ray_address: options.RayAddress = None,
    no_stories: Annotated[
        bool,
        typer.Option("--no-stories", help="Do not group the new articles into stories (`newsprism stories` does)."),
    ] = False,
    *,
    settings: Settings,
    strict: bool,
) -> None:
    """Read news into a corpus: one DuckDB file of articles, keyed by a hash of their text, grouped into stories.

    Reads what `newsprism read` reads. Text already stored (from any source) counts as a duplicate and
    is stored once; ingesting the same inputs again, after an interruption too, adds only what is missing.
    The new articles then join stories, so `newsprism stories` and `newsprism serve` list them at once.
    Only their neighbourhood is grouped again, as `newsprism follow` does; --no-stories skips that.
    Prints how many articles were new, duplicates and failed; failed inputs are listed at the end.

    --ray reads and cleans on Ray Data (a local cluster, or --ray-address), the same articles in the same order.

    Example: [bold]newsprism ingest examples/geneva-2022-01-21/*.txt --db news.duckdb[/]
    """
    from newsprism.corpus import group_ungrouped

    stderr, failures = Console(stderr=True), []
    if on_ray or ray_address:
        from newsprism.scale import read_articles_on_ray

        stream = read_articles_on_ray(sources, settings, address=ray_address)
    else:
        stream = read_articles(sources, settings)
    articles = terminal.with_progress(stream, stderr, failures)
    with options.one_line_errors(), options.store(db) as store:
        counts = store.ingest(options.with_failures(articles, failures), batch_size=batch_size, keep_raw=not no_raw)
        total, grouped = store.count(), ""
        if not no_stories:
            with terminal.status(stderr, "grouping the new articles into stories"):
                placed, changed = group_ungrouped(store)
            grouped = f"; {changed} stor{'ies' if changed != 1 else 'y'} changed" if placed else ""
    typer.echo(f"{db}: {counts}; {total} article{'s' * (total != 1)} stored{grouped}")
    options.finish(failures, stderr, strict)


def articles(
    db: options.Database,
    limit: options.limit_option("articles") = None,
    offset: options.Offset = 0,
    full: options.flag("--full", "Show each article whole (terminal view), not a table.") = False,
    format: options.FormatOption = options.Format.terminal,
) -> None:
    """List the articles of a corpus in ingest order; `id` is the hash of the text, `source_id` the id it came with.

    The terminal view is a table of 20 articles (--limit, --offset); --full shows each article whole.
    --format json, jsonl or csv print every field of every article (or --limit of them).

    Example: [bold]newsprism articles --db news.duckdb --limit 5 --format jsonl[/]
    """
    terminal_view = format is options.Format.terminal
    shown = options.SHOWN if limit is None and terminal_view else limit
    with options.one_line_errors(), options.existing_store(db, read_only=True) as store:
        entries = store.entries(shown, offset)
        if terminal_view and full:
            terminal.show_articles((entry.article for entry in entries), Console())
        elif terminal_view:
            terminal.show_article_table(list(entries), Console())
        else:
            options.write_records(entries, format)
        total = store.count()
    if terminal_view:
        terminal.show_more(Console(stderr=True), "articles", offset, shown, total)


def stories(
    db: options.Database,
    limit: options.limit_option("stories") = None,
    offset: options.Offset = 0,
    format: options.FormatOption = options.Format.terminal,
    regroup: options.flag("--regroup", "Group every article again, not only those in no story yet.") = False,
    pair_model: Annotated[
        Path | None,
        typer.Option(
            "--pair-model",
            help="A cross-encoder folder that judges each article's best partners too (about 10 articles/s; regroups).",
            show_default=False,
        ),
    ] = None,
    on_ray: options.on_ray_flag("Regroup every article, each article's share of the work") = False,
    ray_address: options.RayAddress = None,
    workers: options.RayWorkers = None,
    config: options.Config = None,
) -> None:
    """List the stories (same event) of a corpus, biggest first, grouping first the articles in no story yet.

    `newsprism ingest` groups the articles it adds; --regroup groups the whole corpus again at once.
    Clustering reads headlines, leads, names and dates only (no parse), so it runs on the whole corpus.
    A pair model (--pair-model, or story_pair_model in settings with --regroup) reads two leads at once.
    --ray regroups with what each article gives alone (signatures, vectors, word counts) made on Ray actors:
    the same stories.

    Example: [bold]newsprism stories --db news.duckdb --limit 10[/]
    """
    from newsprism.corpus import group_stories
    from newsprism.stories.pairs import load_pair_model

    ray = options.ray_cluster(on_ray, ray_address, workers)
    regroup = regroup or pair_model is not None or ray is not None
    with options.one_line_errors():
        path = Settings.load(config, story_pair_model=str(pair_model) if pair_model else None).story_pair_model
        model = load_pair_model(path) if path and regroup else None  # a listing loads no model
        stderr, terminal_view = Console(stderr=True), format is options.Format.terminal
        if regroup:
            with options.existing_store(db) as store, terminal.status(stderr, "grouping articles into stories"):
                group_stories(store, pair_model=model, ray=ray)
        else:
            _group_ungrouped(db, stderr)
        shown = options.SHOWN if limit is None and terminal_view else limit
        with options.existing_store(db, read_only=True) as store:
            found, total = list(store.stories(shown, offset)), store.story_count()
    if terminal_view:
        terminal.show_stories(found, Console())
        terminal.show_more(stderr, "stories", offset, shown, total)
    else:
        options.write_records(found, format)


def _group_ungrouped(db: Path, stderr: Console) -> None:
    """Group the articles of `db` that are in no story (`--no-stories`, an older newsprism), with a
    spinner; the store is opened for writing only when there are some, so a reader runs beside `serve`."""
    from newsprism.corpus import group_ungrouped

    with options.existing_store(db, read_only=True) as store:
        waiting = len(store.ungrouped())
    if waiting:
        with options.existing_store(db) as store, terminal.status(stderr, f"grouping {waiting} articles into stories"):
            group_ungrouped(store)


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

        if db.exists():  # the app would group them on start, silently: say so here
            _group_ungrouped(db, Console(stderr=True))
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

    try:
        seconds = parse_every(every)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--every") from None
    stderr = Console(stderr=True)
    failed = False
    with options.one_line_errors(), options.store(db) as store:
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
    format: options.format_beside_html(
        options.Format, "terminal table, a JSON array, JSON lines or CSV (default: terminal; none with --html)."
    ) = None,
    html: options.HtmlPage = None,
    refresh: options.flag("--refresh", "Compare every story again, even those with a stored comparison.") = False,
    on_ray: options.on_ray_flag("Compare the stories in parallel") = False,
    ray_address: options.RayAddress = None,
    workers: options.RayWorkers = None,
    lexicons: options.Lexicons = None,
    config: options.Config = None,
) -> None:
    """Profile every outlet over all the stories of a corpus: coverage, exclusive facts, omissions, voices, framing.

    Stories of two or more outlets without a stored comparison (all, with --refresh) are compared first, in one batch.
    --ray compares them on Ray actors (--workers of them, on a local cluster or --ray-address's): the same comparisons.

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
            counts = compare_stories(
                store,
                settings,
                refresh=refresh,
                progress=progress,
                ray=options.ray_cluster(on_ray, ray_address, workers),
            )
        profiles = stored_profiles(store).profiles  # compared just above
    if html is not None:
        with options.cannot_write(html):
            options.wrote(write_outlets_report(profiles, html, title=f"Outlets of {db.name}"))
    if format is options.Format.terminal or (format is None and html is None):
        terminal.show_outlets(profiles, Console())
    elif format is not None:
        options.write_records(profiles, format)
    terminal.report_failures(list(counts.failed), stderr)


def export(
    db: options.Database,
    folder: Annotated[
        Path, typer.Argument(help="The folder to write the files into (made if missing).", metavar="DIR")
    ],
    formats: Annotated[
        list[str] | None,
        typer.Option("--format", "-f", help="parquet or csv (repeatable; default: both).", show_default=False),
    ] = None,
    raw: options.flag("--raw", "Keep each article's raw input (HTML, text): most of the size.") = False,
) -> None:
    """Export a corpus for other tools: every table as Parquet and CSV, and the facts of its stored comparisons.

    Writes DIR/TABLE.parquet and DIR/TABLE.csv for every table (articles without their raw input unless --raw).
    The facts table has one row per member of each fact of each stored comparison: story, fact, coverage, outlet, text.

    Example: [bold]newsprism export --db news.duckdb export/[/]
    """
    from newsprism.corpus.export import FORMATS, export_corpus

    chosen = formats or list(FORMATS)
    if any(format not in FORMATS for format in chosen):
        raise typer.BadParameter(f"choose from {', '.join(FORMATS)}", param_hint="--format")
    with options.one_line_errors(), options.existing_store(db, read_only=True) as store, options.cannot_write(folder):
        with terminal.status(Console(stderr=True), f"exporting {db} to {folder}"):
            written = export_corpus(store, folder, chosen, raw=raw)
    for table, paths in written.items():
        sizes = ", ".join(f"{path.name} {path.stat().st_size:,} bytes" for path in paths)
        typer.echo(f"{table}: {sizes}")


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
