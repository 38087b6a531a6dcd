"""RSS and Atom feeds, served on 127.0.0.1: one RawDoc per item's page, with the feed's hints."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsprism import read_articles
from newsprism.ingest import read
from newsprism.ingest.feeds import read_items
from newsprism.records import Failed, RawDoc
from newsprism.settings import Settings

pytestmark = pytest.mark.network_local

LOCAL = Settings(allow_private=True, fetch_timeout=2.0)

STORIES = [
    ("/world/blinken-lavrov-geneva", "Top diplomats for U.S., Russia see no breakthrough at their Ukraine talks"),
    ("/world/nato-russia-demands", "Lavrov expects concrete response to Russian security demands"),
]


def _page(title: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>GENEVA, Jan 21 (Reuters) - {title}.</p></article></body></html>"
    ).encode()


# a feed as (document, item): the document holds the items at {items}; an item is the story at {link},
# its {title}, its index {n} and a day of January 2022, {day} (the 21st, the 22nd)
RSS = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Reuters World News</title>'
    "<link>https://www.reuters.com/world/</link><description>World</description>{items}</channel></rss>",
    "<item><title>{title}</title><link>{link}</link><author>simon.lewis@example.com (Simon Lewis)</author>"
    "<pubDate>Fri, 21 Jan 2022 1{n}:37:00 +0100</pubDate></item>",
)
ATOM = (
    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
    "<title>Xinhua World</title><id>urn:feed</id><updated>2022-01-22T00:00:00Z</updated>{items}</feed>",
    '<entry><title>{title}</title><link rel="alternate" href="{link}"/><id>urn:story:{n}</id>'
    "<updated>2022-01-{day}T09:30:00Z</updated><author><name>Xinhua</name></author></entry>",
)


def _feed(kind: tuple[str, str], links: list[str]) -> bytes:
    """The feed of `kind` (`RSS`, `ATOM`) with an item for each story of STORIES, linking to `links`."""
    document, item = kind
    stories = enumerate(zip(links, STORIES, strict=True))
    items = "".join(item.format(n=n, day=21 + n, link=link, title=title) for n, (link, (_, title)) in stories)
    return document.format(items=items).encode()


def _serve_stories(server) -> list[str]:
    return [server.page(path, _page(title)) for path, title in STORIES]


def test_rss_feed_yields_one_rawdoc_per_item_with_hints(local_server) -> None:
    links = _serve_stories(local_server)
    feed = local_server.page("/rss/world.xml", _feed(RSS, links), content_type="application/rss+xml")
    docs = list(read([feed], LOCAL))
    assert all(isinstance(doc, RawDoc) for doc in docs)
    assert [doc.source for doc in docs] == links
    assert [doc.content.encode() for doc in docs] == [_page(title) for _, title in STORIES]
    first, second = docs
    assert dict(first.hints) == {
        "title": STORIES[0][1],
        "feed": "Reuters World News",
        "authors": "simon.lewis@example.com (Simon Lewis)",
        "published": "2022-01-21T09:37:00+00:00",
        "url": links[0],
    }
    assert second.hint("published") == "2022-01-21T10:37:00+00:00"


def test_atom_feed_yields_one_rawdoc_per_entry_with_hints(local_server) -> None:
    links = _serve_stories(local_server)
    # served as plain XML: the bytes, not the content type, say it is a feed
    feed = local_server.page("/atom", _feed(ATOM, links), content_type="text/xml")
    first, second = read([feed], LOCAL)
    assert (first.source, second.source) == tuple(links)
    assert first.hint("title") == STORIES[0][1] and first.hint("feed") == "Xinhua World"
    assert first.hint("published") == "2022-01-21T09:30:00+00:00"
    assert second.hint("published") == "2022-01-22T09:30:00+00:00"
    assert first.kind == "html"


def test_relative_item_links_are_resolved_against_the_feed_url(local_server) -> None:
    # regression: "/world/…" was fetched as is and refused as "only http and https URLs"
    links = _serve_stories(local_server)
    relative = _feed(ATOM, [path for path, _ in STORIES])
    feed = local_server.page("/feeds/atom.xml", relative, content_type="application/atom+xml")
    assert [doc.source for doc in read([feed], LOCAL)] == links


def test_feed_file_on_disk_fetches_its_items(local_server, tmp_path: Path) -> None:
    links = _serve_stories(local_server)
    path = tmp_path / "world.rss"
    path.write_bytes(_feed(RSS, links))
    assert [doc.source for doc in read([path], LOCAL)] == links


def test_item_whose_page_fails_is_one_failed_and_the_feed_goes_on(local_server) -> None:
    links = _serve_stories(local_server)
    gone = local_server.url("/world/deleted-story")
    feed = local_server.page("/rss", _feed(RSS, [gone, links[1]]), content_type="application/rss+xml")
    failed, doc = read([feed], LOCAL)
    assert str(failed) == f"{gone}: HTTP 404 Not Found"
    assert isinstance(doc, RawDoc) and doc.source == links[1]


def test_local_feed_is_refused_by_default(local_server) -> None:
    links = _serve_stories(local_server)
    feed = local_server.page("/rss", _feed(RSS, links), content_type="application/rss+xml")
    [failed] = read([feed])
    assert isinstance(failed, Failed) and failed.source == feed
    assert "private or local address" in failed.reason


def test_xml_that_is_not_a_feed_is_one_failed(local_server) -> None:
    url = local_server.page("/sitemap", b"<?xml version='1.0'?><rss><broken", content_type="application/xml")
    [failed] = read([url], LOCAL)
    assert isinstance(failed, Failed)
    assert str(failed).startswith(f"{url}: not an RSS or Atom feed")


def _aggregator(links: list[str]) -> bytes:
    """A news aggregator's feed: its items are other outlets' pages, each named by ``<source>``."""
    items = "".join(
        f"<item><title>{title}</title><link>{link}</link>{source}</item>"
        for link, (_, title), source in zip(
            links, STORIES, ['<source url="https://www.reuters.com/">Reuters</source>', ""], strict=True
        )
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Top stories - News aggregator'
        f"</title><link>https://news.example.org/</link>{items}</channel></rss>"
    ).encode()


def test_an_aggregator_feed_names_no_outlet_over_its_items(local_server) -> None:
    # the first item names its source; the second item's page names its site: the feed's own title names neither
    site = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>{0}</title>"
        "<meta property='og:site_name' content='Xinhua'></head><body><article><h1>{0}</h1>"
        "<p>Top U.S. and Russian diplomats met on Friday in Geneva and agreed to keep talking, officials said.</p>"
        "</article></body></html>"
    )
    links = [
        local_server.page(STORIES[0][0], _page(STORIES[0][1])),
        local_server.page(STORIES[1][0], site.format(STORIES[1][1]).encode()),
    ]
    feed = local_server.page("/top.rss", _aggregator(links), content_type="application/rss+xml")
    first, second = read_articles([feed], LOCAL)
    assert first.outlet == "Reuters" and second.outlet == "Xinhua"


FEED = "https://example.org/world.rss"
ITEMS = [(f"https://example.org/story/{n}", {"title": f"Story {n}"}) for n in range(7)]


def test_read_items_reads_the_first_max_feed_items_and_reports_the_rest_in_one_line() -> None:
    read: list[tuple[str, float]] = []

    def read_item(link: str, hints: dict[str, str], settings: Settings) -> list[str]:
        read.append((link, settings.fetch_timeout))
        return [link]

    results = list(read_items(ITEMS, FEED, Settings(max_feed_items=3), read_item))
    assert read == [(link, 10.0) for link, _ in ITEMS[:3]]
    assert results == [link for link, _ in ITEMS[:3]] + [
        Failed(FEED, "feed", "4 items not read: past the limit of 3 per feed (max_feed_items)")
    ]


def test_read_items_gives_each_fetch_the_time_left_and_starts_none_after_the_deadline() -> None:
    timeouts: list[float] = []

    def read_item(link: str, hints: dict[str, str], settings: Settings) -> list[str]:
        timeouts.append(settings.fetch_timeout)
        time.sleep(0.6)
        return [link]

    settings = Settings(fetch_timeout=10.0, feed_poll_timeout=1.0)
    results = list(read_items(ITEMS, FEED, settings, read_item, deadline=time.monotonic() + 1.0))
    # the time left, rounded up to a tenth of a second: 1 s, then about 0.4 s
    assert len(timeouts) == 2 and timeouts[0] == 1.0 and 0.1 <= timeouts[1] <= 0.4
    assert results[2:] == [
        Failed(FEED, "feed", "5 items not read: the feed's time limit of 1 s ran out (feed_poll_timeout)")
    ]
