"""What `annotate` finds in one article: sentences, entities, people, quotes and scare quotes, as spans."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newsprism.records.article import Article
from newsprism.records.base import Offset, Record

QuoteKind = Literal["direct", "partial", "indirect"]


@dataclass(frozen=True, slots=True)
class Sentence(Record):
    """A sentence of an article body: ``body[start:end]``."""

    start: Offset
    end: Offset


@dataclass(frozen=True, slots=True)
class Entity(Record):
    """A named entity of an article body (spaCy's label: PERSON, ORG, GPE, NORP …)."""

    text: str
    label: str
    start: Offset
    end: Offset


@dataclass(frozen=True, slots=True)
class Person(Record):
    """One person an article mentions, its mentions merged ("Antony Blinken" = "Blinken" = "he").

    `id` is unique within a story once `annotate.people.link_people` has run across its articles;
    `role` and `affiliation` are what the text says ("Kremlin spokesperson", "Kremlin").
    """

    id: str
    name: str
    role: str | None = None
    affiliation: str | None = None
    mentions: tuple[tuple[Offset, Offset], ...] = ()
    """(start, end) of each mention in the body."""


@dataclass(frozen=True, slots=True)
class Quote(Record):
    """What someone said, with its exact span in the article body.

    `start`/`end` cover the quoted words, or reported speech from its verb of saying, with the subject
    that stands plainly before it, to its sentence's stop ("Trump denied that he had been looking to
    replace Mattis."), as ``body[start:end] == text``; `content_start`/`content_end`
    cover what is reported alone ("he had been looking to replace Mattis"; PolNeAR's Content), the
    same as `start`/`end` for quoted words. `cue` is the verb of saying and `speaker` the person's full
    name as the text gives it (None when unknown).
    """

    article: str
    text: str
    start: Offset
    end: Offset
    kind: QuoteKind
    speaker: str | None
    speaker_id: str | None = None
    role: str | None = None
    cue: str | None = None
    cue_start: Offset | None = None
    speaker_start: Offset | None = None
    speaker_end: Offset | None = None
    content_start: Offset | None = None
    content_end: Offset | None = None

    @property
    def content(self) -> tuple[int, int]:
        """(start, end) of what is reported alone; older JSON without it reads as the whole span."""
        start = self.content_start if self.content_start is not None else self.start
        return start, self.content_end if self.content_end is not None else self.end


@dataclass(frozen=True, slots=True)
class ScareQuote(Record):
    """A term in quotation marks that nobody is quoted as saying ("invasion"): framing, not speech."""

    article: str
    text: str
    start: Offset
    end: Offset


@dataclass(frozen=True, slots=True)
class AnnotatedArticle(Record):
    """An article with its sentences, entities, noun phrases, people, quotes and scare quotes, and the
    propositions inside its sentences (`clauses`: clauses, relative clauses, appositions, titled names).
    Older JSON may lack any of the lists: it reads as empty."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    people: tuple[Person, ...] = ()
    quotes: tuple[Quote, ...] = ()
    scare_quotes: tuple[ScareQuote, ...] = ()
    noun_phrases: tuple[Sentence, ...] = ()
    """Base noun phrases ("the Hotel President Wilson"), as spans."""
    clauses: tuple[Sentence, ...] = ()
    """What a sentence states besides itself, as spans (`annotate.clauses`)."""
