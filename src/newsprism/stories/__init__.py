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
`cluster` re-clusters a whole corpus with average linkage over a pair score that adds the TF-IDF
cosine of the whole texts to the same terms. The weights and the
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
from newsprism.similarity import jaccard

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
    threshold: float  # batch: the mean pair score a story keeps
    window_days: float
    stream_threshold: float = 0.95  # stream: the score against a story's centroid that joins it
    static: float = 0.5  # batch: weight of the static-vector cosine beside the TF-IDF one
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


BATCH_LIMIT = 20_000  # above this, batch clustering runs the stream (the full linkage would not fit)


def pair_scores(items: Sequence[Item], params: StoryParams, encoder: Encoder | None = None) -> np.ndarray:
    """The score of every pair of articles: the cosine of their full-text TF-IDF (wording), plus
    `static` times the cosine of their headline-and-lead static vectors (meaning), plus `names`
    times their shared names, minus the lateness of one after the other beyond the window."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    encoder = encoder or load_static_encoder()
    leads = [lead(item) for item in items]
    static = encoder.encode(leads)
    try:
        tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [f"{item.headline}. {item.body}" for item in items]
        )
        wording = (tfidf @ tfidf.T).toarray().astype(np.float32)
    except ValueError:  # no words at all
        wording = np.zeros((len(items), len(items)), dtype=np.float32)
    score = wording + params.static * (static @ static.T)
    score += params.names * jaccard([names(text) for text in leads])
    return score - _lateness_matrix(items, params)


def stream(items: Sequence[Item], params: StoryParams | None = None, encoder: Encoder | None = None) -> list[int]:
    """The stream run over `items` in date order (undated ones last, in the order given): one story
    label per item, in the order given."""
    order = sorted(range(len(items)), key=lambda i: (items[i].published is None, items[i].published or datetime.min))
    labels = [0] * len(items)
    assigned = StoryStream(params, encoder).add([items[i] for i in order])
    for index, story in zip(order, assigned, strict=True):
        labels[index] = story
    return labels


def cluster(items: Sequence[Item], params: StoryParams | None = None, encoder: Encoder | None = None) -> list[int]:
    """Batch clustering of a whole corpus: average linkage over `pair_scores`, cut where the mean
    score of a story would fall below the threshold; a corpus above `BATCH_LIMIT` articles goes
    through the stream in date order instead. One label per item."""
    params = params or story_params()
    if len(items) < 2:
        return [0] * len(items)
    if len(items) > BATCH_LIMIT:
        return stream(items, params, encoder)
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    score = pair_scores(items, params, encoder)
    distance = np.clip(params.threshold + 1.0 - score, 0.0, None)  # joins while mean score ≥ threshold
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1.0, criterion="distance")
    renumber: dict[int, int] = {}
    return [renumber.setdefault(int(label), len(renumber)) for label in labels]


def _lateness_matrix(items: Sequence[Item], params: StoryParams) -> np.ndarray:
    days = np.array(
        [np.nan if i.published is None else i.published.timestamp() / 86400 for i in items], dtype=np.float64
    )
    gap = np.abs(days[:, None] - days[None, :])
    late = params.late * np.clip(gap - params.window_days, 0.0, None) / params.window_days
    return np.nan_to_num(late, nan=0.0).astype(np.float32)


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
