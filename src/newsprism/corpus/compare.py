"""Compare the stories of a corpus: each story of a store compared once and kept with it.

    from newsprism.corpus import compare_stories, compare_story
    from newsprism.store import Store

    with Store("news.duckdb") as store:
        comparison = compare_story(store, "story-6083bc6a74c7d201")
        counts = compare_stories(store)  # every story with two or more outlets
        counts = compare_stories(store, ray=RayCluster(workers=8))  # the same, on 8 Ray actors

A comparison is the `compare` stage run on the annotated articles of one story, earliest first.
It is kept in the store (`Store.put_comparison`) and given back from there until the story's
articles change; the store drops it then, and the next call compares the story again.
`compare_stories` annotates the articles of all the stories still to compare in one annotate
pass on every core (models loaded once, articles read 64 stories at a time), links people within
each story and compares each while the next run of stories is annotated; or, given a `RayCluster`,
has Ray actors annotate and compare whole stories with the same functions (`scale.map_on_ray`).
Either way this process writes the comparisons, 32 per transaction; a story that fails becomes a
`Failed` value and the batch goes on.

A caller that shares its store between threads (the web app) passes its lock: `compare_and_keep`
holds it around each store call only, never while a story is annotated and compared.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from functools import partial
from itertools import islice
from typing import Any

from newsprism.errors import InputError, ModelError, NewsprismError
from newsprism.records import AnnotatedArticle, Article, Comparison, Failed
from newsprism.scale import RayCluster
from newsprism.settings import Settings
from newsprism.store import Store, StoredStory

__all__ = [
    "CompareCounts",
    "annotate_story",
    "compare_and_keep",
    "compare_stories",
    "compare_story",
    "find_story",
    "stories_with_articles",
    "story_articles",
]

# called after each story of a batch: (stories done, stories in the batch, the story just done)
Progress = Callable[[int, int, StoredStory], None]
WRITE_EVERY = 32  # comparisons a batch writes per transaction
READ_STORIES = 64  # stories whose articles a batch reads per query


@dataclass(frozen=True, slots=True)
class CompareCounts:
    """What one `compare_stories` did: stories `compared` now, stories whose stored comparison was
    `cached` already, stories `skipped` for having fewer outlets than asked, and the stories that
    `failed` (one `Failed` each, its source the story id)."""

    compared: int = 0
    cached: int = 0
    skipped: int = 0
    failed: tuple[Failed, ...] = ()

    def __str__(self) -> str:
        return f"{self.compared} compared, {self.cached} already compared, {len(self.failed)} failed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "compared": self.compared,
            "cached": self.cached,
            "skipped": self.skipped,
            "failed": [failure.to_dict() for failure in self.failed],
        }


def find_story(store: Store, story_id: str) -> StoredStory:
    """The story `story_id` of `store`; `InputError` naming the story and the store when there is none."""
    story = store.story(story_id)
    if story is None:
        raise InputError(story_id, f"no such story in {store.path}; `newsprism stories --db {store.path}` lists them")
    return story


def story_articles(store: Store, story: StoredStory) -> list[Article]:
    """The articles of `story` to compare, earliest first, as the store keeps them (each `id` its
    content hash). Near-duplicates (`Store.set_copies`) count once, as they do among the story's
    outlets, so a wire story republished by many sites is one voice, not many: each group of copies
    is told by its original, or by the longest version its own outlet published (an update)."""
    return _told(story, store.articles_by_id(story.articles), store.copies(story.articles))


def stories_with_articles(
    store: Store, stories: Iterable[StoredStory], per_read: int = READ_STORIES
) -> Iterator[tuple[StoredStory, list[Article]]]:
    """Each of `stories` with `story_articles`, read from the store `per_read` stories at a time
    (two queries for all of them, not two per story)."""
    stories = iter(stories)
    while chunk := list(islice(stories, per_read)):
        ids = [id for story in chunk for id in story.articles]
        found = {article.id: article for article in store.articles_by_id(ids)}
        copies = store.copies(ids)
        for story in chunk:
            articles = [found[id] for id in story.articles if id in found]
            yield story, _told(story, articles, {id: copies[id] for id in story.articles if id in copies})


def _told(story: StoredStory, articles: list[Article], copies: dict[str, str]) -> list[Article]:
    """`story_articles` from the story's `articles` (in its order) and its `copies` (copy → original)."""
    present = {article.id: article for article in articles}
    copies = {copy: original for copy, original in copies.items() if original in present}
    told: dict[str, Article] = {}
    for article in articles:  # earliest first, so a tie keeps the earliest
        original = present[copies.get(article.id, article.id)]
        if article.outlet != original.outlet:
            continue  # another outlet's copy: the original speaks for it
        best = told.get(original.id)
        if best is None or len(article.body) > len(best.body):
            told[original.id] = article
    kept = {article.id for article in told.values()}
    return [article for article in articles if article.id in kept]


