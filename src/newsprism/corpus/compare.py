"""Compare the stories of a corpus: each story of a store compared once and kept with it.

    from newsprism.corpus import compare_stories, compare_story
    from newsprism.store import Store

    with Store("news.duckdb") as store:
        comparison = compare_story(store, "story-6083bc6a74c7d201")
        counts = compare_stories(store)  # every story with two or more outlets

A comparison is the `compare` stage run on the annotated articles of one story, earliest first.
It is kept in the store (`Store.put_comparison`) and given back from there until the story's
articles change; the store drops it then, and the next call compares the story again.
`compare_stories` annotates the articles of all the stories still to compare in one annotate
pass on every core (models loaded once, articles read as the pass needs them), links people within each story
and compares each; a story that fails becomes a `Failed` value and the batch goes on.

A caller that shares its store between threads (the web app) passes its lock: `compare_and_keep`
holds it around each store call only, never while a story is annotated and compared.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from itertools import islice
from typing import Any

from newsprism.errors import InputError, ModelError, NewsprismError
from newsprism.records import AnnotatedArticle, Article, Comparison, Failed
from newsprism.settings import Settings
from newsprism.store import Store, StoredStory

__all__ = [
    "CompareCounts",
    "annotate_story",
    "compare_and_keep",
    "compare_stories",
    "compare_story",
    "find_story",
    "story_articles",
]

# called after each story of a batch: (stories done, stories in the batch, the story just done)
Progress = Callable[[int, int, StoredStory], None]


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
    articles = store.articles_by_id(story.articles)
    present = {article.id: article for article in articles}
    copies = {copy: original for copy, original in store.copies(story.articles).items() if original in present}
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
) -> CompareCounts:
    """Compare every story of `store` with at least `min_outlets` outlets that has no stored
    comparison (every one, with `refresh`), and store each comparison; returns the counts.

    The articles of all those stories go through one annotate pass, read from the store as the
    pass reaches them; `progress` is called after each story. A story whose comparison fails is
    counted as failed and the batch goes on; a missing model (`ModelError`) stops it.
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
    failed = []
    for number, (story, annotated) in enumerate(_annotated_stories(store, todo, settings), start=1):
        try:
            compare_and_keep(store, story, settings, annotated=annotated)
        except ModelError:
            raise
        except (NewsprismError, ValueError) as error:
            failed.append(Failed(story.id, "compare", str(error)))
        if progress is not None:
            progress(number, len(todo), story)
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


def _annotated_stories(
    store: Store, stories: Sequence[StoredStory], settings: Settings
) -> Iterator[tuple[StoredStory, list[AnnotatedArticle]]]:
    """Each story with its annotated articles (people linked within the story), from one annotate
    pass over the articles of all of them (on every core); articles are read from the store as the
    pass needs them."""
    from newsprism.annotate import annotate
    from newsprism.annotate.speakers import link_people

    sizes: deque[tuple[StoredStory, int]] = deque()

    def articles_in_order() -> Iterator[Article]:
        for story in stories:
            articles = story_articles(store, story)
            sizes.append((story, len(articles)))
            yield from articles

    annotated = annotate(articles_in_order(), settings=settings, link=False)
    for first in annotated:
        # the pass reads ahead, so the story of `first` is the oldest one not yet given out;
        # stories without articles (none in a consistent store) take nothing from the pass
        while sizes[0][1] == 0:
            sizes.popleft()
        story, size = sizes.popleft()
        yield story, link_people([first, *islice(annotated, size - 1)])
