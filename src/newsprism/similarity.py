"""Similarity arithmetic shared by the stages that group things (stories, compare)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def jaccard(sets: Sequence[frozenset[str]]) -> np.ndarray:
    """Jaccard overlap of every pair of sets (0 where both are empty)."""
    keys = sorted(set().union(*sets)) if sets else []
    if not keys:
        return np.zeros((len(sets), len(sets)))
    where = {key: k for k, key in enumerate(keys)}
    member = np.zeros((len(sets), len(keys)))
    for row, items in enumerate(sets):
        member[row, [where[item] for item in items]] = 1.0
    shared = member @ member.T
    sizes = member.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
