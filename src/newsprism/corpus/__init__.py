"""The corpus layer: every workflow over a store, written once for the CLI, the web app, the
benchmarks and the tests.

    from newsprism.corpus import compare_story, group_stories
    from newsprism.store import Store

    with Store("news.duckdb") as store:
        store.ingest(articles)              # ingest: read news into the store
        group_stories(store)                # group: the articles into stories (`group`)
        comparison = compare_story(store, "story-6083bc6a74c7d201")  # compare one story (`compare`)

`corpus.follow` follows feeds (poll, read each new item once, update the stories it joins) and
`corpus.outlets` profiles every outlet over the stories of a store.

Layers, from the bottom: records (`newsprism.records`, `errors`, `settings`), the stages (`ingest`,
`clean`, `annotate`, `stories`, `compare`) and the store, then this layer, then `render`, then the
CLI and the web app, which only parse and format (`tests/test_layers.py` holds every module to it).
"""

from newsprism.corpus.compare import (
    CompareCounts,
    Progress,
    annotate_story,
    compare_and_keep,
    compare_stories,
    compare_story,
    find_story,
    stories_with_articles,
    story_articles,
)
from newsprism.corpus.group import group_stories, group_ungrouped, update_stories

__all__ = [
    "CompareCounts",
    "Progress",
    "annotate_story",
    "compare_and_keep",
    "compare_stories",
    "compare_story",
    "find_story",
    "group_stories",
    "group_ungrouped",
    "stories_with_articles",
    "story_articles",
    "update_stories",
]
