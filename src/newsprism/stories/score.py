"""How close a clustering is to the gold stories: B-cubed and pair-counting precision, recall and F1.

A clustering and its gold are two sequences of the same length, one label per article (any hashable
values; only which articles share a label counts). B-cubed (Bagga & Baldwin 1998) averages over the
articles, so a big story weighs as many articles as it has; pair counting scores the pairs of
articles put together. The stories benchmark (`benchmarks/stories.py`) and the tests score with
these. B-cubed raises `ValueError` on sequences of different lengths; on empty ones its precision and
recall are NaN (numpy warns) and its F1 0.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

import numpy as np


def bcubed_by_item(labels: Sequence, gold: Sequence) -> tuple[np.ndarray, np.ndarray]:
    """The B-cubed precision and recall of each item: the share of its predicted story that is of
    its gold story, and the share of its gold story that is in its predicted story."""
    by_label, by_gold = defaultdict(set), defaultdict(set)
    for i, (label, truth) in enumerate(zip(labels, gold, strict=True)):
        by_label[label].add(i)
        by_gold[truth].add(i)
    pairs = list(zip(labels, gold, strict=True))
    shared = np.array([len(by_label[label] & by_gold[truth]) for label, truth in pairs], dtype=float)
    predicted = np.array([len(by_label[label]) for label, _ in pairs])
    true = np.array([len(by_gold[truth]) for _, truth in pairs])
    return shared / predicted, shared / true


def f_score(p, r):
    """The harmonic mean of precision and recall (0 where both are 0), of numbers or arrays."""
    return np.where(p + r > 0, 2 * p * r / np.where(p + r > 0, p + r, 1.0), 0.0)


def bcubed(labels: Sequence, gold: Sequence) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of `labels` against `gold` (F1 of the mean precision and recall)."""
    precision, recall = bcubed_by_item(labels, gold)
    p, r = float(precision.mean()), float(recall.mean())
    return p, r, float(f_score(p, r))


def pairs_together(values: Sequence) -> set[tuple[int, int]]:
    """The pairs of rows (a, b), a < b, with the same value: a clustering's joined pairs."""
    groups = defaultdict(list)
    for i, v in enumerate(values):
        groups[v].append(i)
    return {pair for members in groups.values() for pair in itertools.combinations(members, 2)}


def pairwise(labels: Sequence, gold: Sequence) -> tuple[float, float, float]:
    """Pair-counting precision, recall and F1: of the pairs `labels` joins, those `gold` joins too
    (1.0 where a side joins no pair)."""
    predicted, truth = pairs_together(labels), pairs_together(gold)
    tp = len(predicted & truth)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(truth) if truth else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0
