"""Following a feed served on 127.0.0.1: each item is read once, polls are conditional, stories update."""

from __future__ import annotations

import time
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler

import httpx
import pytest
from typer.testing import CliRunner

from newsprism.cli import app as cli
from newsprism.corpus.follow import parse_every, poll_feed
from newsprism.serve import create_app
from newsprism.settings import Settings
from newsprism.store import Store
from tests.conftest import SEED
from tests.ingest.conftest import answer
from tests.serve.conftest import serve_in_thread

pytestmark = pytest.mark.network_local


class NewsSite:
    """A feed and the pages it links to, on the local server; counts every request per path."""

    def __init__(self, server) -> None:
        self.server, self.items, self.hits = server, [], Counter()
        self.pages = {f"/{name}": (SEED / f"{name}.txt").read_bytes() for name in ("reuters", "xinhua")}
        for path, body in self.pages.items():
            server.routes[path] = self._page(path, body)
        server.routes["/world.rss"] = self._feed
        self.url = server.url("/world.rss")

    def publish(self, name: str, title: str, day: str) -> None:
        self.items.append((name, title, day))

    def _etag(self) -> str:
        return f'"{len(self.items)}"'

    def _feed(self, handler: BaseHTTPRequestHandler) -> None:
        self.hits["/world.rss"] += 1
        if handler.headers.get("If-None-Match") == self._etag():
            handler.send_response(304)
            handler.end_headers()
            return
        entries = "".join(
            f"<item><title>{title}</title><link>{self.server.url('/' + name)}</link><pubDate>{day}</pubDate></item>"
            for name, title, day in self.items
        )
        body = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>{entries}</channel></rss>'.encode()
        )
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("ETag", self._etag())
        handler.send_header("Last-Modified", formatdate(usegmt=True))
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _page(self, path: str, body: bytes):
        page = answer(body, "text/plain; charset=utf-8")

        def route(handler: BaseHTTPRequestHandler) -> None:
            self.hits[path] += 1
            page(handler)

        return route


@pytest.fixture
def site(local_server) -> NewsSite:
    return NewsSite(local_server)


def follow_once(site: NewsSite, db) -> str:
    result = CliRunner().invoke(cli, ["follow", site.url, "--db", str(db), "--polls", "1", "--allow-private"])
    assert result.exit_code == 0, result.output
    return result.output


def test_follow_reads_each_item_once_and_asks_conditionally(site, tmp_path):
    db = tmp_path / "news.duckdb"
    site.publish("reuters", "Top diplomats see no breakthrough", "Fri, 21 Jan 2022 10:37:00 GMT")
    assert "1 items, 1 read, 1 new" in follow_once(site, db)
    site.publish("xinhua", "Russia, U.S. top diplomats hold talks in Geneva", "Sat, 22 Jan 2022 02:00:00 GMT")
    assert "2 items, 1 read, 1 new" in follow_once(site, db)
    assert "not modified" in follow_once(site, db)
    assert site.hits == {"/world.rss": 3, "/reuters": 1, "/xinhua": 1}
    with Store(db, read_only=True) as store:
        assert store.count() == 2
        [story] = store.stories()
        assert story.outlets == ("Reuters", "Xinhua")
        [feed] = store.feeds()
        assert feed.url == site.url and feed.etag == '"2"' and feed.status == "not modified"


def test_a_feed_that_is_not_there_fails_in_one_line(local_server, tmp_path):
    result = CliRunner().invoke(
        cli,
        [
            "follow",
            local_server.url("/missing.rss"),
            "--db",
            str(tmp_path / "n.duckdb"),
            "--polls",
            "1",
            "--allow-private",
        ],
    )
    assert result.exit_code == 1
    assert "HTTP 404" in result.output


def test_the_app_shows_new_stories_from_a_followed_feed_without_a_restart(site, tmp_path):
    site.publish("reuters", "Top diplomats see no breakthrough", "Fri, 21 Jan 2022 10:37:00 GMT")
    app = create_app(tmp_path / "news.duckdb", Settings(allow_private=True), follow=[site.url], every=0.5)
    for live in serve_in_thread(app):
        with httpx.Client(base_url=live.url(""), timeout=30) as client:
            first = wait_for(client, lambda stories: stories["total"] == 1)
            site.publish("xinhua", "Russia, U.S. top diplomats hold talks in Geneva", "Sat, 22 Jan 2022 02:00:00 GMT")
            both = wait_for(client, lambda stories: stories["items"] and len(stories["items"][0]["outlets"]) == 2)
            assert both["items"][0]["id"] == first["items"][0]["id"]
            assert both["items"][0]["outlets"] == ["Reuters", "Xinhua"]
            feeds = client.get("/api/feeds").json()
            assert [feed["url"] for feed in feeds] == [site.url]
            page = client.get("/").text
            assert ">Top diplomats see no breakthrough<" in page  # the feed's title for its item
    assert site.hits["/reuters"] == 1 and site.hits["/xinhua"] == 1


def wait_for(client: httpx.Client, condition, seconds: float = 60.0) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        stories = client.get("/api/stories").json()
        if condition(stories):
            return stories
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s: {stories}")


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("30s", 30), ("10m", 600), ("2h", 7200), ("1.5d", 129600)])
def test_intervals(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "ten minutes", "0m", "-5s", "5y"])
def test_bad_intervals(text):
    with pytest.raises(ValueError, match="not an interval"):
        parse_every(text)


def test_a_feed_whose_item_is_a_feed_is_not_followed_in_a_loop(local_server, tmp_path):
    feed = local_server.url("/loop.rss")
    body = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loop</title>'
        f"<item><title>Me again</title><link>{feed}</link></item></channel></rss>"
    ).encode()
    local_server.page("/loop.rss", body, content_type="application/rss+xml")
    with Store(tmp_path / "news.duckdb") as store:
        poll = poll_feed(feed, store, Settings(allow_private=True))
    assert poll.items == 1 and poll.counts.failed == 1
    assert "a feed, where an article page was expected" in poll.failures[0].reason
