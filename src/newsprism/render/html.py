"""A `Comparison` as one self-contained HTML page: summary with citations on top, the articles side by side.

    from newsprism.render.html import write_report

    write_report(comparison, "report.html", annotated)   # annotated: the AnnotatedArticles, for quotes

The page needs nothing beyond the file: CSS and a few lines of JavaScript are inline, there are no
fonts, images or scripts from elsewhere, and every piece of article text goes through
`html.escape`. Each summary sentence is followed by one chip per cited span; a chip is a link to
the span in its article column (`#a0-27-198`: article 0, characters 27 to 198), so it works
without JavaScript through `:target`, and with it the span is highlighted and scrolled to.

An article body is marked up by intervals: it is cut at every start and end of every span (fact
members, conflicts, quotes, scare quotes, loaded words, hedges) and each piece is wrapped in one
`<span>` with the classes of all the spans that cover it, so overlapping spans never break the
nesting. Cited spans and fact members are also wrapped whole (one element whose text is exactly
the span) where they nest with each other; one that crosses another keeps its id on its first
piece and marks every piece with `data-k`, which is what the highlight follows.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newsprism.records import LEXICONS_UNCHECKED, AnnotatedArticle, Article, Comparison, Fact, Framing, Span, Voice

if TYPE_CHECKING:
    from newsprism.outlets import OutletProfile

__all__ = ["comparison_html", "outlets_html", "write_outlets_report", "write_report"]

# wider coverage wins where the members of two facts overlap
COVERAGE_RANK = {"all": 3, "some": 2, "one": 1}


def comparison_html(comparison: Comparison, annotated: Sequence[AnnotatedArticle] | None = None) -> str:
    """The whole page as a string. `annotated` (the articles the comparison was made from) adds the
    quotes, underlined and labelled by speaker; without it the page has everything else."""
    page = _Page(comparison, annotated or ())
    return page.render()


def write_report(comparison: Comparison, path: str | Path, annotated: Sequence[AnnotatedArticle] | None = None) -> Path:
    """Write the page to `path` (UTF-8, folders made as needed) and return the path.

    Raises `OSError` when the file cannot be written.
    """
    return _write_page(path, comparison_html(comparison, annotated))


def _write_page(path: str | Path, page: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def _page_head(title: str, css: str) -> list[str]:
    """The opening of a self-contained page, up to and including ``<body>``."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="newsprism">',
        f"<title>{_e(title)} · newsprism</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
    ]


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(slots=True)
class _Mark:
    """A span of a body that colours the pieces it covers."""

    start: int
    end: int
    classes: tuple[str, ...]
    title: str = ""
    who: str | None = None  # quote label, on the first piece
    id: str | None = None  # on the first piece
    key: str | None = None  # data-k on every piece (a cited span that could not be wrapped whole)


@dataclass(slots=True)
class _Anchor:
    """A span wrapped whole in one element: a cited span or a fact member."""

    start: int
    end: int
    id: str
    cited: bool = False
    conflict: bool = False
    facts: list[str] = field(default_factory=list)
    coverage: str | None = None

    def classes(self) -> list[str]:
        classes = ["m"]
        if self.coverage:
            classes.append(f"m-{self.coverage}")
        if self.conflict:
            classes.append("m-x")
        if self.cited:
            classes.append("cited")
        return classes


