"""What the web app knows of its store: one `Store`, one lock, the settings, and comparisons on demand.

DuckDB gives one connection to the process; the app's request threads and its feed follower share
it through `CorpusState.lock`, held only around store calls. Annotating and comparing a story (seconds)
happen outside the lock, one story at a time (`_compare_lock`), and the result is stored, so the
next visitor of the story reads it back in milliseconds; the store drops it when the story changes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.corpus import story_articles
from newsprism.ingest.fetch import check_address
from newsprism.outlets import StoredProfiles, stored_profiles
from newsprism.records import AnnotatedArticle, Article, Comparison, Quote
from newsprism.settings import Settings
from newsprism.store import Store, StoredStory

__all__ = ["CorpusState"]


@dataclass
class CorpusState:
    """The store the app serves, with the lock that guards it and the settings it reads news with."""

    store: Store
    settings: Settings
    lock: threading.Lock = field(default_factory=threading.Lock)
    _compare_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, db: str | Path, settings: Settings) -> CorpusState:
        return cls(Store(db), settings)

    def close(self) -> None:
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
        articles when it was made now (the report then underlines quotes), else None."""
        with self.lock:
            stored = self.store.comparison(story.id)
        if stored is not None:
            return stored, None
        from newsprism.annotate import annotate
        from newsprism.compare import compare

        with self._compare_lock:
            with self.lock:
                stored = self.store.comparison(story.id)  # made by another request meanwhile
            if stored is not None:
                return stored, None
            annotated = list(annotate(self.articles_of(story), settings=self.settings))
            comparison = compare(annotated, settings=self.settings)
            with self.lock:
                if self.store.story(story.id) == story:  # unless the story changed meanwhile
                    self.store.put_comparison(story.id, comparison)
        return comparison, annotated

    def profiles(self) -> StoredProfiles:
        """The outlet profiles over the comparisons stored so far (`outlets.stored_profiles`: the app
        compares a story when it is opened; `newsprism outlets --db` compares them all)."""
        with self.lock:
            return stored_profiles(self.store)

    def quotes(self, article: Article) -> tuple[Quote, ...]:
        """The quotes of one article, read on its own (speakers resolved within it)."""
        from newsprism.annotate import annotate

        with self._compare_lock:
            return next(iter(annotate([article], settings=self.settings))).quotes
