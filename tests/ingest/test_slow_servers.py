"""Slow and hostile servers on 127.0.0.1 cannot hold a fetch, a feed read or a feed poll past its time.

Each case runs in a thread joined with a hard limit, so code that hangs fails the test instead of
hanging the suite.
"""

from __future__ import annotations

import select
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from newsprism.corpus.follow import poll_feed
from newsprism.errors import FetchError
from newsprism.ingest.fetch import fetch
from newsprism.settings import Settings
from newsprism.store import Store
from tests.conftest import SEED
from tests.ingest.conftest import answer

pytestmark = pytest.mark.network_local

RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nnews"


def within(seconds: float, call: Callable[[], Any]) -> tuple[Any, float]:
    """Run `call` in a thread; fail unless it returns (or raises) within `seconds`. Returns its result
    (or the exception it raised) and the seconds it took."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = call()
        except Exception as error:  # handed to the test, which checks which error it is
            box["result"] = error

    start = time.perf_counter()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    return box["result"], time.perf_counter() - start


def trickle(data: bytes, pause: float, fast: int = 0) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route that writes `data` raw (status line and headers included): its first `fast` bytes at
    once, then one byte every `pause` s."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(data[:fast])
        for byte in data[fast:]:
            handler.wfile.write(bytes([byte]))  # raises once the client has gone: the handler ends
            handler.wfile.flush()
            time.sleep(pause)

    return route


def hang(handler: BaseHTTPRequestHandler) -> None:
    """A route that answers nothing until the client closes the connection (or 30 s pass)."""
    select.select([handler.connection], [], [], 30)


def _times_out_at_one_second(local_server, path: str) -> None:
    """Fetching `path` with a 1 s fetch timeout fails saying so, within 2 s."""
    settings = Settings(allow_private=True, fetch_timeout=1.0)
    error, seconds = within(3.0, lambda: fetch(local_server.url(path), settings))
    assert isinstance(error, FetchError), error
    assert error.reason == "timed out after 1 s"
    assert seconds < 2.0


def test_headers_sent_one_byte_at_a_time_time_out_at_the_fetch_timeout(local_server) -> None:
    # regression: httpx's timeout bounds each read, and each byte of the status line arrives in time
    local_server.routes["/slowhdr"] = trickle(RESPONSE, pause=0.25)  # ~16 s for the whole answer
    _times_out_at_one_second(local_server, "/slowhdr")


def test_body_sent_one_byte_at_a_time_times_out_at_the_fetch_timeout(local_server) -> None:
    # already bounded before (the deadline was checked between chunks): kept as a guard
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 64\r\n\r\n"
    local_server.routes["/slowbody"] = trickle(head + b"x" * 64, pause=0.25, fast=len(head))
    _times_out_at_one_second(local_server, "/slowbody")


def test_slow_headers_after_a_redirect_count_against_the_same_deadline(local_server) -> None:
    def slow_redirect(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(0.6)
        handler.send_response(302)
        handler.send_header("Location", "/slowhdr")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    local_server.routes["/hop"] = slow_redirect
    local_server.routes["/slowhdr"] = trickle(RESPONSE, pause=0.25)
    settings = Settings(allow_private=True, fetch_timeout=1.0)
    error, seconds = within(3.0, lambda: fetch(local_server.url("/hop"), settings))
    assert isinstance(error, FetchError) and error.reason == "timed out after 1 s", error
    assert seconds < 2.0


class Feed:
    """An RSS feed of `n` items on the local server, each item's page served by `page`; counts hits."""

    def __init__(self, server, n: int, page: Callable[[BaseHTTPRequestHandler], None]) -> None:
        self.hits: Counter[str] = Counter()
        links = [server.url(f"/story/{i}") for i in range(n)]
        items = "".join(f"<item><title>Story {i}</title><link>{link}</link></item>" for i, link in enumerate(links))
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>'.encode()
        self.url = server.page("/world.rss", body, content_type="application/rss+xml")
        for i in range(n):
            server.routes[f"/story/{i}"] = self._counted(f"/story/{i}", page)

    def _counted(self, path: str, page: Callable[[BaseHTTPRequestHandler], None]):
        def route(handler: BaseHTTPRequestHandler) -> None:
            self.hits[path] += 1
            page(handler)

        return route


def test_a_feed_past_max_feed_items_reads_the_first_ones_and_leaves_the_rest_for_the_next_poll(
    local_server, tmp_path
) -> None:
    feed = Feed(local_server, 12, answer((SEED / "reuters.txt").read_bytes(), "text/plain; charset=utf-8"))
    settings = Settings(allow_private=True, fetch_timeout=2.0, max_feed_items=5)
    with Store(tmp_path / "news.duckdb") as store:
        poll, _ = within(60.0, lambda: poll_feed(feed.url, store, settings))
        assert set(feed.hits) == {f"/story/{i}" for i in range(5)}  # feeds list their newest first
        assert (poll.items, poll.fetched) == (12, 5)
        [skipped] = [failure for failure in poll.failures if failure.source == feed.url]
        assert skipped.reason == "7 items not read: past the limit of 5 per feed (max_feed_items)"
        poll, _ = within(60.0, lambda: poll_feed(feed.url, store, settings))
        assert poll.fetched == 5 and set(feed.hits.values()) == {1} and len(feed.hits) == 10


def test_a_feed_whose_items_all_hang_ends_its_poll_at_feed_poll_timeout(local_server, tmp_path) -> None:
    # regression: every hanging item cost a whole fetch timeout, so 20 of them held a poll 40 s
    feed = Feed(local_server, 8, hang)
    settings = Settings(allow_private=True, fetch_timeout=1.0, feed_poll_timeout=2.5)
    with Store(tmp_path / "news.duckdb") as store:
        poll, seconds = within(4.5, lambda: poll_feed(feed.url, store, settings))
    assert seconds < 3.5
    assert poll.items == 8 and 2 <= poll.fetched <= 3 and sum(feed.hits.values()) == poll.fetched
    [left] = [failure for failure in poll.failures if failure.source == feed.url]
    assert left.reason.startswith(f"{8 - poll.fetched} items not read: the feed's time limit of 2.5 s ran out")
    timed_out = [failure for failure in poll.failures if failure.source != feed.url]
    assert len(timed_out) == poll.fetched and all("timed out" in failure.reason for failure in timed_out)
