"""Streaming clustering: articles arrive in time order; each joins the best recent story or starts
one, and the stories around it are then settled as batch clustering would group them.

1. **Join.** A new article is scored against every member of the `CANDIDATE_STORIES` active
   stories nearest to it with the batch pair score (`batch`): the TF-IDF cosine of the whole texts,
   plus `static` times the cosine of the static vectors of headline and lead, plus `names` times
   the Jaccard of their names, minus lateness, minus `stranger` unless one of the two is among the
   other's `partners` best partners so far and within `margin` of its best (each member keeps the
   scores of its best, `_Members`, as batch ranks an article's candidates). Its score against a story is the mean over the
   story's members (average linkage, one article at a time), and it joins the best story when that
   mean reaches `threshold`, the batch's, else it starts one.
2. **Settle.** Joining one article at a time depends on arrival order: two reports of one event
   that arrive first can each start a story, and a story can take an article that a later one fits
   better. So the members of its own story and the `SETTLE_STORIES` stories nearest to it (at most
   `SETTLE_MEMBERS` articles) are re-clustered as `batch.cluster` would cluster them (the same
   pair score, best partners as each member has ranked them over all it was scored against, not
   among these few stories alone, where every article is among the others' best; average linkage
   cut at the same threshold), and each resulting group
   continues the story most of its members were in (`inherit`, as `follow.update_stories` does in
   the store). An earlier article can therefore move: `labels` holds every article's story now.
   On the held-out sets of `benchmarks/stories.py` (AllSides probe val, AllSides dated, ECB+ dev,
   BASIL) B-cubed F1 is 69.9 / 87.1 / 85.0 / 98.8 joining alone and 85.2 / 90.0 / 93.6 / 100
   settled, at about 2 ms an article (`SETTLE_STORIES = 0` switches settling off).

TF-IDF needs document frequencies that a stream cannot know in advance: terms are hashed
(`HASHED_TERMS` buckets, scikit-learn's `HashingVectorizer`) and their document frequencies counted
as articles arrive on top of the background documents that batch counts too (`hashed_background`),
so every score uses the inverse frequencies of everything seen so far.

Stories idle for more than `KEEP_WINDOWS` windows take no more articles and their members are
dropped, so last month's story does not swallow today's. Undated articles expire nothing, so the
stream also holds at most `HELD_MEMBERS` members: beyond, the stories that took an article least
recently are dropped until a quarter of the room is free (a dated stream of 100k sampled articles
holds about a thousand; an undated one reaches the bound after 20k articles and then stays there, in
memory and in time per article). What grows with the stream is one label per article (8 bytes, for
`labels`) and the hashed document frequencies (a fixed 4 MB).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import numpy as np
from scipy import sparse

from newsprism.models import Encoder, load_static_encoder
from newsprism.similarity import inverse_frequency, pair_jaccard
from newsprism.stories.batch import inherit, link, local_scores
from newsprism.stories.features import (
    PRIOR_DOCUMENTS,
    Item,
    StoryFeatures,
    background_documents,
    background_frequencies,
    day_number,
    lead,
    names,
)
from newsprism.stories.params import StoryParams, best_scores, late_penalty, partner_limit, story_params

HASHED_TERMS = 2**20
CANDIDATE_STORIES = 20  # stories scored in full per article, the nearest by static vectors
SETTLE_STORIES = 5  # stories re-clustered around each article (its own and the nearest others)
SETTLE_MEMBERS = 200  # at most this many articles re-clustered at once
KEEP_WINDOWS = 3.0
HELD_MEMBERS = 20_000  # at most this many members held (about 5 KB each), dated or not


def term_hasher():
    """The stream's terms: `HASHED_TERMS` buckets of the words batch's TF-IDF takes, counted."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        n_features=HASHED_TERMS, stop_words="english", alternate_sign=False, norm=None, dtype=np.float32
    )


