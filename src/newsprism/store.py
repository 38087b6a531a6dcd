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

Tables (`export_parquet` writes each as ``TABLE.parquet``)::

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

import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from newsprism.errors import NewsprismError
from newsprism.ingest.decode import content_id
from newsprism.records import Article, Comparison, Credit, Dateline, Failed, RawDoc, RemovedLine, published_utc

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

STORE_SCHEMA = "newsprism.store/1"

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    source TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    headline TEXT,
    published TEXT,
    published_utc TIMESTAMP,
    language TEXT,
    body TEXT NOT NULL,
    removed JSON NOT NULL,
    credits JSON NOT NULL,
    authors JSON NOT NULL,
    dateline JSON,
    raw JSON,
    ingested_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    source TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (source, stage)
);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    headline TEXT,
    first_published TEXT,
    last_published TEXT,
    size INTEGER NOT NULL,
    outlets JSON NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS story_articles (
    story_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE TABLE IF NOT EXISTS comparisons (
    story_id TEXT PRIMARY KEY,
    schema TEXT NOT NULL,
    json JSON NOT NULL,
    created_at TIMESTAMP NOT NULL
);
"""
# tables added since the first stores: created in stores of any age when opened for writing
# (feeds: `newsprism follow` and the web app; copies: near-duplicates, from `newsprism stories`)
_ADDED_TABLES = """
CREATE TABLE IF NOT EXISTS copies (
    article_id TEXT PRIMARY KEY,
    canonical_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    polled_at TIMESTAMP,
    status TEXT,
    added_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS feed_items (
    feed TEXT NOT NULL,
    link TEXT NOT NULL,
    seen_at TIMESTAMP NOT NULL,
    PRIMARY KEY (feed, link)
);
"""
TABLES = {  # each table and the order its export is written in
    "articles": "seq",
    "failures": "source, stage",
    "stories": "id",
    "story_articles": "story_id, article_id",
    "comparisons": "story_id",
    "feeds": "url",
    "feed_items": "feed, link",
    "copies": "article_id",
}

_ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source_id", pa.string()),
        ("seq", pa.int64()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("headline", pa.string()),
        ("published", pa.string()),
        ("published_utc", pa.timestamp("us")),
        ("language", pa.string()),
        ("body", pa.string()),
        ("removed", pa.string()),
        ("credits", pa.string()),
        ("authors", pa.string()),
        ("dateline", pa.string()),
        ("raw", pa.string()),
        ("ingested_at", pa.timestamp("us")),
    ]
)
_ARTICLE_COLUMNS = ", ".join(_ARTICLE_SCHEMA.names)
_READ_COLUMNS = "id, source_id, source, url, outlet, headline, published, language, body, removed, credits, authors, dateline, ingested_at"
# articles of a story, earliest first: dated ones by date, then undated ones, each in ingest order
_EARLIEST = "a.published_utc NULLS LAST, a.seq"
# a story's outlets (its articles `a`, linked by `sa`), sorted, as JSON: a copy of another article
# of the same story does not count
_STORY_OUTLETS = """coalesce(to_json(list_sort(list_distinct(list(a.outlet) FILTER (
    WHERE a.outlet IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM copies c JOIN story_articles sb ON sb.article_id = c.canonical_id
        WHERE c.article_id = a.id AND sb.story_id = sa.story_id))))), '[]')"""
# what `_stored_story` reads of a story `s`: its row and its article ids, earliest first
_STORY_COLUMNS = f"""s.id, s.headline, s.first_published, s.last_published, s.size, s.outlets,
    (SELECT list(sa.article_id ORDER BY {_EARLIEST}) FROM story_articles sa
     JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = s.id),
    s.updated_at"""


def content_hash(body: str) -> str:
    """The store's id of an article: the first 16 hex digits of the SHA-256 of `body` with every run
    of whitespace collapsed to one space, so re-wrapped or re-indented copies are one article."""
    return content_id(" ".join(body.split()))


@dataclass(frozen=True, slots=True)
class IngestCounts:
    """What one `Store.ingest` did: articles `new` to the store, `duplicates` of stored ones (same
    content hash, from this run or an earlier one), and inputs that `failed`; `added` holds the ids
    of the new articles (not compared: counts are equal when the numbers are)."""

    new: int = 0
    duplicates: int = 0
    failed: int = 0
    added: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def __add__(self, other: IngestCounts) -> IngestCounts:
        return IngestCounts(
            self.new + other.new,
            self.duplicates + other.duplicates,
            self.failed + other.failed,
            self.added + other.added,
        )

    def __str__(self) -> str:
        return f"{self.new} new, {self.duplicates} duplicate{'s' * (self.duplicates != 1)}, {self.failed} failed"

    def to_dict(self) -> dict[str, int]:
        return {"new": self.new, "duplicates": self.duplicates, "failed": self.failed}


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored: `article.id` is the content hash, `source_id` the id it came with."""

    article: Article
    source_id: str
    ingested_at: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.article.to_dict(), "source_id": self.source_id, "ingested_at": self.ingested_at}


