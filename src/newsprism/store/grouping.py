"""What the clustering side writes and asks: stories' articles, near-duplicate copies, neighbourhoods.

`replace_stories` writes the whole assignment of articles to stories, `assign_stories` that of some
articles (streaming clustering); either way the store derives each story's headline, dates, size and
outlets from its articles and drops the comparison of every story whose articles changed.
`set_copies` records near-duplicates (a wire copy or another version of one article), whose outlets
do not count among their story's. `neighbourhood` and `stories_of` tell a streaming update which
articles to cluster again and where they were.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyarrow as pa

from newsprism.store.database import Database, now
from newsprism.store.stories import EARLIEST

# a story's outlets (its articles `a`, linked by `sa`), sorted, as JSON: a copy of another article
# of the same story does not count
_STORY_OUTLETS = """coalesce(to_json(list_sort(list_distinct(list(a.outlet) FILTER (
    WHERE a.outlet IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM copies c JOIN story_articles sb ON sb.article_id = c.canonical_id
        WHERE c.article_id = a.id AND sb.story_id = sa.story_id))))), '[]')"""


class Grouping(Database):
    """The part of `Store` that the clustering side writes stories and copies through."""

    def replace_stories(self, assignments: Mapping[str, str]) -> int:
        """Make `assignments` (article id → story id) the whole story table, in one transaction.

        Articles left out belong to no story afterwards; stories left without articles are deleted.
        Each story's headline (its earliest article's), first and last publication date, size and
        outlets are derived from its articles; a story whose articles changed loses its stored
        comparison. Raises ValueError, writing nothing, when an article id is not in the store.
        Returns how many stories changed (made, altered or deleted).
        """
        return self._write_stories(assignments, replace=True)

    def assign_stories(self, assignments: Mapping[str, str]) -> int:
        """Put the given articles into the given stories, leaving every other article where it is:
        the incremental form of `replace_stories` for streaming clustering. Same derivations and
        errors; returns how many stories changed."""
        return self._write_stories(assignments, replace=False)

    def _write_stories(self, assignments: Mapping[str, str], *, replace: bool) -> int:
        table = _pairs("article_id", "story_id", ((article, str(story)) for article, story in assignments.items()))
        # which links go: all that differ (replace), or only those of the articles given (assign)
        scope = "TRUE" if replace else "sa.article_id IN (SELECT article_id FROM _assign)"
        steps = [
            f"""CREATE TEMP TABLE _gone AS SELECT sa.story_id, sa.article_id FROM story_articles sa
                WHERE {scope} AND NOT EXISTS (
                    SELECT 1 FROM _assign n WHERE n.article_id = sa.article_id AND n.story_id = sa.story_id)""",
            """CREATE TEMP TABLE _added AS SELECT n.story_id, n.article_id FROM _assign n
                WHERE NOT EXISTS (
                    SELECT 1 FROM story_articles sa WHERE sa.article_id = n.article_id AND sa.story_id = n.story_id)""",
            """DELETE FROM story_articles sa WHERE EXISTS (
                SELECT 1 FROM _gone g WHERE g.story_id = sa.story_id AND g.article_id = sa.article_id)""",
            "INSERT INTO story_articles SELECT story_id, article_id FROM _added",
            "CREATE TEMP TABLE _touched AS SELECT story_id FROM _gone UNION SELECT story_id FROM _added",
            "DELETE FROM comparisons WHERE story_id IN (SELECT story_id FROM _touched)",
            """DELETE FROM stories WHERE id IN (SELECT story_id FROM _touched)
                AND id NOT IN (SELECT story_id FROM story_articles)""",
            f"""CREATE TEMP TABLE _derived AS SELECT
                    sa.story_id AS id,
                    first(a.headline ORDER BY {EARLIEST}) FILTER (WHERE a.headline IS NOT NULL) AS headline,
                    first(a.published ORDER BY a.published_utc, a.seq) FILTER (WHERE a.published_utc IS NOT NULL)
                        AS first_published,
                    first(a.published ORDER BY a.published_utc DESC, a.seq DESC)
                        FILTER (WHERE a.published_utc IS NOT NULL) AS last_published,
                    count(*) AS size,
                    {_STORY_OUTLETS} AS outlets
                FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                WHERE sa.story_id IN (SELECT story_id FROM _touched)
                GROUP BY sa.story_id""",
            # update in place rather than delete and insert: older DuckDB rejects a key deleted and
            # inserted again in one transaction
            """UPDATE stories SET headline = d.headline, first_published = d.first_published,
                last_published = d.last_published, size = d.size, outlets = d.outlets, updated_at = $1
                FROM _derived d WHERE stories.id = d.id""",
            "INSERT INTO stories SELECT *, $1 FROM _derived WHERE id NOT IN (SELECT id FROM stories)",
        ]
        moment = now()
        with self._transaction_with("_assign", table, temporary=("_gone", "_added", "_touched", "_derived")) as con:
            unknown = con.execute(
                "SELECT article_id FROM _assign WHERE article_id NOT IN (SELECT id FROM articles) "
                "ORDER BY article_id LIMIT 6"
            ).fetchall()
            if unknown:
                shown = ", ".join(row[0] for row in unknown[:5]) + (", …" if len(unknown) > 5 else "")
                raise ValueError(f"not articles of {self.path}: {shown}")
            for step in steps:
                con.execute(step, [moment] if "$1" in step else None)
            return self._scalar("SELECT count(*) FROM _touched")

    def set_copies(self, canonical: Mapping[str, str], *, scope: Iterable[str] | None = None) -> int:
        """Record near-duplicates: `canonical` maps article ids to the article each copies (an id
        mapped to itself is an original). The links of the articles in `scope` (default: all) are
        replaced. A copy's outlet does not count among its story's outlets, and stories whose copies
        changed lose their stored comparison. Returns how many stories changed."""
        table = _pairs(
            "article_id", "canonical_id", ((id, original) for id, original in canonical.items() if id != original)
        )
        scoped = "TRUE" if scope is None else "article_id IN (SELECT unnest($1::VARCHAR[]))"
        params = None if scope is None else [list(scope)]
        with self._transaction_with("_links", table, temporary=("_changed", "_touched")) as con:
            con.execute(
                f"""CREATE TEMP TABLE _changed AS
                    (SELECT article_id, canonical_id FROM copies WHERE {scoped}
                     EXCEPT SELECT article_id, canonical_id FROM _links)
                    UNION (SELECT article_id, canonical_id FROM _links
                     EXCEPT SELECT article_id, canonical_id FROM copies)""",
                params,
            )
            con.execute(f"DELETE FROM copies WHERE {scoped}", params)
            con.execute("INSERT OR REPLACE INTO copies SELECT article_id, canonical_id FROM _links")
            con.execute(
                """CREATE TEMP TABLE _touched AS SELECT DISTINCT story_id FROM story_articles
                   WHERE article_id IN (SELECT article_id FROM _changed)"""
            )
            con.execute("DELETE FROM comparisons WHERE story_id IN (SELECT story_id FROM _touched)")
            con.execute(
                f"""UPDATE stories SET outlets = d.outlets, updated_at = $1 FROM (
                    SELECT sa.story_id AS id, {_STORY_OUTLETS} AS outlets
                    FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                    WHERE sa.story_id IN (SELECT story_id FROM _touched) GROUP BY sa.story_id) d
                   WHERE stories.id = d.id""",
                [now()],
            )
            return self._scalar("SELECT count(*) FROM _touched")

    def copies(self, article_ids: Iterable[str] | None = None) -> dict[str, str]:
        """Copy → the article it copies, for the given articles (default: all)."""
        if article_ids is None:
            return dict(self._con.execute("SELECT article_id, canonical_id FROM copies").fetchall())
        rows = self._con.execute(
            "SELECT article_id, canonical_id FROM copies WHERE article_id IN (SELECT unnest($1::VARCHAR[]))",
            [list(article_ids)],
        ).fetchall()
        return dict(rows)

    def neighbourhood(self, article_ids: Iterable[str], days: float) -> list[str]:
        """The articles a streaming update must re-cluster together with `article_ids`: these, every
        article published within `days` of one of them (undated ones: ingested within `days`), and
        every article of a story any of those belongs to. Ids, in ingest order."""
        ids = list(article_ids)
        rows = self._con.execute(
            """WITH new AS (SELECT id, coalesce(published_utc, ingested_at) - to_seconds($2 * 86400) AS since,
                                   coalesce(published_utc, ingested_at) + to_seconds($2 * 86400) AS until
                            FROM articles WHERE id IN (SELECT unnest($1::VARCHAR[]))),
                    near AS (SELECT a.id FROM articles a JOIN new n  -- a range join, not a scan per pair
                             ON coalesce(a.published_utc, a.ingested_at) BETWEEN n.since AND n.until
                             UNION SELECT id FROM new),
                    grown AS (SELECT id FROM near UNION
                              SELECT sa2.article_id FROM story_articles sa1
                              JOIN story_articles sa2 ON sa2.story_id = sa1.story_id
                              WHERE sa1.article_id IN (SELECT id FROM near))
               SELECT a.id FROM articles a WHERE a.id IN (SELECT id FROM grown) ORDER BY a.seq""",
            [ids, days],
        ).fetchall()
        return [row[0] for row in rows]

    def ungrouped(self) -> list[str]:
        """The ids of the articles in no story (ingested since stories were last grouped), in ingest order."""
        rows = self._con.execute(
            "SELECT id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.article_id = a.id) "
            "ORDER BY seq"
        ).fetchall()
        return [row[0] for row in rows]

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The story each of `article_ids` belongs to (those in none are left out)."""
        rows = self._con.execute(
            "SELECT article_id, story_id FROM story_articles WHERE article_id IN (SELECT unnest($1::VARCHAR[]))",
            [list(article_ids)],
        ).fetchall()
        return dict(rows)


def _pairs(first: str, second: str, pairs: Iterable[tuple[str, str]]) -> pa.Table:
    """`pairs` of ids as an Arrow table of two text columns, `first` and `second`."""
    rows = list(pairs)
    return pa.table(
        {first: [a for a, _ in rows], second: [b for _, b in rows]},
        schema=pa.schema([(first, pa.string()), (second, pa.string())]),
    )
