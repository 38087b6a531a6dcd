"""Annotate many articles on every core: worker processes that each hold the spaCy pipeline.

spaCy holds the GIL while it parses, so threads do not help; processes do. A pool of `processes`
workers starts on the first call that is worth it (`worth_it`) and stays for the life of the
process, like every other model; each worker loads the pipeline once, when it starts.

Workers come from a fork server (`multiprocessing`'s "forkserver"), started clean with spaCy and
newsprism's annotate code imported, not forked from the caller: they inherit none of its threads,
locks, sockets or open stores (a server's listening port, DuckDB's threads), and they exit when the
caller dies. Like any spawned process they import the caller's `__main__` module as
``__mp_main__``, so a script that annotates at its top level needs the usual
``if __name__ == "__main__":`` guard.

Each worker annotates contiguous chunks of articles (without linking people: that needs the whole
story, and `annotate` does it in this process) and sends the records back. When the pool fails (a
worker killed or out of memory, a fork refused, no answer within `deadline`), it is shut down, the
articles are annotated in this process instead, and a new pool starts next time.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
import pickle
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as PoolTimeout
from concurrent.futures.process import BrokenProcessPool
from functools import partial

from newsprism.annotate.document import annotate_with
from newsprism.annotate.sentences import news_pipeline
from newsprism.models import usable_cores
from newsprism.records import AnnotatedArticle, Article

log = logging.getLogger(__name__)

# Below this many words the pool saves too little to be worth its round trips: the seed pair (1,100
# words) is annotated in this process, 2,000 words on 2 cores save about 0.2 s.
MIN_WORDS = 2000
CHUNKS_PER_PROCESS = 2  # smaller chunks even out the finishing times of the workers
MAX_PROCESSES = 4
# No answer within this long is a failed pool: a minute for workers to start and load the
# pipeline, then 200 words a second (spaCy parses about 4,500 a second on one core).
START_SECONDS = 60.0
WORDS_PER_SECOND = 200.0


def default_processes() -> int:
    """As many workers as the cores this process may use, at most `MAX_PROCESSES`."""
    return min(MAX_PROCESSES, usable_cores())


def words(articles: Sequence[Article]) -> int:
    return sum(len(a.body.split()) for a in articles)


def worth_it(articles: Sequence[Article], processes: int) -> bool:
    return processes > 1 and len(articles) > 1 and words(articles) >= MIN_WORDS


def deadline(articles: Sequence[Article]) -> float:
    """Seconds the pool may take to annotate `articles` before it counts as failed."""
    return START_SECONDS + words(articles) / WORDS_PER_SECOND


_POOLS: dict[tuple[str, int], ProcessPoolExecutor] = {}


def annotate_in_pool(articles: Sequence[Article], model: str, processes: int) -> list[AnnotatedArticle] | None:
    """`articles` annotated by the worker pool, in order and not linked; None when the pool failed."""
    key = (model, processes)
    bare = [dataclasses.replace(a, raw=None) for a in articles]  # the raw page stays here
    try:
        pool = _POOLS.get(key) or _POOLS.setdefault(key, _start(model, processes))
        chunks = list(
            pool.map(
                partial(_annotate_chunk, model), _chunks(bare, processes * CHUNKS_PER_PROCESS), timeout=deadline(bare)
            )
        )
    except (BrokenProcessPool, PoolTimeout, OSError, pickle.PicklingError) as error:
        log.warning("annotate workers failed (%s: %s); annotating in this process", type(error).__name__, error)
        _stop(key)
        return None
    annotated = [item for chunk in chunks for item in chunk]
    return [dataclasses.replace(item, article=article) for item, article in zip(annotated, articles, strict=True)]


def _chunks(articles: Sequence[Article], count: int) -> list[list[Article]]:
    """`articles` cut, in order, into at most `count` runs of about the same number of words."""
    total = words(articles) or 1
    chunks: list[list[Article]] = [[]]
    done = 0
    for article in articles:
        if chunks[-1] and done >= total * len(chunks) / count:
            chunks.append([])
        chunks[-1].append(article)
        done += len(article.body.split())
    return chunks


def _start(model: str, processes: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["newsprism.annotate"])  # imported once, in the server
    return ProcessPoolExecutor(processes, mp_context=context, initializer=_load, initargs=(model,))


def stop_pools() -> None:
    """Kill every worker pool now, whatever it is annotating (a server shutting down): the next
    annotate starts a new one. Without this, the interpreter's exit waits for the work in flight."""
    for key in list(_POOLS):
        _stop(key)


def _stop(key: tuple[str, int]) -> None:
    """Shut the pool of `key` down without waiting (its workers are killed) and forget it."""
    pool = _POOLS.pop(key, None)
    if pool is None:
        return
    workers = list(getattr(pool, "_processes", {}).values())  # a hung worker would never stop by itself
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.kill()


# In the worker -------------------------------------------------------------------------------


def _load(model: str) -> None:
    import threading

    # A worker holds both ends of its job queue, so it would wait for jobs forever after the caller
    # is killed: a watchdog ends it when the caller's sentinel closes.
    threading.Thread(target=_exit_with, args=(multiprocessing.parent_process(),), daemon=True).start()
    news_pipeline(model)


def _exit_with(caller: multiprocessing.process.BaseProcess | None) -> None:
    if caller is not None:
        caller.join()
        os._exit(0)


def _annotate_chunk(model: str, articles: list[Article]) -> list[AnnotatedArticle]:
    return list(annotate_with(articles, news_pipeline(model)))
