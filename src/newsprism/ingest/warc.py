"""HTML responses from WARC files (warcio), streamed record by record."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsprism.errors import InputError
from newsprism.ingest.decode import content_id, decode
from newsprism.records import Failed, RawDoc


def read_warc(path: Path, source: str, *, max_bytes: int) -> Iterator[RawDoc | Failed]:
    """Yield one `RawDoc` per HTML response; a truncated or corrupt archive ends with one `Failed`."""
    count = 0
    with path.open("rb") as stream:
        try:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or not record.http_headers:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if "html" not in content_type.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{source}#{url}"
                data = record.content_stream().read(max_bytes + 1)
                count += 1
                try:
                    if len(data) > max_bytes:
                        raise InputError(where, f"too large (over {max_bytes:,} bytes)")
                    text, encoding = decode(data, where, html=True)
                except InputError as exc:
                    yield Failed(where, "ingest", exc.reason)
                    continue
                yield RawDoc(id=content_id(text), source=where, content=text, kind="html", url=url, encoding=encoding)
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            yield Failed(source, "ingest", f"truncated or corrupt WARC after {count} records ({reason})")
