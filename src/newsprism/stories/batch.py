"""Batch clustering of a whole corpus: average linkage over a pair score, scored on candidate pairs only.

The pair score of two articles is

    score = cosine of their TF-IDF (wording) + static · cosine of their static vectors (meaning)
            + names · Jaccard of their names − late · (days apart beyond `window_days`) / window_days
            − stranger, unless one is among the other's `partners` best-scoring partners and
              within `margin` of its best

and a story is a group of articles whose mean pair score reaches `threshold` (average linkage cut
there). The last, the partner term (`partner_term`), asks more of a pair that neither article would
pick among its few best: two reports of one event are each other's nearest, while two earthquakes
told in the same words are only near. A pair model (`pairs`), where one is given, takes its place
with its judgement of each article's best partners. Scoring every pair costs n²; instead:

1. **Blocking by time.** Dated articles more than `reach_days(params)` apart can never reach the
   threshold, so each dated article is scored against those within reach only (a sliding window
   over the articles in date order, `BLOCK` rows at a time). Undated ones, which lateness cannot
   rule out, are scored against everything while there are up to `UNDATED_ALL_PAIRS` of them, and
   beyond that against their `NEAREST` articles by static-vector cosine, found by an HNSW index
   (faiss): on a 32k undated corpus 18 s instead of 60 s, and 55 s for 128k. Each article keeps at
   most `NEIGHBOURS` partners whose score without names could still reach the threshold.
2. **Components.** Two groups whose mean pair score reaches the threshold have at least one pair
   that does, so every story lies inside one connected component of the graph of candidate pairs
   scoring at least the threshold.
3. **Linkage inside each component**, over its full pair scores, exactly as over the whole matrix.

An article's best partners are ranked among its candidates (those whose score without names reaches
``threshold − names``), as `local_scores` ranks them over a whole matrix. When no article has more
than `NEIGHBOURS` partners within reach and the undated articles are
scored against every article, the stories are exactly those of average linkage over all n² pairs
(beyond `UNDATED_ALL_PAIRS` undated articles, a pair whose static vectors are not among each
other's `NEAREST` is not scored: on the AllSides and ECB+ sets this changes B-cubed F1 by at most
0.06); the cost grows with the number of articles within reach of each
one (near-linearly for a corpus of constant daily volume), plus the square of the largest component
(and of the number of undated articles, up to `UNDATED_ALL_PAIRS`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

from newsprism.models import Encoder
from newsprism.similarity import jaccard, pair_jaccard
from newsprism.stories.features import Item, StoryFeatures, corpus_features
from newsprism.stories.pairs import Asked, PairModel
from newsprism.stories.params import (
    StoryParams,
    best_scores,
    late_penalty,
    partner_limit,
    reach_days,
    story_params,
)

BLOCK = 512  # rows scored at once against their window (memory: BLOCK × window floats)
NEIGHBOURS = 50  # candidate partners kept per article, best first
# Undated articles: up to this many, each is scored against every other article; beyond, against
# its NEAREST by static vectors, found by an HNSW index (faiss) in about n log n.
UNDATED_ALL_PAIRS = 20_000
NEAREST = 100
HNSW_LINKS = 32
HNSW_BUILD_BREADTH = 80
HNSW_SEARCH_BREADTH = 128
SMALL_GROUP = 32  # up to this many articles, name overlaps are counted pair by pair
PAIR_CHUNK = 200_000  # candidate pairs scored at once


def lateness(days: np.ndarray, other_days: np.ndarray, params: StoryParams) -> np.ndarray:
    """The lateness penalty of every pair (rows `days`, columns `other_days`); 0 where a date is unknown."""
    return late_penalty(np.abs(days[:, None] - other_days[None, :]), params).astype(np.float32)


def unnamed_scores(features: StoryFeatures, rows: np.ndarray, columns: np.ndarray, params: StoryParams) -> np.ndarray:
    """The pair score without the names term, rows × columns (dense float32)."""
    wording = (features.wording[rows] @ features.wording[columns].T).toarray().astype(np.float32)
    meaning = features.vectors[rows] @ features.vectors[columns].T
    return wording + params.static * meaning - lateness(features.days[rows], features.days[columns], params)


def name_overlap(name_sets: Sequence[frozenset[str]]) -> np.ndarray:
    """Jaccard overlap of every pair of name sets (0 where both are empty), through a sparse
    incidence matrix (pair by pair for a few sets, where building the matrix costs more)."""
    if len(name_sets) <= SMALL_GROUP:
        return np.array(
            [[pair_jaccard(first, second) for second in name_sets] for first in name_sets], dtype=np.float32
        )
    return jaccard(name_sets, dtype=np.float32)


def pair_scores(features: StoryFeatures, rows: np.ndarray, params: StoryParams) -> np.ndarray:
    """The full pair score of every pair among `rows` (a square dense matrix)."""
    score = unnamed_scores(features, rows, rows, params)
    return score + params.names * name_overlap([features.names[k] for k in rows])


def candidate_pairs(features: StoryFeatures, params: StoryParams) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (first, second), first ≠ second, each once, whose score could reach the threshold:
    the unnamed score is at least ``threshold − names``; at most `NEIGHBOURS` per article."""
    floor = params.threshold - params.names
    reach = reach_days(params)
    known = ~np.isnan(features.days)
    dated = np.flatnonzero(known)
    dated = dated[np.argsort(features.days[dated], kind="stable")]
    undated = np.flatnonzero(~known)
    firsts, seconds = [], []

    def keep(rows: np.ndarray, columns: np.ndarray, score: np.ndarray) -> None:
        """Keep pairs of `rows` and `columns` (shared by every row, or one row of columns each)."""
        if score.shape[1] > NEIGHBOURS:  # the best NEIGHBOURS of each row, then the floor
            best = np.argpartition(-score, NEIGHBOURS - 1, axis=1)[:, :NEIGHBOURS]
            mask = np.zeros_like(score, dtype=bool)
            np.put_along_axis(mask, best, True, axis=1)
            score = np.where(mask, score, -np.inf)
        row, column = np.nonzero(score >= floor)
        firsts.append(rows[row])
        seconds.append(columns[column] if columns.ndim == 1 else columns[row, column])

    day_sorted = features.days[dated]
    for start in range(0, len(dated), BLOCK):
        rows = dated[start : start + BLOCK]
        # partners later in date order only (earlier ones scored this row already), within reach
        end = np.searchsorted(day_sorted, day_sorted[start + len(rows) - 1] + reach, side="right")
        columns = dated[start:end]
        score = unnamed_scores(features, rows, columns, params)
        score[np.tril_indices(len(rows), m=len(columns))] = -np.inf  # self and earlier rows of the block
        keep(rows, columns, score)
    if len(undated) <= UNDATED_ALL_PAIRS:
        for start in range(0, len(undated), BLOCK):
            rows = undated[start : start + BLOCK]
            columns = np.concatenate([undated[start:], dated])
            score = unnamed_scores(features, rows, columns, params)
            score[np.tril_indices(len(rows), m=len(columns))] = -np.inf
            keep(rows, columns, score)
    else:
        nearest = nearest_neighbours(features.vectors, undated, NEAREST)
        for start in range(0, len(undated), BLOCK):
            rows = undated[start : start + BLOCK]
            columns = nearest[start : start + BLOCK]
            first = np.repeat(rows, columns.shape[1])
            found = columns.ravel() >= 0  # the index pads a short answer with -1
            score = np.full(first.shape, -np.inf, dtype=np.float32)
            score[found] = unnamed_pair_scores(features, first[found], columns.ravel()[found], params)
            score = score.reshape(columns.shape)
            score[columns == rows[:, None]] = -np.inf  # itself
            keep(rows, columns, score)
    if not firsts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    if len(undated) > UNDATED_ALL_PAIRS:  # a pair found from both of its ends counts once
        pairs = np.unique(np.stack([np.minimum(first, second), np.maximum(first, second)], axis=1), axis=0)
        first, second = pairs[:, 0], pairs[:, 1]
    return first, second