class _Page:
    def __init__(self, comparison: Comparison, annotated: Sequence[AnnotatedArticle]):
        self.comparison = comparison
        self.articles = comparison.articles
        self.index = {a.id: i for i, a in enumerate(self.articles)}
        self.label = comparison.outlet_names()
        self.quotes = {item.article.id: item.quotes for item in annotated}
        self.facts = {f.id: f for f in comparison.facts}
        self.outlet_count = len({a.outlet or a.id for a in self.articles})

    # ---- ids and links --------------------------------------------------------------------
    def span_id(self, span: Span) -> str | None:
        """The element id of a span of an article (None when the span is not in any article body)."""
        i = self.index.get(span.article)
        if i is None or not 0 <= span.start < span.end <= len(self.articles[i].body):
            return None
        return f"a{i}-{span.start}-{span.end}"

    def jump(self, span: Span, text: str, *, cls: str = "jump", describe: str = "") -> str:
        target = self.span_id(span)
        aria = f' aria-label="{_e(describe)}"' if describe else ""
        if target is None:
            return f'<span class="{cls} missing" title="source span not found">{_e(text)}</span>'
        return f'<a class="{cls}" href="#{target}"{aria}>{_e(text)}</a>'

    # ---- the page -------------------------------------------------------------------------
    def render(self) -> str:
        headline = next((a.headline for a in self.articles if a.headline), None) or "Story"
        parts = [
            *_page_head(headline, CSS),
            '<a class="skip" href="#articles">Skip to the articles</a>',
            self.header(headline),
            "<main>",
            self.summary(),
            self.article_columns(),
            self.conflicts(),
            self.voices(),
            self.framing(),
            "</main>",
            self.footer(),
            f"<script>{JS}</script>",
            "</body>",
            "</html>",
        ]
        return "\n".join(p for p in parts if p) + "\n"

    def header(self, headline: str) -> str:
        dates = sorted(d for d in (_date(a.published) for a in self.articles) if d)
        span = ""
        if dates:
            first, last = _when(dates[0], time=False), _when(dates[-1], time=False)
            span = first if first == last else f"{first} – {last}"
        outlets = "".join(
            f'<li><span class="outlet">{_e(self.label[a.id])}</span>'
            + (f' <time datetime="{_e(a.published)}">{_e(_when(a.published))}</time>' if a.published else "")
            + "</li>"
            for a in self.articles
        )
        count = len(self.articles)
        return (
            '<header class="top">'
            f"<h1>{_e(headline)}</h1>"
            f'<p class="meta">{count} article{"s" if count != 1 else ""} from {self.outlet_count} '
            f"outlet{'s' if self.outlet_count != 1 else ''}" + (f" · {_e(span)}" if span else "") + "</p>"
            f'<ul class="outlets">{outlets}</ul>'
            "</header>"
        )

    def chips(self, spans: Sequence[Span], *, source: bool = False) -> str:
        """One chip per span, named by its article's outlet; a second passage of one article is numbered
        ("The Hill (2) #2"). `source` says "Source, …" to a screen reader (a summary's citations)."""
        seen: dict[str, int] = defaultdict(int)
        chips = []
        for span in spans:
            label = self.label.get(span.article, span.article)
            seen[label] += 1
            text = label if seen[label] == 1 else f"{label} #{seen[label]}"
            describe = f"Source, {label}: {_clip(span.text, 80)}" if source else _clip(span.text, 80)
            chips.append(self.jump(span, text, cls="jump chip", describe=describe))
        return " ".join(chips)

    def summary(self) -> str:
        items = []
        for sentence in self.comparison.summary:
            chips = self.chips(sentence.citations, source=True)
            items.append(
                f'<li><span class="sentence">{_e(sentence.text)}</span> <span class="chips">{chips}</span></li>'
            )
        body = f"<ol>{''.join(items)}</ol>" if items else "<p>No summary: the articles share no fact.</p>"
        return (
            '<section id="summary" aria-labelledby="summary-h">'
            '<h2 id="summary-h">Summary</h2>'
            '<p class="hint">Each sentence cites the passages it comes from: a chip takes you to the passage.</p>'
            f"{body}</section>"
        )

    def article_columns(self) -> str:
        columns = "".join(self.column(i, a) for i, a in enumerate(self.articles))
        return (
            '<section id="articles" aria-labelledby="articles-h" tabindex="-1">'
            '<h2 id="articles-h">The articles side by side</h2>'
            f"{LEGEND}"
            f'<div class="columns">{columns}</div>'
            "</section>"
        )

    def column(self, i: int, article: Article) -> str:
        lang = f' lang="{_e(article.language)}"' if article.language else ""
        byline = []
        if article.authors:
            byline.append("By " + ", ".join(article.authors))
        if article.dateline:
            byline.append("Dateline " + article.dateline.place)
        meta = []
        if article.published:
            meta.append(f'<time datetime="{_e(article.published)}">{_e(_when(article.published))}</time>')
        if byline:
            meta.append(f'<span class="byline">{_e(" · ".join(byline))}</span>')
        if article.url and article.url.startswith(("http://", "https://")):
            meta.append(f'<a href="{_e(article.url)}" rel="noopener noreferrer">original page</a>')
        else:
            name = article.source.replace("\\", "/").rsplit("/", 1)[-1] or article.source  # the whole path on hover
            meta.append(f'<span class="source" title="{_e(article.source)}">{_e(name)}</span>')
        marks, anchors = self.marks(i, article)
        return (
            f'<article class="col" id="a{i}" aria-labelledby="a{i}-h" data-outlet="{_e(self.label[article.id])}">'
            f'<h3 id="a{i}-h"><span class="outlet">{_e(self.label[article.id])}</span>'
            f'<span class="headline"{lang}>{_e(article.headline or "(no headline)")}</span></h3>'
            f'<p class="meta">{" · ".join(meta)}</p>'
            f'<div class="body" id="a{i}-body"{lang}>{_body_html(article.body, marks, anchors)}</div>'
            "</article>"
        )

    def marks(self, i: int, article: Article) -> tuple[list[_Mark], list[_Anchor]]:
        """Every span of article `i` that colours its text, and the spans to wrap whole, best first."""
        aid = article.id
        marks: list[_Mark] = []
        anchors: dict[tuple[int, int], _Anchor] = {}

        def anchor(span: Span) -> _Anchor:
            key = (span.start, span.end)
            if key not in anchors:
                anchors[key] = _Anchor(span.start, span.end, f"a{i}-{span.start}-{span.end}")
            return anchors[key]

        for sentence in self.comparison.summary:
            for citation in sentence.citations:
                if citation.article == aid:
                    anchor(citation).cited = True
        for fact in self.comparison.facts:
            described = self.describe_fact(fact)
            for k, member in enumerate(fact.members):
                if member.article != aid:
                    continue
                title = described + (" (reported as someone's claim)" if k in fact.attributed else "")
                marks.append(_Mark(member.start, member.end, (f"c-{fact.coverage}",), title))
                wrapped = anchor(member)
                wrapped.facts.append(fact.id)
                if wrapped.coverage is None or COVERAGE_RANK[fact.coverage] > COVERAGE_RANK[wrapped.coverage]:
                    wrapped.coverage = fact.coverage
        for conflict in self.comparison.conflicts:
            for member in conflict.members:
                if member.article != aid:
                    continue
                others = sorted({self.label.get(m.article, m.article) for m in conflict.members if m.article != aid})
                title = f"conflict ({conflict.kind}) with {', '.join(others)}: {conflict.what}"
                marks.append(_Mark(member.start, member.end, ("x",), title))
                anchor(member).conflict = True
        for quote in self.quotes.get(aid, ()):
            who = quote.speaker or "unattributed"
            role = f", {quote.role}" if quote.role else ""
            cue = f" · {quote.cue}" if quote.cue else ""
            title = f"{quote.kind} quote: {who}{role}{cue}"
            marks.append(_Mark(quote.start, quote.end, ("q", f"q-{quote.kind}"), title, who=who))
        for frame in self.comparison.framing:
            if frame.article != aid:
                continue
            for term in frame.scare_quotes:
                title = f"scare quote: “{term.text}” is in quotation marks nobody is quoted in"
                marks.append(_Mark(term.start, term.end, ("sq",), title, id=f"a{i}-t-{term.start}-{term.end}"))
            for term in frame.loaded:
                title = f"loaded word ({term.kind})"
                marks.append(_Mark(term.start, term.end, ("ld",), title, id=f"a{i}-t-{term.start}-{term.end}"))
            for term in frame.hedges:
                marks.append(_Mark(term.start, term.end, ("hd",), f"hedge: {term.text}"))
        return marks, list(anchors.values())

    def describe_fact(self, fact: Fact) -> str:
        outlets = list(dict.fromkeys(self.label.get(a, a) for a in fact.articles))
        if fact.coverage == "all":
            return f"fact {fact.id}: reported by every outlet"
        if fact.coverage == "one":
            return f"fact {fact.id}: only {', '.join(outlets)} reports it"
        return f"fact {fact.id}: reported by {len(outlets)} of {self.outlet_count} outlets ({', '.join(outlets)})"

    def conflicts(self) -> str:
        if not self.comparison.conflicts:
            return ""
        rows = []
        for conflict in self.comparison.conflicts:
            links = self.chips(conflict.members)
            rows.append(
                f'<li><span class="kind">{_e(conflict.kind)}</span> <span class="fid">{_e(conflict.fact)}</span> '
                f'{_e(conflict.what)} <span class="chips">{links}</span></li>'
            )
        return (
            '<section id="conflicts" aria-labelledby="conflicts-h">'
            '<h2 id="conflicts-h">Conflicts</h2>'
            '<p class="hint">Aligned passages that disagree, or that one outlet states as fact and another attributes.</p>'
            f'<ul class="conflicts">{"".join(rows)}</ul></section>'
        )

    def voices(self) -> str:
        by_article: dict[str, list[Voice]] = defaultdict(list)
        for voice in self.comparison.voices:
            by_article[voice.article].append(voice)
        most = max((v.words for v in self.comparison.voices), default=0) or 1
        blocks = []
        for i, article in enumerate(self.articles):
            voices = sorted(by_article.get(article.id, ()), key=lambda v: (-v.words, v.speaker))
            if not voices:
                blocks.append(f'<div class="card"><h3>{_e(self.label[article.id])}</h3><p>Quotes nobody.</p></div>')
                continue
            rows = []
            for v in voices:
                only = ' <span class="tag">only here</span>' if v.only_here else ""
                role = f'<span class="role">{_e(v.role)}</span>' if v.role else ""
                width = round(100 * v.words / most, 1)
                how = ", ".join(f"{n} {kind}" for n, kind in ((v.direct, "direct"), (v.partial, "partial"),
                                (v.indirect, "indirect")) if n) or "-"  # fmt: skip
                rows.append(
                    f'<tr><th scope="row">{_e(v.speaker)}{only}{role}</th>'
                    f'<td class="how">{how}</td>'
                    f'<td class="words"><span class="bar{" only" if v.only_here else ""}" style="width:{width}%"></span>'
                    f'<span class="n">{v.words}</span></td></tr>'
                )
            blocks.append(
                f'<div class="card"><h3 id="v{i}-h">{_e(self.label[article.id])}</h3><div class="scroll">'
                f'<table class="voices" aria-labelledby="v{i}-h"><thead><tr><th scope="col">speaker</th>'
                '<th scope="col">quotes</th><th scope="col">words quoted</th></tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table></div></div>"
            )
        return (
            '<section id="voices" aria-labelledby="voices-h">'
            '<h2 id="voices-h">Voices</h2>'
            '<p class="hint">Who each outlet quotes, how, and at what length (bars share one scale).</p>'
            f'<div class="cards">{"".join(blocks)}</div></section>'
        )

    def framing(self) -> str:
        frames = {f.article: f for f in self.comparison.framing}
        unchecked = LEXICONS_UNCHECKED in self.comparison.notes
        blocks = []
        for i, article in enumerate(self.articles):
            frame = frames.get(article.id)
            label = _e(self.label[article.id])
            if frame is None:
                blocks.append(f'<div class="card"><h3>{label}</h3><p>No framing found.</p></div>')
                continue
            blocks.append(
                f'<div class="card"><h3 id="fr{i}-h">{label}</h3>{self.frame_list(i, frame, unchecked)}</div>'
            )
        return (
            '<section id="framing" aria-labelledby="framing-h">'
            '<h2 id="framing-h">Framing</h2>'
            f'<div class="cards">{"".join(blocks)}</div></section>'
        )

    def frame_list(self, i: int, frame: Framing, unchecked: bool) -> str:
        def terms(found, cls: str) -> str:
            links = [
                f'<a class="jump {cls}" href="#a{i}-t-{t.start}-{t.end}">“{_e(t.text)}”</a>'
                for t in found
                if 0 <= t.start < t.end <= len(self.articles[i].body)
            ]
            return ", ".join(links)

        scare = terms(frame.scare_quotes, "sq") or "none"
        loaded = terms(frame.loaded, "ld") or ("not checked: no lexicon configured" if unchecked else "none found")
        hedges = ", ".join(_e(h) for h in dict.fromkeys(t.text.lower() for t in frame.hedges)) or "none"
        verbs = ", ".join(f"{_e(verb)} ({count})" for verb, count in frame.attribution_verbs) or "none"
        total = frame.stated + frame.attributed
        stated = round(100 * frame.stated / total, 1) if total else 0
        split = (
            f'<span class="split" role="img" aria-label="{frame.stated} stated, {frame.attributed} attributed">'
            f'<span class="s" style="width:{stated}%"></span><span class="a" style="width:{100 - stated}%"></span></span>'
        )
        return (
            "<dl>"
            f"<dt>Scare quotes</dt><dd>{scare}</dd>"
            f"<dt>Loaded words</dt><dd>{loaded}</dd>"
            f"<dt>Hedges</dt><dd>{hedges}</dd>"
            f"<dt>Attribution verbs</dt><dd>{verbs}</dd>"
            f"<dt>Claims stated / attributed</dt><dd>{frame.stated} / {frame.attributed} {split}</dd>"
            f"<dt>Leaves out</dt><dd>{self.omissions(frame)}</dd>"
            "</dl>"
        )

    def omissions(self, frame: Framing) -> str:
        if not frame.omissions:
            return "nothing the others share"
        items = []
        for fid in frame.omissions:
            fact = self.facts.get(fid)
            if fact is None:
                items.append(f'<li><span class="fid">{_e(fid)}</span></li>')
                continue
            shown = [m for m in fact.members if m.article != frame.article]
            if not shown:
                items.append(f'<li><span class="fid">{_e(fid)}</span></li>')
                continue
            chips = self.chips(shown)
            items.append(
                f'<li><span class="fid">{_e(fid)}</span> {_e(shown[0].text)} <span class="chips">{chips}</span></li>'
            )
        count = len(frame.omissions)
        return f'{count} fact{"s" if count != 1 else ""} the others report:<ul class="omissions">{"".join(items)}</ul>'

    def footer(self) -> str:
        notes = "".join(f"<li>{_e(n)}</li>" for n in self.comparison.notes)
        return (
            '<footer class="bottom"><h2>About this page</h2>'
            f"<p>Made by newsprism from a comparison of schema <code>{_e(self.comparison.schema)}</code>. "
            "Every highlighted passage points to its characters in the article text.</p>"
            + (f"<ul>{notes}</ul>" if notes else "")
            + "</footer>"
        )


