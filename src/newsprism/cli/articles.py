"""The commands that read news given on the command line: `read`, `quotes` and `compare`."""

from __future__ import annotations

import dataclasses
import sys
import webbrowser
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsprism.cli import options
from newsprism.pipeline import read_articles
from newsprism.records import Comparison, Failed
from newsprism.render import terminal
from newsprism.render.json import dumps
from newsprism.settings import Settings

__all__ = ["compare", "quotes", "read"]


@options.reads_news()
def read(
    sources: options.Sources,
    format: options.FormatOption = options.Format.terminal,
    removed: options.flag("--removed", "Also list the lines taken out (terminal view).") = False,
    *,
    settings: Settings,
    strict: bool,
) -> None:
    """Read news and show each clean article: outlet, headline, date, byline, dateline, body.

    Reads text and HTML files, directories, globs, URLs, RSS/Atom feeds, JSONL/CSV/Parquet and WARC.
    A bad input is reported in one line at the end and the others go on.

    Example: [bold]newsprism read examples/geneva-2022-01-21/ --format json[/]
    """
    stderr, failures = Console(stderr=True), []
    stream = terminal.with_progress(read_articles(sources, settings), stderr, failures)
    if format is options.Format.terminal:
        terminal.show_articles(stream, Console(), removed=removed)
    else:
        options.write_records(stream, format)
    options.finish(failures, stderr, strict)


@options.reads_news()
def quotes(
    sources: options.Sources,
    format: options.FormatOption = options.Format.terminal,
    *,
    settings: Settings,
    strict: bool,
) -> None:
    """Who said what: every direct, partial and indirect quote with its speaker, role and cue, per outlet.

    Scare quotes ("invasion") are framing, not speech, and are left out. People are resolved across
    the articles given together, so "Blinken", "he" and "the U.S. secretary of state" are one person.

    Example: [bold]newsprism quotes examples/geneva-2022-01-21/*.txt --format json[/]
    """
    from newsprism.annotate import annotate, unread_note  # spaCy loads only for the commands that parse

    stderr, failures = Console(stderr=True), []
    articles = list(terminal.with_progress(read_articles(sources, settings), stderr, failures))
    with terminal.status(stderr, f"finding the quotes of {len(articles)} articles"):
        annotated = list(annotate(articles, settings=settings))
    for note in filter(None, (unread_note(a, settings.max_article_chars) for a in articles)):
        stderr.print(note, markup=False, highlight=False, soft_wrap=True)
    if format is options.Format.terminal:
        terminal.show_quotes(annotated, Console())
    else:
        options.write_records((quote for item in annotated for quote in item.quotes), format)
    options.finish(failures, stderr, strict)


@options.reads_news()
def compare(
    sources: Annotated[
        list[str],
        typer.Argument(help="Files, directories, globs or http(s) URLs; with --db, one story id.", show_default=False),
    ],
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Compare a story of this corpus (see `newsprism stories`).", show_default=False),
    ] = None,
    format: options.format_beside_html(
        options.CompareFormat,
        "terminal view, JSON (schema newsprism.comparison/1), Markdown, or CSV of the facts "
        "(default: terminal; none with --html).",
    ) = None,
    html: options.HtmlPage = None,
    open_page: options.flag("--open", "Open the --html page in the web browser once written.") = False,
    refresh: options.flag("--refresh", "With --db: compare again even when the story has a stored comparison.") = False,
    lexicons: options.Lexicons = None,
    *,
    settings: Settings,
    strict: bool,
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
    options.finish(failures, Console(stderr=True), strict)


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
    with options.one_line_errors(), terminal.status(stderr, f"annotating and comparing {len(articles)} articles"):
        annotated = list(annotate(articles, settings=settings))
        comparison = compare_articles(annotated, settings=settings)
    if html is not None:
        with options.cannot_write(html):
            options.wrote(write_report(comparison, html, annotated))
    return comparison, failures


def _compare_stored(db: Path, story_ids: list[str], settings: Settings, html: Path | None, refresh: bool) -> Comparison:
    """The comparison of one story of the corpus `db` (stored, or made and stored now); writes --html."""
    from newsprism.corpus import compare_story, find_story
    from newsprism.render.report import write_story_report

    if len(story_ids) != 1:
        raise typer.BadParameter(f"with --db give one story id, not {len(story_ids)}", param_hint="STORY_ID")
    stderr = Console(stderr=True)
    if html is None and not refresh:  # a stored comparison is read without the write lock (beside `serve`)
        with options.one_line_errors(), options.existing_store(db, read_only=True) as store:
            stored = store.comparison(find_story(store, story_ids[0]).id)
        if stored is not None:
            return stored
    with options.one_line_errors(), options.existing_store(db) as store:
        if html is None:
            with terminal.status(stderr, f"comparing {story_ids[0]}"):
                return compare_story(store, story_ids[0], settings, refresh=refresh)
        with options.cannot_write(html), terminal.status(stderr, f"comparing {story_ids[0]} and writing {html}"):
            comparison, page = write_story_report(store, story_ids[0], html, settings, refresh=refresh)
    options.wrote(page)
    return comparison


def _show_comparison(comparison: Comparison, format: options.CompareFormat | None, html: Path | None) -> None:
    from newsprism.render.markdown import comparison_markdown

    if format is options.CompareFormat.terminal or (format is None and html is None):
        terminal.show_comparison(comparison, Console())
    elif format is options.CompareFormat.json:
        sys.stdout.write(dumps(comparison) + "\n")
    elif format is options.CompareFormat.md:
        sys.stdout.write(comparison_markdown(comparison))
    elif format is options.CompareFormat.csv:  # the facts, one row per member (as `newsprism export` writes them)
        from newsprism.corpus.export import fact_rows

        options.write_csv(({k: v for k, v in row.items() if k != "story_id"} for row in fact_rows(comparison)),
                          sys.stdout)  # fmt: skip
