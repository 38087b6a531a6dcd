"""An input as read (`RawDoc`), the clean article made of it (`Article` and its parts), and `Failed`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, PlainSerializer, computed_field, model_validator

from newsprism.records.base import Offset, Record, pairs

InputKind = Literal["text", "html"]


@dataclass(frozen=True, slots=True)
class RawDoc(Record):
    """One input document as read, before any cleaning.

    `content` is the decoded text (plain text or HTML); `encoding` says how the bytes were decoded.
    `source` is the path or URL as the user gave it, with a locator for records inside a container
    (``feed.jsonl#3``, ``crawl.warc.gz#https://…``).
    """

    id: str
    source: str
    content: str
    kind: InputKind
    url: str | None = None
    encoding: str | None = None
    hints: pairs(str, sort=True) = ()
    """Metadata the container already knows (a JSONL record's title, a feed item's date), sorted by key."""

    def hint(self, key: str) -> str | None:
        return dict(self.hints).get(key)


@dataclass(frozen=True, slots=True)
class Dateline(Record):
    """The dateline that opens a wire story: ``GENEVA, Jan 21 (Reuters) -``."""

    place: str
    date: str | None
    start: Offset
    end: Offset


@dataclass(frozen=True, slots=True)
class Credit(Record):
    """One name of a credits line: ``(Reporting by Simon Lewis; Editing by Michael Shields)``."""

    role: str
    name: str


@dataclass(frozen=True, slots=True)
class RemovedLine(Record):
    """A line taken out of the article text, and why (``furniture``, ``headline``, ``byline`` …)."""

    text: str
    kind: str


def _texts(lines: tuple[RemovedLine, ...]) -> list[str]:
    return [line.text for line in lines]


# what older JSON of an article may lack, and what it then means
_OPTIONAL = {"outlet": None, "headline": None, "published": None, "authors": (), "dateline": None, "language": None}


@dataclass(frozen=True, slots=True)
class Article(Record):
    """A clean article: body text without page furniture, and what the page says about itself.

    Every line of the input that is not in `body` is in `removed`, in input order, with its kind:
    nothing is lost. The raw input (`raw`) is not part of the article's JSON; `ArticleWithRaw`
    carries both.
    """

    id: str
    source: str
    url: str | None = field(default=None, kw_only=True)  # keyword-only: the third key of the JSON, as ever
    outlet: str | None
    headline: str | None
    published: str | None
    """ISO 8601: a date, or a date and time with its offset."""
    authors: tuple[str, ...]
    dateline: Dateline | None
    language: str | None
    body: str
    removed: Annotated[tuple[RemovedLine, ...], PlainSerializer(_texts, return_type=list[str])] = ()
    """The lines taken out of the input, in input order (their kinds in `removed_kinds`)."""
    credits: tuple[Credit, ...] = ()
    raw: Annotated[RawDoc | None, Field(exclude=True)] = field(default=None, compare=False)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def removed_kinds(self) -> list[str]:
        """Why each line of `removed` was taken out (furniture, headline, byline …)."""
        return [line.kind for line in self.removed]

    @model_validator(mode="before")
    @classmethod
    def _from_json(cls, data: Any) -> Any:
        # JSON gives `removed` as the texts and `removed_kinds` as their kinds ("furniture" in JSON
        # from before removed_kinds); older JSON may lack the optional keys
        if not isinstance(data, dict):
            return data
        data = {**_OPTIONAL, **data}
        kinds = data.pop("removed_kinds", None)
        texts = data.get("removed") or ()
        if texts and isinstance(texts[0], str):
            kinds = kinds or ["furniture"] * len(texts)
            data["removed"] = [{"text": t, "kind": k} for t, k in zip(texts, kinds, strict=True)]
        return data

    @property
    def highlights(self) -> tuple[str, ...]:
        return tuple(line.text for line in self.removed if line.kind == "highlight")

    def to_dict(self, *, with_raw: bool = False) -> dict[str, Any]:
        """The article's JSON form; `with_raw` adds its raw input as ``"raw"`` (`from_dict` reads it
        back), the form callers of the hand-written records used (`ArticleWithRaw` is the record)."""
        data = Record.to_dict(self)
        if with_raw and self.raw is not None:
            data["raw"] = self.raw.to_dict()
        return data


@dataclass(frozen=True, slots=True)
class ArticleWithRaw(Record):
    """An article with the raw input it was made of, as one JSON object: how an article travels
    whole between processes (`scale`'s Ray tasks), since `Article`'s own JSON leaves `raw` out."""

    article: Article
    raw: RawDoc | None

    @classmethod
    def of(cls, article: Article) -> ArticleWithRaw:
        """`article` with its `raw` beside it."""
        return cls(article, article.raw)

    def whole(self) -> Article:
        """The article with its raw input back in place."""
        return replace(self.article, raw=self.raw)


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
class Failed(Record):
    """An input that could not go through a stage; batches collect these and go on."""

    source: str
    stage: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
