"""The terminal view (rich): articles as panels, progress on long inputs, failures at the end.

On a terminal it is coloured and shows a live count; piped, it is plain text and quiet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from newsprism.records import AnnotatedArticle, Article, Comparison, Failed

if TYPE_CHECKING:
    from newsprism.corpus.outlets import OutletProfile
    from newsprism.models import Prepared


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


@contextmanager
def story_progress(console: Console) -> Iterator[Callable[[int, int, Any], None]]:
    """A progress callback for a batch of stories (`corpus.compare_stories`): a bar with a count and
    the story in hand on a terminal, nothing when piped."""
    if not console.is_terminal:
        yield lambda done, total, story: None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("comparing stories", total=None)

        def advance(done: int, total: int, story: Any) -> None:
            progress.update(task, completed=done, total=total, description=f"compared {story.id}")

        yield advance


@contextmanager
def status(console: Console, text: str) -> Iterator[None]:
    """A spinner with `text` and the time elapsed while the block runs, on a terminal; nothing when piped."""
    if not console.is_terminal:
        yield
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  transient=True) as progress:  # fmt: skip
        progress.add_task(text, total=None)
        yield


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


def show_article_table(entries: Iterable[Any], console: Console) -> None:
    """Stored articles as a table: id, outlet, date, words and headline (`--full` shows them whole)."""
    entries = list(entries)
    table = Table(title="Articles", title_justify="left", expand=True)
    _whole_column(table, "id", [entry.article.id for entry in entries])
    table.add_column("outlet", ratio=1)
    _whole_column(table, "published", [(entry.article.published or "")[:10] for entry in entries])
    table.add_column("words", justify="right", width=len("words"))
    table.add_column("headline", ratio=3)
    for entry in entries:
        article = entry.article
        table.add_row(
            article.id, article.outlet or "", (article.published or "")[:10], str(len(article.body.split())),
            Text(article.headline or "(no headline)"),
        )  # fmt: skip
    console.print(table)


def show_more(console: Console, what: str, offset: int, shown: int | None, total: int) -> None:
    """The line under a listing that was cut short: how many more there are and how to see them."""
    left = total - offset - (shown if shown is not None else total)
    if shown is None or left <= 0:
        return
    end = offset + shown
    console.print(
        f"{end - offset} of {total} {what} shown; {left} more: --offset {end} for the next, --limit {total} for all",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


def report_failures(failures: list[Failed], console: Console) -> None:
    """One line per failed input, after the work is done."""
    if not failures:
        return
    console.print(f"{len(failures)} input{'s' if len(failures) > 1 else ''} failed:", style="bold red", highlight=False)
    for failure in failures:
        console.print(f"  {failure.source}: {failure.reason}", markup=False, highlight=False, soft_wrap=True)


KIND_STYLES = {"direct": "bold", "partial": "cyan", "indirect": "dim"}


CUE_WIDTH = 14  # a longer cue ("according to a statement from") wraps


def _whole_column(table: Table, header: str, values: Iterable[str], **options: Any) -> None:
    """A column of ids and kinds, which a narrow terminal must not cut short ("story-6083bc…" is
    no id `compare` can take): as wide as its longest value, the rest of the table wraps."""
    table.add_column(header, no_wrap=True, min_width=max(map(len, [header, *values])), **options)


def quotes_table(annotated: AnnotatedArticle) -> Table:
    """Who said what in one article: speaker, role, kind, cue and the words."""
    article = annotated.article
    title = f"{article.outlet or article.source}: {len(annotated.quotes)} quotes"
    table = Table(title=title, title_justify="left", expand=True, show_lines=False)
    table.add_column("speaker", style="bold", ratio=2)
    table.add_column("role", ratio=2)
    _whole_column(table, "kind", KIND_STYLES)
    table.add_column("cue", max_width=CUE_WIDTH, overflow="fold")
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


COVERAGE_STYLES = {"all": "green", "some": "yellow", "one": "magenta"}


def comparison_header(comparison: Comparison) -> Table:
    """The story's headline (its earliest article's) over one line per article: outlet, date, headline."""
    outlets = comparison.outlet_names()
    first = comparison.articles[0].headline if comparison.articles else None
    table = Table(title=first or "Story", title_justify="left", title_style="bold", box=None, show_header=False,
                  expand=True, padding=(0, 1, 0, 0))  # fmt: skip
    table.add_column("outlet", style="bold cyan", no_wrap=True)
    _whole_column(table, "published", [(a.published or "")[:10] for a in comparison.articles], style="dim")
    table.add_column("headline", ratio=1)
    for article in comparison.articles:
        table.add_row(outlets[article.id], (article.published or "")[:10], Text(article.headline or ""))
    return table


def _number_column(table: Table, header: str) -> None:
    """A column of numbers, as wide as the longest word of its header, which wraps at its spaces."""
    table.add_column(header, justify="right", min_width=max(len(word) for word in header.split()))


def show_comparison(comparison: Comparison, console: Console) -> None:
    """The headline and outlets, then the summary with citations, facts by coverage, conflicts,
    voices and framing per outlet. Every column header stays whole at 80 columns."""
    outlets = comparison.outlet_names()
    console.print(comparison_header(comparison))
    console.print()
    console.print(Text("Summary", style="bold underline"))
    for sentence in comparison.summary:
        cited = sorted({outlets[c.article] for c in sentence.citations})
        line = Text("• ")
        line.append(sentence.text)
        line.append(f"  [{', '.join(cited)}]", style="dim")
        console.print(line)
    console.print()
    table = Table(title="Facts", title_justify="left", expand=True)
    _whole_column(table, "id", [fact.id for fact in comparison.facts])
    _whole_column(table, "coverage", COVERAGE_STYLES)
    table.add_column("outlets", ratio=2)
    table.add_column("as told", ratio=8)
    for fact in comparison.facts:
        member = fact.members[0]
        table.add_row(
            fact.id,
            Text(fact.coverage, style=COVERAGE_STYLES[fact.coverage]),
            ", ".join(dict.fromkeys(outlets[a] for a in fact.articles)),
            Text(member.text),
        )
    console.print(table)
    if comparison.conflicts:
        conflicts = Table(title="Conflicts", title_justify="left", expand=True)
        _whole_column(conflicts, "fact", [conflict.fact for conflict in comparison.conflicts])
        _whole_column(conflicts, "kind", [conflict.kind for conflict in comparison.conflicts])
        conflicts.add_column("what differs", ratio=6)
        for conflict in comparison.conflicts:
            conflicts.add_row(conflict.fact, conflict.kind, Text(conflict.what))
        console.print(conflicts)
    voices = Table(title="Voices", title_justify="left", expand=True)
    for column, ratio in (("outlet", 2), ("speaker", 3), ("role", 4)):
        voices.add_column(column, ratio=ratio, overflow="fold")  # a long name breaks, not cut short
    for column in ("direct", "other", "words"):
        _number_column(voices, column)
    for voice in comparison.voices:
        name = Text(voice.speaker, style="bold" if voice.only_here else "")
        if voice.only_here:
            name.append(" (only here)", style="dim")
        voices.add_row(
            outlets[voice.article], name, voice.role or "", str(voice.direct), str(voice.partial + voice.indirect),
            str(voice.words),
        )  # fmt: skip
    console.print(voices)
    framing = Table(title="Framing", title_justify="left", expand=True)
    for column, ratio in (("outlet", 2), ("scare quotes", 3), ("hedges", 3), ("said vs other verbs", 3)):
        framing.add_column(column, ratio=ratio)
    # "6 / 26": as wide as the header's longest word, which rich would otherwise cut to "attrib…"
    framing.add_column("stated / attributed", width=len("attributed"))
    framing.add_column("omits", ratio=2)
    for frame in comparison.framing:
        verbs = ", ".join(f"{verb} {count}" for verb, count in frame.attribution_verbs[:4])
        framing.add_row(
            outlets[frame.article],
            ", ".join(f'"{t.text}"' for t in frame.scare_quotes) or "-",
            ", ".join(dict.fromkeys(t.text.lower() for t in frame.hedges)) or "-",
            verbs or "-",
            f"{frame.stated} / {frame.attributed}",
            ", ".join(frame.omissions) or "-",
        )
    console.print(framing)
    for note in comparison.notes:
        console.print(Text(note, style="dim"))


def show_stories(stories: Iterable[Any], console: Console) -> None:
    """Stories as a table: id, size, dates, and the headline over the outlets (dim). The id and each
    date stay whole however narrow the terminal; the headline and the outlets wrap in what is left."""
    stories = list(stories)
    table = Table(title="Stories", title_justify="left", expand=True)
    _whole_column(table, "story", [story.id for story in stories])
    table.add_column("articles", justify="right", width=len("articles"))
    table.add_column("dates", max_width=len("2022-01-21 …"))  # a span wraps after its first date
    table.add_column("headline / outlets", ratio=1)
    for story in stories:
        dates = " … ".join(dict.fromkeys(d[:10] for d in (story.first_published, story.last_published) if d))
        about = Text(story.headline or "")
        about.append("\n" + ", ".join(story.outlets), style="dim")
        table.add_row(story.id, str(story.size), dates, about)
    console.print(table)


def _share(part: float | None) -> str:
    return "-" if part is None else f"{round(100 * part)}%"


def show_outlets(profiles: Iterable[OutletProfile], console: Console) -> None:
    """Outlet profiles as three tables: coverage and facts, voices, framing markers."""
    profiles = list(profiles)
    console.print(_outlet_table("Coverage", profiles, OUTLET_COVERAGE))
    console.print(_outlet_table("Voices", profiles, OUTLET_VOICES))
    console.print(_outlet_table("Framing", profiles, OUTLET_FRAMING))
    console.print(Text(OUTLETS_LEGEND, style="dim"))


def _outlet_table(title: str, profiles: list[OutletProfile], columns: dict[str, Callable[[Any], str]]) -> Table:
    table = Table(title=title, title_justify="left", expand=True)
    table.add_column("outlet", style="bold", ratio=2)
    for name, cell in columns.items():
        if cell in (_quoted_most, _verbs):
            table.add_column(name, ratio=4)
        else:  # numbers take the width of the longest word of their header, which wraps at its spaces
            table.add_column(name, justify="right", width=max(len(w) for w in name.split()))
    for profile in profiles:
        table.add_row(Text(profile.outlet), *(Text(cell(profile)) for cell in columns.values()))
    return table


def _quoted_most(profile: Any) -> str:
    return ", ".join(f"{s.speaker} {s.quotes}" for s in profile.speakers[:3]) or "-"


def _verbs(profile: Any) -> str:
    return ", ".join(f"{verb} {count}" for verb, count in profile.attribution_verbs[:4]) or "-"


OUTLET_COVERAGE: dict[str, Callable[[Any], str]] = {
    "stories": lambda p: str(p.stories),
    "missed": lambda p: str(p.missed),
    "exclusive facts": lambda p: str(p.exclusives),
    "exclusive details": lambda p: str(p.exclusive_details),
    "omissions": lambda p: str(p.omissions),
}
OUTLET_VOICES: dict[str, Callable[[Any], str]] = {
    "quotes": lambda p: str(p.quotes),
    "direct": lambda p: _share(p.direct_share),
    "quoted most": _quoted_most,
}
OUTLET_FRAMING: dict[str, Callable[[Any], str]] = {
    "scare quotes": lambda p: str(p.scare_quotes),
    "loaded": lambda p: "-" if p.loaded is None else str(p.loaded),
    "hedges": lambda p: str(p.hedges),
    "stated": lambda p: _share(p.stated_share),
    "verbs": _verbs,
}
OUTLETS_LEGEND = (
    "missed: stories of two or more outlets without this one; exclusive facts: facts only it reports; "
    "omissions: facts the others share that it leaves out; direct: share of its quotes in the speaker's words "
    "(direct or partial); loaded: '-' when no lexicon was given (--lexicons); stated: share of its "
    "claims stated as fact rather than attributed"
)


def show_models(prepared: Iterable[Prepared], console: Console) -> None:
    """One row per model a stage runs: what for, which, where, and whether it was made just now."""
    table = Table()
    for header in ("for", "model", "files", "state"):
        table.add_column(header, overflow="fold")
    for entry in prepared:
        state = "ready" if entry.made_seconds is None else f"made now ({entry.made_seconds:.1f} s)"
        table.add_row(entry.capability, entry.model, entry.path, state)
    console.print(table)
