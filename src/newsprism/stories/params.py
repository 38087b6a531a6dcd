"""The parameters every story scorer reads, tuned on training data and shipped in `data/stories.json`."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np


@dataclass(frozen=True, slots=True)
class StoryParams:
    names: float  # weight of the name overlap
    late: float  # penalty per window of lateness
    threshold: float  # the mean pair score a story keeps (batch and stream)
    window_days: float
    static: float = 0.5  # weight of the static-vector cosine beside the TF-IDF one
    # the partner term: a pair loses `stranger` unless one of its articles is among the other's
    # `partners` best-scoring partners and scores within `margin` of that article's best
    partners: int = 6
    stranger: float = 0.0
    margin: float = math.inf
    # with a pair model (`pairs`), in place of the partner term: weight of its answer p on the best
    # partners, as pair_weight · (p − 0.5) (p = 0 for the others), and the mean score a story keeps
    # (picked on held-out train stories by benchmarks/train/story_pairs.py)
    pair_weight: float = 0.5
    pair_threshold: float = 0.3
    source: str = ""


@cache
def story_params() -> StoryParams:
    """The shipped parameters (`benchmarks/stories.py --tune` writes them)."""
    data = json.loads(resources.files("newsprism.data").joinpath("stories.json").read_text(encoding="utf-8"))
    return StoryParams(**data)


def reach_days(params: StoryParams) -> float:
    """How many days apart two dated articles can be and still score the batch threshold.

    The best pair score is ``1 + static + names`` (identical wording, meaning and names); lateness
    takes ``late`` per window beyond the first, so past this many days no pair can reach the
    threshold and no pair further apart needs to be scored. Infinite when lateness costs nothing.
    """
    if params.late <= 0:
        return math.inf
    best = 1.0 + params.static + params.names
    return params.window_days * (1.0 + max(0.0, best - params.threshold) / params.late)


def best_scores(ranked: np.ndarray, count: int) -> np.ndarray:
    """The `count` best of each row of `ranked` (−inf: no candidate), best first, −inf padding a row
    of fewer."""
    best = -np.sort(-ranked, axis=1)[:, :count]
    return np.pad(best, ((0, 0), (0, count - best.shape[1])), constant_values=-np.inf)


def partner_limit(best: np.ndarray, params: StoryParams) -> np.ndarray:
    """The lowest score of a best partner of each article, from its best candidate scores (a row of
    `partners` each, in any order, −inf where it has fewer): the `partners`-th best, and no lower
    than `margin` below the best (−inf where an article has no candidate)."""
    return np.maximum(best.min(axis=1), best.max(axis=1) - params.margin)


def late_penalty(gap: np.ndarray, params: StoryParams) -> np.ndarray:
    """The lateness penalty of day gaps: `late` per window beyond the first; 0 where a date is unknown
    (a NaN gap)."""
    return np.nan_to_num(params.late * np.clip(gap - params.window_days, 0.0, None) / params.window_days)
