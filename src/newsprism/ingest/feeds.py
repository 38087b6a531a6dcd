"""RSS and Atom feeds (feedparser): every item's page is fetched and read like a URL."""

from __future__ import annotations

from collections.abc import Iterator

import feedparser

from newsprism.errors import InputError


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    if any(kind in content_type for kind in ("rss", "atom", "application/xml", "text/xml")):
        return True
    head = data[:2048].lstrip().lower()
    return (
        head.startswith(b"<?xml")
        and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)
        or head.startswith((b"<rss", b"<feed"))
    )


def feed_items(data: bytes, source: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield ``(item link, hints)`` for each item of an RSS/Atom document.

    Hints are what the feed says of the item (title, published, authors; outlet where the item names
    its source, as aggregators do with ``<source>``) and the feed's own title (``feed``), which names the
    outlet only where neither the item nor its page does: an aggregator's items are other outlets' pages.
    Raises `InputError` when the bytes are not a feed.
    """
    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        raise InputError(source, f"not an RSS or Atom feed ({parsed.get('bozo_exception', 'no items')})")
    feed_title = parsed.feed.get("title")
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        hints = {
            "title": entry.get("title"),
            "outlet": (entry.get("source") or {}).get("title"),
            "feed": feed_title,
            "authors": entry.get("author"),
        }
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            hints["published"] = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}+00:00".format(*stamp[:6])
        yield link, {k: v for k, v in hints.items() if v}
