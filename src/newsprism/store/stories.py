"""Reading stories: the story records and every query over the stored stories.

A story is a set of articles that the clustering side wrote (see `grouping`); the store derived its
headline, dates, size and outlets from its articles. Every way of reading whole stories (`stories`,
`story`, `stories_missed`, a page of `find_stories`) is one query of `Stories._read_stories`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import duckdb

from newsprism.records import StoredStory
from newsprism.store.database import Database, iso

# articles of a story, earliest first: dated ones by date, then undated ones, each in ingest order
EARLIEST = "a.published_utc NULLS LAST, a.seq"
# what `_stored_story` reads of a story `s`: its row and its article ids, earliest first
_STORY_COLUMNS = f"""s.id, s.headline, s.first_published, s.last_published, s.size, s.outlets,
    (SELECT list(sa.article_id ORDER BY {EARLIEST}) FROM story_articles sa
     JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = s.id),
    s.updated_at"""
_BIGGEST = "s.size DESC, s.id"  # biggest first, ties by id


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """Which stories `Store.find_stories` returns: all `words` in an article of the story, covered by
    `outlet`, with articles published from `since` to `until` (ISO dates, inclusive), sorted
    `newest` first or `biggest` first."""

    words: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    sort: str = "newest"


@dataclass(frozen=True, slots=True)
class StoryPage:
    """One page of stories and how many match in all."""

    total: int
    stories: tuple[StoredStory, ...]


class Stories(Database):
    """The part of `Store` that reads stories."""

    def _read_stories(
        self, where: str = "TRUE", params: Iterable[Any] = (), *, limit: int | None = None, offset: int = 0
    ) -> list[StoredStory]:
        """The stored stories `s` for which the SQL condition `where` holds (`params` fill its `?`),
        biggest first, `limit` of them (None: all) after the first `offset`."""
        rows = self._con.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories s WHERE {where} ORDER BY {_BIGGEST} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return [_stored_story(row) for row in rows]

    def stories(self, limit: int | None = None, offset: int = 0) -> Iterator[StoredStory]:
        """The stored stories, largest first (ties by id), each with its article ids earliest first."""
        yield from self._read_stories(limit=limit, offset=offset)

    def story_count(self) -> int:
        """How many stories the store holds."""
        return self._scalar("SELECT count(*) FROM stories")

    def story(self, id: str) -> StoredStory | None:
        """The story `id`, or None."""
        found = self._read_stories("s.id = ?", [id])
        return found[0] if found else None

    def stories_by_id(self, ids: Iterable[str]) -> list[StoredStory]:
        """The stories of `ids` that the store holds, in one query (biggest first)."""
        return self._read_stories("s.id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)])

    def stories_missed(self, outlet: str, limit: int | None = None) -> list[StoredStory]:
        """The stories at least two other outlets covered and `outlet` did not, biggest first."""
        return self._read_stories(
            "json_array_length(s.outlets) >= 2 AND NOT list_contains(CAST(s.outlets AS VARCHAR[]), ?)",
            [outlet],
            limit=limit,
        )

    def find_stories(self, query: StoryQuery | None = None, limit: int | None = None, offset: int = 0) -> StoryPage:
        """The stories matching `query`, a page at a time, with how many match in all.

        `query.words` must all occur (case-insensitive) in the headline or text of one of the story's
        articles; `outlet` must have covered it; `since`/`until` (ISO dates) bound its articles'
        publication dates. Sorted `newest` (latest article first, then biggest) or `biggest`.
        Raises ValueError when `since` or `until` is not a date.
        """
        query = query or StoryQuery()
        where, params = ["TRUE"], []
        for word in (query.words or "").split():
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append(
                """EXISTS (SELECT 1 FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                   WHERE sa.story_id = s.id AND (a.headline ILIKE ? ESCAPE '\\' OR a.body ILIKE ? ESCAPE '\\'))"""
            )
            params += [pattern, pattern]
        if query.outlet:
            where.append("list_contains(CAST(s.outlets AS VARCHAR[]), ?)")
            params.append(query.outlet)
        if query.since:
            where.append("d.last_utc >= CAST(? AS TIMESTAMP)")
            params.append(query.since)
        if query.until:
            where.append("d.first_utc < CAST(? AS TIMESTAMP) + INTERVAL 1 DAY")
            params.append(query.until)
        order = f"d.last_utc DESC NULLS LAST, {_BIGGEST}" if query.sort == "newest" else _BIGGEST
        dates = """(SELECT sa.story_id, min(a.published_utc) AS first_utc, max(a.published_utc) AS last_utc
                    FROM story_articles sa JOIN articles a ON a.id = sa.article_id GROUP BY sa.story_id)"""
        matching = f"FROM stories s LEFT JOIN {dates} d ON d.story_id = s.id WHERE {' AND '.join(where)}"
        try:
            # the page's ids, each with how many match in all; then the page's stories
            ids = self._con.execute(
                f"SELECT s.id, count(*) OVER () {matching} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset]
            ).fetchall()
        except duckdb.ConversionException as error:
            raise ValueError(f"not a date: {error}") from None
        if not ids:  # no match, or a page past the end
            return StoryPage(self._scalar(f"SELECT count(*) {matching}", params), ())
        rank = {id: index for index, (id, _) in enumerate(ids)}
        stories = self._read_stories("s.id IN (SELECT unnest(?::VARCHAR[]))", [list(rank)])
        return StoryPage(ids[0][1], tuple(sorted(stories, key=lambda story: rank[story.id])))

    def story_ids(self, prefixes: Iterable[str] | None = None) -> list[str]:
        """The ids of the stored stories (those starting with one of `prefixes`, when given), sorted."""
        if prefixes is None:
            return [row[0] for row in self._con.execute("SELECT id FROM stories ORDER BY id").fetchall()]
        rows = self._con.execute(
            """SELECT DISTINCT s.id FROM stories s JOIN (SELECT unnest($1::VARCHAR[]) AS prefix) p
               ON starts_with(s.id, p.prefix) ORDER BY s.id""",
            [list(prefixes)],
        ).fetchall()
        return [row[0] for row in rows]

    def coverage(self, story_ids: Iterable[str]) -> dict[str, dict[str, int]]:
        """For each story, how many of its articles each outlet published (articles with no outlet
        count under ""), outlets in order of name."""
        ids = list(story_ids)
        rows = self._con.execute(
            """SELECT sa.story_id, coalesce(a.outlet, ''), count(*) FROM story_articles sa
               JOIN articles a ON a.id = sa.article_id WHERE sa.story_id IN (SELECT unnest($1::VARCHAR[]))
               GROUP BY ALL ORDER BY 1, 2""",
            [ids],
        ).fetchall()
        found: dict[str, dict[str, int]] = {id: {} for id in ids}
        for story_id, outlet, count in rows:
            found[story_id][outlet] = count
        return found


def _stored_story(row: tuple) -> StoredStory:
    id, headline, first, last, size, outlets, articles, updated_at = row
    return StoredStory(
        id, headline, first, last, size, tuple(json.loads(outlets)), tuple(articles or ()), iso(updated_at)
    )