def _body_html(body: str, marks: Sequence[_Mark], candidates: Sequence[_Anchor]) -> str:
    """`body` as HTML: cut at every boundary of every mark and anchor, each piece wrapped with the
    classes of all marks covering it, the anchors that nest wrapped whole around their pieces."""
    n = len(body)
    marks = [m for m in marks if 0 <= m.start < m.end <= n]
    chosen: list[_Anchor] = []
    for a in candidates:  # cited spans come first, so they are the ones kept whole
        if not 0 <= a.start < a.end <= n:
            continue
        if all(a.end <= b.start or b.end <= a.start or b.start <= a.start and a.end <= b.end
               or a.start <= b.start and b.end <= a.end for b in chosen):  # fmt: skip
            chosen.append(a)
        else:  # crossing: its pieces carry its key, its first piece its id
            marks.append(_Mark(a.start, a.end, ("cited",) if a.cited else ("frag",), id=a.id, key=a.id))
    chosen.sort(key=lambda a: (a.start, -a.end))
    points = sorted({0, n, *(m.start for m in marks), *(m.end for m in marks), *(a.start for a in chosen),
                     *(a.end for a in chosen)})  # fmt: skip
    starting: dict[int, list[int]] = defaultdict(list)
    for k, m in enumerate(marks):
        starting[m.start].append(k)
    out: list[str] = []
    stack: list[_Anchor] = []
    active: set[int] = set()
    next_anchor = 0
    for p, q in zip(points, points[1:], strict=False):
        while stack and stack[-1].end <= p:
            stack.pop()
            out.append("</span>")
        while next_anchor < len(chosen) and chosen[next_anchor].start == p:
            a = chosen[next_anchor]
            classes = " ".join(a.classes())
            facts = f' data-facts="{_e(" ".join(a.facts))}"' if a.facts else ""
            out.append(f'<span class="{classes}" id="{a.id}" tabindex="-1"{facts}>')
            stack.append(a)
            next_anchor += 1
        active = {k for k in active if marks[k].end > p} | set(starting.get(p, ()))
        out.append(_piece(body[p:q], [marks[k] for k in sorted(active)], p))
    out.extend("</span>" for _ in stack)
    return "".join(out)


