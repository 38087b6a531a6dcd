"""The `newsprism` command: a thin Typer layer over the library; every command calls one function.

The commands live in `cli.articles` (news given on the command line: read, quotes, compare) and
`cli.corpus` (a DuckDB corpus: ingest, articles, stories, serve, follow, outlets, export, models); what they
share (options, settings, writing records, one-line errors) in `cli.options`.
"""

from __future__ import annotations

import typer

from newsprism.cli import articles, corpus

__all__ = ["app"]

app = typer.Typer(
    help="newsprism: one story, every outlet, side by side.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


@app.callback()
def _group() -> None:
    """newsprism: one story, every outlet, side by side."""


for command in (
    articles.read,
    articles.quotes,
    articles.compare,
    corpus.ingest,
    corpus.articles,
    corpus.stories,
    corpus.serve,
    corpus.follow,
    corpus.outlets,
    corpus.export,
    corpus.models,
):
    app.command()(command)
