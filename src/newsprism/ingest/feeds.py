"""RSS and Atom feeds (feedparser): every item's page is fetched and read like a URL, up to a number
of items and a time limit per feed."""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

import feedparser

from newsprism.errors import InputError
from newsprism.records import Failed
from newsprism.settings import Settings

_T = TypeVar("_T")


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


def read_items(
    items: Sequence[tuple[str, dict[str, str]]],
    feed: str,
    settings: Settings,
    read_item: Callable[[str, dict[str, str], Settings], Iterable[_T]],
    *,
    deadline: float | None = None,
) -> Iterator[_T | Failed]:
    """Read the items of the feed `feed` with ``read_item(link, hints, settings)``, within limits, so
    that a hostile feed (thousands of items, items that each hang) cannot hold its reader.

    At most `settings.max_feed_items` items are read, the first ones (feeds list their newest first).
    An item is started only before `deadline` (a `time.monotonic()` time; by default
    `settings.feed_poll_timeout` from the first item), and its fetch gets the time left when that is
    less than `fetch_timeout`. The items not read are one `Failed` naming the feed per cause (stage
    "feed": the feed's limits, not an input that failed); nothing raises but what `read_item` raises.
    """
    deadline = time.monotonic() + settings.feed_poll_timeout if deadline is None else deadline
    taken = items[: settings.max_feed_items]
    for done, (link, hints) in enumerate(taken):
        if time.monotonic() >= deadline:
            spent = f"the feed's time limit of {settings.feed_poll_timeout:g} s ran out (feed_poll_timeout)"
            yield Failed(feed, "feed", f"{len(taken) - done} items not read: {spent}")
            break
        yield from read_item(link, hints, within(settings, deadline))
    if len(items) > len(taken):
        past = f"past the limit of {settings.max_feed_items} per feed (max_feed_items)"
        yield Failed(feed, "feed", f"{len(items) - len(taken)} items not read: {past}")


def within(settings: Settings, deadline: float) -> Settings:
    """`settings` with a `fetch_timeout` that ends by `deadline` (a `time.monotonic()` time), rounded up
    to a tenth of a second (at least 0.1 s) so that "timed out after N s" reads well."""
    left = max(math.ceil((deadline - time.monotonic()) * 10) / 10, 0.1)
    return settings if left >= settings.fetch_timeout else dataclasses.replace(settings, fetch_timeout=left)