def annotate_story(
    store: Store,
    story: StoredStory,
    settings: Settings | None = None,
    *,
    lock: AbstractContextManager[Any] | None = None,
) -> list[AnnotatedArticle]:
    """The annotated articles of `story`, earliest first, people linked across them; `ModelError`
    when no spaCy pipeline is installed. `lock`, when given, is held while the store is read only."""
    from newsprism.annotate import annotate

    with lock if lock is not None else nullcontext():
        articles = story_articles(store, story)
    return list(annotate(articles, settings=settings))


def compare_story(
    store: Store, story_id: str, settings: Settings | None = None, *, refresh: bool = False
) -> Comparison:
    """The comparison of story `story_id`: the stored one, or (when there is none, or with `refresh`)
    one made now from its annotated articles and stored.

    Raises `InputError` for an unknown story and `ModelError` when a model is missing.
    """
    story = find_story(store, story_id)
    cached = None if refresh else store.comparison(story.id)
    if cached is not None:
        return cached
    return compare_and_keep(store, story, settings)[0]


def compare_stories(
    store: Store,
    settings: Settings | None = None,
    *,
    min_outlets: int = 2,
    refresh: bool = False,
    progress: Progress | None = None,
    ray: RayCluster | None = None,
) -> CompareCounts:
    """Compare every story of `store` with at least `min_outlets` outlets that has no stored
    comparison (every one, with `refresh`), and store each comparison; returns the counts.

    Here (`ray` None), the articles of all those stories go through one annotate pass on every
    core, read from the store as the pass reaches them, and the next run of stories is annotated
    while this one is compared. With `ray`, Ray actors annotate and compare whole stories, the
    largest first (`scale.map_on_ray`; a local cluster or `ray.address`'s). Either way the same
    functions make the same comparisons, and this process writes them, `WRITE_EVERY` stories per
    transaction.
    `progress` is called after each story. A story whose comparison fails is counted as failed and
    the batch goes on; a missing model (`ModelError`) stops it, keeping what was compared.
    """
    from newsprism.annotate.sentences import news_pipeline

    settings = settings or Settings.load()
    stories = list(store.stories())
    wanted = [story for story in stories if len(story.outlets) >= min_outlets]
    done = set() if refresh else store.compared_stories()
    todo = [story for story in wanted if story.id not in done]
    if not todo:
        return CompareCounts(cached=len(wanted), skipped=len(stories) - len(wanted))
    news_pipeline(settings.spacy_model)  # a missing model stops the batch here, before any story
    if ray is None:
        outcomes = _compared_here(store, todo, settings)
    else:
        from newsprism.scale import map_on_ray

        # largest first: the last stories handed out are small, so no actor is left working alone
        # on a big one while the others idle at the end
        largest_first = sorted(todo, key=lambda story: (-len(story.articles), story.id))
        outcomes = map_on_ray(partial(_story_comparer, settings), stories_with_articles(store, largest_first), ray)
    failed: list[Failed] = []
    kept: dict[str, tuple[StoredStory, Comparison]] = {}
    try:
        for number, (story, outcome) in enumerate(outcomes, start=1):
            if isinstance(outcome, Failed):
                failed.append(outcome)
            else:
                kept[story.id] = (story, outcome)
            if len(kept) >= WRITE_EVERY:
                _keep_unchanged(store, kept)
            if progress is not None:
                progress(number, len(todo), story)
    finally:
        _keep_unchanged(store, kept)  # what was compared is kept, whatever stopped the batch
    return CompareCounts(
        compared=len(todo) - len(failed),
        cached=len(wanted) - len(todo),
        skipped=len(stories) - len(wanted),
        failed=tuple(failed),
    )


