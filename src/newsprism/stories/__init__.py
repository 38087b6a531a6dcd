"""Stories: group articles that report the same event, without parsing them.

Each article is read cheaply: its headline and lead (the first `LEAD_WORDS` words) embedded with
static vectors distilled from the packaged MiniLM (`models.load_static_encoder`, tens of thousands
of texts a second), its names (capitalised words and acronyms of the headline and lead), and its
date. One scorer decides whether an article joins a story:

    score = cosine(article, story centroid) + names · (share of the article's names the story has)
            - late · (days past the story's last article beyond `window_days`) / window_days

and the article joins the best-scoring recent story when the score reaches `threshold`, else it
starts one. `StoryStream` does this as articles arrive in time order, keeping only stories active
within the window (bounded memory, so last month's story does not swallow today's);
`cluster` runs the stream over a whole corpus in date order and then re-assigns every article to
its best final story, which repairs what arrived before its story had formed. The weights and the
threshold are tuned on training data by `benchmarks/stories.py` and shipped in `data/stories.json`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources

import numpy as np

from newsprism.models import Encoder, load_static_encoder
from newsprism.records import Article

LEAD_WORDS = 60
_NAME = re.compile(r"\b(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?|[A-Z]{2,}(?:\.[A-Z])*)\b")
COMMON_CAPITALS = frozenset(
    """The A An In On At For And But Or If As It Its He She They We I This That These Those His Her Their Our
    After Before When While With From By To Of Mr Mrs Ms Dr New Monday Tuesday Wednesday Thursday Friday Saturday
    Sunday January February March April May June July August September October November December""".split()
)


@dataclass(frozen=True, slots=True)
class StoryParams:
    names: float  # weight of the name overlap
    late: float  # penalty per window of lateness
    threshold: float
    window_days: float
    source: str = ""


@cache
def story_params() -> StoryParams:
    data = json.loads(resources.files("newsprism.data").joinpath("stories.json").read_text(encoding="utf-8"))
    return StoryParams(**data)


@dataclass(frozen=True, slots=True)
class Item:
    """What clustering reads of an article."""

    id: str
    headline: str
    body: str
    published: datetime | None = None


def lead(item: Item) -> str:
    return f"{item.headline}. " + " ".join(item.body.split()[:LEAD_WORDS])


def names(text: str) -> frozenset[str]:
    return frozenset(m.lower() for m in _NAME.findall(text) if m not in COMMON_CAPITALS)


@dataclass
class _Story:
    total: np.ndarray  # sum of member vectors
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
        self._totals = np.zeros((1024, 0), dtype=np.float32)  # row k: the sum of story k's vectors

    def add(self, items: Sequence[Item], start: int = 0) -> list[int]:
        """Story indices for `items` (numbered from `start` in the caller's order)."""
        vectors = self.encoder.encode([lead(item) for item in items])
        assigned = []
        for offset, (item, vector) in enumerate(zip(items, vectors, strict=True)):
            found = names(lead(item))
            self._expire(item.published)
            best, best_score = self._best(vector, found, item.published)
            if best is None or best_score < self.params.threshold:
                self.stories.append(_Story(vector.copy(), Counter(found), item.published, [start + offset]))
                best = len(self.stories) - 1
                self.active.append(best)
                self._grow(best, vector)
            else:
                story = self.stories[best]
                story.total += vector
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


def cluster(items: Sequence[Item], params: StoryParams | None = None, encoder: Encoder | None = None) -> list[int]:
    """Batch clustering: the stream over the corpus in date order, then every article re-assigned
    to its best final story. Returns one story label per item (labels are 0..k-1)."""
    params = params or story_params()
    encoder = encoder or load_static_encoder()
    order = sorted(range(len(items)), key=lambda i: (items[i].published is None, items[i].published or datetime.min))
    stream = StoryStream(params, encoder)
    labels = [0] * len(items)
    for at in range(0, len(order), 1024):
        chunk = order[at : at + 1024]
        for index, story in zip(chunk, stream.add([items[i] for i in chunk], start=at), strict=True):
            labels[index] = story
    # refinement: each article to its best story, its own story's centroid taken without it
    vectors = encoder.encode([lead(item) for item in items])
    found = [names(lead(item)) for item in items]
    stories = stream.stories
    totals = np.stack([s.total for s in stories])
    norms = np.clip(np.linalg.norm(totals, axis=1), 1e-12, None)
    for at in range(0, len(items), 1024):
        block = vectors[at : at + 1024]
        cosines = (block @ totals.T) / norms
        for row, i in enumerate(range(at, min(at + 1024, len(items)))):
            own = labels[i]
            rest = totals[own] - vectors[i]
            rest_norm = float(np.linalg.norm(rest))
            cosines[row, own] = float(rest @ vectors[i]) / rest_norm if rest_norm > 1e-6 else -1.0
            best, best_score = own, -1.0
            row_cosines = cosines[row]
            top = np.argpartition(-row_cosines, 10)[:10] if len(row_cosines) > 10 else range(len(row_cosines))
            for k in top:
                story = stories[k]
                story_names = story.names - Counter(found[i]) if k == own else story.names
                score = (
                    float(cosines[row, k])
                    + params.names * _share(found[i], story_names)
                    - stream._lateness(story, items[i].published)
                )
                if score > best_score:
                    best, best_score = int(k), score
            if best != own and best_score >= params.threshold:
                labels[i] = best
    renumber: dict[int, int] = {}
    return [renumber.setdefault(label, len(renumber)) for label in labels]


def item_of(article: Article) -> Item:
    """What clustering reads of an `Article`: headline, body and date (naive UTC)."""
    published = None
    if article.published:
        try:
            moment = datetime.fromisoformat(article.published)
        except ValueError:
            moment = None
        if moment is not None:
            published = moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
    return Item(article.id, article.headline or "", article.body, published)


def story_ids(items: Sequence[Item], labels: Sequence[int]) -> dict[str, str]:
    """Article id → story id; a story is named after its earliest article, so re-clustering the same
    corpus gives the same ids."""
    first: dict[int, Item] = {}
    for item, label in zip(items, labels, strict=True):
        known = first.get(label)
        if known is None or (item.published or datetime.max, item.id) < (known.published or datetime.max, known.id):
            first[label] = item
    return {item.id: "story-" + first[label].id[:16] for item, label in zip(items, labels, strict=True)}