def nearest_neighbours(vectors: np.ndarray, rows: np.ndarray, count: int) -> np.ndarray:
    """For each of `rows`, the `count` articles of the whole corpus nearest to it by static-vector
    cosine, as an HNSW graph finds them (faiss; -1 pads a short answer). Built on one thread, so
    the same corpus always gives the same neighbours."""
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_BUILD_BREADTH
        index.hnsw.efSearch = max(count, HNSW_SEARCH_BREADTH)
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        _, neighbours = index.search(np.ascontiguousarray(vectors[rows], dtype=np.float32), count)
    finally:
        faiss.omp_set_num_threads(threads)
    return neighbours


def unnamed_pair_scores(features: StoryFeatures, first: np.ndarray, second: np.ndarray, params: StoryParams):
    """The pair score without the names term of each pair (first[k], second[k]), `PAIR_CHUNK` pairs
    at a time (each pair copies both articles' TF-IDF rows and static vectors: 4.4 million pairs at
    once took 9 GB)."""
    wording = np.zeros(len(first), dtype=features.wording.dtype)
    meaning = np.zeros(len(first), dtype=features.vectors.dtype)
    for start in range(0, len(first), PAIR_CHUNK):
        part = slice(start, start + PAIR_CHUNK)
        rows, columns = features.wording[first[part]], features.wording[second[part]]
        wording[part] = np.asarray(rows.multiply(columns).sum(axis=1)).ravel()
        meaning[part] = np.einsum("ij,ij->i", features.vectors[first[part]], features.vectors[second[part]])
    gap = np.abs(features.days[first] - features.days[second])
    return wording + params.static * meaning - late_penalty(gap, params)


