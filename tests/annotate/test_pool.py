"""Worker processes annotate a long story exactly as one process does, and a dead worker loses nothing."""

from __future__ import annotations

import os
import signal

import pytest

from newsprism import read_articles
from newsprism.annotate import annotate
from newsprism.annotate import pool as annotate_pool
from newsprism.records import Article
from newsprism.settings import Settings


@pytest.fixture(scope="module")
def story(seed_paths) -> list[Article]:
    """The seed pair four times over (eight articles, 4,400 words: enough for the pool)."""
    pair = [a for a in read_articles(sorted(seed_paths.values())) if isinstance(a, Article)]
    return pair * 4


def test_the_pool_annotates_as_one_process_does(story):
    assert annotate_pool.worth_it(story, 2)
    alone = list(annotate(story, processes=1))
    pooled = list(annotate(story, processes=2))
    assert pooled == alone
    assert [a.article for a in pooled] == story  # the articles come back as given, raw page and all
    assert all(a.article.raw is b.raw for a, b in zip(pooled, story, strict=True))


def test_a_pair_is_annotated_in_this_process(story):
    assert not annotate_pool.worth_it(story[:2], 2)
    assert not annotate_pool.worth_it(story, 1)


def test_chunks_keep_order_and_balance_words(story):
    chunks = annotate_pool._chunks(story, 4)
    assert [a for chunk in chunks for a in chunk] == story
    assert 1 < len(chunks) <= 4


def test_a_killed_worker_falls_back_to_this_process(story):
    expected = list(annotate(story, processes=1))
    list(annotate(story, processes=2))  # the pool is up
    workers = annotate_pool._pool(Settings.load().spacy_model, 2)._processes
    for pid in list(workers):
        os.kill(pid, signal.SIGKILL)
    assert list(annotate(story, processes=2)) == expected  # annotated here instead
    assert list(annotate(story, processes=2)) == expected  # and a fresh pool next time


def test_a_stream_is_annotated_in_runs_on_the_pool(story, monkeypatch):
    """Without linking (a corpus), articles stream through the pool in runs: a long enough run goes
    to the workers, a short one is annotated here, and nothing changes order or content."""
    import newsprism.annotate

    monkeypatch.setattr(newsprism.annotate, "POOL_RUN", 5)  # a pooled run of 5, then a short run of 3
    assert annotate_pool.worth_it(story[:5], 2) and not annotate_pool.worth_it(story[5:], 2)
    expected = list(annotate(story, link=False, processes=1))
    assert list(annotate(iter(story), link=False, processes=2)) == expected
