"""Streaming clustering: articles arrive in time order; each joins the best recent story or starts one.

An article is scored against each active story's centroid:

    score = cosine(article, story centroid) + names · (share of the article's names the story has)
            - late · (days past the story's last article beyond `window_days`) / window_days

and joins the best-scoring story when the score reaches `stream_threshold`, else it starts one.
Only stories active within a few windows are kept as candidates (bounded work per article, so last
month's story does not swallow today's).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from newsprism.models import Encoder, load_static_encoder
from newsprism.stories.features import Item, lead, names
from newsprism.stories.params import StoryParams, story_params


@dataclass
class _Story:
    names: Counter
    last: datetime | None
    members: list[int]


class StoryStream:
    """Online clustering: `add` articles in time order; each gets the index of its story."""

    def __init__(self, params: StoryParams | None = None, encoder: Encoder | None = None) -> None:
        self.params = params or story_params()
        self.encoder = encoder or load_static_encoder()
        self.stories: list[_Story] = []
        self.active: list[int] = []  # stories that can still take articles
        self._totals = np.zeros((1024, 0), dtype=np.float32)  # row k: the sum of story k's member vectors

    def add(self, items: Sequence[Item], start: int = 0) -> list[int]:
        """Story indices for `items` (numbered from `start` in the caller's order)."""
        if not items:
            return []
        leads = [lead(item) for item in items]
        vectors = self.encoder.encode(leads)
        assigned = []
        for offset, (item, text, vector) in enumerate(zip(items, leads, vectors, strict=True)):
            found = names(text)
            self._expire(item.published)
            best, best_score = self._best(vector, found, item.published)
            if best is None or best_score < self.params.stream_threshold:
                self.stories.append(_Story(Counter(found), item.published, [start + offset]))
                best = len(self.stories) - 1
                self.active.append(best)
                self._grow(best, vector)
            else:
                story = self.stories[best]
                self._totals[best] += vector
                story.names.update(found)
                story.members.append(start + offset)
                if item.published is not None and (story.last is None or item.published > story.last):
                    story.last = item.published
            assigned.append(best)
        return assigned

    def _grow(self, index: int, vector: np.ndarray) -> None:
        if self._totals.shape[1] != len(vector):
            self._totals = np.zeros((1024, len(vector)), dtype=np.float32)
        if index >= len(self._totals):
            self._totals = np.concatenate([self._totals, np.zeros_like(self._totals)])
        self._totals[index] = vector

    def _expire(self, now: datetime | None, keep: float = 3.0) -> None:
        """Stories idle for more than `keep` windows take no more articles."""
        if now is None:
            return
        horizon = keep * self.params.window_days * 86400
        self.active = [
            s
            for s in self.active
            if self.stories[s].last is None or (now - self.stories[s].last).total_seconds() <= horizon
        ]

    def _best(self, vector: np.ndarray, found: frozenset[str], when: datetime | None) -> tuple[int | None, float]:
        if not self.active:
            return None, 0.0
        totals = self._totals[self.active]
        cosine = totals @ vector / np.clip(np.linalg.norm(totals, axis=1), 1e-12, None)
        top = np.argpartition(-cosine, 20)[:20] if len(cosine) > 20 else range(len(cosine))
        best, best_score = None, -1.0
        for k in top:
            story = self.stories[self.active[k]]
            score = float(cosine[k]) + self.params.names * _share(found, story.names) - self._lateness(story, when)
            if score > best_score:
                best, best_score = self.active[k], score
        return best, best_score

    def _lateness(self, story: _Story, when: datetime | None) -> float:
        if when is None or story.last is None:
            return 0.0
        days = abs((when - story.last).total_seconds()) / 86400
        return self.params.late * max(0.0, days - self.params.window_days) / self.params.window_days


def _share(found: frozenset[str], story_names: Counter) -> float:
    return sum(1 for n in found if n in story_names) / len(found) if found else 0.0


def stream(items: Sequence[Item], params: StoryParams | None = None, encoder: Encoder | None = None) -> list[int]:
    """The stream run over `items` in date order (undated ones last, in the order given): one story
    label per item, in the order given."""
    order = sorted(range(len(items)), key=lambda i: (items[i].published is None, items[i].published or datetime.min))
    labels = [0] * len(items)
    assigned = StoryStream(params, encoder).add([items[i] for i in order])
    for index, story in zip(order, assigned, strict=True):
        labels[index] = story
    return labels
