"""Every typed record of newsprism, in one place.

Records are frozen, slotted dataclasses with tuples instead of lists, so a stage can never change
what an earlier stage produced; `dataclasses.replace` makes a changed copy. Spans carry character
offsets into the text they came from, so nothing downstream has to search the text again.

Each record's shape is written once, in its definition: pydantic generates its JSON form
(`to_dict` / `from_dict`, `to_json` / `from_json`, from `records.base.Record`), the web API's
models and the published JSON Schema of a `Comparison` (`comparison_schema`) from it.

    article         RawDoc, Article (Dateline, Credit, RemovedLine), ArticleWithRaw, Failed
    annotation      AnnotatedArticle: Sentence, Entity, Person, Quote, ScareQuote
    comparison      Comparison: Span, Fact, Conflict, Voice, Term, Framing, SummarySentence
    corpus          the store's (StoredArticle, StoredStory, FeedState, IngestCounts), outlet
                    profiles (OutletProfile, SpeakerCount) and the web API's pages (Page, ArticleBrief …)

``python -m newsprism.records --write-schema`` rewrites ``data/comparison.schema.json``.
"""

from newsprism.records.annotation import AnnotatedArticle, Entity, Person, Quote, QuoteKind, ScareQuote, Sentence
from newsprism.records.article import (
    Article,
    ArticleWithRaw,
    Credit,
    Dateline,
    Failed,
    InputKind,
    RawDoc,
    RemovedLine,
    published_utc,
)
from newsprism.records.base import Record, adapter
from newsprism.records.comparison import (
    COMPARISON_SCHEMA,
    LEXICONS_UNCHECKED,
    Comparison,
    Conflict,
    Coverage,
    Fact,
    Framing,
    Span,
    SummarySentence,
    Term,
    Voice,
    comparison_schema,
)
from newsprism.records.corpus import (
    ArticleBrief,
    FeedState,
    IngestCounts,
    IngestReport,
    OutletList,
    OutletProfile,
    Page,
    SpeakerCount,
    StoredArticle,
    StoredStory,
    StoryCoverage,
    StoryDetail,
)

__all__ = [
    "COMPARISON_SCHEMA",
    "LEXICONS_UNCHECKED",
    "AnnotatedArticle",
    "Article",
    "ArticleBrief",
    "ArticleWithRaw",
    "Comparison",
    "Conflict",
    "Coverage",
    "Credit",
    "Dateline",
    "Entity",
    "Fact",
    "Failed",
    "FeedState",
    "Framing",
    "IngestCounts",
    "IngestReport",
    "InputKind",
    "OutletList",
    "OutletProfile",
    "Page",
    "Person",
    "Quote",
    "QuoteKind",
    "RawDoc",
    "Record",
    "RemovedLine",
    "ScareQuote",
    "Sentence",
    "Span",
    "SpeakerCount",
    "StoredArticle",
    "StoredStory",
    "StoryCoverage",
    "StoryDetail",
    "SummarySentence",
    "Term",
    "Voice",
    "adapter",
    "comparison_schema",
    "published_utc",
]
