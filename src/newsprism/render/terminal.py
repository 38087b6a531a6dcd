"""The terminal view (rich): articles as panels, progress on long inputs, failures at the end.

On a terminal it is coloured and shows a live count; piped, it is plain text and quiet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from rich.console import Console, Group
from rich.panel import Panel
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from newsprism.records import AnnotatedArticle, Article, Failed


def with_progress(stream: Iterable[Article | Failed], console: Console, failures: list[Failed]) -> Iterator[Article]:
    """Pass the articles of `stream` through, collect its failures, and show a live count on a terminal."""
    if not console.is_terminal:
        for item in stream:
            if isinstance(item, Failed):
                failures.append(item)
            else:
                yield item
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("reading", total=None)
        done = 0
        for item in stream:
            if isinstance(item, Failed):
                failures.append(item)
            else:
                done += 1
                yield item
            progress.update(task, description=f"read {done} articles, {len(failures)} failed")


def article_panel(article: Article, *, removed: bool = False) -> Panel:
    meta = Text()
    meta.append(article.outlet or "unknown outlet", style="bold cyan")
    if article.published:
        meta.append(f" · {article.published}")
    if article.authors:
        meta.append(" · by " + ", ".join(article.authors))
    if article.dateline:
        meta.append(
            f" · dateline {article.dateline.place}" + (f", {article.dateline.date}" if article.dateline.date else "")
        )
    if article.language:
        meta.append(f" · {article.language}")
    parts: list = [meta, Text(""), Text(article.body)]
    kinds = Counter(line.kind for line in article.removed)
    summary = ", ".join(f"{count} {kind}" for kind, count in kinds.items())
    parts.append(Text(f"\nremoved {len(article.removed)} lines ({summary})" if article.removed else "", style="dim"))
    if removed:
        for line in article.removed:
            parts.append(Text(f"  [{line.kind}] {line.text}", style="dim"))
    title = Text(article.headline or "(no headline)", style="bold")
    return Panel(Group(*parts), title=title, title_align="left", subtitle=article.source, subtitle_align="right")


def show_articles(articles: Iterable[Article], console: Console, *, removed: bool = False) -> int:
    count = 0
    for article in articles:
        console.print(article_panel(article, removed=removed))
        count += 1
    return count


def report_failures(failures: list[Failed], console: Console) -> None:
    """One line per failed input, after the work is done."""
    if not failures:
        return
    console.print(f"{len(failures)} input{'s' if len(failures) > 1 else ''} failed:", style="bold red", highlight=False)
    for failure in failures:
        console.print(f"  {failure.source}: {failure.reason}", markup=False, highlight=False, soft_wrap=True)


KIND_STYLES = {"direct": "bold", "partial": "cyan", "indirect": "dim"}


def quotes_table(annotated: AnnotatedArticle) -> Table:
    """Who said what in one article: speaker, role, kind, cue and the words."""
    article = annotated.article
    title = f"{article.outlet or article.source}: {len(annotated.quotes)} quotes"
    table = Table(title=title, title_justify="left", expand=True, show_lines=False)
    table.add_column("speaker", style="bold", ratio=2)
    table.add_column("role", ratio=2)
    table.add_column("kind", ratio=1)
    table.add_column("cue", ratio=1)
    table.add_column("quote", ratio=5)
    for quote in annotated.quotes:
        table.add_row(
            quote.speaker or "?",
            quote.role or "",
            Text(quote.kind, style=KIND_STYLES[quote.kind]),
            quote.cue or "",
            Text(quote.text),
        )
    return table


def show_quotes(annotated: Iterable[AnnotatedArticle], console: Console) -> None:
    for item in annotated:
        console.print(quotes_table(item))
        if item.scare_quotes:
            terms = ", ".join(f'"{s.text}"' for s in item.scare_quotes)
            console.print(Text(f"scare quotes (framing, not speech): {terms}", style="italic"))
        console.print()