@cache
def hashed_background() -> np.ndarray:
    """How many background documents hold each hashed term (`features.background_documents`, summed
    over the words of a bucket): the document frequencies a stream starts from. Once per process
    (under a second)."""
    words = list(background_frequencies())
    bucket_of = term_hasher().transform(words) > 0  # a row per word: its bucket (none: a stop word)
    holding = np.asarray(bucket_of.T @ background_documents(words)).ravel()
    return np.minimum(holding, PRIOR_DOCUMENTS).astype(np.float32)


@dataclass(frozen=True)
class _Near:
    """How near an article is to the stories that have members: `ids` those stories, `local` each
    member's index in `ids`, `counts` their sizes, `meaning` the static cosine of the article with each
    member, `mean` its mean over each story."""

    ids: np.ndarray
    local: np.ndarray
    counts: np.ndarray
    meaning: np.ndarray
    mean: np.ndarray


class StoryStream:
    """Online clustering: `add` articles in time order; each gets the index of its story, and
    `labels` holds the story of every article added so far, in arrival order."""

    def __init__(self, params: StoryParams | None = None, encoder: Encoder | None = None) -> None:
        self.params = params or story_params()
        self.encoder = encoder or load_static_encoder()
        self._last: dict[int, float] = {}  # the active stories: the day of their latest article (NaN: none dated)
        self._stories = 0  # stories started so far (the next story's number)
        self._hasher = term_hasher()
        self._documents = PRIOR_DOCUMENTS  # documents seen, the background's counted
        self._frequency = hashed_background().copy()  # documents holding each hashed term
        self._members = _Members(self.params.partners)  # the members of the active stories
        self._scratch = np.zeros(HASHED_TERMS, dtype=np.float64)  # the article's weighted terms, else 0
        self._labels = array("q")  # every article's story, in arrival order

    @property
    def labels(self) -> list[int]:
        """The story of every article added so far, in arrival order, as it stands now."""
        return self._labels.tolist()

    @property
    def held(self) -> int:
        """How many articles the stream holds now: the members of its active stories."""
        return self._members.count

    def add(self, items: Sequence[Item]) -> list[int]:
        """Story indices for `items`, in order, as they stand once all of them are in."""
        if not items:
            return []
        first = len(self._labels)
        leads = [lead(item) for item in items]
        vectors = np.asarray(self.encoder.encode(leads), dtype=np.float32)
        terms = self._hasher.transform([f"{item.headline}. {item.body}" for item in items]).tocsr()
        terms.data = 1.0 + np.log(terms.data)  # sublinear tf, as in batch
        for offset, (item, vector) in enumerate(zip(items, vectors, strict=True)):
            row = terms[offset]
            self._documents += 1
            self._frequency[row.indices] += 1
            found = names(leads[offset])
            day = day_number(item.published)
            self._expire(day)
            near = self._nearness(vector)
            best, best_score, partners = self._best(row, near, found, day)
            if best is None or best_score < self.params.threshold:
                best = self._new_story()
            self._last[best] = np.fmax(self._last[best], day)
            self._members.append(best, row, vector, found, day, len(self._labels), partners)
            self._labels.append(best)
            if self._settle(best, near):
                self._expire(day)  # a group split off by settling may have been idle for too long
            self._forget()
        return self._labels[first:].tolist()

    def _new_story(self) -> int:
        self._last[self._stories] = np.nan
        self._stories += 1
        return self._stories - 1

    def _expire(self, today: float) -> None:
        """Stories idle for more than `KEEP_WINDOWS` windows take no more articles; their members go."""
        if np.isnan(today):
            return
        horizon = KEEP_WINDOWS * self.params.window_days
        idle = [story for story, last in self._last.items() if today - last > horizon]  # NaN: never idle
        if idle:
            self._drop(idle)

    def _forget(self) -> None:
        """Over `HELD_MEMBERS` members, the stories that took an article least recently take no more
        and their members go, until a quarter of the room is free again."""
        members = self._members
        if members.count <= HELD_MEMBERS:
            return
        ids, local = np.unique(members.story_of, return_inverse=True)
        latest = np.zeros(len(ids), dtype=np.int64)
        np.maximum.at(latest, local, members.article)  # each story's latest arrival
        order = np.argsort(latest, kind="stable")
        sizes = np.cumsum(np.bincount(local, minlength=len(ids))[order])
        self._drop(ids[order[: int(np.searchsorted(sizes, members.count - HELD_MEMBERS * 3 // 4)) + 1]].tolist())

    def _drop(self, stories: list[int]) -> None:
        """`stories` take no more articles; their members go."""
        for story in stories:
            del self._last[story]
        self._members.keep(~np.isin(self._members.story_of, stories))

    def _idf(self, indices: np.ndarray) -> np.ndarray:
        """The inverse document frequency of hashed terms now, as batch weighs its terms."""
        return inverse_frequency(self._documents, self._frequency[indices])

    def _nearness(self, vector: np.ndarray) -> _Near:
        """How near an article (its static `vector`) is to the members and stories now."""
        members = self._members
        ids, local = np.unique(members.story_of, return_inverse=True)
        counts = np.bincount(local, minlength=len(ids))
        meaning = np.einsum("ij,j->i", members.vectors, vector) if members.count else np.zeros(0, dtype=np.float32)
        # (einsum, not BLAS, whose threads take a millisecond to wake for each matrix-vector product)
        mean = np.bincount(local, weights=meaning, minlength=len(ids)) / np.maximum(counts, 1)
        return _Near(ids, local, counts, meaning, mean)

    def _best(
        self, terms: sparse.csr_matrix, near: _Near, found: frozenset[str], day: float
    ) -> tuple[int | None, float, np.ndarray]:
        """The active story with the best mean pair score against this article, that score, and the
        article's best candidate scores (`_Members.partners`). Each member it is scored against
        takes it among its own best partners where it scores high enough."""
        members = self._members
        if not members.count:
            return None, 0.0, np.full(self.params.partners, -np.inf, dtype=np.float32)
        params = self.params
        # the stories to score in full: the `CANDIDATE_STORIES` nearest by mean static cosine
        stories = np.argsort(-near.mean)[:CANDIDATE_STORIES]
        chosen = np.flatnonzero(np.isin(near.local, stories))
        terms_of = members.terms()[chosen]
        rows = np.repeat(np.arange(len(chosen)), np.diff(terms_of.indptr))
        # cosine of the idf-weighted vectors, with the idf of now: Σ tf·tf'·idf² / (|tf·idf| |tf'·idf|),
        # the weights computed only where a chosen member or the article has a term
        mine = self._scratch
        mine[terms.indices] = terms.data * self._idf(terms.indices) ** 2
        own_norm = np.sqrt(float(terms.data @ mine[terms.indices]))
        weighted = terms_of.data * self._idf(terms_of.indices)
        # (as float: without a single term among the members, bincount gives integers)
        norms = np.sqrt(np.bincount(rows, weights=weighted**2, minlength=len(chosen)).astype(np.float64))
        wording = np.bincount(rows, weights=terms_of.data * mine[terms_of.indices], minlength=len(chosen))
        wording = wording.astype(np.float64)
        wording /= np.clip(norms * own_norm, 1e-12, None)
        mine[terms.indices] = 0.0
        shared = np.array([pair_jaccard(found, members.names[k]) for k in chosen.tolist()])
        late = late_penalty(np.abs(members.days[chosen] - day), params)
        unnamed = wording + params.static * near.meaning[chosen] - late
        score = unnamed + params.names * shared
        ranked = np.where(unnamed >= params.threshold - params.names, score, -np.inf).astype(np.float32)
        partners = best_scores(ranked[None, :], params.partners)[0]
        if params.stranger:  # the partner term: among this article's best partners, or it among theirs
            own = partner_limit(partners[None, :], params)[0]
            theirs = partner_limit(members.partners[chosen], params)
            near_pair = (ranked > -np.inf) & ((ranked >= own) | (ranked >= theirs))
            score = score - params.stranger * ~near_pair
        members.offer(chosen, ranked)
        totals = np.bincount(near.local[chosen], weights=score, minlength=len(near.ids))
        mean = np.full(len(near.ids), -np.inf)
        mean[stories] = totals[stories] / near.counts[stories]
        best = int(np.argmax(mean))
        return int(near.ids[best]), float(mean[best]), partners

    def _settle(self, story: int, near: _Near) -> bool:
        """Re-cluster the members of `story`, which an article just joined, and of the stories
        nearest to that article (`near`, as it was before it joined) as batch clustering would, each
        group continuing the story most of its members were in. Whether any article moved."""
        members = self._members
        own = int(np.count_nonzero(members.story_of == story))
        if SETTLE_STORIES < 1 or own > SETTLE_MEMBERS:
            return False
        others = np.flatnonzero(near.ids != story)
        others = others[np.argsort(-near.mean[others])][: SETTLE_STORIES - 1]
        others = others[own + np.cumsum(near.counts[others]) <= SETTLE_MEMBERS]
        rows = np.flatnonzero(np.isin(members.story_of, np.append(near.ids[others], story)))
        if len(rows) < 2:
            return False
        # unit TF-IDF rows with the idf of now, as batch features hold, over the terms they use only
        terms = members.terms()[rows]
        used, columns = np.unique(terms.indices, return_inverse=True)
        of_row = np.repeat(np.arange(len(rows)), np.diff(terms.indptr))
        weighted = terms.data * self._idf(terms.indices)
        lengths = np.sqrt(np.bincount(of_row, weights=weighted**2, minlength=len(rows)))
        wording = sparse.csr_matrix(
            (weighted / np.clip(lengths[of_row], 1e-12, None), columns, terms.indptr), shape=(len(rows), len(used))
        )
        features = StoryFeatures(members.vectors[rows], [members.names[k] for k in rows], wording, members.days[rows])
        limit = partner_limit(members.partners[rows], self.params)  # as each member has ranked its partners
        groups = link(local_scores(features, np.arange(len(rows)), self.params, limit), self.params.threshold)
        before = members.story_of[rows]
        continues = inherit(groups.tolist(), before.tolist())
        after = np.array([continues[g] if g in continues else -1 for g in groups.tolist()])
        for group in np.unique(groups[after < 0]):
            after[groups == group] = self._new_story()
        if np.array_equal(after, before):
            return False
        members.story_of[rows] = after
        for row, label in zip(members.article[rows].tolist(), after.tolist(), strict=True):
            self._labels[row] = label
        days = members.days[rows]
        for label in np.unique(after).tolist():
            dated = days[(after == label) & ~np.isnan(days)]
            self._last[label] = dated.max() if len(dated) else np.nan
        for emptied in set(before.tolist()) - set(after.tolist()):
            del self._last[emptied]
        return True


class _InUse:
    """The first `count` rows of the buffer its owner keeps under the same name with a leading underscore."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.buffer = f"_{name}"

    def __get__(self, members: _Members, owner: type | None = None) -> np.ndarray:
        return getattr(members, self.buffer)[: members.count]


class _Members:
    """The members of the active stories, row for row, in buffers that double when full (adding an
    article copies nothing): story, hashed terms (sublinear tf) as CSR parts, static vector, names,
    day, arrival number, and the best candidate scores it has had with the articles scored against
    it so far (`partners` of them, in no order; −inf while it has fewer)."""

    def __init__(self, partners: int) -> None:
        self.count = 0
        self._partners = np.full((64, partners), -np.inf, dtype=np.float32)
        self._story_of = np.zeros(64, dtype=np.int64)
        self._article = np.zeros(64, dtype=np.int64)
        self._days = np.zeros(64, dtype=np.float64)
        self._vectors: np.ndarray | None = None
        self.names: list[frozenset[str]] = []
        self._indptr = np.zeros(65, dtype=np.int64)
        self._indices = np.zeros(4096, dtype=np.int32)
        self._data = np.zeros(4096, dtype=np.float32)

    # the rows in use of each buffer (its first `count`), what the rest of the stream reads
    story_of = _InUse()
    days = _InUse()
    article = _InUse()
    vectors = _InUse()
    partners = _InUse()

    def offer(self, rows: np.ndarray, scores: np.ndarray) -> None:
        """A new article scored `scores` (−inf: not a candidate) against the members `rows`: each keeps
        it among its best where it beats the worst of them."""
        kept = self._partners[rows]
        worst = kept.argmin(axis=1)
        better = scores > kept[np.arange(len(rows)), worst]
        kept[better, worst[better]] = scores[better]
        self._partners[rows] = kept

    def terms(self) -> sparse.csr_matrix:
        end = self._indptr[self.count]
        parts = (self._data[:end], self._indices[:end], self._indptr[: self.count + 1])
        return sparse.csr_matrix(parts, shape=(self.count, HASHED_TERMS), copy=False)

    def append(
        self,
        story: int,
        terms: sparse.csr_matrix,
        vector: np.ndarray,
        found: frozenset[str],
        day: float,
        article: int,
        partners: np.ndarray,
    ) -> None:
        n, start = self.count, self._indptr[self.count]
        if self._vectors is None:
            self._vectors = np.zeros((64, len(vector)), dtype=np.float32)
        if n == len(self._story_of):
            self._story_of = np.resize(self._story_of, 2 * n)
            self._days = np.resize(self._days, 2 * n)
            self._article = np.resize(self._article, 2 * n)
            self._vectors = np.resize(self._vectors, (2 * n, self._vectors.shape[1]))
            self._indptr = np.resize(self._indptr, 2 * n + 1)
            self._partners = np.resize(self._partners, (2 * n, self._partners.shape[1]))
        while start + terms.nnz > len(self._indices):
            self._indices = np.resize(self._indices, 2 * len(self._indices))
            self._data = np.resize(self._data, 2 * len(self._data))
        self._story_of[n], self._days[n], self._vectors[n], self._article[n] = story, day, vector, article
        self._partners[n] = partners
        self._indices[start : start + terms.nnz] = terms.indices
        self._data[start : start + terms.nnz] = terms.data
        self._indptr[n + 1] = start + terms.nnz
        self.names.append(found)
        self.count = n + 1

    def keep(self, rows: np.ndarray) -> None:
        """Keep the members where `rows` (a boolean mask over them) is true."""
        terms = self.terms()[rows]
        kept = int(rows.sum())
        self._story_of[:kept] = self.story_of[rows]
        self._days[:kept] = self.days[rows]
        self._article[:kept] = self.article[rows]
        self._vectors[:kept] = self.vectors[rows]
        self._partners[:kept] = self.partners[rows]
        self.names = [found for found, keep in zip(self.names, rows, strict=True) if keep]
        self._indices[: terms.nnz] = terms.indices
        self._data[: terms.nnz] = terms.data
        self._indptr[: kept + 1] = terms.indptr
        self.count = kept


def stream(items: Sequence[Item], params: StoryParams | None = None, encoder: Encoder | None = None) -> list[int]:
    """The stream run over `items` in date order (undated ones last, in the order given): one story
    label per item, in the order given."""
    order = sorted(range(len(items)), key=lambda i: (items[i].published is None, items[i].published or datetime.min))
    labels = [0] * len(items)
    assigned = StoryStream(params, encoder).add([items[i] for i in order])
    for index, story in zip(order, assigned, strict=True):
        labels[index] = story
    return labels