@dataclass(frozen=True, slots=True)
class StoredStory:
    """A story as stored: its article ids (content hashes, earliest first) and what the store derived
    from them: the earliest article's headline, the first and last publication dates as the articles
    give them, the size and the outlets (sorted)."""

    id: str
    headline: str | None
    first_published: str | None
    last_published: str | None
    size: int
    outlets: tuple[str, ...]
    articles: tuple[str, ...]
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "headline": self.headline,
            "articles": list(self.articles),
            "outlets": list(self.outlets),
            "first_published": self.first_published,
            "last_published": self.last_published,
            "size": self.size,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """Which stories `Store.find_stories` returns: all `words` in an article of the story, covered by
    `outlet`, with articles published from `since` to `until` (ISO dates, inclusive), sorted
    `newest` first or `biggest` first."""

    words: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    sort: str = "newest"


@dataclass(frozen=True, slots=True)
class StoryPage:
    """One page of stories and how many match in all."""

    total: int
    stories: tuple[StoredStory, ...]


@dataclass(frozen=True, slots=True)
class FeedState:
    """A followed feed: the validators of its last answer (for a conditional request next time), when
    it was last polled and how that went."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    polled_at: str | None = None
    status: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "etag": self.etag, "last_modified": self.last_modified,
                "polled_at": self.polled_at, "status": self.status}  # fmt: skip


class Store:
    """One DuckDB file holding a corpus; use it as a context manager (``with Store(path) as store``).

    The file and its tables are created on first use. `read_only=True` opens an existing store for
    reading, which other read-only processes may share; DuckDB lets one process write at a time.
    Opening raises `NewsprismError` naming the file when it is missing (read-only), in use by another
    process, not a DuckDB file, or written by another version of the store.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise NewsprismError(str(path), "no such database; create it with `newsprism ingest PATH… --db FILE`")
        try:
            self._con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as error:
            raise NewsprismError(str(path), _open_error(error)) from None
        try:
            self._prepare(read_only)
        except BaseException:
            self._con.close()
            raise
        self._next_seq = self._con.execute("SELECT coalesce(max(seq), 0) + 1 FROM articles").fetchall()[0][0]

    def _prepare(self, read_only: bool) -> None:
        has_meta = self._con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'meta' AND schema_name = 'main'"
        ).fetchall()[0][0]
        if not has_meta and not read_only:
            if self._con.execute("SELECT count(*) FROM duckdb_tables()").fetchall()[0][0]:
                raise NewsprismError(str(self.path), "a DuckDB database, but not a newsprism store")
            with self._transaction() as con:  # all or nothing, should the process die half-way
                con.execute(_TABLES)
                con.execute("INSERT INTO meta VALUES ('schema', ?)", [STORE_SCHEMA])
            # start from an empty write-ahead log: from here on it only ever holds committed batches
            self._con.execute("CHECKPOINT")
        else:
            rows = self._con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchall() if has_meta else []
            if not rows:
                raise NewsprismError(str(self.path), "a DuckDB database, but not a newsprism store")
            if rows[0][0] != STORE_SCHEMA:
                raise NewsprismError(
                    str(self.path), f"a store of schema {rows[0][0]}; this newsprism reads {STORE_SCHEMA}"
                )
        if not read_only:
            self._con.execute(_ADDED_TABLES)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self._con.execute("BEGIN TRANSACTION")
        try:
            yield self._con
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        self._con.execute("COMMIT")

    # ------------------------------------------------------------------ ingest

    def ingest(
        self, stream: Iterable[Article | Failed], *, batch_size: int = 500, keep_raw: bool = True
    ) -> IngestCounts:
        """Store every article of `stream` and record every failure; returns the counts.

        The stream is consumed in batches of `batch_size` items, each committed in one transaction:
        an interrupted ingest loses at most the batch in flight, and ingesting the same input again
        adds only what is missing (articles are keyed by `content_hash`). A failure is kept in the
        `failures` table until its source is ingested successfully. `keep_raw=False` leaves out the
        raw input (the page's HTML or text) that is otherwise stored with each article.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        counts = IngestCounts()
        articles: list[Article] = []
        failures: list[Failed] = []
        for item in stream:
            (failures if isinstance(item, Failed) else articles).append(item)
            if len(articles) + len(failures) >= batch_size:
                counts += self._write_batch(articles, failures, keep_raw)
                articles, failures = [], []
        if articles or failures:
            counts += self._write_batch(articles, failures, keep_raw)
        return counts

    def _write_batch(self, articles: list[Article], failures: list[Failed], keep_raw: bool) -> IngestCounts:
        now = _now()
        rows: dict[str, dict[str, Any]] = {}
        for article in articles:
            row = _article_row(article, self._next_seq, now, keep_raw)
            if row["id"] not in rows:
                rows[row["id"]] = row
                self._next_seq += 1
        latest = {(f.source, f.stage): f for f in failures}  # one row per input and stage, the last reason
        with self._transaction() as con:
            con.register("_batch", pa.Table.from_pylist(list(rows.values()), schema=_ARTICLE_SCHEMA))
            try:
                inserted = con.execute(
                    f"INSERT INTO articles ({_ARTICLE_COLUMNS}) SELECT {_ARTICLE_COLUMNS} FROM _batch "
                    "ON CONFLICT DO NOTHING RETURNING id"
                ).fetchall()
            finally:
                con.unregister("_batch")
            if articles:
                sources = sorted({a.source for a in articles})
                con.execute("DELETE FROM failures WHERE source IN (SELECT unnest($1::VARCHAR[]))", [sources])
            if latest:
                con.executemany(
                    "INSERT INTO failures VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (source, stage) DO UPDATE SET reason = excluded.reason, failed_at = excluded.failed_at",
                    [[f.source, f.stage, f.reason, now] for f in latest.values()],
                )
        return IngestCounts(
            new=len(inserted),
            duplicates=len(articles) - len(inserted),
            failed=len(failures),
            added=tuple(row[0] for row in inserted),
        )

    # ------------------------------------------------------------------ read articles

    def count(self) -> int:
        """How many articles the store holds."""
        return self._con.execute("SELECT count(*) FROM articles").fetchall()[0][0]

    def articles(self, limit: int | None = None, offset: int = 0, *, with_raw: bool = False) -> Iterator[Article]:
        """The stored articles in ingest order, streamed; each `id` is its content hash."""
        for stored in self.entries(limit, offset, with_raw=with_raw):
            yield stored.article

    def entries(self, limit: int | None = None, offset: int = 0, *, with_raw: bool = False) -> Iterator[StoredArticle]:
        """The stored articles in ingest order with their `source_id` and ingest time, streamed."""
        columns = _READ_COLUMNS + (", raw" if with_raw else "")
        cursor = self._con.cursor()  # its own result, so other calls may run while this one streams
        try:
            cursor.execute(
                f"SELECT {columns} FROM articles ORDER BY seq LIMIT $1 OFFSET $2",
                [limit if limit is not None else None, offset],
            )
            while rows := cursor.fetchmany(1000):
                for row in rows:
                    yield _stored_article(row)
        finally:
            cursor.close()

    def get_article(self, id: str, *, with_raw: bool = False) -> Article | None:
        """The article stored under content hash `id`, or None."""
        columns = _READ_COLUMNS + (", raw" if with_raw else "")
        rows = self._con.execute(f"SELECT {columns} FROM articles WHERE id = ?", [id]).fetchall()
        return _stored_article(rows[0]).article if rows else None

    def failures(self) -> list[Failed]:
        """The inputs that failed and have not been ingested successfully since, by source."""
        rows = self._con.execute("SELECT source, stage, reason FROM failures ORDER BY source, stage").fetchall()
        return [Failed(*row) for row in rows]

    # ------------------------------------------------------------------ stories

    def replace_stories(self, assignments: Mapping[str, str]) -> int:
        """Make `assignments` (article id → story id) the whole story table, in one transaction.

        Articles left out belong to no story afterwards; stories left without articles are deleted.
        Each story's headline (its earliest article's), first and last publication date, size and
        outlets are derived from its articles; a story whose articles changed loses its stored
        comparison. Raises ValueError, writing nothing, when an article id is not in the store.
        Returns how many stories changed (made, altered or deleted).
        """
        return self._write_stories(assignments, replace=True)

    def assign_stories(self, assignments: Mapping[str, str]) -> int:
        """Put the given articles into the given stories, leaving every other article where it is:
        the incremental form of `replace_stories` for streaming clustering. Same derivations and
        errors; returns how many stories changed."""
        return self._write_stories(assignments, replace=False)

    def _write_stories(self, assignments: Mapping[str, str], *, replace: bool) -> int:
        table = pa.table(
            {"article_id": list(assignments), "story_id": [str(s) for s in assignments.values()]},
            schema=pa.schema([("article_id", pa.string()), ("story_id", pa.string())]),
        )
        # which links go: all that differ (replace), or only those of the articles given (assign)
        scope = "TRUE" if replace else "sa.article_id IN (SELECT article_id FROM _assign)"
        steps = [
            f"""CREATE TEMP TABLE _gone AS SELECT sa.story_id, sa.article_id FROM story_articles sa
                WHERE {scope} AND NOT EXISTS (
                    SELECT 1 FROM _assign n WHERE n.article_id = sa.article_id AND n.story_id = sa.story_id)""",
            """CREATE TEMP TABLE _added AS SELECT n.story_id, n.article_id FROM _assign n
                WHERE NOT EXISTS (
                    SELECT 1 FROM story_articles sa WHERE sa.article_id = n.article_id AND sa.story_id = n.story_id)""",
            """DELETE FROM story_articles sa WHERE EXISTS (
                SELECT 1 FROM _gone g WHERE g.story_id = sa.story_id AND g.article_id = sa.article_id)""",
            "INSERT INTO story_articles SELECT story_id, article_id FROM _added",
            "CREATE TEMP TABLE _touched AS SELECT story_id FROM _gone UNION SELECT story_id FROM _added",
            "DELETE FROM comparisons WHERE story_id IN (SELECT story_id FROM _touched)",
            """DELETE FROM stories WHERE id IN (SELECT story_id FROM _touched)
                AND id NOT IN (SELECT story_id FROM story_articles)""",
            f"""CREATE TEMP TABLE _derived AS SELECT
                    sa.story_id AS id,
                    first(a.headline ORDER BY {_EARLIEST}) FILTER (WHERE a.headline IS NOT NULL) AS headline,
                    first(a.published ORDER BY a.published_utc, a.seq) FILTER (WHERE a.published_utc IS NOT NULL)
                        AS first_published,
                    first(a.published ORDER BY a.published_utc DESC, a.seq DESC)
                        FILTER (WHERE a.published_utc IS NOT NULL) AS last_published,
                    count(*) AS size,
                    {_STORY_OUTLETS} AS outlets
                FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                WHERE sa.story_id IN (SELECT story_id FROM _touched)
                GROUP BY sa.story_id""",
            # update in place rather than delete and insert: older DuckDB rejects a key deleted and
            # inserted again in one transaction
            """UPDATE stories SET headline = d.headline, first_published = d.first_published,
                last_published = d.last_published, size = d.size, outlets = d.outlets, updated_at = $1
                FROM _derived d WHERE stories.id = d.id""",
            "INSERT INTO stories SELECT *, $1 FROM _derived WHERE id NOT IN (SELECT id FROM stories)",
        ]
        now = _now()
        with self._transaction() as con:
            con.register("_assign", table)
            try:
                unknown = con.execute(
                    "SELECT article_id FROM _assign WHERE article_id NOT IN (SELECT id FROM articles) "
                    "ORDER BY article_id LIMIT 6"
                ).fetchall()
                if unknown:
                    shown = ", ".join(row[0] for row in unknown[:5]) + (", …" if len(unknown) > 5 else "")
                    raise ValueError(f"not articles of {self.path}: {shown}")
                for step in steps:
                    con.execute(step, [now] if "$1" in step else None)
                changed = con.execute("SELECT count(*) FROM _touched").fetchall()[0][0]
            finally:
                con.unregister("_assign")
                for name in ("_gone", "_added", "_touched", "_derived"):
                    con.execute(f"DROP TABLE IF EXISTS {name}")
        return changed

    def stories(self, limit: int | None = None, offset: int = 0) -> Iterator[StoredStory]:
        """The stored stories, largest first (ties by id), each with its article ids earliest first."""
        rows = self._con.execute(
            f"""SELECT {_STORY_COLUMNS}
                FROM stories s ORDER BY s.size DESC, s.id LIMIT $1 OFFSET $2""",
            [limit, offset],
        ).fetchall()
        for row in rows:
            yield _stored_story(row)

    def story(self, id: str) -> StoredStory | None:
        """The story `id`, or None."""
        rows = self._con.execute(
            f"""SELECT {_STORY_COLUMNS}
                FROM stories s WHERE s.id = ?""",
            [id],
        ).fetchall()
        return _stored_story(rows[0]) if rows else None

    def put_comparison(self, story_id: str, comparison: Comparison) -> None:
        """Store the comparison of story `story_id`, replacing any earlier one; ValueError for an
        unknown story. It is dropped when the story's articles change."""
        with self._transaction() as con:
            if not con.execute("SELECT count(*) FROM stories WHERE id = ?", [story_id]).fetchall()[0][0]:
                raise ValueError(f"no story {story_id!r} in {self.path}")
            con.execute(
                "INSERT INTO comparisons VALUES (?, ?, ?, ?) ON CONFLICT (story_id) DO UPDATE "
                "SET schema = excluded.schema, json = excluded.json, created_at = excluded.created_at",
                [story_id, comparison.schema, json.dumps(comparison.to_dict(), ensure_ascii=False), _now()],
            )

    def comparison(self, story_id: str) -> Comparison | None:
        """The stored comparison of story `story_id`, or None."""
        rows = self._con.execute("SELECT json FROM comparisons WHERE story_id = ?", [story_id]).fetchall()
        return Comparison.from_dict(json.loads(rows[0][0])) if rows else None

    def find_stories(self, query: StoryQuery | None = None, limit: int | None = None, offset: int = 0) -> StoryPage:
        """The stories matching `query`, a page at a time, with how many match in all.

        `query.words` must all occur (case-insensitive) in the headline or text of one of the story's
        articles; `outlet` must have covered it; `since`/`until` (ISO dates) bound its articles'
        publication dates. Sorted `newest` (latest article first, then biggest) or `biggest`.
        """
        query = query or StoryQuery()
        where, params = ["TRUE"], []
        for word in (query.words or "").split():
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append(
                """EXISTS (SELECT 1 FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                   WHERE sa.story_id = s.id AND (a.headline ILIKE ? ESCAPE '\\' OR a.body ILIKE ? ESCAPE '\\'))"""
            )
            params += [pattern, pattern]
        if query.outlet:
            where.append("list_contains(CAST(s.outlets AS VARCHAR[]), ?)")
            params.append(query.outlet)
        if query.since:
            where.append("d.last_utc >= CAST(? AS TIMESTAMP)")
            params.append(query.since)
        if query.until:
            where.append("d.first_utc < CAST(? AS TIMESTAMP) + INTERVAL 1 DAY")
            params.append(query.until)
        order = "d.last_utc DESC NULLS LAST, s.size DESC, s.id" if query.sort == "newest" else "s.size DESC, s.id"
        dates = """(SELECT sa.story_id, min(a.published_utc) AS first_utc, max(a.published_utc) AS last_utc
                    FROM story_articles sa JOIN articles a ON a.id = sa.article_id GROUP BY sa.story_id)"""
        matching = f"FROM stories s LEFT JOIN {dates} d ON d.story_id = s.id WHERE {' AND '.join(where)}"
        try:
            # the page's ids, each with how many match in all; then the page's stories
            ids = self._con.execute(
                f"SELECT s.id, count(*) OVER () {matching} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset]
            ).fetchall()
        except duckdb.ConversionException as error:
            raise ValueError(f"not a date: {error}") from None
        if not ids:  # no match, or a page past the end
            return StoryPage(self._con.execute(f"SELECT count(*) {matching}", params).fetchall()[0][0], ())
        rows = self._con.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories s WHERE s.id IN (SELECT unnest($1::VARCHAR[]))",
            [[id for id, _ in ids]],
        ).fetchall()
        rank = {id: index for index, (id, _) in enumerate(ids)}
        total = ids[0][1]
        rows.sort(key=lambda row: rank[row[0]])
        return StoryPage(total, tuple(_stored_story(row) for row in rows))

    def coverage(self, story_ids: Iterable[str]) -> dict[str, dict[str, int]]:
        """For each story, how many of its articles each outlet published (articles with no outlet
        count under ""), outlets in order of name."""
        ids = list(story_ids)
        rows = self._con.execute(
            """SELECT sa.story_id, coalesce(a.outlet, ''), count(*) FROM story_articles sa
               JOIN articles a ON a.id = sa.article_id WHERE sa.story_id IN (SELECT unnest($1::VARCHAR[]))
               GROUP BY ALL ORDER BY 1, 2""",
            [ids],
        ).fetchall()
        found: dict[str, dict[str, int]] = {id: {} for id in ids}
        for story_id, outlet, count in rows:
            found[story_id][outlet] = count
        return found

    def neighbourhood(self, article_ids: Iterable[str], days: float) -> list[str]:
        """The articles a streaming update must re-cluster together with `article_ids`: these, every
        article published within `days` of one of them (undated ones: ingested within `days`), and
        every article of a story any of those belongs to. Ids, in ingest order."""
        ids = list(article_ids)
        rows = self._con.execute(
            """WITH new AS (SELECT id, coalesce(published_utc, ingested_at) - to_seconds($2 * 86400) AS since,
                                   coalesce(published_utc, ingested_at) + to_seconds($2 * 86400) AS until
                            FROM articles WHERE id IN (SELECT unnest($1::VARCHAR[]))),
                    near AS (SELECT a.id FROM articles a JOIN new n  -- a range join, not a scan per pair
                             ON coalesce(a.published_utc, a.ingested_at) BETWEEN n.since AND n.until
                             UNION SELECT id FROM new),
                    grown AS (SELECT id FROM near UNION
                              SELECT sa2.article_id FROM story_articles sa1
                              JOIN story_articles sa2 ON sa2.story_id = sa1.story_id
                              WHERE sa1.article_id IN (SELECT id FROM near))
               SELECT a.id FROM articles a WHERE a.id IN (SELECT id FROM grown) ORDER BY a.seq""",
            [ids, days],
        ).fetchall()
        return [row[0] for row in rows]

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The story each of `article_ids` belongs to (those in none are left out)."""
        rows = self._con.execute(
            "SELECT article_id, story_id FROM story_articles WHERE article_id IN (SELECT unnest($1::VARCHAR[]))",
            [list(article_ids)],
        ).fetchall()
        return dict(rows)

    def story_ids(self, prefixes: Iterable[str] | None = None) -> list[str]:
        """The ids of the stored stories (those starting with one of `prefixes`, when given), sorted."""
        if prefixes is None:
            return [row[0] for row in self._con.execute("SELECT id FROM stories ORDER BY id").fetchall()]
        rows = self._con.execute(
            """SELECT DISTINCT s.id FROM stories s JOIN (SELECT unnest($1::VARCHAR[]) AS prefix) p
               ON starts_with(s.id, p.prefix) ORDER BY s.id""",
            [list(prefixes)],
        ).fetchall()
        return [row[0] for row in rows]

    def articles_by_id(self, ids: Iterable[str]) -> list[Article]:
        """The articles stored under `ids`, in the order given; unknown ids are left out."""
        wanted = list(ids)
        rows = self._con.execute(
            f"SELECT {_READ_COLUMNS} FROM articles WHERE id IN (SELECT unnest($1::VARCHAR[]))", [wanted]
        ).fetchall()
        found = {row[0]: _stored_article(row).article for row in rows}
        return [found[id] for id in wanted if id in found]

    def find_articles(
        self, outlet: str | None = None, limit: int | None = None, offset: int = 0
    ) -> tuple[int, list[Article]]:
        """One page of the articles (of `outlet`, or all) in ingest order, and how many there are in all."""
        where, params = ("outlet = ?", [outlet]) if outlet else ("TRUE", [])
        total = self._con.execute(f"SELECT count(*) FROM articles WHERE {where}", params).fetchall()[0][0]
        rows = self._con.execute(
            f"SELECT {_READ_COLUMNS} FROM articles WHERE {where} ORDER BY seq LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return total, [_stored_article(row).article for row in rows]

    def stories_missed(self, outlet: str, limit: int | None = None) -> list[StoredStory]:
        """The stories at least two other outlets covered and `outlet` did not, biggest first."""
        rows = self._con.execute(
            f"""SELECT {_STORY_COLUMNS}
                FROM stories s WHERE json_array_length(s.outlets) >= 2
                    AND NOT list_contains(CAST(s.outlets AS VARCHAR[]), ?)
                ORDER BY s.size DESC, s.id LIMIT ?""",
            [outlet, limit],
        ).fetchall()
        return [_stored_story(row) for row in rows]

    def outlets(self) -> list[tuple[str, int]]:
        """Every outlet with how many articles it has in the store, most first."""
        return [
            (row[0], row[1])
            for row in self._con.execute(
                "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY 2 DESC, 1"
            ).fetchall()
        ]

    # ------------------------------------------------------------------ feeds

    def follow_feed(self, url: str) -> bool:
        """Add `url` to the feeds followed; False when it already was."""
        return bool(
            self._con.execute(
                "INSERT INTO feeds (url, added_at) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING url", [url, _now()]
            ).fetchall()
        )

    def feeds(self) -> list[FeedState]:
        """The feeds followed, in the order they were added."""
        rows = self._con.execute(
            "SELECT url, etag, last_modified, polled_at, status FROM feeds ORDER BY added_at, url"
        ).fetchall()
        return [FeedState(url, etag, modified, _iso(polled) if polled else None, status)
                for url, etag, modified, polled, status in rows]  # fmt: skip

    def feed(self, url: str) -> FeedState | None:
        return next((state for state in self.feeds() if state.url == url), None)

    def record_poll(self, state: FeedState, seen: Iterable[str] = ()) -> None:
        """Save what one poll of a feed learnt: its validators, its status, and the item links read."""
        now = _now()
        with self._transaction() as con:
            con.execute(
                """INSERT INTO feeds VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
                   last_modified = excluded.last_modified, polled_at = excluded.polled_at, status = excluded.status""",
                [state.url, state.etag, state.last_modified, now, state.status, now],
            )
            links = [[state.url, link, now] for link in seen]
            if links:
                con.executemany("INSERT INTO feed_items VALUES (?, ?, ?) ON CONFLICT DO NOTHING", links)

    def seen_links(self, feed: str, links: Iterable[str]) -> set[str]:
        """Those of `links` already read from `feed`."""
        rows = self._con.execute(
            "SELECT link FROM feed_items WHERE feed = ? AND link IN (SELECT unnest(?::VARCHAR[]))", [feed, list(links)]
        ).fetchall()
        return {row[0] for row in rows}

    def set_copies(self, canonical: Mapping[str, str], *, scope: Iterable[str] | None = None) -> int:
        """Record near-duplicates: `canonical` maps article ids to the article each copies (an id
        mapped to itself is an original). The links of the articles in `scope` (default: all) are
        replaced. A copy's outlet does not count among its story's outlets, and stories whose copies
        changed lose their stored comparison. Returns how many stories changed."""
        links = [(id, original) for id, original in canonical.items() if id != original]
        table = pa.table(
            {"article_id": [a for a, _ in links], "canonical_id": [c for _, c in links]},
            schema=pa.schema([("article_id", pa.string()), ("canonical_id", pa.string())]),
        )
        scoped = "TRUE" if scope is None else "article_id IN (SELECT unnest($1::VARCHAR[]))"
        params = None if scope is None else [list(scope)]
        with self._transaction() as con:
            con.register("_links", table)
            try:
                con.execute(
                    f"""CREATE TEMP TABLE _changed AS
                        (SELECT article_id, canonical_id FROM copies WHERE {scoped}
                         EXCEPT SELECT article_id, canonical_id FROM _links)
                        UNION (SELECT article_id, canonical_id FROM _links
                         EXCEPT SELECT article_id, canonical_id FROM copies)""",
                    params,
                )
                con.execute(f"DELETE FROM copies WHERE {scoped}", params)
                con.execute("INSERT OR REPLACE INTO copies SELECT article_id, canonical_id FROM _links")
                con.execute(
                    """CREATE TEMP TABLE _touched AS SELECT DISTINCT story_id FROM story_articles
                       WHERE article_id IN (SELECT article_id FROM _changed)"""
                )
                con.execute("DELETE FROM comparisons WHERE story_id IN (SELECT story_id FROM _touched)")
                con.execute(
                    f"""UPDATE stories SET outlets = d.outlets, updated_at = $1 FROM (
                        SELECT sa.story_id AS id, {_STORY_OUTLETS} AS outlets
                        FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                        WHERE sa.story_id IN (SELECT story_id FROM _touched) GROUP BY sa.story_id) d
                       WHERE stories.id = d.id""",
                    [_now()],
                )
                changed = con.execute("SELECT count(*) FROM _touched").fetchall()[0][0]
            finally:
                con.unregister("_links")
                con.execute("DROP TABLE IF EXISTS _changed")
                con.execute("DROP TABLE IF EXISTS _touched")
        return changed

    def copies(self, article_ids: Iterable[str] | None = None) -> dict[str, str]:
        """Copy → the article it copies, for the given articles (default: all)."""
        if article_ids is None:
            return dict(self._con.execute("SELECT article_id, canonical_id FROM copies").fetchall())
        rows = self._con.execute(
            "SELECT article_id, canonical_id FROM copies WHERE article_id IN (SELECT unnest($1::VARCHAR[]))",
            [list(article_ids)],
        ).fetchall()
        return dict(rows)

    def comparisons(self) -> dict[str, Comparison]:
        """Every stored comparison, by story id, read in one query."""
        rows = self._con.execute("SELECT story_id, json FROM comparisons").fetchall()
        return {story_id: Comparison.from_dict(json.loads(text)) for story_id, text in rows}

    def compared_stories(self) -> set[str]:
        """The ids of the stories that have a stored comparison."""
        return {row[0] for row in self._con.execute("SELECT story_id FROM comparisons").fetchall()}

    # ------------------------------------------------------------------ export

    def export_parquet(self, folder: str | Path) -> dict[str, Path]:
        """Write every table as ``folder/TABLE.parquet`` (created if needed); returns the paths.

        Articles are written in ingest order, the other tables by key; JSON columns as JSON text.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {}
        present = {row[0] for row in self._con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        for table, order in TABLES.items():
            if table not in present:  # a store opened read-only from before the table existed
                continue
            path = folder / f"{table}.parquet"
            literal = str(path).replace("'", "''")
            self._con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{literal}' (FORMAT parquet)")
            paths[table] = path
        return paths


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _iso(moment: datetime) -> str:
    """A stored (naive, UTC) time in ISO 8601 with its offset."""
    return moment.replace(tzinfo=UTC).isoformat()


def _article_row(article: Article, seq: int, now: datetime, keep_raw: bool) -> dict[str, Any]:
    return {
        "id": content_hash(article.body),
        "source_id": article.id,
        "seq": seq,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "headline": article.headline,
        "published": article.published,
        "published_utc": published_utc(article.published),
        "language": article.language,
        "body": article.body,
        "removed": _json([line.to_dict() for line in article.removed]),
        "credits": _json([credit.to_dict() for credit in article.credits]),
        "authors": _json(list(article.authors)),
        "dateline": _json(article.dateline.to_dict()) if article.dateline else None,
        "raw": _json(article.raw.to_dict()) if keep_raw and article.raw is not None else None,
        "ingested_at": now,
    }


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _stored_article(row: tuple) -> StoredArticle:
    (id, source_id, source, url, outlet, headline, published, language, body, removed, credits, authors, dateline,
     ingested_at, *raw) = row  # fmt: skip
    article = Article(
        id=id,
        source=source,
        url=url,
        outlet=outlet,
        headline=headline,
        published=published,
        authors=tuple(json.loads(authors)),
        dateline=Dateline(**json.loads(dateline)) if dateline else None,
        language=language,
        body=body,
        removed=tuple(RemovedLine(**line) for line in json.loads(removed)),
        credits=tuple(Credit(**credit) for credit in json.loads(credits)),
        raw=RawDoc.from_dict(json.loads(raw[0])) if raw and raw[0] else None,
    )
    return StoredArticle(article, source_id, _iso(ingested_at))


def _stored_story(row: tuple) -> StoredStory:
    id, headline, first, last, size, outlets, articles, updated_at = row
    return StoredStory(
        id, headline, first, last, size, tuple(json.loads(outlets)), tuple(articles or ()), _iso(updated_at)
    )


def _open_error(error: duckdb.Error) -> str:
    message = str(error)
    if "lock" in message.lower():
        return "in use by another process (DuckDB lets one process write at a time); wait for it or use another --db"
    if "not a valid DuckDB database" in message:
        return "not a DuckDB database; name a new file or a store written by `newsprism ingest`"
    return message.removeprefix("IO Error: ")
