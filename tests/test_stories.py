"""Story clustering: one event is one story, a similar but different event is another, and last
month's story does not take today's article. Run on the seed pair and, where present, ECB+."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from newsprism import read_articles
from newsprism.stories import Item, StoryStream, cluster, item_of, story_ids
from tests.conftest import shared_data


@pytest.fixture(scope="module")
def seed_items(seed_paths) -> list[Item]:
    return [item_of(a) for a in read_articles([seed_paths["reuters.txt"], seed_paths["xinhua.txt"]])]


def test_the_two_reports_of_one_event_are_one_story(seed_items):
    labels = cluster(seed_items)
    assert labels[0] == labels[1]
    assert seed_items[0].published is not None  # dates are read, in UTC


def test_a_month_later_the_same_words_start_a_new_story(seed_items):
    reuters = seed_items[0]
    later = replace(reuters, id="later", published=reuters.published + timedelta(days=30))
    stream = StoryStream()
    first, second = stream.add([reuters, later])
    assert first != second
    again = replace(reuters, id="again", published=reuters.published + timedelta(hours=5))
    assert StoryStream().add([reuters, again]) == [0, 0]


def test_story_ids_are_stable(seed_items):
    ids = story_ids(seed_items, [0, 0])
    assert len(set(ids.values())) == 1
    assert ids == story_ids(list(reversed(seed_items)), [0, 0])


def test_two_earthquakes_stay_apart():
    """ECB+ topic 3 (or the first topic present): each of its two events is its own story."""
    rows = [json.loads(line) for line in (shared_data("ecbplus") / "clustering_view.shared.jsonl").open()]
    topic = rows[0]["topic"]
    chosen = [r for r in rows if r["topic"] == topic]
    items = [Item(r["doc_id"], r.get("title") or "", r["text"], None) for r in chosen]
    labels = cluster(items)
    by_story: dict[str, set[int]] = {}
    for row, label in zip(chosen, labels, strict=True):
        by_story.setdefault(row["story_id"], set()).add(label)
    first, second = by_story.values()
    assert not (first & second), f"{topic}: the two events share a story"
