"""Stories: group articles that report the same event, without parsing them.

Each article is read cheaply (`features`): its headline and lead embedded with static vectors
distilled from the packaged MiniLM, its names, the TF-IDF of its whole text, and its date. Two
modes share these features, one pair score and threshold, and the lateness penalty that keeps last
month's story from taking today's article:

* `cluster` (`batch`) re-clusters a whole corpus with average linkage over a pair score, scoring
  only the pairs that time blocking leaves as candidates, so cost grows near-linearly;
* `StoryStream` / `stream` (`stream`) take articles in time order, each joining the best recent
  story or starting one, then settling the stories around it as `cluster` would (so a split made
  by arrival order heals), in bounded memory.

A pair model (`pairs`), a cross-encoder a user names in settings (`story_pair_model`), can judge
each article's best partners in `cluster` too: slower, and closer to the gold stories.

`near_duplicates` (`duplicates`) links wire copies and updated versions of one article (MinHash LSH
over body shingles), so that a caller counts them as one article, not as separate outlets.
`score` measures a clustering against gold stories (B-cubed and pair-counting precision, recall
and F1): the stories benchmark and the tests score with it. The weights and thresholds are tuned
on training data by `benchmarks/stories.py` and shipped in `data/stories.json` (`story_params`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from newsprism.records import Article, published_utc
from newsprism.stories.batch import cluster
from newsprism.stories.duplicates import NEAR_DUPLICATE_JACCARD, near_duplicates
from newsprism.stories.features import LEAD_WORDS, Item, lead, names
from newsprism.stories.params import StoryParams, story_params
from newsprism.stories.stream import StoryStream, stream

__all__ = [
    "LEAD_WORDS",
    "NEAR_DUPLICATE_JACCARD",
    "Item",
    "StoryParams",
    "StoryStream",
    "cluster",
    "item_of",
    "lead",
    "names",
    "near_duplicates",
    "story_ids",
    "story_params",
    "stream",
]


def item_of(article: Article) -> Item:
    """What clustering reads of an `Article`: headline, body and date (naive UTC)."""
    return Item(article.id, article.headline or "", article.body, published_utc(article.published))


def story_ids(items: Sequence[Item], labels: Sequence[int]) -> dict[str, str]:
    """Article id → story id; a story is named after its earliest article, so re-clustering the same
    corpus gives the same ids."""
    first: dict[int, Item] = {}
    for item, label in zip(items, labels, strict=True):
        known = first.get(label)
        if known is None or (item.published or datetime.max, item.id) < (known.published or datetime.max, known.id):
            first[label] = item
    return {item.id: "story-" + first[label].id[:16] for item, label in zip(items, labels, strict=True)}
