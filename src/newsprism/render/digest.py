"""A story at a glance: per outlet, what all report, what only it reports, whom it quotes, where it conflicts.

    from newsprism.render.digest import digest

    for outlet in digest(comparison).outlets:
        print(outlet.label, outlet.shared, [item.text for item in outlet.exclusives])

A pure function of a `Comparison`, shared by the HTML report and the web app's story page, which
show it above the articles side by side. Every item carries the element id of its passage in the
article columns (`anchor_id`: ``a0-27-198`` is article 0, characters 27 to 198), so the digest links
into the texts below; `target` is None where a span lies outside its article's body.

Which exclusives are the strongest: a fact only one outlet reports is ranked by the specifics it
carries, the names, places, dates and numbers a reader could check (a run of capitalised words is
one name, "Deputy Foreign Minister Sergei Ryabkov"; any word with a digit is one more), then by
where it stands in the article (news puts what matters first). Direct quotes are left out of that
list, since the quotes line already names who is quoted; details one outlet alone adds inside a
shared fact ("the Hotel President Wilson") are listed apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsprism.records import Comparison, Fact, Span, Voice, published_utc
from newsprism.render.assets import clip

__all__ = ["Digest", "Item", "OutletConflict", "OutletDigest", "Speaker", "Stamp", "anchor_id", "digest", "specifics"]

TOP_EXCLUSIVES = 3  # exclusive facts shown per outlet; the rest are counted
TOP_DETAILS = 4
TOP_SPEAKERS = 5
TOP_CONFLICTS = 3
CLIP = 140  # characters of a fact shown in the digest; the whole passage is a click away

QUOTE_MARKS = "\"'“‘«„"
NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'’.-]*)*")
NUMBER = re.compile(r"\b\w*\d[\w,.]*")


@dataclass(frozen=True, slots=True)
class Item:
    """A passage named in the digest: its text (clipped) and the id of its element in the page."""

    text: str
    target: str | None


@dataclass(frozen=True, slots=True)
class Speaker:
    """Someone an outlet quotes: how many words, and whether no other outlet of the story quotes them."""

    name: str
    role: str | None
    words: int
    only_here: bool


@dataclass(frozen=True, slots=True)
class OutletConflict:
    """A conflict of this outlet with others: its kind, what differs, its passage here, the others."""

    kind: str
    what: str
    item: Item
    others: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OutletDigest:
    """One article of the story (its outlet) at a glance; counts are facts, not sentences."""

    article: str
    label: str
    index: int
    shared: int
    """Facts every article of the story reports."""
    shared_first: Item | None
    some: int
    """Facts it shares with some, not all, of the others (stories of three articles or more)."""
    exclusive_count: int
    exclusives: tuple[Item, ...]
    """The strongest few facts only it reports (see the module's docstring)."""
    details: tuple[Item, ...]
    detail_count: int
    speakers: tuple[Speaker, ...]
    speaker_count: int
    conflicts: tuple[OutletConflict, ...]
    conflict_count: int
    omissions: int
    """Facts the others share that it leaves out."""


@dataclass(frozen=True, slots=True)
class Stamp:
    """When one article was published: its label, the ISO text, and where it sits on the story's timeline
    (0 the first, 100 the last, in percent; None when undated or unreadable)."""

    label: str
    index: int
    published: str | None
    position: float | None


@dataclass(frozen=True, slots=True)
class Digest:
    """The digest of a story: one `OutletDigest` per article in story order, and the timeline."""

    outlets: tuple[OutletDigest, ...]
    shared: int
    timeline: tuple[Stamp, ...]


def anchor_id(index: int, span: Span) -> str:
    """The element id of `span` of article number `index` in the report's columns (`html_marks`)."""
    return f"a{index}-{span.start}-{span.end}"


def specifics(text: str) -> int:
    """How many names, places, dates and numbers `text` carries: runs of capitalised words (not the
    one that opens the text) and words with a digit, each counted once."""
    words = text.lstrip(QUOTE_MARKS + " ")
    head = re.match(r"[\w'’.-]+\s*", words)
    rest = words[head.end() :] if head else words
    names = {m.group(0) for m in NAME.finditer(rest)}
    numbers = {m.group(0) for m in NUMBER.finditer(words)}
    return len(names | numbers)


def digest(comparison: Comparison) -> Digest:
    """The digest of `comparison`: per article, its shared facts, strongest exclusives, details, whom
    it quotes and its conflicts, each item pointing at its passage. Never raises on a well-formed
    comparison; spans outside their article's body get no target."""
    labels = comparison.outlet_names()
    index = {a.id: i for i, a in enumerate(comparison.articles)}
    bodies = {a.id: len(a.body) for a in comparison.articles}
    many = len(comparison.articles) > 2

    def item(span: Span) -> Item:
        i = index.get(span.article)
        inside = i is not None and 0 <= span.start < span.end <= bodies[span.article]
        return Item(clip(" ".join(span.text.split()), CLIP), anchor_id(i, span) if inside else None)

    main = [f for f in comparison.facts if f.detail_of is None]
    shared = [f for f in main if f.coverage == "all"]
    frames = {f.article: f for f in comparison.framing}
    outlets = []
    for i, article in enumerate(comparison.articles):
        aid = article.id
        mine = _members(main, aid)
        first_shared = next((span for fact, span in mine if fact.coverage == "all"), None)
        own = [(fact, span) for fact, span in mine if fact.coverage == "one" and fact.articles == (aid,)]
        strongest = sorted(
            ((f, s) for f, s in own if not s.text.lstrip().startswith(tuple(QUOTE_MARKS))),
            key=lambda pair: (-specifics(pair[1].text), pair[1].start),
        )
        details = [s for f, s in _members(comparison.facts, aid) if f.detail_of is not None and f.articles == (aid,)]
        voices = _speakers([v for v in comparison.voices if v.article == aid])
        conflicts = [
            OutletConflict(
                c.kind,
                c.what,
                item(next(m for m in c.members if m.article == aid)),
                tuple(dict.fromkeys(labels.get(m.article, m.article) for m in c.members if m.article != aid)),
            )
            for c in comparison.conflicts
            if any(m.article == aid for m in c.members)
        ]
        frame = frames.get(aid)
        outlets.append(
            OutletDigest(
                article=aid,
                label=labels[aid],
                index=i,
                shared=sum(1 for f in shared if aid in f.articles),
                shared_first=item(first_shared) if first_shared else None,
                some=sum(1 for f, _ in mine if f.coverage == "some") if many else 0,
                exclusive_count=len(own),
                exclusives=tuple(item(s) for _, s in strongest[:TOP_EXCLUSIVES]),
                details=tuple(item(s) for s in sorted(details, key=lambda s: s.start)[:TOP_DETAILS]),
                detail_count=len(details),
                speakers=tuple(voices[:TOP_SPEAKERS]),
                speaker_count=len(voices),
                conflicts=tuple(conflicts[:TOP_CONFLICTS]),
                conflict_count=len(conflicts),
                omissions=len(frame.omissions) if frame else 0,
            )
        )
    return Digest(tuple(outlets), len(shared), _timeline(comparison, labels))


def _members(facts: Sequence[Fact], article: str) -> list[tuple[Fact, Span]]:
    """Each fact with a member in `article`, with its first such member, in the article's order."""
    found = []
    for fact in facts:
        span = next((m for m in fact.members if m.article == article), None)
        if span is not None:
            found.append((fact, span))
    return sorted(found, key=lambda pair: pair[1].start)


def _speakers(voices: Sequence[Voice]) -> list[Speaker]:
    """People first (a resolved person, or a role), by words quoted; then bodies and places."""
    ranked = sorted(voices, key=lambda v: (not _person(v), -v.words, v.speaker))
    return [Speaker(v.speaker, v.role, v.words, v.only_here) for v in ranked]


def _person(voice: Voice) -> bool:
    return bool(voice.speaker_id and voice.speaker_id.startswith("person:")) or bool(voice.role)


def _timeline(comparison: Comparison, labels: dict[str, str]) -> tuple[Stamp, ...]:
    moments = {a.id: published_utc(a.published) for a in comparison.articles}
    known = [m for m in moments.values() if m is not None]
    first, last = (min(known), max(known)) if known else (None, None)
    spread = (last - first).total_seconds() if first and last else 0.0
    stamps = []
    for i, article in enumerate(comparison.articles):
        moment = moments[article.id]
        position = None
        if moment is not None and first is not None:
            position = round(100 * (moment - first).total_seconds() / spread, 1) if spread else 0.0
        stamps.append(Stamp(labels[article.id], i, article.published, position))
    return tuple(sorted(stamps, key=lambda s: (s.position is None, s.position or 0.0, s.index)))
