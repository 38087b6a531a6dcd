"""Comparisons: one stored `Comparison` per story, kept until the story's articles change.

`put_comparison` stores (or replaces) the comparison of a story, `put_comparisons` those of many
stories in one transaction (a corpus compared in batches); writing a story's articles or
copies (see `grouping`) deletes it, so a comparison read back is always of the story as it stands.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa

from newsprism.records import Comparison
from newsprism.store.database import Database, now, to_json


class Comparisons(Database):
    """The part of `Store` that keeps the comparison of each story."""

    def put_comparison(self, story_id: str, comparison: Comparison) -> None:
        """Store the comparison of story `story_id`, replacing any earlier one; ValueError for an
        unknown story. It is dropped when the story's articles change."""
        self.put_comparisons({story_id: comparison})

    def put_comparisons(self, comparisons: Mapping[str, Comparison]) -> None:
        """Store the comparison of each story (story id → comparison) in one transaction, replacing
        earlier ones; ValueError, writing nothing, when a story is unknown."""
        if not comparisons:
            return
        rows = pa.table(
            {
                "story_id": list(comparisons),
                "schema": [comparison.schema for comparison in comparisons.values()],
                "json": [to_json(comparison.to_dict()) for comparison in comparisons.values()],
                "created_at": pa.array([now()] * len(comparisons), pa.timestamp("us")),
            }
        )
        # one statement for the batch (DuckDB runs executemany row by row: 6 ms a story)
        with self._transaction_with("_compared", rows) as con:
            unknown = con.execute(
                "SELECT story_id FROM _compared WHERE story_id NOT IN (SELECT id FROM stories) ORDER BY story_id LIMIT 1"
            ).fetchall()
            if unknown:
                raise ValueError(f"no story {unknown[0][0]!r} in {self.path}")
            con.execute(
                "INSERT INTO comparisons SELECT story_id, schema, json, created_at FROM _compared "
                "ON CONFLICT (story_id) DO UPDATE "
                "SET schema = excluded.schema, json = excluded.json, created_at = excluded.created_at"
            )

    def comparison(self, story_id: str) -> Comparison | None:
        """The stored comparison of story `story_id`, or None."""
        rows = self._con.execute("SELECT json FROM comparisons WHERE story_id = ?", [story_id]).fetchall()
        return Comparison.from_json(rows[0][0]) if rows else None

    def comparisons(self) -> dict[str, Comparison]:
        """Every stored comparison, by story id, read in one query."""
        rows = self._con.execute("SELECT story_id, json FROM comparisons").fetchall()
        return {story_id: Comparison.from_json(text) for story_id, text in rows}

    def compared_stories(self) -> set[str]:
        """The ids of the stories that have a stored comparison."""
        return {row[0] for row in self._con.execute("SELECT story_id FROM comparisons").fetchall()}
