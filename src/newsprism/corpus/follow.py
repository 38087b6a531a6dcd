"""Following feeds: poll RSS/Atom feeds, read each new item once, and update the stories it touches.

    from newsprism.corpus.follow import poll_feed
    with Store("news.duckdb") as store:
        poll = poll_feed("https://example.org/world.rss", store, settings)

A poll is a conditional request: the feed's last ``ETag`` and ``Last-Modified`` go back as
``If-None-Match`` / ``If-Modified-Since``, so an unchanged feed costs one small 304 answer. Item
links already read from the feed are not fetched again; an item whose page failed is tried again on
the next poll, and so are the items past a poll's limits (`max_feed_items`, `feed_poll_timeout`).
New articles join stories through `corpus.group.update_stories`, which re-clusters only the neighbourhood of
the new articles (those published within the story window of them, and the whole stories those
belong to) and leaves every other story as it is, so following a feed for months costs per poll
what the news of those days costs, not what the whole corpus costs.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin

from newsprism.clean import clean_all
from newsprism.corpus.group import update_stories
from newsprism.errors import FetchError, InputError
from newsprism.ingest import read_url
from newsprism.ingest.feeds import feed_items, read_items, within
from newsprism.ingest.fetch import fetch
from newsprism.records import Article, Failed, RawDoc
from newsprism.settings import Settings
from newsprism.store import FeedState, IngestCounts, Store

__all__ = ["Poll", "follow", "ingest_and_update", "parse_every", "poll_feed"]


@dataclass(frozen=True, slots=True)
class Poll:
    """What one poll of one feed did."""

    feed: str
    not_modified: bool = False
    items: int = 0  # items the feed lists
    fetched: int = 0  # item pages read this time (the rest were read before)
    counts: IngestCounts = IngestCounts()
    stories_changed: int = 0
    failures: tuple[Failed, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        if self.not_modified:
            return f"{self.feed}: not modified"
        if self.failures and not self.items:
            return f"{self.feed}: failed: {self.failures[0].reason}"
        return (
            f"{self.feed}: {self.items} items, {self.fetched} read, {self.counts}, "
            f"{self.stories_changed} stor{'y' if self.stories_changed == 1 else 'ies'} changed"
        )

    def to_dict(self) -> dict:
        return {
            "feed": self.feed,
            "not_modified": self.not_modified,
            "items": self.items,
            "fetched": self.fetched,
            **self.counts.to_dict(),
            "stories_changed": self.stories_changed,
            "failures": [f.to_dict() for f in self.failures],
        }


def poll_feed(url: str, store: Store, settings: Settings, *, lock: threading.Lock | None = None) -> Poll:
    """Poll the feed at `url` once: fetch it conditionally, ingest the items not read before, update
    the stories. The feed is followed from then on (it joins `store.feeds()`). A feed that cannot be
    fetched or parsed gives a `Poll` whose one failure names it; nothing raises.

    A poll reads at most `settings.max_feed_items` new items and starts none after
    `settings.feed_poll_timeout` (counted from the feed's own fetch); the items left wait for the next
    poll, and the poll's failures say how many (stage "feed"), so one hostile feed cannot hold a follower.

    `lock` (the web app's) is held around each use of the store, and not while pages are fetched.
    """
    lock = lock or threading.Lock()
    deadline = time.monotonic() + settings.feed_poll_timeout  # the feed's own fetch counts too
    with lock:
        state = store.feed(url) or FeedState(url)
    headers = {"If-None-Match": state.etag} if state.etag else {}
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    try:
        answer = fetch(url, within(settings, deadline), headers=headers)
        if answer.not_modified:
            with lock:
                store.record_poll(FeedState(url, state.etag, state.last_modified, status="not modified"))
            return Poll(url, not_modified=True)
        items = [(urljoin(answer.url, link), hints) for link, hints in feed_items(answer.data, url)]
    except (FetchError, InputError) as error:
        with lock:
            store.record_poll(FeedState(url, state.etag, state.last_modified, status=f"failed: {error.reason}"))
        return Poll(url, failures=(Failed(url, "ingest", error.reason),))
    with lock:
        seen = store.seen_links(url, (link for link, _ in items))
    unseen = [(link, hints) for link, hints in items if link not in seen]
    started: list[str] = []  # the items read this poll; the rest (over the limits) wait for the next

    def read_item(link: str, hints: dict[str, str], item_settings: Settings) -> Iterator[RawDoc | Failed]:
        started.append(link)
        return read_url(link, item_settings, hints=hints, feed_item=True)

    results = list(read_items(unseen, url, settings, read_item, deadline=deadline))
    # the feed's limit lines say what waits for the next poll: no input failed, so the store keeps none
    limits = [result for result in results if isinstance(result, Failed) and result.stage == "feed"]
    pages = clean_all(result for result in results if not (isinstance(result, Failed) and result.stage == "feed"))
    counts, changed, failures = ingest_and_update(pages, store, lock=lock)
    failed = {failure.source for failure in failures}
    status = f"{len(items)} items, {len(started) - len(failed)} read, {len(failed)} failed"
    if len(unseen) > len(started):
        status += f", {len(unseen) - len(started)} left for the next poll"
    with lock:
        store.record_poll(
            FeedState(url, answer.etag, answer.last_modified, status=status),
            seen=[link for link in started if link not in failed],
        )
    return Poll(url, False, len(items), len(started), counts, changed, (*failures, *limits))


def ingest_and_update(
    stream: Iterable[Article | Failed], store: Store, *, lock: threading.Lock | None = None
) -> tuple[IngestCounts, int, list[Failed]]:
    """Store the articles of `stream` and put the new ones into stories: the ingest path of `follow`
    and of the web app. Returns the counts, how many stories changed, and the failures."""
    lock = lock or threading.Lock()
    items = list(stream)  # a poll or a request is small; reading it first keeps the lock short
    failures = [item for item in items if isinstance(item, Failed)]
    with lock:
        counts = store.ingest(items)
        changed = update_stories(store, counts.added) if counts.added else 0
    return counts, changed, failures


def follow(
    feeds: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    every: float,
    polls: int | None = None,
    on_poll: Callable[[Poll], None] = lambda poll: None,
    stop: threading.Event | None = None,
    lock: threading.Lock | None = None,
) -> Iterator[Poll]:
    """Poll `feeds` (and every feed the store already follows) every `every` seconds, `polls` rounds
    (forever when None) or until `stop` is set; yields each `Poll`. A feed that fails is tried again
    next round."""
    stop = stop or threading.Event()
    lock = lock or threading.Lock()
    with lock:
        for url in feeds:
            store.follow_feed(url)
    done = 0
    while not stop.is_set() and (polls is None or done < polls):
        started = time.monotonic()
        with lock:
            urls = [state.url for state in store.feeds()]
        for url in urls:
            if stop.is_set():
                return
            try:
                poll = poll_feed(url, store, settings, lock=lock)
            except Exception as error:  # one feed's trouble must not stop the others
                reason = f"{type(error).__name__}: {error}"
                with lock:
                    store.record_poll(FeedState(url, status=f"failed: {reason}"))
                poll = Poll(url, failures=(Failed(url, "ingest", reason),))
            on_poll(poll)
            yield poll
        done += 1
        if polls is None or done < polls:
            stop.wait(max(0.0, every - (time.monotonic() - started)))


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.IGNORECASE)
_SECONDS = {None: 1, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """A polling interval as seconds: "90", "30s", "10m", "2h", "1d"; ValueError otherwise."""
    match = _DURATION.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"not an interval: {text!r} (write e.g. 30s, 10m, 2h)")
    return float(match.group(1)) * _SECONDS[match.group(2) and match.group(2).lower()]
