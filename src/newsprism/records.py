"""Every typed record of the pipeline, in one place.

Records are frozen, slotted dataclasses with tuples instead of lists, so a stage can never change
what an earlier stage produced; `dataclasses.replace` makes a changed copy. Each record has
`to_dict` / `from_dict` for a JSON round-trip. Spans carry character offsets into the text they
came from, so nothing downstream has to search the text again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

InputKind = Literal["text", "html"]


class AsDict:
    """A record whose JSON form is its fields, as `dataclasses.asdict` gives them."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One input document as read, before any cleaning.

    `content` is the decoded text (plain text or HTML); `encoding` says how the bytes were decoded.
    `source` is the path or URL as the user gave it, with a locator for records inside a container
    (``feed.jsonl#3``, ``crawl.warc.gz#https://…``). `hints` carries metadata the container already
    knows (a JSONL record's title, a feed item's date), as sorted ``(key, value)`` pairs.
    """

    id: str
    source: str
    content: str
    kind: InputKind
    url: str | None = None
    encoding: str | None = None
    hints: tuple[tuple[str, str], ...] = ()

    def hint(self, key: str) -> str | None:
        return dict(self.hints).get(key)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["hints"] = dict(self.hints)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RawDoc:
        return cls(**{**data, "hints": tuple(sorted(data.get("hints", {}).items()))})


@dataclass(frozen=True, slots=True)
class Dateline(AsDict):
    """The dateline that opens a wire story: ``GENEVA, Jan 21 (Reuters) -``."""

    place: str
    date: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Credit(AsDict):
    """One name of a credits line: ``(Reporting by Simon Lewis; Editing by Michael Shields)``."""

    role: str
    name: str


@dataclass(frozen=True, slots=True)
class RemovedLine(AsDict):
    """A line taken out of the article text, and why (``furniture``, ``headline``, ``byline`` …)."""

    text: str
    kind: str


@dataclass(frozen=True, slots=True)
class Article:
    """A clean article: body text without page furniture, and what the page says about itself.

    Every line of the input that is not in `body` is in `removed`, in input order, with its kind:
    nothing is lost. `published` is ISO 8601 (a date, or a date and time with its offset) or None.
    """

    id: str
    source: str
    outlet: str | None
    headline: str | None
    published: str | None
    authors: tuple[str, ...]
    dateline: Dateline | None
    language: str | None
    body: str
    removed: tuple[RemovedLine, ...] = ()
    credits: tuple[Credit, ...] = ()
    url: str | None = None
    raw: RawDoc | None = field(default=None, compare=False)

    @property
    def highlights(self) -> tuple[str, ...]:
        return tuple(line.text for line in self.removed if line.kind == "highlight")

    def to_dict(self, *, with_raw: bool = False) -> dict[str, Any]:
        data = {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "headline": self.headline,
            "published": self.published,
            "authors": list(self.authors),
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "language": self.language,
            "body": self.body,
            "removed": [line.text for line in self.removed],
            "removed_kinds": [line.kind for line in self.removed],
            "credits": [credit.to_dict() for credit in self.credits],
        }
        if with_raw and self.raw is not None:
            data["raw"] = self.raw.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        kinds = data.get("removed_kinds") or ["furniture"] * len(data.get("removed", ()))
        return cls(
            id=data["id"],
            source=data["source"],
            url=data.get("url"),
            outlet=data.get("outlet"),
            headline=data.get("headline"),
            published=data.get("published"),
            authors=tuple(data.get("authors", ())),
            dateline=Dateline(**data["dateline"]) if data.get("dateline") else None,
            language=data.get("language"),
            body=data["body"],
            removed=tuple(RemovedLine(t, k) for t, k in zip(data.get("removed", ()), kinds, strict=True)),
            credits=tuple(Credit(**c) for c in data.get("credits", ())),
            raw=RawDoc.from_dict(data["raw"]) if data.get("raw") else None,
        )


def published_utc(published: str | None) -> datetime | None:
    """An article's `published` (ISO 8601) as a naive UTC datetime, for ordering and time gaps: a
    date alone is its midnight, a time without an offset is taken as UTC; None when it does not parse."""
    if not published:
        return None
    try:
        value = datetime.fromisoformat(published)
    except ValueError:
        return None
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


@dataclass(frozen=True, slots=True)
class Failed(AsDict):
    """An input that could not go through a stage; batches collect these and go on."""

    source: str
    stage: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


QuoteKind = Literal["direct", "partial", "indirect"]


@dataclass(frozen=True, slots=True)
class Sentence(AsDict):
    """A sentence of an article body: ``body[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity(AsDict):
    """A named entity of an article body (spaCy's label: PERSON, ORG, GPE, NORP …)."""

    text: str
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Person:
    """One person an article mentions, its mentions merged ("Antony Blinken" = "Blinken" = "he").

    `id` is unique within a story once `annotate.speakers.link_people` has run across its articles;
    `role` and `affiliation` are what the text says ("Kremlin spokesperson", "Kremlin").
    """

    id: str
    name: str
    role: str | None = None
    affiliation: str | None = None
    mentions: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["mentions"] = [list(m) for m in self.mentions]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Person:
        return cls(**{**data, "mentions": tuple(tuple(m) for m in data.get("mentions", ()))})


@dataclass(frozen=True, slots=True)
class Quote(AsDict):
    """What someone said, with its exact span in the article body.

    `start`/`end` cover the quoted or reported content (``body[start:end] == text``); `cue` is the
    verb of saying and `speaker` the person's full name as the text gives it (None when unknown).
    """

    article: str
    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: str | None
    speaker_id: str | None = None
    role: str | None = None
    cue: str | None = None
    cue_start: int | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(frozen=True, slots=True)
class ScareQuote(AsDict):
    """A term in quotation marks that nobody is quoted as saying ("invasion"): framing, not speech."""

    article: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    """An article with its sentences, entities, noun phrases, people, quotes and scare quotes, and the
    propositions inside its sentences (`clauses`: clauses, relative clauses, appositions, titled names)."""

    article: Article
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    people: tuple[Person, ...]
    quotes: tuple[Quote, ...]
    scare_quotes: tuple[ScareQuote, ...]
    noun_phrases: tuple[Sentence, ...] = ()  # base noun phrases ("the Hotel President Wilson"), as spans
    clauses: tuple[Sentence, ...] = ()  # what a sentence states besides itself, as spans (`annotate.clauses`)

    def to_dict(self) -> dict[str, Any]:
        spans = {name: [s.to_dict() for s in getattr(self, name)] for name in _ANNOTATIONS}
        return {"article": self.article.to_dict(), **spans}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AnnotatedArticle:
        spans = {name: tuple(kind.from_dict(s) for s in data.get(name, ())) for name, kind in _ANNOTATIONS.items()}
        return cls(article=Article.from_dict(data["article"]), **spans)


_ANNOTATIONS: dict[str, Any] = {
    "sentences": Sentence,
    "entities": Entity,
    "people": Person,
    "quotes": Quote,
    "scare_quotes": ScareQuote,
    "noun_phrases": Sentence,
    "clauses": Sentence,
}


# compare: one story, every outlet ------------------------------------------------------------------

Coverage = Literal["all", "some", "one"]
COMPARISON_SCHEMA = "newsprism.comparison/1"
# The note a Comparison carries when no loaded-word lexicon was given; renderers look for it.
LEXICONS_UNCHECKED = "loaded words not checked: no lexicon configured (settings `lexicons`)"


@dataclass(frozen=True, slots=True)
class Span(AsDict):
    """Characters ``body[start:end]`` of one article of a story, with their text."""

    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fact:
    """Sentences or clauses from different articles that state the same thing.

    `coverage` is ``all`` when every article of the story carries it, ``one`` when one does, else
    ``some``; `articles` are their ids in story order; `attributed` lists the members that report
    it as someone's claim rather than state it. A fact with `detail_of` is a detail that one
    outlet alone gives inside a shared fact ("in the Hotel President Wilson", "to annex the Crimean
    peninsula"): names, places, dates and numbers no other outlet of the story mentions.
    """

    id: str
    coverage: Coverage
    articles: tuple[str, ...]
    members: tuple[Span, ...]
    attributed: tuple[int, ...] = ()
    detail_of: str | None = None  # a detail only one outlet gives of the shared fact with this id

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "coverage": self.coverage,
            "articles": list(self.articles),
            "members": [m.to_dict() for m in self.members],
            "attributed": list(self.attributed),
            "detail_of": self.detail_of,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        return cls(
            id=data["id"],
            coverage=data["coverage"],
            articles=tuple(data["articles"]),
            members=tuple(Span(**m) for m in data["members"]),
            attributed=tuple(data.get("attributed", ())),
            detail_of=data.get("detail_of"),
        )


@dataclass(frozen=True, slots=True)
class Conflict:
    """Aligned claims that disagree; `kind` is what differs (number, date, name, negation,
    attribution) and `what` says it in words: ``"tens of thousands" vs "100,000"``."""

    fact: str
    kind: str
    what: str
    members: tuple[Span, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "kind": self.kind, "what": self.what, "members": [m.to_dict() for m in self.members]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conflict:
        return cls(data["fact"], data["kind"], data["what"], tuple(Span(**m) for m in data["members"]))


@dataclass(frozen=True, slots=True)
class Voice(AsDict):
    """One person (or body) quoted by one article: how often, how, and at what length."""

    article: str
    speaker: str
    speaker_id: str | None
    role: str | None
    affiliation: str | None
    direct: int
    partial: int
    indirect: int
    words: int
    only_here: bool  # no other article of the story quotes this speaker


@dataclass(frozen=True, slots=True)
class Term(AsDict):
    """A word or phrase of an article marked for framing; `kind` says which list or rule found it."""

    text: str
    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Framing:
    """How one article tells the story: scare quotes, loaded words, hedges, the verbs it attributes
    with, how much it states as fact, and the shared facts it leaves out (`omissions`, fact ids)."""

    article: str
    scare_quotes: tuple[Term, ...]
    loaded: tuple[Term, ...]
    hedges: tuple[Term, ...]
    attribution_verbs: tuple[tuple[str, int], ...]
    stated: int
    attributed: int
    omissions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "scare_quotes": [t.to_dict() for t in self.scare_quotes],
            "loaded": [t.to_dict() for t in self.loaded],
            "hedges": [t.to_dict() for t in self.hedges],
            "attribution_verbs": dict(self.attribution_verbs),
            "stated": self.stated,
            "attributed": self.attributed,
            "omissions": list(self.omissions),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Framing:
        return cls(
            article=data["article"],
            scare_quotes=tuple(Term(**t) for t in data["scare_quotes"]),
            loaded=tuple(Term(**t) for t in data["loaded"]),
            hedges=tuple(Term(**t) for t in data["hedges"]),
            attribution_verbs=tuple(data["attribution_verbs"].items()),
            stated=data["stated"],
            attributed=data["attributed"],
            omissions=tuple(data["omissions"]),
        )


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One sentence of the neutral summary and the spans that support it; `fact` is the fact it tells."""

    text: str
    citations: tuple[Span, ...]
    fact: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": [c.to_dict() for c in self.citations], "fact": self.fact}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SummarySentence:
        return cls(data["text"], tuple(Span(**c) for c in data["citations"]), data.get("fact"))


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything newsprism says about one story: its articles, facts by coverage, conflicts,
    voices, framing per article and a neutral summary. `notes` says what was not available
    (an entailment model, a lexicon) so that a reader knows what the result rests on."""

    articles: tuple[Article, ...]
    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]
    voices: tuple[Voice, ...]
    framing: tuple[Framing, ...]
    summary: tuple[SummarySentence, ...]
    notes: tuple[str, ...] = ()
    schema: str = COMPARISON_SCHEMA

    def outlet_names(self) -> dict[str, str]:
        """Article id → the name a reader knows it by: its outlet, else its source, numbered in article
        order where one outlet has several articles ("The Hill (1)", "The Hill (2)")."""
        names = [article.outlet or article.source for article in self.articles]
        seen = dict.fromkeys(names, 0)
        labels = {}
        for article, name in zip(self.articles, names, strict=True):
            seen[name] += 1
            labels[article.id] = name if names.count(name) == 1 else f"{name} ({seen[name]})"
        return labels

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "articles": [a.to_dict() for a in self.articles],
            "facts": [f.to_dict() for f in self.facts],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "voices": [v.to_dict() for v in self.voices],
            "framing": [f.to_dict() for f in self.framing],
            "summary": [s.to_dict() for s in self.summary],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Comparison:
        return cls(
            articles=tuple(Article.from_dict(a) for a in data["articles"]),
            facts=tuple(Fact.from_dict(f) for f in data["facts"]),
            conflicts=tuple(Conflict.from_dict(c) for c in data["conflicts"]),
            voices=tuple(Voice(**v) for v in data["voices"]),
            framing=tuple(Framing.from_dict(f) for f in data["framing"]),
            summary=tuple(SummarySentence.from_dict(s) for s in data["summary"]),
            notes=tuple(data.get("notes", ())),
            schema=data.get("schema", COMPARISON_SCHEMA),
        )
