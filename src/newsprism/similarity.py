"""Similarity arithmetic shared by the stages that group things (stories, compare)."""

from __future__ import annotations

from collections.abc import Sequence, Set

import numpy as np
from scipy import sparse


def pair_jaccard(first: Set[str], second: Set[str]) -> float:
    """Jaccard overlap of two sets (0 where both are empty)."""
    union = len(first | second)
    return len(first & second) / union if union else 0.0


def jaccard(sets: Sequence[Set[str]], dtype: type = np.float64) -> np.ndarray:
    """Jaccard overlap of every pair of sets (0 where both are empty), through a sparse incidence
    matrix, as a `dtype` matrix."""
    keys = sorted(set().union(*sets)) if sets else []
    if not keys:
        return np.zeros((len(sets), len(sets)), dtype=dtype)
    where = {key: k for k, key in enumerate(keys)}
    rows = [row for row, items in enumerate(sets) for _ in items]
    columns = [where[item] for items in sets for item in items]
    member = sparse.csr_matrix((np.ones(len(rows), dtype=dtype), (rows, columns)), shape=(len(sets), len(keys)))
    shared = (member @ member.T).toarray()
    sizes = np.asarray(member.sum(axis=1)).ravel()
    union = sizes[:, None] + sizes[None, :] - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)


def inverse_frequency(documents: int, holding: np.ndarray) -> np.ndarray:
    """scikit-learn's smooth idf, ``ln((1 + n) / (1 + df)) + 1``, of terms that `holding` of
    `documents` documents hold."""
    return np.log((1.0 + documents) / (1.0 + holding)) + 1.0
