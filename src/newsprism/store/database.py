"""The store's file: its tables, opening and checking it, transactions, sharing it, and the export.

`Database` is the base every part of `Store` builds on: it opens the DuckDB file, creates the tables
of a new store (and the tables added since the first stores, in an older one opened for writing),
refuses a file that is not a store of this schema, and runs writes in transactions. The helpers at
the end (`now`, `iso`, `to_json`) are how every part writes times and JSON columns.

DuckDB lets one process hold a file read-write, or any number of processes hold it read-only, never
both. A long-lived process that must not shut the others out (the web app) opens the store
`shared`: it holds no connection between uses. Each use is a `with store.access:` block, which opens
the file read-only, so `newsprism articles` and other readers run beside it; the first write of a
block reopens it read-write (after the readers of other processes let go: opening waits up to
`wait` seconds) and the block's end closes it, so the write lock lasts one short transaction. A
read-only connection is kept `linger` seconds after its block for the next one (opening costs about
20 ms), then closed, so a writer of another process (`newsprism ingest`) gets its turn.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import duckdb
import pyarrow as pa

from newsprism.errors import Busy, NewsprismError

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

    def __init__(
        self, path: str | Path, *, read_only: bool = False, shared: bool = False, wait: float = 0.0, linger: float = 1.0
    ) -> None:
        self.path = Path(path)
        self.read_only, self.shared, self.wait = read_only, shared, wait
        if read_only and not self.path.exists():
            raise NewsprismError(str(path), "no such database; create it with `newsprism ingest PATH… --db FILE`")
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._writable = False
        self.access = Access(self, linger)
        # a shared store is made and checked once, here, then opened as each use needs: read-only
        # when it has every table already, so that the app starts beside the commands that read it
        self._connect(read_only=read_only or (shared and self.path.exists()))
        try:
            if not read_only and not self._writable and not self._complete():
                self._disconnect()
                self._connect(read_only=False)
            self._prepare(read_only=not self._writable)
        except BaseException:
            self._disconnect()
            raise
        if shared:
            self._disconnect()

    @property
    def _con(self) -> duckdb.DuckDBPyConnection:
        if self._connection is None:
            raise RuntimeError(f"{self.path}: a shared store is used inside `with store.access:` only")
        return self._connection

    def _connect(self, *, read_only: bool) -> None:
        """Open the file, waiting up to `wait` seconds while another process holds it; `Busy` after that."""
        deadline, pause = time.monotonic() + self.wait, 0.01
        while True:
            try:
                self._connection = duckdb.connect(str(self.path), read_only=read_only)
                self._writable = not read_only
                return
            except duckdb.Error as error:
                # another process holds the file, or (in this process) another store of it holds
                # it read-only where this one asks to write, or the other way round
                locked = "lock" in str(error).lower() or "different configuration" in str(error)
                if not locked or time.monotonic() >= deadline:
                    raise (Busy if locked else NewsprismError)(str(self.path), _open_error(error)) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.2)

    def _complete(self) -> bool:
        """Whether the open file has every table of a store (an older store lacks those added since)."""
        names = {row[0] for row in self._con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        return {"meta", "copies", "feeds", "feed_items"} <= names

    def _disconnect(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection, self._writable = None, False

    def _writer(self) -> duckdb.DuckDBPyConnection:
        """The connection to write with: a shared store's read-only one is reopened read-write."""
        if self.shared and not self._writable:
            self._con  # noqa: B018  (raises outside `with store.access:`)
            self._disconnect()
            self._connect(read_only=False)
        return self._con

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
        self.access.shut()
        self._disconnect()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = self._writer()
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

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
        return {table: paths[0] for table, paths in self.export(folder, ("parquet",)).items()}

    def export(
        self,
        folder: str | Path,
        formats: Iterable[str] = ("parquet", "csv"),
        *,
        raw: bool = True,
        extra: dict[str, pa.Table] | None = None,
    ) -> dict[str, list[Path]]:
        """Write every table as ``folder/TABLE.FORMAT`` for each of `formats` (parquet, csv: with a
        header) with DuckDB's COPY; `raw=False` leaves the articles' raw input out; `extra` tables
        (name → Arrow table) are written beside them. Returns each table's paths, in `formats` order.
        Articles in ingest order, the other tables by key; JSON columns as JSON text."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        present = {row[0] for row in self._con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        queries = {
            table: f"SELECT {'* EXCLUDE (raw)' if table == 'articles' and not raw else '*'} FROM {table} ORDER BY {order}"
            for table, order in TABLES.items()
            if table in present  # a store opened read-only from before the table existed has not all
        }
        paths: dict[str, list[Path]] = {}
        try:
            for name, table in (extra or {}).items():
                self._con.register(f"_export_{name}", table)
                queries[name] = f"SELECT * FROM _export_{name}"
            for table, query in queries.items():
                for format in formats:
                    path = folder / f"{table}.{format}"
                    literal = str(path).replace("'", "''")
                    options = "FORMAT parquet" if format == "parquet" else "FORMAT csv, HEADER true"
                    self._con.execute(f"COPY ({query}) TO '{literal}' ({options})")
                    paths.setdefault(table, []).append(path)
        finally:
            for name in extra or {}:
                self._con.unregister(f"_export_{name}")
        return paths


class Access:
    """`with store.access:` — one use of a store by one thread at a time, as a reusable, reentrant
    context manager. For a `shared` store it opens the file read-only on entry (when not open
    already) and, at the end of the outermost block, closes it at once when the block wrote, or after
    `linger` idle seconds when it only read. For a store that holds its connection, it only serialises
    the threads that share it."""

    def __init__(self, database: Database, linger: float) -> None:
        self._database, self.linger, self.closed = database, linger, False
        self._lock = threading.RLock()
        self._depth = 0
        self._timer: threading.Timer | None = None

    def __enter__(self) -> Database:
        self._lock.acquire()
        self._depth += 1
        if self._depth == 1 and self._database.shared and not self.closed:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            try:
                if self._database._connection is None:
                    self._database._connect(read_only=True)
            except BaseException:
                self._depth -= 1
                self._lock.release()
                raise
        return self._database

    def __exit__(self, *exc: object) -> None:
        try:
            if self._depth == 1 and self._database.shared:
                if self._database._writable or self.linger <= 0 or self.closed:
                    self._database._disconnect()  # the write lock is held no longer than the block
                else:
                    self._timer = threading.Timer(self.linger, self._release)
                    self._timer.daemon = True
                    self._timer.start()
        finally:
            self._depth -= 1
            self._lock.release()

    def shut(self) -> None:
        """The store is closing: no connection is opened or kept from now on."""
        self.closed = True
        if self._timer is not None:
            self._timer.cancel()

    def _release(self) -> None:
        with self._lock:
            if self._depth == 0:
                self._database._disconnect()


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
    if "different configuration" in message:
        return "open in this process by another store, one reading and one writing; close the other first"
    if "not a valid DuckDB database" in message:
        return "not a DuckDB database; name a new file or a store written by `newsprism ingest`"
    return message.removeprefix("IO Error: ")