@dataclass(frozen=True)
class PartnerTerm:
    """What a pair's partners add to its score: `base` for every pair, plus `gain` (a symmetric sparse
    n × n matrix) for a pair among the `partners` best of either of its articles."""

    base: float
    gain: sparse.csr_matrix

    def among(self, rows: np.ndarray) -> np.ndarray:
        """The term of every pair among `rows` (a square dense matrix)."""
        return self.base + self.gain[rows][:, rows].toarray().astype(np.float32)


def partner_term(
    first: np.ndarray, second: np.ndarray, score: np.ndarray, n: int, params: StoryParams, asked: Asked | None
) -> tuple[PartnerTerm, np.ndarray]:
    """The partner term of the candidate pairs (first[k], second[k]) scoring `score`, and its value
    for each of them. Without a pair model a pair of best partners keeps its score and any other
    loses `stranger`; with one (`asked`), a pair of best partners gains pair_weight · (p − 0.5) for the
    model's answer p and any other loses pair_weight / 2 (the model is asked about each article's
    `partners` best, whatever their `margin`: it judges what the margin guesses)."""
    if asked is None and params.stranger == 0:
        return PartnerTerm(0.0, sparse.csr_matrix((n, n), dtype=np.float32)), np.zeros(len(first), np.float32)
    best = best_partners(first, second, score, params if asked is None else replace(params, margin=math.inf))
    if asked is None:
        base, gain = -params.stranger, np.full(len(best), params.stranger, dtype=np.float32)
    else:
        asked.ask(first[best], second[best])
        base, gain = -0.5 * params.pair_weight, params.pair_weight * asked.known(first[best], second[best])
    matrix = sparse.coo_matrix((gain, (first[best], second[best])), shape=(n, n))
    values = np.full(len(first), base, dtype=np.float32)
    values[best] += gain
    return PartnerTerm(base, (matrix + matrix.T).tocsr()), values


def story_graph(
    features: StoryFeatures, params: StoryParams, asked: Asked | None = None
) -> tuple[sparse.csr_matrix, PartnerTerm]:
    """The candidate pairs whose full score, partner term included, reaches the threshold, as a
    symmetric n × n graph, and the partner term; with a pair model's answers (`asked`), after it is
    asked about each article's `partners` best."""
    cut = cut_at(params, asked)
    # best partners keep their score (gain up to pair_weight / 2 with a pair model): the candidates
    # need reach that much only
    reach = params if asked is None else replace(params, threshold=cut - 0.5 * params.pair_weight)
    first, second, score = scored_candidates(features, reach)
    n = len(features.days)
    term, values = partner_term(first, second, score, n, params, asked)
    strong = score + values >= cut
    graph = sparse.coo_matrix((np.ones(int(strong.sum())), (first[strong], second[strong])), shape=(n, n))
    return (graph + graph.T).tocsr(), term


