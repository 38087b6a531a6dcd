"""A pair model for story clustering: a cross-encoder that reads two leads at once and says how likely
they report one story.

The shipped pair score compares features made for each article alone (TF-IDF, static vectors,
names), so "added 200,000 jobs in March" and "… in April" look alike. A cross-encoder sees both
texts together and can weigh what they differ in. None installs from the package index, so none is on by
default: a user names a local sentence-transformers `CrossEncoder` folder with one output (a logit
of "same story") in settings (`story_pair_model`), and `benchmarks/train/story_pairs.py` makes one
from the packaged MiniLM and the train parts of the shared data (about 25 minutes on 2 cores).

With a model, batch clustering (`batch.cluster`) asks it about each article's `partners` best
partners by the shipped score, about 40 pairs a second on 2 cores, and adds
``pair_weight · (p − 0.5)`` to their score (p = 0 for pairs it was not asked about), in place of the
shipped partner term, cutting at ``pair_threshold``: both are picked on held-out train stories by
that script.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

from newsprism.errors import ModelError
from newsprism.models import load_cross_encoder
from newsprism.stories.features import Item, lead

SIDE_WORDS = 50  # each side of a pair: the first words of headline and lead
MAX_TOKENS = 192


def side(item: Item) -> str:
    """What the pair model reads of an article: the first `SIDE_WORDS` words of its headline and lead."""
    return " ".join(lead(item).split()[:SIDE_WORDS])


class PairModel:
    """A local cross-encoder folder (sentence-transformers) with one output: the logit of one story."""

    def __init__(self, path: str) -> None:
        self.model = load_cross_encoder(path, "story pair model", max_length=MAX_TOKENS)
        if self.model.config.num_labels != 1:
            raise ModelError(path, f"a story pair model has one output, this one {self.model.config.num_labels}")

    def same_story(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """The probability that each pair of texts reports one story."""
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        import torch

        scores = self.model.predict(
            list(pairs), batch_size=32, activation_fn=torch.nn.Sigmoid(), show_progress_bar=False
        )
        return np.asarray(scores, dtype=np.float32)


@cache
def load_pair_model(path: str) -> PairModel:
    """The pair model at `path`, loaded once."""
    return PairModel(path)


class Asked:
    """The pair model's answers for one corpus, each pair asked once: (first, second) → probability."""

    def __init__(self, model: PairModel, items: Sequence[Item]) -> None:
        self.model = model
        self.sides = [side(item) for item in items]
        self.answers: dict[tuple[int, int], float] = {}

    def ask(self, first: np.ndarray, second: np.ndarray) -> None:
        """Ask about the pairs (first[k], second[k]) not asked before."""
        wanted = sorted({(min(a, b), max(a, b)) for a, b in zip(first.tolist(), second.tolist(), strict=True)})
        wanted = [pair for pair in wanted if pair not in self.answers]
        answers = self.model.same_story([(self.sides[a], self.sides[b]) for a, b in wanted])
        self.answers.update(zip(wanted, answers.tolist(), strict=True))

    def known(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The answer for each pair (first[k], second[k]); 0 for a pair not asked about."""
        return np.array(
            [
                self.answers.get((min(a, b), max(a, b)), 0.0)
                for a, b in zip(first.tolist(), second.tolist(), strict=True)
            ],
            dtype=np.float32,
        )
