"""What the web app knows of its store: one `Store`, one lock, the settings, and comparisons on demand.

The store is opened `shared` (see `newsprism.store.database`): the app holds the file only while it
uses it, read-only unless it writes, so `newsprism articles` and the other commands can read the
same file while the app runs. The app's request threads and its feed follower take turns through
`CorpusState.lock` (the store's `access`), held only around store calls; a use that finds the file
held by another process waits up to `STORE_WAIT` seconds for it, then fails with `Busy` (a 503).

Annotating and comparing a story (seconds; at most `max_article_chars` of each article is read)
happen outside the lock, in a thread of the story's own, and the result is stored
(`corpus.compare_and_keep`, given this lock), so the next visitor of the story reads it back in
milliseconds; the store drops it when the story changes. Stories are compared side by side, so a
long one holds up no other; a request waits `compare_wait` seconds for its story, then gets `Busy`
(a 503) while the work goes on, and visitors of a story being compared share its one comparison.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as NotYet
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsprism.corpus import compare_and_keep, group_ungrouped, story_articles
from newsprism.corpus.outlets import StoredProfiles, stored_profiles
from newsprism.errors import Busy
from newsprism.ingest.fetch import check_address
from newsprism.records import AnnotatedArticle, Article, Comparison, Quote
from newsprism.settings import Settings
from newsprism.store import Store, StoredStory

__all__ = ["STORE_WAIT", "CorpusState"]

STORE_WAIT = 10.0  # seconds a use of the store waits for another process to let go of the file


@dataclass
class CorpusState:
    """The store the app serves, with the lock that guards it and the settings it reads news with."""

    store: Store
    settings: Settings
    lock: AbstractContextManager[Any]
    # the comparisons under way: story id -> (the story as it was asked for, its result to come)
    _pending: dict[str, tuple[StoredStory, Future]] = field(default_factory=dict)
    _pending_lock: threading.Lock = field(default_factory=threading.Lock)
    _closing: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def open(cls, db: str | Path, settings: Settings) -> CorpusState:
        """The app's state over the store `db`, its articles all in stories: those ingested without
        (`newsprism ingest --no-stories`, or by an older newsprism) are grouped here, before serving."""
        store = Store(db, shared=True, wait=STORE_WAIT)
        try:
            with store.access:
                group_ungrouped(store)
        except BaseException:
            store.close()
            raise
        return cls(store, settings, store.access)

    def close(self) -> None:
        """Close the store; comparisons still under way are dropped, not stored, and the annotate
        workers are killed, so that shutting down waits for no story."""
        from newsprism.annotate.pool import stop_pools

        self._closing.set()
        stop_pools()
        with self.lock:
            self.store.close()

    def story(self, story_id: str) -> StoredStory | None:
        with self.lock:
            return self.store.story(story_id)

    def articles_of(self, story: StoredStory) -> list[Article]:
        """The story's articles, near-duplicates of another one left out (`corpus.story_articles`)."""
        with self.lock:
            return story_articles(self.store, story)

    def follow(self, url: str) -> bool:
        """Follow the feed at `url` (False when it already was); `FetchError` for an address the app
        may not fetch, so that only feeds it can poll are kept."""
        check_address(url, self.settings)
        with self.lock:
            return self.store.follow_feed(url)

    def comparison(self, story: StoredStory) -> tuple[Comparison, list[AnnotatedArticle] | None]:
        """The comparison of `story`, from the store or made now (and stored); with the annotated
        articles when it was made now (the report then underlines quotes), else None. Raises `Busy`
        when it is not made within `settings.compare_wait` seconds (it goes on being made)."""
        with self.lock:
            stored = self.store.comparison(story.id)
        if stored is not None:
            return stored, None
        with self._pending_lock:
            asked, future = self._pending.get(story.id, (None, None))
            if future is None or asked != story:  # none under way, or one of the story before it changed
                future = Future()
                self._pending[story.id] = (story, future)
                worker = threading.Thread(target=self._compare, args=(story, future), daemon=True)
                worker.name = f"newsprism-compare-{story.id}"
                worker.start()
        deadline = time.monotonic() + self.settings.compare_wait
        while True:
            try:
                return future.result(timeout=min(0.5, max(deadline - time.monotonic(), 0)))
            except NotYet:
                if time.monotonic() >= deadline or self._closing.is_set():
                    raise Busy(
                        f"story {story.id}", "still being compared (long articles); ask again in a minute"
                    ) from None
            except Exception:
                if self._closing.is_set():  # the work was cut off by the shutdown, not by the story
                    raise Busy(f"story {story.id}", "not compared: the app is shutting down") from None
                raise

    def _compare(self, story: StoredStory, future: Future) -> None:
        """Annotate and compare `story` (in its own daemon thread), store the result unless the story
        changed or the app is closing, and settle `future` with it or with the error."""
        try:
            closing = self._closing
            made = compare_and_keep(self.store, story, self.settings, lock=self.lock, keep=lambda: not closing.is_set())
            future.set_result(made)
        except BaseException as error:  # settled either way: the visitors waiting on it see the error
            future.set_exception(error)
        finally:
            with self._pending_lock:
                if self._pending.get(story.id, (None, None))[1] is future:
                    del self._pending[story.id]

    def profiles(self) -> StoredProfiles:
        """The outlet profiles over the comparisons stored so far (`outlets.stored_profiles`: the app
        compares a story when it is opened; `newsprism outlets --db` compares them all)."""
        with self.lock:
            return stored_profiles(self.store)

    def quotes(self, article: Article) -> tuple[Quote, ...]:
        """The quotes of one article, read on its own (speakers resolved within it)."""
        from newsprism.annotate import annotate

        return next(iter(annotate([article], settings=self.settings))).quotes
