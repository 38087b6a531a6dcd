"""Annotate many articles on every core: worker processes that each load the spaCy pipeline once.

spaCy holds the GIL while it parses, so threads do not help; processes do. A pool of `processes`
workers starts on the first call that is worth it (`worth_it`) and stays for the life of the
process, like every other model. Workers are forked, as spaCy's own `n_process` does: they start
in a moment with the pipeline this process has loaded, and never re-run the caller's script (a
spawned worker imports `__main__` again). They run only spaCy and newsprism's annotate code, none of
the threads (encoder, server, store) they were forked beside. Each worker annotates contiguous chunks of articles (without linking people:
that needs the whole story, and `annotate` does it in this process) and sends the records back.
When the pool breaks (a worker killed, out of memory), the articles are annotated here instead and
the pool is started afresh next time.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache

from newsprism.records import AnnotatedArticle, Article

log = logging.getLogger(__name__)

# Below this many words the pool saves too little to be worth its round trips: the seed pair (1,100
# words) is annotated in this process, 2,000 words on 2 cores save about 0.2 s.
MIN_WORDS = 2000
CHUNKS_PER_PROCESS = 2  # smaller chunks even out the finishing times of the workers


def default_processes() -> int:
    """As many workers as the cores this process may use, at most 4."""
    return min(4, len(os.sched_getaffinity(0)))


def worth_it(articles: Sequence[Article], processes: int) -> bool:
    return processes > 1 and len(articles) > 1 and sum(len(a.body.split()) for a in articles) >= MIN_WORDS


def annotate_in_pool(articles: Sequence[Article], model: str, processes: int) -> list[AnnotatedArticle] | None:
    """`articles` annotated by the worker pool, in order and not linked; None when the pool broke."""
    pool = _pool(model, processes)
    bare = [dataclasses.replace(a, raw=None) for a in articles]  # the raw page stays here
    try:
        chunks = list(pool.map(_annotate_chunk, _chunks(bare, processes * CHUNKS_PER_PROCESS)))
    except BrokenProcessPool as error:
        log.warning("annotate workers stopped (%s); annotating in this process", error)
        _pool.cache_clear()
        return None
    annotated = [item for chunk in chunks for item in chunk]
    return [dataclasses.replace(item, article=article) for item, article in zip(annotated, articles, strict=True)]


def _chunks(articles: Sequence[Article], count: int) -> list[list[Article]]:
    """`articles` cut, in order, into at most `count` runs of about the same number of words."""
    total = sum(len(a.body.split()) for a in articles) or 1
    chunks: list[list[Article]] = [[]]
    done = 0
    for article in articles:
        if chunks[-1] and done >= total * len(chunks) / count:
            chunks.append([])
        chunks[-1].append(article)
        done += len(article.body.split())
    return chunks


@cache
def _pool(model: str, processes: int) -> ProcessPoolExecutor:
    from newsprism.models import load_pipeline

    load_pipeline(model)  # here, before the fork: the workers share it instead of loading it each
    return ProcessPoolExecutor(
        processes, mp_context=multiprocessing.get_context("fork"), initializer=_load, initargs=(model,)
    )


# In the worker -------------------------------------------------------------------------------

_MODEL: list[str] = []


def _load(model: str) -> None:
    from newsprism.models import load_pipeline

    load_pipeline(model)
    _MODEL.append(model)


def _annotate_chunk(articles: list[Article]) -> list[AnnotatedArticle]:
    from newsprism.annotate import annotate
    from newsprism.models import load_pipeline

    return list(annotate(articles, load_pipeline(_MODEL[0]), link=False, processes=1))