def compare_and_keep(
    store: Store,
    story: StoredStory,
    settings: Settings | None = None,
    *,
    annotated: Sequence[AnnotatedArticle] | None = None,
    lock: AbstractContextManager[Any] | None = None,
    keep: Callable[[], bool] = lambda: True,
) -> tuple[Comparison, list[AnnotatedArticle]]:
    """Compare `story` (its `annotated` articles, or those annotated now) and store the comparison
    while `keep()` says so and the story is as it was; returns the comparison and the annotated
    articles. `lock`, when given, is held around each store call and only there."""
    from newsprism.compare import compare

    if annotated is None:
        annotated = annotate_story(store, story, settings, lock=lock)
    comparison = compare(annotated, settings=settings)
    with lock if lock is not None else nullcontext():
        if keep() and store.story(story.id) == story:
            store.put_comparison(story.id, comparison)
    return comparison, list(annotated)


def compare_or_fail(
    story: StoredStory, annotated: Sequence[AnnotatedArticle], settings: Settings
) -> Comparison | Failed:
    """The comparison of `story`'s `annotated` articles, or the `Failed` that says why there is none;
    a missing model (`ModelError`) raises."""
    from newsprism.compare import compare

    try:
        return compare(annotated, settings=settings)
    except ModelError:
        raise
    except (NewsprismError, ValueError) as error:
        return Failed(story.id, "compare", str(error))


def _story_comparer(
    settings: Settings,
) -> Callable[[tuple[StoredStory, list[Article]]], tuple[StoredStory, Comparison | Failed]]:
    """What a Ray actor does with each story it is given (`scale.map_on_ray`): annotate its articles
    (people linked within it) and compare them, on the one core the actor has, models loaded once."""
    from newsprism.annotate import annotate

    one_core = dataclasses.replace(settings, annotate_processes=1)

    def compare_one(item: tuple[StoredStory, list[Article]]) -> tuple[StoredStory, Comparison | Failed]:
        story, articles = item
        return story, compare_or_fail(story, list(annotate(articles, settings=one_core)), settings)

    return compare_one


def _keep_unchanged(store: Store, kept: dict[str, tuple[StoredStory, Comparison]]) -> None:
    """Store the comparisons in `kept` of the stories that are as they were when compared (another
    writer of a shared store may have changed one since), in one transaction; empties `kept`."""
    current = {story.id: story for story in store.stories_by_id(list(kept))} if kept else {}
    store.put_comparisons({id: comparison for id, (story, comparison) in kept.items() if current.get(id) == story})
    kept.clear()


def _compared_here(
    store: Store, stories: Sequence[StoredStory], settings: Settings
) -> Iterator[tuple[StoredStory, Comparison | Failed]]:
    """Each story with its comparison (or failure), compared in this process: runs of stories of
    about `annotate.POOL_RUN` articles, each run annotated by one pass on every core (in a thread
    that waits on the workers) while the run before it is compared."""
    from newsprism.annotate import POOL_RUN, annotate
    from newsprism.annotate.people import link_people

    def annotated(run: list[tuple[StoredStory, list[Article]]]) -> list[AnnotatedArticle]:
        return list(annotate([article for _, articles in run for article in articles], settings=settings, link=False))

    def compared(
        run: list[tuple[StoredStory, list[Article]]], done: Future
    ) -> Iterator[tuple[StoredStory, Comparison | Failed]]:
        items = iter(done.result())
        for story, articles in run:
            yield story, compare_or_fail(story, link_people(list(islice(items, len(articles)))), settings)

    with ThreadPoolExecutor(1, thread_name_prefix="annotate-ahead") as ahead:
        waiting = None
        for run in _runs(store, stories, POOL_RUN):
            started = ahead.submit(annotated, run)
            if waiting is not None:
                yield from compared(*waiting)
            waiting = (run, started)
        if waiting is not None:
            yield from compared(*waiting)


def _runs(store: Store, stories: Sequence[StoredStory], size: int) -> Iterator[list[tuple[StoredStory, list[Article]]]]:
    """`stories` with their articles (read from the store now), in runs of whole stories of at least
    `size` articles (the last run may be shorter)."""
    run: list[tuple[StoredStory, list[Article]]] = []
    count = 0
    for story, articles in stories_with_articles(store, stories):
        run.append((story, articles))
        count += len(articles)
        if count >= size:
            yield run
            run, count = [], 0
    if run:
        yield run