def _piece(text: str, covering: list[_Mark], at: int) -> str:
    if not covering:
        return _e(text)
    classes = list(dict.fromkeys(c for m in covering for c in m.classes))
    coverages = [c for c in classes if c.startswith("c-")]
    if len(coverages) > 1:
        best = max(coverages, key=lambda c: COVERAGE_RANK[c[2:]])
        classes = [c for c in classes if not c.startswith("c-") or c == best]
    attrs = [f'class="{_e(" ".join(classes))}"'] if classes else []
    titles = list(dict.fromkeys(m.title for m in covering if m.title))
    if titles:
        attrs.append(f'title="{_e(chr(10).join(titles))}"')
    keys = [m.key for m in covering if m.key]
    if keys:
        attrs.append(f'data-k="{_e(" ".join(keys))}"')
    starting_here = [m for m in covering if m.start == at]
    who = next((m.who for m in starting_here if m.who), None)
    if who:
        attrs.append(f'data-who="{_e(who)}"')
    ids = list(dict.fromkeys(m.id for m in starting_here if m.id))
    extra = ""
    if ids:  # one id per element: the others get an empty element just before
        attrs.append(f'id="{_e(ids[0])}" tabindex="-1"')
        extra = "".join(f'<span id="{_e(other)}" tabindex="-1"></span>' for other in ids[1:])
    return f"{extra}<span {' '.join(attrs)}>{_e(text)}</span>"


