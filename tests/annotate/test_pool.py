"""Worker processes annotate a long story exactly as one process does, and a dead worker loses nothing."""

from __future__ import annotations

import dataclasses
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
    """The seed pair four times over (eight articles, 4,400 words: enough for the pool), each copy
    with a sentence of its own, so that articles out of order would show."""
    pair = [a for a in read_articles(sorted(seed_paths.values())) if isinstance(a, Article)]
    return [
        dataclasses.replace(article, id=f"{article.id}-{k}", body=f"{article.body}\n\nCopy {k} was filed by Ann Lee.")
        for k in range(4)
        for article in pair
    ]


@pytest.fixture
def pooled_runs(monkeypatch) -> list[int]:
    """How many articles each call of the pool annotated (None where the pool failed)."""
    runs: list = []
    real = annotate_pool.annotate_in_pool

    def spy(articles, model, processes):
        result = real(articles, model, processes)
        runs.append(None if result is None else len(result))
        return result

    monkeypatch.setattr("newsprism.annotate.annotate_in_pool", spy)
    return runs


def _workers() -> list:
    pool = annotate_pool._POOLS[(Settings.load().spacy_model, 2)]
    return list(pool._processes.values())


def test_the_pool_annotates_as_one_process_does(story, pooled_runs):
    alone = list(annotate(story, processes=1))
    pooled = list(annotate(story, processes=2))
    assert pooled_runs == [len(story)]  # the workers did it, all of it
    assert pooled == alone
    assert [a.article for a in pooled] == story  # the articles come back as given, raw page and all
    assert all(a.article.raw is b.raw for a, b in zip(pooled, story, strict=True))


def test_a_pair_is_annotated_in_this_process(story, pooled_runs):
    assert not annotate_pool.worth_it(story[:2], 2)
    assert not annotate_pool.worth_it(story, 1)
    list(annotate(story[:2], processes=2))
    assert pooled_runs == []


def test_chunks_keep_order_and_balance_words(story):
    chunks = annotate_pool._chunks(story, 4)
    assert [a for chunk in chunks for a in chunk] == story
    assert len(chunks) == 4
    share = annotate_pool.words(story) / 4
    assert all(abs(annotate_pool.words(chunk) - share) < 0.5 * share for chunk in chunks)


def test_a_killed_worker_falls_back_to_this_process(story, pooled_runs):
    expected = list(annotate(story, processes=1))
    list(annotate(story, processes=2))  # the pool is up
    killed = _workers()
    for worker in killed:
        os.kill(worker.pid, signal.SIGKILL)
    assert list(annotate(story, processes=2)) == expected  # annotated here instead
    assert list(annotate(story, processes=2)) == expected  # by a new pool
    assert pooled_runs == [len(story), None, len(story)]
    assert not {w.pid for w in killed} & {w.pid for w in _workers()}


def test_a_pool_that_does_not_answer_in_time_is_stopped(story, pooled_runs, monkeypatch):
    list(annotate(story, processes=2))
    monkeypatch.setattr(annotate_pool, "deadline", lambda articles: 0.001)
    stuck = _workers()
    assert list(annotate(story, processes=2)) == list(annotate(story, processes=1))
    assert pooled_runs[-1] is None
    for worker in stuck:
        worker.join(timeout=10)
        assert not worker.is_alive()


def test_a_stream_is_annotated_in_runs_on_the_pool(story, pooled_runs, monkeypatch):
    """Without linking (a corpus), articles stream through the pool in runs: a long enough run goes
    to the workers, a short one is annotated here, and nothing changes order or content."""
    import newsprism.annotate

    monkeypatch.setattr(newsprism.annotate, "POOL_RUN", 5)  # a pooled run of 5, then a short run of 3
    assert annotate_pool.worth_it(story[:5], 2) and not annotate_pool.worth_it(story[5:], 2)
    expected = list(annotate(story, link=False, processes=1))
    assert list(annotate(iter(story), link=False, processes=2)) == expected
    assert pooled_runs == [5]


def test_workers_exit_when_their_caller_is_killed(seed_paths, tmp_path):
    """A caller killed with SIGKILL (no chance to shut its pool down) leaves no worker behind."""
    import subprocess
    import sys
    import time

    script = tmp_path / "caller.py"
    script.write_text(
        "import sys, time\n"
        "from newsprism import read_articles\n"
        "from newsprism.annotate import annotate, pool\n"
        "if __name__ == '__main__':\n"
        f"    articles = list(read_articles({sorted(map(str, seed_paths.values()))!r})) * 4\n"
        "    list(annotate(articles, processes=2))\n"
        "    print(*[p.pid for p in next(iter(pool._POOLS.values()))._processes.values()], flush=True)\n"
        "    time.sleep(120)\n"
    )
    caller = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in caller.stdout.readline().split()]
    assert len(workers) == 2
    caller.kill()
    caller.wait()

    def alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True

    deadline = time.monotonic() + 20
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(pid) for pid in workers)
