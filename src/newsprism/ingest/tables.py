"""Records from JSONL, CSV and Parquet files, streamed one record at a time.

A record needs a text or an HTML column; it keeps its own `id` when it has one. Known metadata
columns (url, title, date, outlet) travel along as hints for the clean stage.

Every reader takes `max_bytes`, the per-article limit (`Settings.max_file_bytes`): a record (a
JSONL line, a CSV row, a Parquet row) longer than that many characters is one `Failed` naming it,
read past without ever being held whole, and the records after it still come. A ``.gz`` table is
decompressed through a counter that stops it once it has expanded past `expansion_limit` bytes: a
decompression bomb is then one `InputError` for the file, which `read` reports as one `Failed`.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

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
# Real news tables gzip 3 to 30 times smaller (HTML pages about 5, tiny synthetic records 28);
# gzip itself cannot pass about 1,030. A .gz table may expand this many times its size (or to
# `max_bytes`, if that is more); past it, it is a decompression bomb, not news.
MAX_EXPANSION = 100
# an over-long line is read past in pieces of this many characters
_SKIP_CHUNK = 1 << 20

# the csv module's own limit (128 K characters a field) is too small for an article; each record
# is bounded by `max_bytes` instead, before the csv module sees it (`_RecordLines`)
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


def expansion_limit(path: Path, max_bytes: int) -> int:
    """How many bytes `path` may decompress to: `MAX_EXPANSION` times its size, or `max_bytes` if more."""
    return max(max_bytes, MAX_EXPANSION * path.stat().st_size)


class _Counted(io.RawIOBase):
    """A binary stream that raises `InputError` as soon as more than `limit` bytes came out of it.

    Counted while decompressing, so a bomb is stopped after `limit` bytes, not after it filled memory.
    """

    def __init__(self, stream: IO[bytes], limit: int, source: str) -> None:
        self._stream, self._limit, self._source, self.count = stream, limit, source, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = self._stream.readinto(buffer)
        self.count += size
        if self.count > self._limit:
            raise decompression_bomb(self._source, self._limit)
        return size


def decompression_bomb(source: str, limit: int) -> InputError:
    """The error for a compressed file that expands past `limit` bytes (`expansion_limit`)."""
    return InputError(
        source,
        f"expands to over {limit:,} bytes once decompressed (over {MAX_EXPANSION} times its size): "
        "a decompression bomb; if it is real, decompress it first or pass a larger --max-bytes",
    )

    def close(self) -> None:
        self._stream.close()
        super().close()


def _open_text(path: Path, source: str, max_bytes: int) -> io.TextIOWrapper:
    """`path` as UTF-8 text (bad bytes replaced), newlines kept as they are for the csv module; a
    ``.gz`` file is decompressed through `_Counted`, so it raises `InputError` past `expansion_limit`."""
    if path.suffix != ".gz":
        return path.open("r", encoding="utf-8", errors="replace", newline="")
    counted = _Counted(gzip.open(path), expansion_limit(path, max_bytes), source)
    return io.TextIOWrapper(io.BufferedReader(counted), encoding="utf-8", errors="replace", newline="")


def _too_large(where: str, max_bytes: int) -> Failed:
    return Failed(
        where, "ingest", f"record too large for one article (over {max_bytes:,} characters); pass --max-bytes"
    )


def _ends_line(text: str) -> bool:
    return text.endswith(("\n", "\r"))


def _skip_line(handle: IO[str]) -> int:
    """Read past the rest of an over-long line, a piece at a time; return the quote marks it held."""
    quotes, piece = 0, "x"
    while piece and not _ends_line(piece):
        piece = handle.readline(_SKIP_CHUNK)
        quotes += piece.count('"')
    return quotes


def _lines(handle: IO[str], max_bytes: int) -> Iterator[tuple[int, str | None]]:
    """(number, line) for each line from 1; the line is None when it is over `max_bytes` characters:
    it is read past in pieces and never held whole (a gzip bomb of zeros is one endless line)."""
    number = 0
    while line := handle.readline(max_bytes + 1):
        number += 1
        if len(line) > max_bytes and not _ends_line(line):
            _skip_line(handle)
            yield number, None
        else:
            yield number, line


def read_jsonl(path: Path, source: str, *, max_bytes: int) -> Iterator[RawDoc | Failed]:
    """One `RawDoc` per JSON object line (``source#L<n>``); a malformed, unusable or over-long line is
    one `Failed` and the next lines go on. Raises `InputError` when a ``.gz`` file is a bomb."""
    with _open_text(path, source, max_bytes) as handle:
        for number, line in _lines(handle, max_bytes):
            where = f"{source}#L{number}"
            if line is None:
                yield _too_large(where, max_bytes)
                continue
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


def read_json(path: Path, source: str, *, max_bytes: int) -> Iterator[RawDoc | Failed]:
    """A JSON file holding one article object or an array of them. It is parsed whole, so it must fit
    in `max_bytes` (else one `Failed`: JSONL streams any size)."""
    size = path.stat().st_size
    if size > max_bytes:
        reason = f"too large to parse whole ({size:,} bytes > {max_bytes:,}); write it as JSONL or pass --max-bytes"
        yield Failed(source, "ingest", reason)
        return
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


class _TooLarge(Exception):
    """The CSV record being read went past the per-article limit."""


class _RecordLines:
    """The lines of a CSV file, for the csv module, that raise `_TooLarge` once the record being read
    passes `max_bytes` characters: a field is never held whole, however long (a quoted field may span lines).
    """

    def __init__(self, handle: IO[str], max_bytes: int) -> None:
        self._handle, self._max = handle, max_bytes
        self._size = self._quotes = 0  # characters and quote marks of the record being read
        self._last = ""

    def start_record(self) -> None:
        self._size = self._quotes = 0

    def __iter__(self) -> _RecordLines:
        return self

    def __next__(self) -> str:
        # never more than one character past the limit, so a line without end is not read whole
        line = self._handle.readline(self._max + 1 - self._size)
        if not line:
            raise StopIteration
        self._size += len(line)
        self._quotes += line.count('"')
        self._last = line
        if self._size > self._max:
            raise _TooLarge
        return line

    def skip_record(self) -> None:
        """Read past the rest of the record that went over, keeping nothing. It ends at a line end
        outside quotes: with the quote marks doubled inside a quoted field (as CSV writes them), the
        count of quote marks is even there."""
        if not _ends_line(self._last):
            self._quotes += _skip_line(self._handle)
        while self._quotes % 2:
            line = self._handle.readline(_SKIP_CHUNK)
            if not line:
                return
            self._quotes += line.count('"')
            if not _ends_line(line):
                self._quotes += _skip_line(self._handle)


def read_csv(path: Path, source: str, *, max_bytes: int) -> Iterator[RawDoc | Failed]:
    """One `RawDoc` per row after the header (``source#L<n>``, the header being L1); an unusable row or
    one over `max_bytes` characters is one `Failed` and the rows after it go on. Malformed CSV ends
    the file with one `Failed`; raises `InputError` when a ``.gz`` file is a bomb."""
    dialect = "excel-tab" if ".tsv" in path.suffixes else "excel"
    with _open_text(path, source, max_bytes) as handle:
        lines = _RecordLines(handle, max_bytes)
        try:
            header = next(csv.reader(lines, dialect=dialect), None)
        except _TooLarge:
            yield Failed(source, "ingest", f"header row too large (over {max_bytes:,} characters): not a CSV table?")
            return
        except csv.Error as exc:
            yield Failed(source, "ingest", f"malformed CSV ({exc})")
            return
        if header is None:
            return
        number = 1
        while True:
            # a new reader after a record that went over: the old one stopped inside it
            reader = csv.DictReader(lines, fieldnames=header, dialect=dialect)
            try:
                for row in _rows(reader, lines):
                    number += 1
                    where = f"{source}#L{number}"
                    try:
                        yield record_to_raw(row, where)
                    except InputError as exc:
                        yield Failed(where, "ingest", exc.reason)
                return
            except _TooLarge:
                number += 1
                lines.skip_record()
                yield _too_large(f"{source}#L{number}", max_bytes)
            except csv.Error as exc:
                yield Failed(source, "ingest", f"malformed CSV ({exc})")
                return


def _rows(reader: csv.DictReader, lines: _RecordLines) -> Iterator[dict[str, Any]]:
    """The rows of `reader`, each record's size counted from zero."""
    while True:
        lines.start_record()
        row = next(reader, None)
        if row is None:
            return
        yield row


def read_parquet(path: Path, source: str, *, max_bytes: int) -> Iterator[RawDoc | Failed]:
    """One `RawDoc` per row (``source#<n>``, from 0); a row over `max_bytes` characters of text is one
    `Failed`. Batches are sized from the file's metadata to hold about `max_bytes` of data each."""
    import pyarrow.lib
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except (pyarrow.lib.ArrowException, OSError) as exc:
        yield Failed(source, "ingest", f"not a readable Parquet file ({exc})")
        return
    meta = table.metadata
    stored = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    # rows of long articles come a few at a time, so one batch never holds many limits' worth
    batch_size = max(1, min(1024, max_bytes * meta.num_rows // max(stored, 1)))
    number = 0
    for batch in table.iter_batches(batch_size=batch_size):
        for row in batch.to_pylist():
            where = f"{source}#{number}"
            number += 1
            if sum(len(value) for value in row.values() if isinstance(value, (str, bytes))) > max_bytes:
                yield _too_large(where, max_bytes)
                continue
            try:
                yield record_to_raw(row, where)
            except InputError as exc:
                yield Failed(where, "ingest", exc.reason)
