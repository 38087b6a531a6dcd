"""Story clustering on real corpora: newsprism (streaming and batch) against TF-IDF + agglomerative.

    python -m benchmarks.stories --data ../shared/data            # prints the tables
    python -m benchmarks.stories --data ../shared/data --tune     # grid-search on the train parts, write data/stories.json
    python -m benchmarks.stories --data ../shared/data --scale    # ingest + cluster 1k, 10k, 100k articles
    python -m benchmarks.stories --data ../shared/data --ceiling  # also the hindsight ceiling of each scorer
    python -m benchmarks.stories --data ../shared/data --pair-model bench-out/story-pairs  # also the batch with a pair model
    python -m benchmarks.stories --data ../shared/data --errors 20  # 20 wrongly joined and 20 wrongly split pairs to read

Scale (`datasets/scale_corpus.py` says how the corpora are sampled from real dated articles): each
size runs in a fresh process; the table gives the time to ingest into DuckDB, to read back, cluster
and store the stories, and to link near-duplicates, articles per second end to end (all three), peak
resident memory, the B-cubed F1 against the sampled stories, and the growth exponent: the log-log
slope of time against size from the previous size. Then the same articles are streamed in date order
(`StoryStream`, after the peak memory is taken): its time, articles per second and B-cubed F1.

Datasets (the `clustering_view.shared.jsonl` of each; see their SOURCE.md):
* neus-allsides: AllSides stories, left/center/right title + lead. Tuned on `probe-train-*` (in
  piles of probe val's size, weighing as much as the two ECB+ train sets together), reported
  on `probe-val-*` (307 stories) and on the raw crawl (`allsides-*`, dated; never mixed with probe,
  whose stories overlap it under other ids);
* ecbplus: each topic holds two different events of one kind (two earthquakes, two rehab check-ins);
  tuned on the official train topics, mixed and each topic alone, reported on the dev topics all
  mixed together, and on each dev topic alone (10 to 40 articles: can a small pile of two similar
  events be told apart?);
* basil: 80 events × Fox News, NYT, HuffPost, dated; reported whole (not used for tuning).
Articles without a date are streamed in a fixed random order (seed 0), never in story order.
Metrics (`newsprism.stories.score`): B-cubed and pairwise (pair-counting) precision / recall / F1
against the gold story id.
The baseline fits TF-IDF (English stop words, sublinear tf) on each test set (each topic alone, for
that row) and cuts average-linkage cosine agglomerative clustering at the distance threshold that is
best on the same train sets as newsprism's parameters.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, replace
from importlib import resources
from pathlib import Path

import numpy as np
from rich.console import Console

from benchmarks.common import result_table, wide_console
from benchmarks.datasets import DEFAULT_DATA
from benchmarks.datasets.scale_corpus import dated_pool, sample_corpus
from benchmarks.datasets.story_sets import (
    EACH_TOPIC,
    REPORTED,
    TOPICS,
    VAL_SIZED,
    WHOLE,
    each_topic,
    joined,
    piles_of,
    splits,
)
from newsprism.models import Encoder, load_static_encoder
from newsprism.stories import Item, StoryParams, cluster, story_params, stream
from newsprism.stories.batch import cluster_features
from newsprism.stories.features import corpus_features
from newsprism.stories.score import bcubed, bcubed_by_item, f_score, pairs_together, pairwise

# ---- metrics: B-cubed and pairwise themselves are newsprism.stories.score's; here, the lead's interval

BOOTSTRAP_ROUNDS = 2000


def lead_over(labels: list, other: list, gold: list, seed: int = 0) -> tuple[float, float, float]:
    """How far `labels` is ahead of `other` in B-cubed F1 on `gold`, with a 95% interval from a paired
    bootstrap over the gold stories: each round draws as many stories as there are, with
    replacement, and averages the per-item precision and recall of both clusterings (kept as they
    are) over the articles of the stories drawn."""
    stories, story_of = np.unique(np.asarray(gold, dtype=str), return_inverse=True)
    sums = [
        [np.bincount(story_of, weights=values, minlength=len(stories)) for values in bcubed_by_item(run, gold)]
        for run in (labels, other)
    ]
    sizes = np.bincount(story_of, minlength=len(stories)).astype(float)
    rng = np.random.default_rng(seed)
    count = len(stories)  # each round: how often each story is drawn
    drawn = rng.multinomial(count, np.full(count, 1.0 / count), size=BOOTSTRAP_ROUNDS).astype(float)
    articles = drawn @ sizes
    ours, theirs = (f_score(drawn @ precision / articles, drawn @ recall / articles) for precision, recall in sums)
    low, high = np.percentile(ours - theirs, [2.5, 97.5])
    ours, theirs = (f_score(precision.sum() / len(gold), recall.sum() / len(gold)) for precision, recall in sums)
    return float(ours - theirs), float(low), float(high)


# ---- systems -------------------------------------------------------------------------------------


def streaming(items: list[Item], params: StoryParams) -> list[int]:
    return stream(items, params)


def batch(items: list[Item], params: StoryParams) -> list[int]:
    return cluster(items, params)


def tfidf_linkage(items: list[Item]):
    """The average-linkage tree of TF-IDF cosine distances (one tree, cut at any threshold)."""
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [f"{i.headline}. {i.body}" for i in items]
    )
    distance = 1.0 - (matrix @ matrix.T).toarray()
    np.fill_diagonal(distance, 0.0)
    return linkage(squareform(np.clip(distance, 0.0, 1.0), checks=False), method="average")


def cut(tree, threshold: float) -> list[int]:
    """Flat clusters of an average-linkage tree cut at a cosine distance threshold."""
    from scipy.cluster.hierarchy import fcluster

    return list(fcluster(tree, t=threshold, criterion="distance"))


def tfidf_agglomerative(items: list[Item], threshold: float) -> list[int]:
    return cut(tfidf_linkage(items), threshold)


# the parameters searched and their values (`partners` stays at the shipped 6: 4 and 8 scored 0.1
# to 1.1 below it on train; a static weight of 0.5 never won a search with the partner term)
TUNING_GRID = {
    "static": (0.25,),
    "names": (0.2,),
    "stranger": (0.1, 0.2, 0.3, 0.4),
    "margin": (0.1, 0.2, 0.3, math.inf),
    "threshold": np.round(np.arange(0.25, 0.51, 0.025), 3),
}
CEILING_GRID = {
    "static": (0.25, 0.5, 1.0),
    "names": (0.0, 0.2),
    "stranger": (0.0, 0.2),
    "margin": (0.1,),
    "threshold": np.round(np.arange(0.1, 1.2, 0.05), 3),
}
BASELINE_GRID = np.arange(0.3, 0.99, 0.025)  # distance thresholds
# the two kinds of train data weigh alike: AllSides probe train (in val-sized piles) half, the ECB+
# train topics (mixed, and each alone) a quarter each
TRAIN_WEIGHTS = (0.5, 0.25, 0.25)
WORKERS = 2  # grid points scored at once, one process each

_prepared: list = []  # the piles and their features of each set, for the forked grid workers


def _point_f1(point: dict, sets_gold: list[list[str]], weights: list[float]) -> float:
    """Weighted mean B-cubed F1 over the prepared sets of the batch at one grid point."""
    params = replace(story_params(), **point)
    scores = [
        bcubed(joined(len(gold), piles, [cluster_features(f, params) for f in features]), gold)[2]
        for (piles, features), gold in zip(_prepared, sets_gold, strict=True)
    ]
    return float(np.average(scores, weights=weights))


def best_params(
    sets: list[tuple[list[Item], list[str], str]],
    grid: dict,
    encoder: Encoder | None = None,
    weights: Sequence[float] | None = None,
) -> tuple[StoryParams, float]:
    """The batch parameters of `grid` with the best mean B-cubed F1 over `sets` (items, gold, and
    how it is piled, `piles_of`; weighted by `weights`, equal by default), and that
    F1; the lead vectors come from `encoder` (default: the static vectors). The points are scored
    in `WORKERS` forked processes."""
    import multiprocessing
    from functools import partial

    _prepared.clear()  # the features of each pile, once for every parameter set
    for items, gold, how in sets:
        piles = piles_of(items, gold, how)
        _prepared.append((piles, [corpus_features([items[k] for k in rows], encoder) for rows in piles]))
    points = [
        {name: float(value) for name, value in zip(grid, values, strict=True)}
        for values in itertools.product(*grid.values())
    ]
    weights = list(weights or [1.0] * len(sets))
    score = partial(_point_f1, sets_gold=[gold for _, gold, _ in sets], weights=weights)
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        f1s = pool.map(score, points, chunksize=1)
    best = int(np.argmax(f1s))  # the first of equals, in grid order
    return replace(story_params(), **points[best]), f1s[best]


def best_baseline(
    sets: list[tuple[list[Item], list[str], str]], grid: np.ndarray, weights: Sequence[float] | None = None
) -> tuple[float, float]:
    """The baseline's distance threshold of `grid` with the best mean B-cubed F1 over `sets` (as
    `best_params` takes them, with their `weights`), and that F1."""
    prepared = []  # the tree of each pile
    for items, gold, how in sets:
        piles = piles_of(items, gold, how)
        prepared.append((piles, [tfidf_linkage([items[k] for k in rows]) for rows in piles]))
    best_t, best_f1 = 0.5, -1.0
    for threshold in grid:
        scores = [
            bcubed(joined(len(gold), piles, [cut(tree, threshold) for tree in trees]), gold)[2]
            for (piles, trees), (_, gold, _) in zip(prepared, sets, strict=True)
        ]
        if (f1 := float(np.average(scores, weights=weights))) > best_f1:
            best_t, best_f1 = float(threshold), f1
    return best_t, best_f1


def tune(parts: dict, console: Console) -> tuple[StoryParams, float]:
    """Grid search on the train parts (B-cubed F1 of AllSides probe train in piles of probe val's size,
    ECB+ train, and ECB+ train with each topic clustered alone, weighted `TRAIN_WEIGHTS`) of the
    weights, partner term and threshold on batch clustering, and of the baseline's threshold on the
    same; the stream shares the batch's (joining at the batch threshold scored within 0.05 of the
    best separate stream threshold on train, 80.10 vs 80.15)."""
    train = [(*parts["allsides probe train"], VAL_SIZED), (*parts["ecb+ train topics"], WHOLE)]
    train.append((*parts["ecb+ train topics"], TOPICS))  # and each topic alone: a small pile
    best, best_f1 = best_params(train, TUNING_GRID, weights=TRAIN_WEIGHTS)
    console.print(f"tuned newsprism: {best} (train B-cubed F1 {100 * best_f1:.1f})")
    best_t, best_tf = best_baseline(train, BASELINE_GRID, weights=TRAIN_WEIGHTS)
    console.print(f"tuned baseline: distance threshold {best_t:.2f} (train B-cubed F1 {100 * best_tf:.1f})")
    return best, best_t


def ceiling_table(parts: dict, params: StoryParams, baseline_threshold: float, console: Console) -> None:
    """How far each reported set is from B-cubed F1 1.0 for these scorers at all: the batch and the
    baseline with the parameters tuned on train, and with those best on the set itself (hindsight,
    an upper bound for the scorer, never a result); and the hindsight ceiling of the batch scorer
    with richer meaning, the full MiniLM transformer's embedding of headline and lead in place of its
    static vectors (`models.load_encoder`, about 190 leads a second here against tens of thousands)."""
    from newsprism.models import load_encoder

    transformer = load_encoder()
    table = result_table(
        "Hindsight ceiling: B-cubed F1 (%) with parameters tuned on train vs picked on the test set itself"
        " (at: static, names, stranger, margin, threshold; the baseline's distance threshold)",
        console,
        ("data", "batch", "batch ceiling", "at", "MiniLM ceiling", "at", "baseline", "baseline ceiling", "at"),
        left=("data",),
    )
    for name in REPORTED:
        items, gold = parts[name]
        if not items or name == EACH_TOPIC:  # (its hindsight would need a grid search per topic)
            continue
        shipped = bcubed(batch(items, params), gold)[2]
        ceiling, ceiling_f1 = best_params([(items, gold, WHOLE)], CEILING_GRID)
        rich, rich_f1 = best_params([(items, gold, WHOLE)], CEILING_GRID, transformer)
        baseline = bcubed(tfidf_agglomerative(items, baseline_threshold), gold)[2]
        baseline_t, baseline_f1 = best_baseline([(items, gold, WHOLE)], BASELINE_GRID)
        table.add_row(
            name, f"{100 * shipped:.1f}", f"{100 * ceiling_f1:.1f}",
            f"{ceiling.static}, {ceiling.names}, {ceiling.stranger}, {ceiling.margin}, {ceiling.threshold}",
            f"{100 * rich_f1:.1f}", f"{rich.static}, {rich.names}, {rich.stranger}, {rich.margin}, {rich.threshold}",
            f"{100 * baseline:.1f}", f"{100 * baseline_f1:.1f}", f"{baseline_t:.3f}",
        )  # fmt: skip
    console.print(table)


def scale_table(sizes: list[int], data: Path, console: Console) -> None:
    """Run each corpus size in a fresh process (its own peak memory) and print one row per size."""
    columns = ("articles", "ingest s", "stories s", "near-dup s", "total s", "art/s", "exponent", "peak MB")
    columns += ("stories", "gold", "B3 F1", "stream s", "stream art/s", "stream B3")
    table = result_table(
        "Scale: ingest into DuckDB, cluster into stories, link near-duplicates (sampled real articles)",
        console,
        columns,
    )
    previous = None
    for size in sizes:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.stories", "--data", str(data), "--scale-run", str(size)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            console.print(f"[red]{size} articles: failed[/]\n{done.stderr[-2000:]}")
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        total = row["ingest s"] + row["stories s"] + row["near-dup s"]
        exponent = (
            f"{math.log(total / previous[1]) / math.log(size / previous[0]):.2f}" if previous is not None else "-"
        )
        previous = (size, total)
        table.add_row(
            f"{size:,}", *(f"{row[key]:.1f}" for key in ("ingest s", "stories s", "near-dup s")),
            f"{total:.1f}", f"{size / total:,.0f}", exponent, f"{row['peak MB']:,.0f}",
            f"{row['stories']:,}", f"{row['gold stories']:,}", f"{100 * row['b3 f1']:.1f}",
            f"{row['stream s']:.1f}", f"{size / row['stream s']:,.0f}", f"{100 * row['stream b3 f1']:.1f}",
        )  # fmt: skip
        console.print(f"{size:,} articles: {row}", highlight=False)
    console.print(table)


def run_size(data: Path, size: int) -> dict:
    """Ingest and cluster a corpus of `size` sampled articles (`datasets.scale_corpus`); the measurements
    as a dict. Each run times, after loading the data and the static encoder (not timed):

    * ingest: `Store.ingest` of the Article records into a new DuckDB file;
    * stories: reading the articles back, `cluster` and `Store.replace_stories` (what
      ``newsprism stories`` does);
    * near-duplicates: `near_duplicates` over the same items;

    and reports ``resource.getrusage`` peak resident memory of the process."""
    from newsprism.models import load_static_encoder
    from newsprism.store import Store
    from newsprism.stories import cluster, item_of, near_duplicates, story_ids, stream

    load_static_encoder()
    articles, gold = sample_corpus(dated_pool(data), size)
    gold_of = {article.id: story for article, story in zip(articles, gold, strict=True)}
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        with Store(Path(folder) / "scale.duckdb") as store:
            counts = store.ingest(articles)
            ingested = time.perf_counter()
            by_hash = {}
            items = []
            for entry in store.entries():
                items.append(item_of(entry.article))
                by_hash[entry.article.id] = entry.source_id
            labels = cluster(items)
            store.replace_stories(story_ids(items, labels))
            clustered = time.perf_counter()
        duplicates = near_duplicates(items)
        linked = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # of the store path, not the stream's
    before_stream = time.perf_counter()
    streamed = stream(items)  # the same articles, streamed in date order
    streaming = time.perf_counter() - before_stream
    truth = [gold_of[by_hash[item.id]] for item in items]
    return {
        "articles": size,
        "stored": counts.new,
        "stories": len(set(labels)),
        "gold stories": len(set(truth)),
        "b3 f1": bcubed(labels, truth)[2],
        "copies linked": sum(1 for k, v in duplicates.items() if k != v),
        "ingest s": ingested - started,
        "stories s": clustered - ingested,
        "near-dup s": linked - clustered,
        "peak MB": peak,
        "stream s": streaming,
        "stream b3 f1": bcubed(streamed, truth)[2],
    }


ERROR_SEED = 7  # the sample docs/stories-audit.md reads


def wrong_pairs(labels: Sequence, gold: Sequence) -> tuple[list, list]:
    """The pairs (a, b), a < b, the clustering joins against the gold, and those it splits, in order."""
    predicted, truth = pairs_together(labels), pairs_together(gold)
    return sorted(predicted - truth), sorted(truth - predicted)


ERROR_LEAD_WORDS = 45


def print_wrong_pairs(name: str, items: list[Item], gold: list[str], params: StoryParams, count: int) -> None:
    """The shipped batch's errors on one set, to read: how many pairs it joins and splits against
    the gold, and a sample of `count` of each (the same for the same labels, `ERROR_SEED`), every
    article as its headline and first words."""
    labels = batch(items, params)
    joined, split = wrong_pairs(labels, gold)
    print(
        f"{name}: {len(items)} articles; B-cubed F1 {100 * bcubed(labels, gold)[2]:.1f};"
        f" {len(joined)} pairs joined against the gold, {len(split)} split"
    )
    rng = random.Random(ERROR_SEED)
    for kind, pairs in (("joined, different gold stories", joined), ("split, one gold story", split)):
        for k, (a, b) in enumerate(rng.sample(pairs, min(count, len(pairs)))):
            print(f"--- {kind} {k}: {gold[a]} / {gold[b]}")
            for item in (items[a], items[b]):
                print(f"  {item.headline[:100]} || {' '.join(item.body.split()[:ERROR_LEAD_WORDS])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--tune", action="store_true", help="grid-search on the train parts and write data/stories.json"
    )
    parser.add_argument("--baseline-threshold", type=float, default=None, help="skip tuning the baseline")
    parser.add_argument("--scale", action="store_true", help="time ingest and clustering of growing corpora")
    parser.add_argument(
        "--ceiling", action="store_true", help="also the best F1 with parameters picked on each test set (hindsight)"
    )
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="corpus sizes for --scale, comma-separated (default: %(default)s)"
    )
    parser.add_argument(
        "--pair-model",
        type=Path,
        default=None,
        help="also the batch with this pair model (train/story_pairs.py trains one)",
    )
    parser.add_argument("--errors", type=int, default=0, help="print this many wrongly joined and split pairs")
    parser.add_argument(
        "--errors-in", default="allsides probe val", choices=[name for name in REPORTED if name != EACH_TOPIC]
    )
    parser.add_argument("--scale-run", type=int, default=None, help=argparse.SUPPRESS)  # one size, JSON out
    args = parser.parse_args(argv)
    if args.scale_run is not None:
        print(json.dumps(run_size(args.data, args.scale_run)))
        return 0
    console = wide_console(165)
    if args.scale:
        scale_table([int(size) for size in args.sizes.split(",")], args.data, console)
        return 0
    load_static_encoder()
    parts = splits(args.data)
    params, baseline_threshold = story_params(), args.baseline_threshold
    if args.errors:
        print_wrong_pairs(args.errors_in, *parts[args.errors_in], params, args.errors)
        return 0
    if args.tune:
        params, baseline_threshold = tune(parts, console)
        source = (
            "benchmarks/stories.py --tune: grid search, best B-cubed F1 on AllSides probe train in piles of"
            " probe val's size (weight 1/2), ECB+ train (1/4), and ECB+ train with each topic alone (1/4);"
            " pair_weight and pair_threshold:"
            " benchmarks/train/story_pairs.py, picked on held-out train stories"
        )
        params = replace(params, source=source)
        target = Path(str(resources.files("newsprism.data").joinpath("stories.json")))
        target.write_text(json.dumps(asdict(params), indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {target}")
        (Path(__file__).parent / "stories_baseline.json").write_text(
            json.dumps({"threshold": baseline_threshold}) + "\n"
        )
    if baseline_threshold is None:
        baseline_threshold = json.loads((Path(__file__).parent / "stories_baseline.json").read_text())["threshold"]
    table = result_table(
        "Story clustering: B-cubed and pairwise P / R / F1, %; B3 F1 ahead of the baseline, with its 95% interval"
        " (paired bootstrap over the gold stories)",
        console,
        ("data", "articles", "stories", "system", "B3 P", "B3 R", "B3 F1", "pair P", "pair R", "pair F1", "ahead", "s"),
        left=("data", "system"),
    )
    baseline_name = f"TF-IDF + agglomerative ({baseline_threshold:.2f})"
    systems = [
        ("newsprism stream", lambda items: streaming(items, params)),
        ("newsprism batch", lambda items: batch(items, params)),
        (baseline_name, lambda items: tfidf_agglomerative(items, baseline_threshold)),
    ]
    if args.pair_model is not None:
        from newsprism.stories.pairs import load_pair_model

        model = load_pair_model(str(args.pair_model))
        systems.insert(2, ("newsprism batch + pair model", lambda items: cluster(items, params, pair_model=model)))
    for name in REPORTED:
        items, gold = parts[name]
        if not items:
            console.print(f"[yellow]{name}: no articles in this checkout's data[/]")
            continue
        results = {}  # system -> (labels, seconds)
        for system, run in systems:
            started = time.perf_counter()
            labels = each_topic(run, items, gold) if name == EACH_TOPIC else run(items)
            results[system] = labels, time.perf_counter() - started
        for system, (labels, seconds) in results.items():
            b, pw = bcubed(labels, gold), pairwise(labels, gold)
            ahead = ""
            if system != baseline_name:
                lead, low, high = lead_over(labels, results[baseline_name][0], gold)
                ahead = f"{100 * lead:+.1f} [{100 * low:+.1f}, {100 * high:+.1f}]"
            table.add_row(
                name, str(len(items)), str(len(set(gold))), system,
                *(f"{100 * v:.1f}" for v in (*b, *pw)), ahead, f"{seconds:.1f}",
            )  # fmt: skip
        table.add_section()
    console.print(table)
    console.print(f"newsprism parameters: {params}", highlight=False)
    if args.ceiling:
        ceiling_table(parts, params, baseline_threshold, console)
    return 0


if __name__ == "__main__":
    sys.exit(main())
