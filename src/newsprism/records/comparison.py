"""What `compare` says about one story, every outlet: facts, conflicts, voices, framing, a summary.

`Comparison`'s JSON form is public and versioned (``"schema": "newsprism.comparison/1"``); its JSON
Schema, `comparison_schema()`, is generated from these records and published as
``data/comparison.schema.json`` (a test holds the file to what the records generate).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import Field

from newsprism.records.article import Article
from newsprism.records.base import Count, Offset, Record, adapter, pairs

Coverage = Literal["all", "some", "one"]
COMPARISON_SCHEMA = "newsprism.comparison/1"
# The note a Comparison carries when no loaded-word lexicon was given; renderers look for it.
LEXICONS_UNCHECKED = "loaded words not checked: no lexicon configured (settings `lexicons`)"
# how often an attribution verb is used: the verbs an article uses, most used first, as compare writes them
VerbCounts = pairs(Annotated[int, Field(ge=1)])


@dataclass(frozen=True, slots=True)
class Span(Record):
    """Characters ``body[start:end]`` of one article of a story, with their text."""

    article: str
    start: Offset
    end: Offset
    text: str


@dataclass(frozen=True, slots=True)
class Fact(Record):
    """Sentences or clauses from different articles that state the same thing.

    `coverage` is ``all`` when every article of the story carries it, ``one`` when one does, else
    ``some``; `articles` are their ids in story order. A fact with `detail_of` is a detail that one
    outlet alone gives inside a shared fact ("in the Hotel President Wilson", "to annex the Crimean
    peninsula"): names, places, dates and numbers no other outlet of the story mentions.
    """

    id: str
    coverage: Coverage
    articles: Annotated[tuple[str, ...], Field(min_length=1)]
    members: Annotated[tuple[Span, ...], Field(min_length=1)]
    attributed: tuple[Offset, ...] = ()
    """Indices of the members that report the fact as someone's claim rather than state it."""
    detail_of: str | None = None
    """The id of the shared fact this detail adds to, when only one outlet gives it."""


@dataclass(frozen=True, slots=True)
class Conflict(Record):
    """Aligned claims that disagree; `what` says it in words: ``"tens of thousands" vs "100,000"``."""

    fact: str
    kind: str
    """What differs: number, weekday, month, year, antonym, negation, attribution, or the entailment model's label."""
    what: str
    members: Annotated[tuple[Span, ...], Field(min_length=2)]


@dataclass(frozen=True, slots=True)
class Voice(Record):
    """One person (or body) quoted by one article: how often, how, and at what length."""

    article: str
    speaker: str
    speaker_id: str | None
    role: str | None
    affiliation: str | None
    direct: Count
    partial: Count
    indirect: Count
    words: Count
    only_here: bool
    """No other article of the story quotes this speaker."""


@dataclass(frozen=True, slots=True)
class Term(Record):
    """A word or phrase of an article marked for framing; `kind` says which list or rule found it."""

    text: str
    start: Offset
    end: Offset
    kind: str


@dataclass(frozen=True, slots=True)
class Framing(Record):
    """How one article tells the story: scare quotes, loaded words, hedges, the verbs it attributes
    with, how much it states as fact, and the shared facts it leaves out (`omissions`)."""

    article: str
    scare_quotes: tuple[Term, ...]
    loaded: tuple[Term, ...]
    hedges: tuple[Term, ...]
    attribution_verbs: VerbCounts
    """Each verb it attributes claims with and how often, most used first."""
    stated: Count
    attributed: Count
    omissions: tuple[str, ...]
    """The ids of the facts the other articles share and this one leaves out."""


@dataclass(frozen=True, slots=True)
class SummarySentence(Record):
    """One sentence of the neutral summary and the spans that support it; `fact` is the fact it tells."""

    text: str
    citations: Annotated[tuple[Span, ...], Field(min_length=1)]
    fact: str | None = None


@dataclass(frozen=True, slots=True)
class Comparison(Record):
    """Everything newsprism says about one story: its articles, facts by coverage, conflicts,
    voices, framing per article and a neutral summary. Every span is ``body[start:end]`` of the
    article whose id it names. `notes` says what was not available (an entailment model, a lexicon)
    so that a reader knows what the result rests on."""

    schema: Literal["newsprism.comparison/1"] = field(default=COMPARISON_SCHEMA, kw_only=True)  # the first key
    articles: tuple[Article, ...]
    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]
    voices: tuple[Voice, ...]
    framing: tuple[Framing, ...]
    summary: tuple[SummarySentence, ...]
    notes: tuple[str, ...] = ()

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


def comparison_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a `Comparison`'s JSON, generated from the records: what
    ``data/comparison.schema.json`` publishes (``python -m newsprism.records --write-schema``)."""
    generated = adapter(Comparison).json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://newsprism.invalid/schema/comparison-1.json",
        **generated,
        "title": "newsprism Comparison, version 1",
    }
