"""Exclusive details on two real stories of the AllSides crawl: a name another outlet writes another
way is not what one outlet alone adds."""

from __future__ import annotations

import pytest

from newsprism.annotate import annotate
from newsprism.compare import compare
from tests.conftest import crawl_articles


def _details(story_id: str) -> dict[str, str]:
    comparison = compare(list(annotate(crawl_articles({story_id}))))
    return {fact.members[0].text: fact.articles[0] for fact in comparison.facts if fact.detail_of}


@pytest.mark.parametrize(
    ("story_id", "not_a_detail"),
    [
        # NBC's "the Department of Labor" is AP's and Fox Business's "the Labor Department"
        ("allsides-5618", "the Department of Labor"),
        # The Daily Wire's "Speaker of the House Nancy Pelosi’s (D-CA) …" (the tagger's "House Nancy Pelosi’s"):
        # NPR and CNN name Pelosi too
        ("allsides-5844", "the House Nancy Pelosi’s"),
    ],
)
def test_a_name_told_another_way_is_no_exclusive_detail(story_id, not_a_detail):
    details = _details(story_id)
    assert not_a_detail not in details, details
    assert details  # the story still has what one outlet alone adds ("Indiana", "344,750 a week earlier" …)
