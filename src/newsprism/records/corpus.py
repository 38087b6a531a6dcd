"""The records of a corpus: what the store keeps and gives back, the outlet profiles over its stories,
and the pages the web API answers with (`Page`, `ArticleBrief`, `StoryCoverage`, `IngestReport` …)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, Self, TypeVar

from pydantic import Field, SerializerFunctionWrapHandler, computed_field, model_serializer, model_validator

from newsprism.records.article import Article, Failed
from newsprism.records.base import Count, Record, pairs
from newsprism.records.comparison import VerbCounts

T = TypeVar("T")

# the store ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IngestCounts(Record):
    """What one `Store.ingest` did: articles `new` to the store, `duplicates` of stored ones (same
    content hash, from this run or an earlier one), and inputs that `failed`; `added` holds the ids
    of the new articles (not compared, and not in the JSON: counts are equal when the numbers are)."""

    new: Count = 0
    duplicates: Count = 0
    failed: Count = 0
    added: Annotated[tuple[str, ...], Field(exclude=True)] = field(default=(), compare=False, repr=False)

    def __add__(self, other: IngestCounts) -> IngestCounts:
        return IngestCounts(
            self.new + other.new,
            self.duplicates + other.duplicates,
            self.failed + other.failed,
            self.added + other.added,
        )

    def __str__(self) -> str:
        return f"{self.new} new, {self.duplicates} duplicate{'s' * (self.duplicates != 1)}, {self.failed} failed"


@dataclass(frozen=True, slots=True)
class StoredArticle(Record):
    """An article as stored: `article.id` is the content hash, `source_id` the id it came with. Its
    JSON is the article's, with `source_id` and `ingested_at` beside its keys."""

    article: Article
    source_id: str
    ingested_at: str

    @model_serializer(mode="wrap")
    def _flat(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = handler(self)
        return {**data.pop("article"), **data}

    @model_validator(mode="before")
    @classmethod
    def _nest(cls, data: Any) -> Any:
        if isinstance(data, dict) and "article" not in data:
            article = {k: v for k, v in data.items() if k not in ("source_id", "ingested_at")}
            return {"article": article, "source_id": data.get("source_id"), "ingested_at": data.get("ingested_at")}
        return data


@dataclass(frozen=True, slots=True)
class FeedState(Record):
    """A followed feed: the validators of its last answer (for a conditional request next time), when
    it was last polled and how that went."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    polled_at: str | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class StoredStory(Record):
    """A story as stored: its article ids and what the store derived from them: the earliest
    article's headline, the first and last publication dates as the articles give them, the size
    and the outlets (sorted)."""

    id: str
    headline: str | None
    first_published: str | None
    last_published: str | None
    size: Count
    outlets: tuple[str, ...]
    articles: tuple[str, ...]
    """Article ids (content hashes), earliest first."""
    updated_at: str


# outlet profiles (corpus.outlets) ------------------------------------------------------------------


def _without(*computed: str) -> Any:
    """A before-validator that drops the `computed` keys a record writes and derives again."""

    def drop(cls: type, data: Any) -> Any:
        return {k: v for k, v in data.items() if k not in computed} if isinstance(data, dict) else data

    return model_validator(mode="before")(classmethod(drop))


class QuoteCounts:
    """Quotes by kind, in a record's own `direct`, `partial` and `indirect` fields (in its field order),
    and `quotes`, their sum, which its JSON carries after the fields and reading derives again."""

    __slots__ = ()
    direct: int
    partial: int
    indirect: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def quotes(self) -> int:
        """Direct, partial and indirect quotes together."""
        return self.direct + self.partial + self.indirect

    _drop_quotes = _without("quotes")


@dataclass(frozen=True, slots=True)
class SpeakerCount(QuoteCounts, Record):
    """One person (or body) an outlet quotes: in how many stories, how often and how, at what length."""

    speaker: str
    role: str | None
    stories: Count
    direct: Count
    partial: Count
    indirect: Count
    words: Count


@dataclass(frozen=True, slots=True)
class OutletProfile(QuoteCounts, Record):
    """One outlet over all the stories of a corpus; `corpus.outlets` defines each number."""

    outlet: str
    stories: Count
    missed: Count
    compared: Count
    articles: Count
    words: Count
    exclusives: Count
    exclusive_details: Count
    omissions: Count
    speakers: tuple[SpeakerCount, ...]
    direct: Count
    partial: Count
    indirect: Count
    scare_quotes: Count
    loaded: Count | None
    """None when no comparison had a lexicon to check loaded words against."""
    hedges: Count
    attribution_verbs: VerbCounts
    """Most used first."""
    stated: Count
    attributed: Count

    @computed_field  # type: ignore[prop-decorator]
    @property
    def direct_share(self) -> float | None:
        """The share of its quotes in the speaker's own words (direct and partial); None without quotes."""
        return (self.direct + self.partial) / self.quotes if self.quotes else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def stated_share(self) -> float | None:
        """The share of its claims it states as fact rather than attributes; None without claims."""
        total = self.stated + self.attributed
        return self.stated / total if total else None

    _drop_computed = _without("direct_share", "stated_share")


# the pages of the web API ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page(Record, Generic[T]):
    """One page of a list: `items` after the first `offset`, at most `limit`, of `total` that match.
    Parametrise it (``Page[ArticleBrief]``) to write or describe it: plain `Page.to_dict` infers
    the items' shapes."""

    total: Count
    limit: Count
    offset: Count
    items: tuple[T, ...]


@dataclass(frozen=True, slots=True)
class ArticleBrief(Record):
    """An article in a list: where it is from and what it is called, without its text."""

    id: str
    outlet: str | None
    headline: str | None
    published: str | None
    url: str | None
    source: str

    @classmethod
    def of(cls, article: Article) -> ArticleBrief:
        return cls(article.id, article.outlet, article.headline, article.published, article.url, article.source)


@dataclass(frozen=True, slots=True)
class StoryCoverage(StoredStory):
    """A stored story with how many of its articles each outlet published."""

    coverage: pairs(Count)
    """Articles per outlet, outlets by name ("" for articles without one)."""

    @classmethod
    def of(cls, story: StoredStory, coverage: dict[str, int], **more: Any) -> Self:
        """`story` with its `coverage` (and the `more` fields of a record that adds some)."""
        stored = {name: getattr(story, name) for name in StoredStory.__dataclass_fields__}
        return cls(**stored, coverage=tuple(coverage.items()), **more)


@dataclass(frozen=True, slots=True)
class StoryDetail(StoryCoverage):
    """A stored story with its coverage and its articles (near-duplicates of another one left out)."""

    article_briefs: tuple[ArticleBrief, ...]


@dataclass(frozen=True, slots=True)
class IngestReport(IngestCounts):
    """What reading articles into the store did: the counts, the stories that changed, and each input
    that failed."""

    stories_changed: Count = 0
    failures: tuple[Failed, ...] = ()


@dataclass(frozen=True, slots=True)
class OutletList(Record):
    """Every outlet's profile, over the multi-outlet stories compared so far."""

    compared: Count
    """Multi-outlet stories with a comparison (the counts past `missed` come from these)."""
    multi_outlet_stories: Count
    items: tuple[OutletProfile, ...]
