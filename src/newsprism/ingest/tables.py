"""Records from JSONL, CSV and Parquet files, streamed one record at a time.

A record needs a text or an HTML column; it keeps its own `id` when it has one. Known metadata
columns (url, title, date, outlet) travel along as hints for the clean stage.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from newsprism.errors import InputError
from newsprism.ingest.decode import content_id, looks_like_html
from newsprism.records import Failed, RawDoc

TEXT_COLUMNS = ("text", "body", "content", "article", "maintext", "story")
HTML_COLUMNS = ("html", "raw_html", "page")
HINT_COLUMNS = {
    "url": ("url", "link", "uri"),
    "title": ("title", "headline"),
    "published": ("published", "date", "publish_date", "date_publish", "pubdate", "timestamp"),
    "outlet": ("outlet", "source", "site", "sitename", "publisher", "domain"),
    "authors": ("authors", "author", "byline"),
}

csv.field_size_limit(sys.maxsize)


def record_to_raw(record: Mapping[str, Any], source: str) -> RawDoc:
    """Turn one table row into a `RawDoc`, or raise `InputError` naming `source`."""
    row = {str(k).lower(): v for k, v in record.items() if v is not None and v != ""}
    html = next((row[c] for c in HTML_COLUMNS if isinstance(row.get(c), str)), None)
    text = next((row[c] for c in TEXT_COLUMNS if isinstance(row.get(c), str)), None)
    if html is None and text is None:
        raise InputError(source, f"no text or html column (has: {', '.join(sorted(row)) or 'nothing'})")
    content = html if html is not None else text
    kind = "html" if html is not None or looks_like_html(content[:2048].encode()) else "text"
    if not content.strip():
        raise InputError(source, "empty text")
    hints = {}
    for key, columns in HINT_COLUMNS.items():
        value = next((row[c] for c in columns if c in row), None)
        if value is not None:
            hints[key] = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    record_id = str(row["id"]) if "id" in row else content_id(content)
    return RawDoc(
        id=record_id,
        source=source,
        content=content,
        kind=kind,
        url=hints.get("url"),
        encoding="utf-8",
        hints=tuple(sorted(hints.items())),
    )


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", errors="replace", newline="")
    return path.open("r", encoding="utf-8", errors="replace", newline="")


def read_jsonl(path: Path, source: str) -> Iterator[RawDoc | Failed]:
    with _open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            where = f"{source}#L{number}"
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise InputError(where, "malformed JSONL line: not a JSON object")
                yield record_to_raw(record, where)
            except json.JSONDecodeError as exc:
                yield Failed(where, "ingest", f"malformed JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})")
            except InputError as exc:
                yield Failed(where, "ingest", exc.reason)


def read_json(path: Path, source: str) -> Iterator[RawDoc | Failed]:
    """A JSON file holding one article object or an array of them."""
    try:
        data = json.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield Failed(source, "ingest", f"malformed JSON ({exc})")
        return
    for number, record in enumerate(data if isinstance(data, list) else [data]):
        where = f"{source}#{number}"
        try:
            if not isinstance(record, dict):
                raise InputError(where, "not a JSON object")
            yield record_to_raw(record, where)
        except InputError as exc:
            yield Failed(where, "ingest", exc.reason)


def read_csv(path: Path, source: str) -> Iterator[RawDoc | Failed]:
    with _open_text(path) as handle:
        dialect = "excel-tab" if ".tsv" in path.suffixes else "excel"
        try:
            reader = csv.DictReader(handle, dialect=dialect)
            for number, row in enumerate(reader, start=2):
                where = f"{source}#L{number}"
                try:
                    yield record_to_raw(row, where)
                except InputError as exc:
                    yield Failed(where, "ingest", exc.reason)
        except csv.Error as exc:
            yield Failed(source, "ingest", f"malformed CSV ({exc})")


def read_parquet(path: Path, source: str) -> Iterator[RawDoc | Failed]:
    import pyarrow.lib
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except (pyarrow.lib.ArrowException, OSError) as exc:
        yield Failed(source, "ingest", f"not a readable Parquet file ({exc})")
        return
    number = 0
    for batch in table.iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            where = f"{source}#{number}"
            number += 1
            try:
                yield record_to_raw(row, where)
            except InputError as exc:
                yield Failed(where, "ingest", exc.reason)