def _date(published: str | None) -> str | None:
    return published[:10] if published and len(published) >= 10 else published


def _when(published: str, *, time: bool = True) -> str:
    """ISO 8601 as people read it: ``21 Jan 2022, 10:37 UTC``; anything else as given."""
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return published
    day = f"{moment.day} {moment:%b %Y}"
    if not time or len(published) <= 10:
        return day
    offset = moment.utcoffset()
    zone = "" if offset is None else " UTC" if not offset else f" {moment:%z}"
    return f"{day}, {moment:%H:%M}{zone}"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# ---- the outlets page ---------------------------------------------------------------------------

# one horizontal bar chart: label column, bar area, value column (SVG user units)
CHART_LABEL, CHART_BARS, CHART_VALUE, CHART_ROW = 190, 400, 90, 26


def outlets_html(profiles: Sequence[OutletProfile], *, title: str = "Outlets") -> str:
    """The outlet profiles (`outlets.outlet_profiles`) as one self-contained page: charts of coverage,
    exclusives and omissions, voices and framing, drawn as inline SVG, then every number in a table."""
    parts = [
        *_page_head(title, CSS + OUTLETS_CSS),
        '<header class="top">',
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{len(profiles)} outlet{"s" if len(profiles) != 1 else ""}, each counted over all the '
        "stories of the corpus; the table at the bottom has every number.</p>",
        "</header>",
        "<main>",
        _outlet_charts(profiles),
        _outlet_voices(profiles),
        _outlet_table(profiles),
        "</main>",
        f'<footer class="bottom"><h2>About this page</h2><p>{_e(OUTLETS_NOTE)}</p></footer>',
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def write_outlets_report(profiles: Sequence[OutletProfile], path: str | Path, *, title: str = "Outlets") -> Path:
    """Write `outlets_html` to `path` (UTF-8, folders made as needed) and return the path.

    Raises `OSError` when the file cannot be written.
    """
    return _write_page(path, outlets_html(profiles, title=title))


OUTLETS_NOTE = (
    "Stories covered count every story with an article of the outlet; missed counts the stories that two "
    "or more other outlets covered without it. Exclusive facts are facts only this outlet reports "
    "(details it alone gives inside a shared fact are counted apart); omissions are facts the other "
    "outlets of a story share and this one leaves out. Quotes count quotes with a known speaker; direct "
    "includes partial quotes. Loaded words are counted only when a lexicon was given (settings `lexicons`)."
)


def _outlet_charts(profiles: Sequence[OutletProfile]) -> str:
    coverage = _bar_chart(
        "chart-coverage",
        "Stories covered and missed",
        [(p.outlet, (p.stories, p.missed)) for p in profiles],
        (("covered", "b-all"), ("missed", "b-miss")),
        shown=[f"{p.stories} of {p.stories + p.missed}" for p in profiles],
    )
    facts = _bar_chart(
        "chart-facts",
        "Facts only it reports",
        [(p.outlet, (p.exclusives, p.exclusive_details)) for p in profiles],
        (("exclusive facts", "b-one"), ("details inside shared facts", "b-some")),
    )
    omissions = _bar_chart(
        "chart-omissions",
        "Facts the other outlets share that it leaves out",
        [(p.outlet, (p.omissions,)) for p in profiles],
        (("omissions", "b-miss"),),
    )
    quotes = _bar_chart(
        "chart-quotes",
        "Quotes by kind",
        [(p.outlet, (p.direct, p.partial, p.indirect)) for p in profiles],
        (("direct", "b-quote"), ("partial", "b-some"), ("indirect", "b-miss")),
    )
    if any(p.loaded is not None for p in profiles):
        framing = _bar_chart(
            "chart-framing",
            "Framing markers",
            [(p.outlet, (p.scare_quotes, p.loaded or 0, p.hedges)) for p in profiles],
            (("scare quotes", "b-conf"), ("loaded words", "b-loaded"), ("hedges", "b-some")),
        )
    else:
        framing = _bar_chart(
            "chart-framing",
            "Framing markers (loaded words not checked: no lexicon given)",
            [(p.outlet, (p.scare_quotes, p.hedges)) for p in profiles],
            (("scare quotes", "b-conf"), ("hedges", "b-some")),
        )
    return (
        '<section id="charts" aria-labelledby="charts-h"><h2 id="charts-h">Outlets side by side</h2>'
        '<p class="hint">Bars of one chart share one scale; hover a bar for its number. The table below has them all.</p>'
        f'<div class="charts">{coverage}{facts}{omissions}{quotes}{framing}</div></section>'
    )


def _bar_chart(
    id: str,
    caption: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[tuple[str, str]],
    shown: Sequence[str] | None = None,
) -> str:
    """A horizontal bar chart in inline SVG: one row per label, its values stacked in the order of
    `series` (name, CSS class); after each bar its total, or its text in `shown`."""
    most = max((sum(values) for _, values in rows), default=0) or 1
    height = CHART_ROW * max(len(rows), 1)
    width = CHART_LABEL + CHART_BARS + CHART_VALUE
    shapes = []
    for row, (label, values) in enumerate(rows):
        y = row * CHART_ROW
        shapes.append(
            f'<text class="lbl" x="{CHART_LABEL - 8}" y="{y + CHART_ROW / 2}"><title>{_e(label)}</title>'
            f"{_e(_clip(label, 26))}</text>"
        )
        x = CHART_LABEL
        for value, (name, cls) in zip(values, series, strict=True):
            length = round(CHART_BARS * value / most, 1)
            if length:
                shapes.append(
                    f'<rect class="{cls}" x="{x}" y="{y + 4}" width="{length}" height="{CHART_ROW - 8}">'
                    f"<title>{_e(label)}: {value} {_e(name)}</title></rect>"
                )
            x += length
        value = shown[row] if shown else sum(values)
        shapes.append(f'<text class="val" x="{x + 6}" y="{y + CHART_ROW / 2}">{_e(value)}</text>')
    legend = "".join(f'<li><span class="sw {cls}"></span>{_e(name)}</li>' for name, cls in series)
    return (
        f'<figure class="chart" aria-labelledby="{id}-c"><figcaption id="{id}-c">{_e(caption)}</figcaption>'
        f'<ul class="legend">{legend}</ul>'
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-c" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(shapes)}</svg></figure>'
    )


def _outlet_voices(profiles: Sequence[OutletProfile]) -> str:
    most = max((s.quotes for p in profiles for s in p.speakers), default=0) or 1
    blocks = []
    for i, profile in enumerate(profiles):
        rows = []
        for speaker in profile.speakers:
            role = (
                f'<span class="role" title="{_e(speaker.role)}">{_e(_clip(speaker.role, 60))}</span>'
                if speaker.role
                else ""
            )
            how = "<br>".join(f"{n} {kind}" for n, kind in ((speaker.direct, "direct"), (speaker.partial, "partial"),
                              (speaker.indirect, "indirect")) if n)  # fmt: skip
            width = round(70 * speaker.quotes / most, 1)  # the rest of the cell holds the number
            rows.append(
                f'<tr><th scope="row">{_e(speaker.speaker)}{role}</th><td class="how">{how}</td>'
                f"<td>{speaker.stories}</td>"
                f'<td class="words"><span class="bar" style="width:{width}%"></span>'
                f'<span class="n">{speaker.quotes}</span></td></tr>'
            )
        share = "" if profile.direct_share is None else f" · {round(100 * profile.direct_share)}% direct or partial"
        body = (
            '<div class="scroll"><table class="voices" '
            f'aria-labelledby="o{i}-h"><thead><tr><th scope="col">speaker</th><th scope="col">how</th>'
            '<th scope="col">stories</th><th scope="col">quotes</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
            if rows
            else "<p>Quotes nobody by name.</p>"
        )
        blocks.append(
            f'<div class="card"><h3 id="o{i}-h">{_e(profile.outlet)}</h3>'
            f'<p class="meta">{profile.quotes} quotes{share}</p>{body}</div>'
        )
    return (
        '<section id="voices" aria-labelledby="voices-h"><h2 id="voices-h">Who each outlet quotes most</h2>'
        f'<div class="cards">{"".join(blocks)}</div></section>'
    )


def _outlet_table(profiles: Sequence[OutletProfile]) -> str:
    head = (
        "outlet", "stories", "missed", "compared", "articles", "exclusive facts", "exclusive details", "omissions",
        "quotes", "direct or partial", "scare quotes", "loaded words", "hedges", "stated / attributed", "verbs",
    )  # fmt: skip
    rows = []
    for p in profiles:
        share = "-" if p.direct_share is None else f"{round(100 * p.direct_share)}%"
        verbs = ", ".join(f"{verb} ({count})" for verb, count in p.attribution_verbs[:4]) or "-"
        cells = (p.stories, p.missed, p.compared, p.articles, p.exclusives, p.exclusive_details, p.omissions,
                 p.quotes, share, p.scare_quotes, "-" if p.loaded is None else p.loaded, p.hedges,
                 f"{p.stated} / {p.attributed}", verbs)  # fmt: skip
        rows.append(f'<tr><th scope="row">{_e(p.outlet)}</th>' + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    return (
        '<section id="numbers" aria-labelledby="numbers-h"><h2 id="numbers-h">Every number</h2>'
        '<div class="scroll"><table class="voices numbers"><thead><tr>'
        + "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
        + f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div></section>"
    )


OUTLETS_CSS = """
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,34rem),1fr));gap:1rem 2rem}
.chart{margin:0;min-width:0}
.chart figcaption{font-weight:700;margin:.5rem 0 .2rem}
.chart svg{width:100%;max-width:44rem;height:auto;font:13px system-ui,sans-serif}
.chart .lbl{text-anchor:end;dominant-baseline:middle;fill:var(--ink)}
.chart .val{dominant-baseline:middle;fill:var(--muted);font-variant-numeric:tabular-nums}
.legend .sw{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-.1em;border:1px solid #0003}
.b-all{fill:var(--all);background:var(--all)}
.b-some{fill:var(--some);background:var(--some)}
.b-one{fill:var(--one);background:var(--one)}
.b-miss{fill:#bdbdbd;background:#bdbdbd}
.b-quote{fill:var(--quote);background:var(--quote)}
.b-conf{fill:var(--conf);background:var(--conf)}
.b-loaded{fill:var(--loaded);background:var(--loaded)}
.numbers td{font-variant-numeric:tabular-nums}
.voices td.how{white-space:nowrap}
"""


LEGEND = """<ul class="legend" aria-label="Legend">
<li><span class="m m-all"><span class="c-all">reported by every outlet</span></span></li>
<li><span class="m m-some"><span class="c-some">by some outlets</span></span></li>
<li><span class="m m-one"><span class="c-one">by this outlet only</span></span></li>
<li><span class="m m-x"><span class="x">conflicts with another outlet</span></span></li>
<li><span class="q q-direct" data-who="speaker">direct</span>, <span class="q q-partial">partial</span>,
<span class="q q-indirect">indirect quote</span></li>
<li><span class="sq">scare quote</span></li>
<li><span class="ld">loaded word</span></li>
<li><span class="hd">hedge</span></li>
</ul>"""

# Okabe–Ito colours (colour-blind safe); each mark also has a cue that is not colour: a badge
# (ALL / SOME / ONE, ≠), an underline style, a dashed box, bold or italics.
CSS = """
:root{--all:#009E73;--some:#56B4E9;--one:#E69F00;--conf:#D55E00;--loaded:#CC79A7;--quote:#0072B2;
--hl:#F0E442;--ink:#1b1b1b;--muted:#575757;--line:#d6d6d6;color-scheme:light}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:#fff}
a{color:#005a8f}
.skip{position:absolute;left:-9999px;top:0}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem 1rem;z-index:9;outline:3px solid #000}
header.top,main>section,footer.bottom{max-width:84rem;margin:0 auto;padding:0 1rem}
header.top{padding-top:1.25rem}
h1{font-size:1.6rem;line-height:1.25;margin:.2rem 0 .4rem;overflow-wrap:anywhere}
h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
h3{font-size:1.05rem;margin:.2rem 0 .4rem}
.meta,.hint{color:var(--muted);font-size:.9rem;margin:.2rem 0}
.outlets{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}
.outlet{font-weight:700}
#summary{min-width:0}
#summary ol{padding-left:1.4rem;margin:.5rem 0}
#summary li{margin:.45rem 0;overflow-wrap:anywhere}
.chips{display:inline}
.chip{display:inline-block;max-width:100%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;
vertical-align:baseline;font-size:.75rem;line-height:1.5;padding:0 .55em;margin:0 .1em .1em;
border:1px solid var(--quote);border-radius:1em;color:#00466f;background:#eef6fb;text-decoration:none}
.chip:hover{background:#d4eaf7}
.missing{border-style:dashed;color:var(--muted)}
a:focus-visible,[tabindex]:focus-visible,.chip:focus-visible{outline:3px solid #000;outline-offset:2px}
#articles{max-width:none}
#articles>h2,#articles>.legend{max-width:82rem;margin-left:auto;margin-right:auto}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;font-size:.85rem;margin:.5rem 0 1rem}
.columns{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(20rem,1fr);gap:1rem;overflow-x:auto;
padding-bottom:.5rem}
.col{min-width:0;border:1px solid var(--line);border-radius:.4rem;padding:.75rem 1rem;background:#fff}
.col h3 .outlet{display:block;font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.col h3 .headline{display:block;font-size:1.1rem;line-height:1.3}
.body{white-space:pre-wrap;overflow-wrap:anywhere;font-family:Georgia,"Times New Roman",serif;font-size:1rem;
line-height:1.65;margin-top:.6rem}
.c-all{background:rgba(0,158,115,.17)}
.c-some{background:rgba(86,180,233,.25)}
.c-one{background:rgba(230,159,0,.20)}
.m{scroll-margin:4rem}
.m::before,.m-x::after,.q[data-who]::before{display:inline-block;font:700 .6rem/1.3 system-ui,sans-serif;
padding:0 .3em;border-radius:.3em;vertical-align:.3em;text-decoration:none;white-space:nowrap}
.m-all::before{content:"ALL";background:var(--all);color:#000;margin-right:.2em}
.m-some::before{content:"SOME";background:var(--some);color:#000;margin-right:.2em}
.m-one::before{content:"ONE";background:var(--one);color:#000;margin-right:.2em}
.m-x::after{content:"\\2260 conflict";background:var(--conf);color:#000;margin-left:.2em}
.x{border-bottom:3px double var(--conf)}
.q{text-decoration:underline 2px var(--quote);text-underline-offset:.22em}
.q-partial{text-decoration-style:dashed}
.q-indirect{text-decoration-style:dotted}
.q[data-who]::before{content:attr(data-who);background:var(--quote);color:#fff;margin-right:.25em}
.sq{background:rgba(213,94,0,.30);outline:1px dashed var(--conf);font-weight:700}
.ld{background:rgba(204,121,167,.38);font-weight:700}
.hd{font-style:italic}
a.sq,a.ld{color:inherit;padding:0 .15em}
:target,.hl{outline:3px solid #000;outline-offset:2px;background:var(--hl)!important}
:target span,.hl span{background:var(--hl)!important}
.conflicts{padding-left:1.2rem}
.conflicts li{margin:.35rem 0;overflow-wrap:anywhere}
.kind,.tag,.fid{display:inline-block;font-size:.72rem;font-weight:700;padding:0 .4em;border-radius:.3em;
border:1px solid var(--muted)}
.kind{background:#fbe3d4}
.tag{background:#fdf0d2;margin-left:.3em}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,24rem),1fr));gap:1rem}
.card{border:1px solid var(--line);border-radius:.4rem;padding:.75rem 1rem;min-width:0}
.scroll{overflow-x:auto}
table.voices{border-collapse:collapse;width:100%;font-size:.88rem}
.voices th,.voices td{text-align:left;vertical-align:top;padding:.25rem .4rem;border-bottom:1px solid #eee}
.voices thead th{font-size:.75rem;color:var(--muted)}
.voices .role{display:block;font-weight:400;color:var(--muted);font-size:.8rem}
.voices td.words{width:40%;white-space:nowrap}
.bar{display:inline-block;height:.75rem;min-width:2px;background:var(--quote);vertical-align:middle;max-width:80%}
.bar.only{background:var(--one);background-image:repeating-linear-gradient(45deg,transparent 0 3px,rgba(0,0,0,.25) 3px 5px)}
.n{margin-left:.35rem;font-variant-numeric:tabular-nums}
dl{margin:0}
dt{font-weight:700;font-size:.85rem;margin-top:.5rem}
dd{margin:0 0 0 .6rem;overflow-wrap:anywhere}
.split{display:inline-flex;width:8rem;max-width:100%;height:.7rem;vertical-align:middle;border:1px solid var(--muted)}
.split .s{background:var(--quote)}
.split .a{background:var(--one);background-image:repeating-linear-gradient(45deg,transparent 0 3px,rgba(0,0,0,.25) 3px 5px)}
.omissions{padding-left:1rem;margin:.3rem 0}
.omissions li{margin:.3rem 0}
footer.bottom{margin-top:2rem;padding-bottom:2rem;color:var(--muted);font-size:.85rem}
footer.bottom h2{font-size:1rem}
@media (max-width:800px){
.columns{grid-auto-flow:row;grid-auto-columns:auto;grid-template-columns:minmax(0,1fr);overflow-x:visible}
h1{font-size:1.35rem}
}
@media (prefers-reduced-motion:reduce){*{scroll-behavior:auto!important}}
"""

# A chip (or any `a.jump`) highlights its span and the pieces of it (`data-k`), scrolls it into
# view and moves the focus there; Space works on it like Enter. Without JavaScript `:target` does it.
JS = """
(function(){
var reduce=window.matchMedia&&window.matchMedia('(prefers-reduced-motion: reduce)').matches;
function go(id){
if(!/^[A-Za-z0-9_-]+$/.test(id))return false;
var el=document.getElementById(id);if(!el)return false;
document.querySelectorAll('.hl').forEach(function(x){x.classList.remove('hl');});
el.classList.add('hl');
document.querySelectorAll('[data-k~="'+id+'"]').forEach(function(x){x.classList.add('hl');});
el.scrollIntoView({behavior:reduce?'auto':'smooth',block:'center',inline:'nearest'});
el.focus({preventScroll:true});
try{history.replaceState(null,'','#'+id);}catch(e){}
return true;}
function link(e){return e.target&&e.target.closest?e.target.closest('a.jump'):null;}
document.addEventListener('click',function(e){var a=link(e);
if(a&&go(a.getAttribute('href').slice(1)))e.preventDefault();});
document.addEventListener('keydown',function(e){if(e.key!==' ')return;var a=link(e);
if(a){e.preventDefault();go(a.getAttribute('href').slice(1));}});
if(location.hash)go(location.hash.slice(1));
})();
"""
