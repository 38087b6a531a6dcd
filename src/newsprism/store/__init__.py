"""The corpus store: articles, failures, stories and comparisons in one embedded DuckDB file.

An article is stored under its *content hash* (`content_hash`: the first 16 hex digits of the
SHA-256 of its body with whitespace collapsed), so ingesting the same text twice, or from another
source, stores it once and counts the second as a duplicate. The id the article came with (a
JSONL/CSV record's own `id`, or the content id of the input file) is kept as `source_id`; the
articles the store gives back carry the content hash as their `id`, and stories refer to that id.

`Store.ingest` commits one batch at a time, so an interrupted ingest loses at most the batch in
flight and running it again stores the rest without loss or duplicates. The clustering side writes
stories with `replace_stories` (the whole assignment) or `assign_stories` (some articles); the
store derives each story's headline, dates, size and outlets from its articles.

`Store` is put together from one module per topic:

    database      the file: its tables, opening, checking and sharing it, transactions, export
    articles      articles in (ingest, failures) and out (every way of reading articles)
    stories       reading stories: one story, a page of them, a search, an outlet's coverage
    grouping      what the clustering side writes and asks: stories' articles, copies, neighbourhoods
    comparisons   one stored comparison per story
    feeds         the feeds followed and the items already read from them

Its records (`StoredArticle`, `StoredStory`, `FeedState`, `IngestCounts`) live with every other
record in `newsprism.records`, which gives their JSON form; they are exported here too.

Tables (`export_parquet` writes each as ``TABLE.parquet``, `export` as Parquet and CSV)::

    articles        id (content hash), source_id, seq (ingest order), source, url, outlet, headline,
                    published (as given), published_utc, language, body, removed, credits,
                    authors, dateline, raw (JSON columns), ingested_at
    failures        source, stage, reason, failed_at       inputs that failed and have not succeeded since
    stories         id, headline, first_published, last_published, size, outlets, updated_at
    story_articles  story_id, article_id
    comparisons     story_id, schema, json, created_at      one `Comparison` per story
    feeds           url, etag, last_modified, polled_at, status, added_at   feeds followed, for conditional polls
    feed_items      feed, link, seen_at                     items already read, so each is fetched once
    copies          article_id, canonical_id                near-duplicates: a wire copy or another version
                                                            of one article, and the article it copies
    meta            key, value                              the store's schema version
"""

from __future__ import annotations

from newsprism.records import FeedState, IngestCounts, StoredArticle, StoredStory
from newsprism.store.articles import Articles, content_hash
from newsprism.store.comparisons import Comparisons
from newsprism.store.database import STORE_SCHEMA
from newsprism.store.feeds import Feeds
from newsprism.store.grouping import Grouping
from newsprism.store.stories import Stories, StoryPage, StoryQuery

__all__ = [
    "STORE_SCHEMA",
    "FeedState",
    "IngestCounts",
    "Store",
    "StoredArticle",
    "StoredStory",
    "StoryPage",
    "StoryQuery",
    "content_hash",
]


class Store(Articles, Stories, Grouping, Comparisons, Feeds):
    """One DuckDB file holding a corpus; use it as a context manager (``with Store(path) as store``).

    The file and its tables are created on first use. `read_only=True` opens an existing store for
    reading, which other read-only processes may share; DuckDB lets one process write at a time.
    `wait=SECONDS` waits that long for another process to let go of the file. `shared=True` holds
    the file only inside ``with store.access:`` blocks, read-only until a block writes (see
    `store.database`), so that other processes can read it, and write it, between them: the web app.
    Opening raises `NewsprismError` naming the file when it is missing (read-only), not a DuckDB
    file, or written by another version of the store, and `Busy` when another process holds it.
    """