def scored_candidates(features: StoryFeatures, params: StoryParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidate pairs (first, second) of `candidate_pairs` and their full score, partner term aside."""
    first, second = candidate_pairs(features, params)
    named = np.array(
        [
            pair_jaccard(features.names[a], features.names[b])
            for a, b in zip(first.tolist(), second.tolist(), strict=True)
        ],
        dtype=np.float32,
    )
    return first, second, unnamed_pair_scores(features, first, second, params) + params.names * named


def cut_at(params: StoryParams, asked: Asked | None = None) -> float:
    """Where average linkage cuts: the threshold, or with a pair model `pair_threshold`."""
    return params.threshold if asked is None else params.pair_threshold


def best_partners(first: np.ndarray, second: np.ndarray, score: np.ndarray, params: StoryParams) -> np.ndarray:
    """The pairs (indices into first/second) among the `partners` best-scoring of either of their
    articles and within `margin` of that article's best."""
    ends = np.concatenate([first, second])
    which = np.concatenate([np.arange(len(first))] * 2)
    scores = np.concatenate([score, score])
    order = np.lexsort((-scores, ends))  # by article, best first
    ends, which, scores = ends[order], which[order], scores[order]
    starts = np.searchsorted(ends, ends, side="left")
    rank = np.arange(len(ends)) - starts
    return np.unique(which[(rank < params.partners) & (scores >= scores[starts] - params.margin)])


def local_scores(
    features: StoryFeatures, rows: np.ndarray, params: StoryParams, limit: np.ndarray | None = None
) -> np.ndarray:
    """The pair scores among `rows`, partner term included (a square dense matrix). A pair is of best
    partners where its score reaches the `partner_limit` of either article: `limit` where the
    caller knows it (the stream keeps each article's best candidate scores as pairs arrive), else
    as ranked among `rows` alone, as batch clustering ranks a corpus of just these articles (when no
    article has more than `NEIGHBOURS` candidates)."""
    unnamed = unnamed_scores(features, rows, rows, params)
    score = unnamed + params.names * name_overlap([features.names[k] for k in rows])
    if params.stranger == 0 or len(rows) < 2:
        return score
    candidate = unnamed >= params.threshold - params.names
    np.fill_diagonal(candidate, False)
    if limit is None:
        limit = partner_limit(best_scores(np.where(candidate, score, -np.inf), params.partners), params)
    near = candidate & ((score >= limit[:, None]) | (score >= limit[None, :]))
    return score - params.stranger * ~near


def link(score: np.ndarray, threshold: float) -> np.ndarray:
    """Average linkage over a square pair-score matrix, cut where a group's mean score falls below
    `threshold`: one flat label per row."""
    distance = np.clip(threshold + 1.0 - score, 0.0, None)  # joins while the mean score ≥ threshold
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return fcluster(tree, t=1.0, criterion="distance")


def inherit(groups: Sequence[int], current: Sequence[Hashable | None]) -> dict[int, Hashable]:
    """Which existing story each group of a re-clustering continues, so that a story keeps its id
    as it grows or splits: `groups` is each article's new group, `current` the story it was in (None
    for a new article). The groups with most such articles choose first (ties: the first seen),
    each taking the story most of its articles were in (ties: the smallest id) that no group took
    before. A group left out of the answer is a new story."""
    votes: dict[int, Counter] = defaultdict(Counter)
    for group, story in zip(groups, current, strict=True):
        if story is not None:
            votes[group][story] += 1
    continues: dict[int, Hashable] = {}
    taken: set[Hashable] = set()
    for group in sorted(votes, key=lambda group: -votes[group].total()):
        for story, _ in sorted(votes[group].items(), key=lambda pair: (-pair[1], pair[0])):
            if story not in taken:
                continues[group] = story
                taken.add(story)
                break
    return continues


def cluster(
    items: Sequence[Item],
    params: StoryParams | None = None,
    encoder: Encoder | None = None,
    pair_model: PairModel | None = None,
    features: StoryFeatures | None = None,
) -> list[int]:
    """Batch clustering of a whole corpus (see the module docstring): one story label per item, in
    the order given, stories numbered by their first item. A `pair_model` (`pairs`) judges each
    article's best partners too; `features`, where made already (on Ray), are the items'."""
    params = params or story_params()
    if len(items) < 2:
        return [0] * len(items)
    asked = Asked(pair_model, items) if pair_model is not None else None
    return cluster_features(features if features is not None else corpus_features(items, encoder), params, asked)


def cluster_features(features: StoryFeatures, params: StoryParams, asked: Asked | None = None) -> list[int]:
    """`cluster` of a corpus whose features are made already (a grid search makes them once, and
    keeps the pair model's answers in `asked`)."""
    graph, term = story_graph(features, params, asked)
    count, component = connected_components(graph, directed=False)
    # a component of one or two articles is one story (two are joined by their pair, which reaches
    # the threshold); a bigger one is split by average linkage, its parts numbered after all components
    labels = component.astype(np.int64)
    sizes = np.bincount(component, minlength=count)
    order = np.argsort(component, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    next_label = count
    for which in np.flatnonzero(sizes > 2):
        rows = order[bounds[which] : bounds[which + 1]]
        score = pair_scores(features, rows, params) + term.among(rows)
        local = link(score, cut_at(params, asked))  # numbered from 1
        labels[rows] = next_label + local
        next_label += int(local.max()) + 1
    renumber: dict[int, int] = {}
    return [renumber.setdefault(int(label), len(renumber)) for label in labels]
