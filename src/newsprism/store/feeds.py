"""Followed feeds: each feed's state for conditional polls, and the items already read from it.

`newsprism follow` and the web app add feeds with `follow_feed`; after each poll `record_poll` saves
the feed's validators (ETag, Last-Modified) and status, and the links read, so that the next poll can
ask only for what changed and `seen_links` can skip every item fetched before.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsprism.records import FeedState
from newsprism.store.database import Database, iso, now


class Feeds(Database):
    """The part of `Store` that keeps the feeds followed."""

    def follow_feed(self, url: str) -> bool:
        """Add `url` to the feeds followed; False when it already was."""
        with self._transaction() as con:
            return bool(
                con.execute(
                    "INSERT INTO feeds (url, added_at) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING url", [url, now()]
                ).fetchall()
            )

    def feeds(self) -> list[FeedState]:
        """The feeds followed, in the order they were added."""
        rows = self._con.execute(
            "SELECT url, etag, last_modified, polled_at, status FROM feeds ORDER BY added_at, url"
        ).fetchall()
        return [FeedState(url, etag, modified, iso(polled) if polled else None, status)
                for url, etag, modified, polled, status in rows]  # fmt: skip

    def feed(self, url: str) -> FeedState | None:
        """The state of the followed feed `url`, or None when it is not followed."""
        return next((state for state in self.feeds() if state.url == url), None)

    def record_poll(self, state: FeedState, seen: Iterable[str] = ()) -> None:
        """Save what one poll of a feed learnt: its validators, its status, and the item links read."""
        moment = now()
        with self._transaction() as con:
            con.execute(
                """INSERT INTO feeds VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
                   last_modified = excluded.last_modified, polled_at = excluded.polled_at, status = excluded.status""",
                [state.url, state.etag, state.last_modified, moment, state.status, moment],
            )
            links = [[state.url, link, moment] for link in seen]
            if links:
                con.executemany("INSERT INTO feed_items VALUES (?, ?, ?) ON CONFLICT DO NOTHING", links)

    def seen_links(self, feed: str, links: Iterable[str]) -> set[str]:
        """Those of `links` already read from `feed`."""
        rows = self._con.execute(
            "SELECT link FROM feed_items WHERE feed = ? AND link IN (SELECT unnest(?::VARCHAR[]))", [feed, list(links)]
        ).fetchall()
        return {row[0] for row in rows}
