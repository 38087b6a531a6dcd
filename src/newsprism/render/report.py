"""The HTML report of a story of a store (`newsprism compare --db … --html`)."""

from __future__ import annotations

from pathlib import Path

from newsprism.corpus import annotate_story, compare_and_keep, find_story
from newsprism.records import Comparison
from newsprism.render.html import write_report
from newsprism.settings import Settings
from newsprism.store import Store

__all__ = ["write_story_report"]


def write_story_report(
    store: Store, story_id: str, path: str | Path, settings: Settings | None = None, *, refresh: bool = False
) -> tuple[Comparison, Path]:
    """Write the HTML report of story `story_id` to `path`; returns the comparison and the path.

    The page underlines quotes, which the stored comparison does not keep, so the story's articles
    are annotated again (one story: about a second); the comparison itself is the stored one when
    there is one. Raises what `corpus.compare_story` raises, and `OSError` when the page cannot be
    written.
    """
    story = find_story(store, story_id)
    annotated = annotate_story(store, story, settings)
    cached = None if refresh else store.comparison(story.id)
    comparison = cached or compare_and_keep(store, story, settings, annotated=annotated)[0]
    return comparison, write_report(comparison, path, annotated)
