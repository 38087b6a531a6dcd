"""HTML responses from WARC files (warcio), streamed record by record."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader

from newsprism.errors import InputError
from newsprism.ingest.decode import content_id, decode
from newsprism.ingest.tables import decompression_bomb, expansion_limit
from newsprism.records import Failed, RawDoc

# WARC and HTTP header lines are short (a long cookie is a few KB); warcio reads one whole however
# long it is, so a gzip bomb of one endless "header" would fill memory
MAX_HEADER_LINE = 1 << 20


class _BoundedReader(DecompressingBufferedReader):
    """warcio's reader with a budget: raises `InputError` once more than `limit` bytes have been
    decompressed, or when a line (a header) runs past `MAX_HEADER_LINE` bytes."""

    def __init__(self, stream: object, source: str, limit: int, block_size: int) -> None:
        super().__init__(stream, block_size=block_size)
        self._source, self._limit = source, limit

    def _process_read(self, data: bytes) -> None:
        super()._process_read(data)
        if self.num_read > self._limit:  # warcio counts every byte it decompressed, across records
            raise decompression_bomb(self._source, self._limit)

    def readline(self, length: int | None = None) -> bytes:
        line = super().readline(MAX_HEADER_LINE if length is None else min(length, MAX_HEADER_LINE))
        if len(line) >= MAX_HEADER_LINE and not line.endswith(b"\n"):
            raise InputError(self._source, f"not a WARC: a header line runs past {MAX_HEADER_LINE:,} bytes")
        return line


def read_warc(path: Path, source: str, *, max_bytes: int) -> Iterator[RawDoc | Failed]:
    """Yield one `RawDoc` per HTML response; a truncated or corrupt archive ends with one `Failed`.
    A response over `max_bytes` is one `Failed`; raises `InputError` for a decompression bomb.

    warcio reads a cut-off archive quietly (a short last record, or no error at all), so each
    record is checked to be whole before it is yielded, and the records to reach the end of the file.
    """
    count = 0
    size = path.stat().st_size
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        # before the first record is read: the budget covers every byte warcio decompresses
        records.reader = _BoundedReader(records.fh, source, expansion_limit(path, max_bytes), records.reader.block_size)
        try:
            for number, record in enumerate(records, start=1):
                headers = record.http_headers
                content_type = (headers.get_header("Content-Type") or "") if headers else ""
                wanted = record.rec_type == "response" and "html" in content_type.lower()
                data = record.content_stream().read(max_bytes + 1) if wanted else b""
                records.read_to_end()
                # a whole record has a length (WARC Content-Length) and all of its bytes
                if not isinstance(record.raw_stream, LimitReader) or record.raw_stream.limit:
                    raise EOFError(f"record {number} is cut short")
                if not wanted:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{source}#{url}"
                count += 1
                try:
                    if len(data) > max_bytes:
                        raise InputError(where, f"too large (over {max_bytes:,} bytes)")
                    text, encoding = decode(data, where, html=True)
                except InputError as exc:
                    yield Failed(where, "ingest", exc.reason)
                    continue
                yield RawDoc(id=content_id(text), source=where, content=text, kind="html", url=url, encoding=encoding)
            if records.offset < size:
                raise EOFError(f"ends inside a record at byte {records.offset:,} of {size:,}")
        # warcio raises AttributeError on some records cut off inside their WARC headers
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error, AttributeError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            yield Failed(source, "ingest", f"truncated or corrupt WARC after {count} documents ({reason})")
