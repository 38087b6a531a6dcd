"""The ingest stage: any pile of news in, one `RawDoc` (or one `Failed`) per document out.

`read(sources)` takes paths, globs, directories and URLs and streams documents: text and HTML
files (``.gz`` too), JSONL/JSON/CSV/TSV/Parquet tables, WARC archives, RSS/Atom feeds and web pages.
Nothing is read into memory ahead of need, so a 10 GB JSONL or WARC streams record by record.
A bad input yields a `Failed` naming it and the reason; the stream goes on.
"""

from __future__ import annotations

import glob
import gzip
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urljoin

from newsprism.errors import FetchError, InputError
from newsprism.ingest.decode import content_id, decode, looks_like_html
from newsprism.ingest.feeds import feed_items, looks_like_feed, read_items
from newsprism.ingest.fetch import fetch, is_url
from newsprism.ingest.tables import read_csv, read_json, read_jsonl, read_parquet
from newsprism.ingest.warc import read_warc
from newsprism.records import Failed, RawDoc
from newsprism.settings import Settings

__all__ = ["expand", "read", "read_bytes", "read_url"]

_SKIP = {".md", ".py", ".png", ".jpg", ".jpeg", ".gif", ".pdf", ".zip", ".DS_Store"}


def read(sources: Iterable[str | Path] | str | Path, settings: Settings | None = None) -> Iterator[RawDoc | Failed]:
    """Stream every document of every source, in the order given (directories sorted)."""
    settings = settings or Settings()
    if isinstance(sources, (str, Path)):
        # a lone path is a source, not an iterable of one-character sources (".", a directory!)
        sources = [sources]
    for source in sources:
        text = str(source)
        if is_url(text):
            yield from read_url(text, settings)
            continue
        paths = list(expand(text))
        if not paths:
            yield Failed(text, "ingest", "no such file, directory or glob match")
        for path in paths:
            # a file named directly keeps the spelling it was given ("./a.txt", not "a.txt")
            yield from read_path(path, settings, source=text if path == Path(text) else None)


def expand(source: str) -> Iterator[Path]:
    """A file, every file under a directory (sorted, hidden ones skipped), or a glob's matches."""
    path = Path(source)
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            relative = child.relative_to(path).parts
            if child.is_file() and not any(p.startswith(".") for p in relative) and child.suffix not in _SKIP:
                yield child
    elif path.exists():
        yield path
    elif glob.has_magic(source):
        for match in sorted(glob.glob(source, recursive=True)):
            if Path(match).is_file():
                yield Path(match)


def read_path(path: Path, settings: Settings, *, source: str | None = None) -> Iterator[RawDoc | Failed]:
    """One file: a container of records (table, WARC) or a single document (text, HTML, feed)."""
    source = source or str(path)
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    name = path.name.lower()
    try:
        # one budget, `max_file_bytes`: a document file once decompressed, a table's record, a WARC
        # record; a .gz table or WARC stops once it expands far past its size (a decompression bomb)
        limit = settings.max_file_bytes
        if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
            yield from read_jsonl(path, source, max_bytes=limit)
        elif name.endswith(".json"):
            yield from read_json(path, source, max_bytes=limit)
        elif name.endswith((".csv", ".tsv", ".csv.gz", ".tsv.gz")):
            yield from read_csv(path, source, max_bytes=limit)
        elif name.endswith(".parquet"):
            yield from read_parquet(path, source, max_bytes=limit)
        elif ".warc" in suffixes or ".arc" in suffixes:
            yield from read_warc(path, source, max_bytes=limit)
        else:
            yield from read_bytes(_read_file(path, settings), source, settings=settings)
    except (InputError, FetchError) as exc:
        yield Failed(source, "ingest", exc.reason)
    except (OSError, EOFError, zlib.error) as exc:
        # EOFError and zlib.error: a truncated or corrupt .gz table, found while streaming it
        yield Failed(source, "ingest", f"cannot read ({getattr(exc, 'strerror', None) or exc})")


def _read_file(path: Path, settings: Settings) -> bytes:
    """The bytes of one document file, decompressed if ``.gz``; raises `InputError` naming it when
    they are more than `max_file_bytes` (counted while decompressing: no more is ever read)."""
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise InputError(
            str(path),
            f"too large for one article ({size / 1e6:.0f} MB > {settings.max_file_bytes / 1e6:.0f} MB); "
            "split it or pass --max-bytes",
        )
    if path.suffix != ".gz":
        return path.read_bytes()
    try:
        with gzip.open(path) as handle:
            data = handle.read(settings.max_file_bytes + 1)
    except (OSError, EOFError) as exc:
        raise InputError(str(path), f"not a readable gzip file ({exc})") from None
    if len(data) > settings.max_file_bytes:
        raise InputError(
            str(path),
            f"too large for one article once decompressed (over {settings.max_file_bytes:,} bytes); pass --max-bytes",
        )
    return data


def read_bytes(
    data: bytes,
    source: str,
    *,
    url: str | None = None,
    content_type: str = "",
    settings: Settings | None = None,
    hints: dict[str, str] | None = None,
    feed_item: bool = False,
) -> Iterator[RawDoc | Failed]:
    """One document's bytes: a feed yields its items' pages, HTML or text yields one `RawDoc`.
    `feed_item`: the bytes are an item of a feed, so a feed here is refused (`InputError`)."""
    settings = settings or Settings()
    if looks_like_feed(data, content_type) and not looks_like_html(data):
        if feed_item:
            # an item of a feed that links to a feed (itself, or another): read no further
            raise InputError(source, "a feed, where an article page was expected (feed items are not followed)")
        # relative item links are relative to the feed's own URL; at most max_feed_items, within feed_poll_timeout
        items = [(urljoin(url or "", link), item_hints) for link, item_hints in feed_items(data, source)]
        yield from read_items(items, source, settings, _read_item)
        return
    html = "html" in content_type or looks_like_html(data) or source.lower().endswith((".html", ".htm", ".html.gz"))
    text, encoding = decode(data, source, encoding=settings.encoding, html=html)
    yield RawDoc(
        id=content_id(text),
        source=source,
        content=text,
        kind="html" if html else "text",
        url=url,
        encoding=encoding,
        hints=tuple(sorted((hints or {}).items())),
    )


def read_url(
    url: str, settings: Settings, *, hints: dict[str, str] | None = None, feed_item: bool = False
) -> Iterator[RawDoc | Failed]:
    """Fetch a web page or feed; a failure yields one `Failed` naming the URL. `feed_item`: the URL is
    an item of a feed, so it must be a page (a feed there is refused, not read: no loops)."""
    try:
        fetched = fetch(url, settings)
        hints = {**(hints or {}), "url": fetched.url}
        yield from read_bytes(
            fetched.data,
            url,
            url=fetched.url,
            content_type=fetched.content_type,
            settings=settings,
            hints=hints,
            feed_item=feed_item,
        )
    except (FetchError, InputError) as exc:
        yield Failed(url, "ingest", exc.reason)


def _read_item(link: str, hints: dict[str, str], settings: Settings) -> Iterator[RawDoc | Failed]:
    return read_url(link, settings, hints=hints, feed_item=True)
