"""Articles in and out: ingesting a stream of articles and failures, and reading articles back.

An article is stored under its `content_hash`, so the same text ingested twice, or from another
source, is stored once and counted as a duplicate; the id it came with is kept as its `source_id`.
`Articles.ingest` commits one batch at a time. Every way of reading articles (`entries`, `articles`,
`get_article`, `articles_by_id`, `find_articles`) is one query of `Articles._read`, which turns a row
back into the `Article` that was stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from newsprism.ingest.decode import content_id
from newsprism.records import (
    Article,
    Credit,
    Dateline,
    Failed,
    IngestCounts,
    RawDoc,
    RemovedLine,
    StoredArticle,
    adapter,
    published_utc,
)
from newsprism.store.database import Database, iso, now, to_json

# the columns of the articles table in order, as a batch hands them to DuckDB: text (JSON columns
# as JSON text) but for the few named in _ARTICLE_TYPES
_ARTICLE_COLUMNS = (
    "id, source_id, seq, source, url, outlet, headline, published, published_utc, language, body, removed, credits, "
    "authors, dateline, raw, ingested_at"
)
_ARTICLE_TYPES = {"seq": pa.int64(), "published_utc": pa.timestamp("us"), "ingested_at": pa.timestamp("us")}
_ARTICLE_SCHEMA = pa.schema([(name, _ARTICLE_TYPES.get(name, pa.string())) for name in _ARTICLE_COLUMNS.split(", ")])
# what `_stored_article` reads of a row (with `raw` last, when asked for)
_READ_COLUMNS = "id, source_id, source, url, outlet, headline, published, language, body, removed, credits, authors, dateline, ingested_at"
# the JSON columns of an article's removed lines and credits, as their records write and read them
_LINES = tuple[RemovedLine, ...]
_CREDITS = tuple[Credit, ...]
# the condition of `Articles._read` for the articles whose ids are in the list parameter
_AMONG = "id IN (SELECT unnest(?::VARCHAR[]))"


def content_hash(body: str) -> str:
    """The store's id of an article: the first 16 hex digits of the SHA-256 of `body` with every run
    of whitespace collapsed to one space, so re-wrapped or re-indented copies are one article."""
    return content_id(" ".join(body.split()))


class Articles(Database):
    """The part of `Store` that ingests articles and failures and reads articles back."""

    def __init__(self, path: str | Path, *, read_only: bool = False, **sharing: Any) -> None:
        super().__init__(path, read_only=read_only, **sharing)
        # a shared store asks before each batch: another process may have ingested in between
        self._next_seq = None if self.shared else self._scalar("SELECT coalesce(max(seq), 0) + 1 FROM articles")

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
        moment = now()
        if self._next_seq is None or self.shared:
            self._writer()
            self._next_seq = self._scalar("SELECT coalesce(max(seq), 0) + 1 FROM articles")
        rows: dict[str, dict[str, Any]] = {}
        for article in articles:
            row = _article_row(article, self._next_seq, moment, keep_raw)
            if row["id"] not in rows:
                rows[row["id"]] = row
                self._next_seq += 1
        latest = {(f.source, f.stage): f for f in failures}  # one row per input and stage, the last reason
        with self._transaction_with("_batch", pa.Table.from_pylist(list(rows.values()), schema=_ARTICLE_SCHEMA)) as con:
            inserted = con.execute(
                f"INSERT INTO articles ({_ARTICLE_COLUMNS}) SELECT {_ARTICLE_COLUMNS} FROM _batch "
                "ON CONFLICT DO NOTHING RETURNING id"
            ).fetchall()
            if articles:
                sources = sorted({a.source for a in articles})
                con.execute("DELETE FROM failures WHERE source IN (SELECT unnest($1::VARCHAR[]))", [sources])
            if latest:
                con.executemany(
                    "INSERT INTO failures VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (source, stage) DO UPDATE SET reason = excluded.reason, failed_at = excluded.failed_at",
                    [[f.source, f.stage, f.reason, moment] for f in latest.values()],
                )
        return IngestCounts(
            new=len(inserted),
            duplicates=len(articles) - len(inserted),
            failed=len(failures),
            added=tuple(row[0] for row in inserted),
        )

    def failures(self) -> list[Failed]:
        """The inputs that failed and have not been ingested successfully since, by source."""
        rows = self._con.execute("SELECT source, stage, reason FROM failures ORDER BY source, stage").fetchall()
        return [Failed(*row) for row in rows]

    # ------------------------------------------------------------------ read articles

    def _read(
        self,
        where: str = "TRUE",
        params: Iterable[Any] = (),
        *,
        limit: int | None = None,
        offset: int = 0,
        with_raw: bool = False,
        in_order: bool = True,
        stream: bool = False,
    ) -> Iterator[StoredArticle]:
        """The stored articles for which the SQL condition `where` holds (`params` fill its `?`), in
        ingest order, `limit` of them (None: all) after the first `offset`; `with_raw` reads the raw
        input too. `in_order=False` leaves them in no particular order, which spares a sort (about
        half the time of reading one article by id) where the caller does not need one.

        `stream=True` reads them through a cursor of their own, a thousand rows at a time, so that
        other calls may run while they stream; otherwise they come from one query on the store's
        connection, and the caller must read them all before it asks the store anything else.
        """
        columns = _READ_COLUMNS + (", raw" if with_raw else "")
        con = self._con.cursor() if stream else self._con
        try:
            con.execute(
                f"SELECT {columns} FROM articles WHERE {where} {'ORDER BY seq' * in_order} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
            while rows := con.fetchmany(1000):
                for row in rows:
                    yield _stored_article(row)
        finally:
            if stream:
                con.close()

    def _count(self, where: str = "TRUE", params: Iterable[Any] = ()) -> int:
        return self._scalar(f"SELECT count(*) FROM articles WHERE {where}", [*params])

    def count(self) -> int:
        """How many articles the store holds."""
        return self._count()

    def entries(self, limit: int | None = None, offset: int = 0, *, with_raw: bool = False) -> Iterator[StoredArticle]:
        """The stored articles in ingest order with their `source_id` and ingest time, streamed."""
        return self._read(limit=limit, offset=offset, with_raw=with_raw, stream=True)

    def articles(self, limit: int | None = None, offset: int = 0, *, with_raw: bool = False) -> Iterator[Article]:
        """The stored articles in ingest order, streamed; each `id` is its content hash."""
        return (stored.article for stored in self.entries(limit, offset, with_raw=with_raw))

    def get_article(self, id: str, *, with_raw: bool = False) -> Article | None:
        """The article stored under content hash `id`, or None."""
        found = [stored.article for stored in self._read("id = ?", [id], with_raw=with_raw, in_order=False)]
        return found[0] if found else None

    def articles_by_id(self, ids: Iterable[str]) -> list[Article]:
        """The articles stored under `ids`, in the order given; unknown ids are left out."""
        wanted = list(ids)
        found = {stored.article.id: stored.article for stored in self._read(_AMONG, [wanted], in_order=False)}
        return [found[id] for id in wanted if id in found]

    def find_articles(
        self, outlet: str | None = None, limit: int | None = None, offset: int = 0
    ) -> tuple[int, list[Article]]:
        """One page of the articles (of `outlet`, or all) in ingest order, and how many there are in all."""
        where, params = ("outlet = ?", [outlet]) if outlet else ("TRUE", [])
        page = [stored.article for stored in self._read(where, params, limit=limit, offset=offset)]
        return self._count(where, params), page

    def outlets(self) -> list[tuple[str, int]]:
        """Every outlet with how many articles it has in the store, most first."""
        return [
            (row[0], row[1])
            for row in self._con.execute(
                "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY 2 DESC, 1"
            ).fetchall()
        ]


def _article_row(article: Article, seq: int, moment: datetime, keep_raw: bool) -> dict[str, Any]:
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
        "removed": to_json(adapter(_LINES).dump_python(article.removed, mode="json")),
        "credits": to_json(adapter(_CREDITS).dump_python(article.credits, mode="json")),
        "authors": to_json(list(article.authors)),
        "dateline": to_json(article.dateline.to_dict()) if article.dateline else None,
        "raw": to_json(article.raw.to_dict()) if keep_raw and article.raw is not None else None,
        "ingested_at": moment,
    }


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
        dateline=Dateline.from_json(dateline) if dateline else None,
        language=language,
        body=body,
        removed=adapter(_LINES).validate_json(removed),
        credits=adapter(_CREDITS).validate_json(credits),
        raw=RawDoc.from_json(raw[0]) if raw and raw[0] else None,
    )
    return StoredArticle(article, source_id, iso(ingested_at))
