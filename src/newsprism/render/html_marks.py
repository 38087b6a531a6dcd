"""An article body as HTML, marked up by intervals: the spans of a `Comparison` that colour its text.

A body is cut at every start and end of every span (fact members, conflicts, quotes, scare quotes,
loaded words, hedges) and each piece is wrapped in one `<span>` with the classes of all the spans
that cover it, so overlapping spans never break the nesting. Cited spans and fact members are also
wrapped whole (one element whose text is exactly the span) where they nest with each other; one that
crosses another keeps its id on its first piece and marks every piece with `data-k`, which is what
the report's script highlights. Every piece of text goes through `html.escape`.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from newsprism.records import Article, Comparison, Fact, Quote, Span

__all__ = ["COVERAGE_RANK", "article_marks", "body_html"]

# wider coverage wins where the members of two facts overlap
COVERAGE_RANK = {"all": 3, "some": 2, "one": 1}


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


def article_marks(
    comparison: Comparison,
    i: int,
    article: Article,
    quotes: Sequence[Quote],
    label: Mapping[str, str],
    describe_fact: Callable[[Fact], str],
) -> tuple[list[_Mark], list[_Anchor]]:
    """Every span of article `i` that colours its text, and the spans to wrap whole, best first.
    `label` names each article's outlet, `describe_fact` says who reports a fact (the marks' titles)."""
    aid = article.id
    marks: list[_Mark] = []
    anchors: dict[tuple[int, int], _Anchor] = {}

    def anchor(span: Span) -> _Anchor:
        key = (span.start, span.end)
        if key not in anchors:
            anchors[key] = _Anchor(span.start, span.end, f"a{i}-{span.start}-{span.end}")
        return anchors[key]

    for sentence in comparison.summary:
        for citation in sentence.citations:
            if citation.article == aid:
                anchor(citation).cited = True
    for fact in comparison.facts:
        described = describe_fact(fact)
        for k, member in enumerate(fact.members):
            if member.article != aid:
                continue
            title = described + (" (reported as someone's claim)" if k in fact.attributed else "")
            marks.append(_Mark(member.start, member.end, (f"c-{fact.coverage}",), title))
            wrapped = anchor(member)
            wrapped.facts.append(fact.id)
            if wrapped.coverage is None or COVERAGE_RANK[fact.coverage] > COVERAGE_RANK[wrapped.coverage]:
                wrapped.coverage = fact.coverage
    for conflict in comparison.conflicts:
        for member in conflict.members:
            if member.article != aid:
                continue
            others = sorted({label.get(m.article, m.article) for m in conflict.members if m.article != aid})
            title = f"conflict ({conflict.kind}) with {', '.join(others)}: {conflict.what}"
            marks.append(_Mark(member.start, member.end, ("x",), title))
            anchor(member).conflict = True
    for quote in quotes:
        who = quote.speaker or "unattributed"
        role = f", {quote.role}" if quote.role else ""
        cue = f" · {quote.cue}" if quote.cue else ""
        title = f"{quote.kind} quote: {who}{role}{cue}"
        marks.append(_Mark(quote.start, quote.end, ("q", f"q-{quote.kind}"), title, who=who))
    for frame in comparison.framing:
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


def body_html(body: str, marks: Sequence[_Mark], candidates: Sequence[_Anchor]) -> str:
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
