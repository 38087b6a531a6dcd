"""The store's file: its tables, opening and checking it, transactions, and the Parquet export.

`Database` is the base every part of `Store` builds on: it opens the DuckDB file, creates the tables
of a new store (and the tables added since the first stores, in an older one opened for writing),
refuses a file that is not a store of this schema, and runs writes in transactions. The helpers at
the end (`now`, `iso`, `to_json`) are how every part writes times and JSON columns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import duckdb
import pyarrow as pa

from newsprism.errors import NewsprismError

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


class Database:
    """The open DuckDB file of a store, checked against `STORE_SCHEMA`; `Store` documents opening it."""

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

    def __enter__(self) -> Self:
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

    @contextmanager
    def _transaction_with(
        self, name: str, table: pa.Table, *, temporary: Iterable[str] = ()
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A transaction whose statements can read the Arrow `table` as `name`; the temporary tables
        they make, named in `temporary`, are dropped at the end."""
        with self._transaction() as con:
            con.register(name, table)
            try:
                yield con
            finally:
                con.unregister(name)
                for temp in temporary:
                    con.execute(f"DROP TABLE IF EXISTS {temp}")

    def _scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        """The one value the query `sql` answers."""
        return self._con.execute(sql, params).fetchall()[0][0]

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


def now() -> datetime:
    """The time now as the store keeps times: naive, in UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def iso(moment: datetime) -> str:
    """A stored (naive, UTC) time in ISO 8601 with its offset."""
    return moment.replace(tzinfo=UTC).isoformat()


def to_json(value: Any) -> str:
    """`value` as the text of a JSON column (non-ASCII characters kept as they are)."""
    return json.dumps(value, ensure_ascii=False)


def _open_error(error: duckdb.Error) -> str:
    message = str(error)
    if "lock" in message.lower():
        return "in use by another process (DuckDB lets one process write at a time); wait for it or use another --db"
    if "not a valid DuckDB database" in message:
        return "not a DuckDB database; name a new file or a store written by `newsprism ingest`"
    return message.removeprefix("IO Error: ")
