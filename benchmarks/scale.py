"""Scale: the corpus pipeline (ingest, stories, compare-all, outlets) timed here and on Ray.

    python -m benchmarks.scale --data ../shared/data                     # both tables below
    python -m benchmarks.scale --data ../shared/data --sizes 1000 --modes local,ray1,ray2
    python -m benchmarks.scale --data ../shared/data --basil --baseline 504d98f

**Corpus table.** For each size, articles sampled from real dated news (`datasets.scale_corpus`:
AllSides leads, BASIL and NewsWCL50 articles, copies moved months later) are written as 8 JSONL
shards and run through the corpus pipeline in a fresh process per mode, each stage timed:
ingest (read, clean and store the shards; on Ray, one task per shard), stories (`group_stories`,
what ``newsprism stories`` does; here, or its per-article work on Ray actors), compare-all (`compare_stories`: every story of two
or more outlets; here, or on Ray actors) and outlets (`stored_profiles`). Modes: ``local`` (this
process and its annotate workers, every core), ``rayN`` (a local Ray cluster of N CPUs, N actors).
Peak memory is the most the whole process tree held at once (this process, its annotate workers,
and on Ray the local cluster it started and its actors), summed over the tree every half second.

**Plan table.** From the per-article costs of the largest size's one-worker Ray run: the hours
1M, 10M and 100M articles would take on 1, 8 and 64 workers, and the stage that bounds each, with
reading, cleaning and comparing spread over the workers and the store's writer, the feeding of the
workers and grouping in one process, as today (docs/scale.md reads it).

**BASIL table.** compare-all over BASIL's 240 articles (80 stories of three outlets, the gold
stories stored as the corpus's stories), here, on Ray, and with the code of an earlier commit
(``--baseline``, checked out with ``git worktree`` beside this one), in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from rich.console import Console

from benchmarks.common import result_table
from benchmarks.datasets.multi_outlet import load_basil
from benchmarks.datasets.scale_corpus import dated_pool, sample_corpus

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ROOT = Path(__file__).resolve().parents[1]
SHARDS = 8
STAGES = ("ingest", "stories", "compare-all", "outlets")


class TreeMemory:
    """The peak resident memory of this process and all its descendants together, sampled every
    `every` seconds in a thread (``ru_maxrss`` sees neither the annotate pool's workers, forked by a
    fork server, nor Ray's)."""

    def __init__(self, every: float = 0.5) -> None:
        self.every, self.peak, self._stop = every, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:  # gone between the listing and the reading
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.every)


def ray_cluster(mode: str):
    """None for ``local``; for ``rayN`` a local Ray cluster of N CPUs started now, and its `RayCluster`."""
    if mode == "local":
        return None
    from newsprism.scale import RayCluster, start_ray

    cluster = RayCluster(workers=int(mode.removeprefix("ray")))
    start_ray(cluster)
    return cluster


def write_shards(data: Path, size: int, folder: Path) -> list[Path]:
    """`size` sampled articles as `SHARDS` JSONL files of the columns the table reader knows."""
    articles, _ = sample_corpus(dated_pool(data), size)
    paths = [folder / f"shard-{k}.jsonl" for k in range(SHARDS)]
    handles = [path.open("w", encoding="utf-8") for path in paths]
    for number, article in enumerate(articles):
        row = {"text": article.body, "title": article.headline, "date": article.published}
        row |= {"outlet": article.outlet, "url": article.url or f"https://scale.example/{number}"}
        handles[number % SHARDS].write(json.dumps(row) + "\n")
    for handle in handles:
        handle.close()
    return paths


def corpus_run(data: Path, size: int, mode: str) -> dict:
    """One size in one mode: each stage's seconds, the counts, and the peak memory."""
    from newsprism.corpus import compare_stories, group_stories
    from newsprism.corpus.outlets import stored_profiles
    from newsprism.pipeline import read_articles
    from newsprism.settings import Settings
    from newsprism.store import Store

    seconds: dict[str, float] = {}
    with (
        TreeMemory() as memory,
        tempfile.TemporaryDirectory() as folder,
        Store(Path(folder) / "scale.duckdb") as store,
    ):
        cluster = ray_cluster(mode)
        features = time_features_on_ray()
        settings = Settings.load()
        shards = write_shards(data, size, Path(folder))
        started = time.perf_counter()
        if cluster is None:
            stream = read_articles(shards, settings)
        else:
            from newsprism.scale import read_articles_on_ray

            stream = read_articles_on_ray(shards, settings)
        ingested = store.ingest(stream, keep_raw=False)
        seconds["ingest"] = time.perf_counter() - started
        write = store_write_seconds(list(store.articles()), Path(folder))
        started = time.perf_counter()
        group_stories(store, ray=cluster)
        seconds["stories"] = time.perf_counter() - started
        started = time.perf_counter()
        counts = compare_stories(store, settings, ray=cluster)
        seconds["compare-all"] = time.perf_counter() - started
        compared = sum(len(story.articles) for story in store.stories() if len(story.outlets) >= 2)
        started = time.perf_counter()
        profiles = stored_profiles(store).profiles
        seconds["outlets"] = time.perf_counter() - started
        driver = driver_seconds(store)
    return {
        "size": size,
        "mode": mode,
        "stored": ingested.new,
        "stories compared": counts.compared,
        "failed": len(counts.failed),
        "articles compared": compared,
        "outlets": len(profiles),
        "seconds": seconds,
        "write s": write,
        "features s": sum(features),
        "driver s/story": driver,
        "peak MB": memory.peak_mb,
    }


def time_features_on_ray() -> list[float]:
    """The seconds of each call of `scale.story_features_on_ray` in this process from now on (the
    part of grouping that runs on Ray actors), in the list returned."""
    import newsprism.scale as scale

    made, seconds = scale.story_features_on_ray, []

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return made(*args, **kwargs)
        finally:
            seconds.append(time.perf_counter() - started)

    scale.story_features_on_ray = timed
    return seconds


def store_write_seconds(articles: list, folder: Path) -> float:
    """Seconds the one process holding a store takes to write `articles` into a new one: the part
    of ingest no number of readers shares."""
    from newsprism.store import Store

    with Store(folder / "write.duckdb") as store:
        started = time.perf_counter()
        store.ingest(articles, keep_raw=False)
        return time.perf_counter() - started


def driver_seconds(store) -> float:
    """Seconds per compared story that the one process holding the store spends whatever the workers
    do: reading the story's articles for them and writing its comparison back (`WRITE_EVERY` per
    transaction). It bounds how many stories a second any number of workers can be fed."""
    from newsprism.corpus import stories_with_articles
    from newsprism.corpus.compare import WRITE_EVERY

    comparisons = store.comparisons()
    stories = [story for story in store.stories() if story.id in comparisons]
    started = time.perf_counter()
    for _ in stories_with_articles(store, stories):
        pass
    ids = list(comparisons)
    for at in range(0, len(ids), WRITE_EVERY):
        store.stories_by_id(ids[at : at + WRITE_EVERY])
        store.put_comparisons({story_id: comparisons[story_id] for story_id in ids[at : at + WRITE_EVERY]})
    return (time.perf_counter() - started) / max(len(stories), 1)


def basil_run(data: Path, mode: str) -> dict:
    """compare-all over BASIL's 80 gold stories with the newsprism this process imports (this tree's,
    or an earlier commit's: only the calls every version since 504d98f has are used)."""
    from newsprism.corpus import compare_stories
    from newsprism.settings import Settings
    from newsprism.store import Store

    stories = load_basil(data)
    articles = [article for story in stories for article in story.articles]
    with (
        TreeMemory() as memory,
        tempfile.TemporaryDirectory() as folder,
        Store(Path(folder) / "basil.duckdb") as store,
    ):
        cluster = ray_cluster(mode)
        store.ingest(articles)
        story_of = {article.id: story.id for story in stories for article in story.articles}
        store.replace_stories({entry.article.id: story_of[entry.source_id] for entry in store.entries()})
        settings = Settings.load()
        started = time.perf_counter()
        counts = compare_stories(store, settings) if cluster is None else compare_stories(store, settings, ray=cluster)
        seconds = time.perf_counter() - started
    return {
        "mode": mode,
        "articles": len(articles),
        "stories": counts.compared,
        "failed": len(counts.failed),
        "seconds": seconds,
        "peak MB": memory.peak_mb,
        "newsprism": str(Path(sys.modules["newsprism"].__file__).parent),
    }


def in_fresh_process(arguments: list[str], source: Path = ROOT / "src") -> dict | str:
    """The JSON a run of this module with `arguments` prints, importing newsprism from `source`; the
    error's last lines where it failed."""
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([str(source), str(ROOT)]))
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=environment,
    )
    if done.returncode:
        return done.stderr.strip()[-1500:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def baseline_tree(commit: str) -> Path:
    """A checkout of `commit` beside this one (``git worktree``), made once, and its src folder."""
    tree = Path(tempfile.gettempdir()) / f"newsprism-{commit}"
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=ROOT, check=True)
    return tree / "src"


def corpus_table(data: Path, sizes: list[int], modes: list[str], console: Console) -> dict | None:
    """The corpus table; returns the one-worker row of the largest size (None without one)."""
    columns = ("articles", "mode", *(f"{stage} s" for stage in STAGES), "compared art/s", "total art/s")
    table = result_table(
        "Scale: the corpus pipeline on sampled real articles, here and on Ray",
        console,
        (*columns, "driver ms/story", "peak MB"),
    )
    one_worker_row = None
    for size in sizes:
        one_worker = None
        for mode in modes:
            row = in_fresh_process(["--data", str(data), "--corpus-run", str(size), mode])
            if isinstance(row, str):
                console.print(f"[red]{size:,} articles, {mode}: failed[/]\n{row}")
                continue
            console.print(f"{size:,} articles, {mode}: {row}", highlight=False)
            seconds = row["seconds"]
            rate = row["articles compared"] / max(seconds["compare-all"], 1e-9)
            if mode == "ray1":
                one_worker, one_worker_row = rate, row
            speed_up = (
                f" ({rate / one_worker:.2f}x ray1)" if mode != "ray1" and mode.startswith("ray") and one_worker else ""
            )
            table.add_row(
                f"{size:,}", mode, *(f"{seconds[stage]:.1f}" for stage in STAGES), f"{rate:.1f}{speed_up}",
                f"{size / sum(seconds.values()):.1f}", f"{1000 * row['driver s/story']:.1f}", f"{row['peak MB']:,.0f}",
            )  # fmt: skip
    console.print(table)
    console.print(
        "compared art/s: articles in stories of two or more outlets, over compare-all's time; driver ms/story: what the"
        " one process that holds the store spends per story (reading its articles, writing its comparison);"
        " peak MB: the process tree's"
    )
    return one_worker_row


PLANNED_SIZES = (1_000_000, 10_000_000, 100_000_000)
PLANNED_WORKERS = (1, 8, 64)


def plan_table(row: dict, console: Console) -> None:
    """What larger corpora would take, from the per-article costs one Ray worker measured in `row`:
    reading and cleaning, comparing and grouping's per-article work spread over the workers;
    writing the store, feeding the workers and the rest of grouping stay in one process (today's
    design), so they bound the time however many workers there are. Hours, and the stage that takes
    longest."""
    size, seconds = row["size"], row["seconds"]
    read = max(seconds["ingest"] - row["write s"], 0.0) / size  # per article, on one worker
    write = row["write s"] / size  # per article, in one process
    # grouping: what each article gives alone on the workers (`story_features_on_ray`), the rest here
    spread = row.get("features s", 0.0) / size
    group = seconds["stories"] / size - spread
    share = row["articles compared"] / row["stored"]
    per_story = row["articles compared"] / max(row["stories compared"], 1)
    compare = seconds["compare-all"] / max(row["articles compared"], 1)  # per compared article, one worker
    driver, outlets = row["driver s/story"], seconds["outlets"] / max(row["stories compared"], 1)
    table = result_table(
        f"Plan: hours for larger corpora, from the costs one Ray worker measured on {size:,} articles",
        console,
        ("articles", "workers", "ingest h", "stories h", "compare-all h", "outlets h", "total h", "bound by"),
    )
    for articles in PLANNED_SIZES:
        stories = articles * share / per_story
        for workers in PLANNED_WORKERS:
            stages = {
                "ingest": articles * max(read / workers, write),
                "stories": articles * (group + spread / workers),
                "compare-all": max(articles * share * compare / workers, stories * driver),
                "outlets": stories * outlets,
            }
            slowest = max(stages, key=stages.__getitem__)
            reason = {
                "ingest": "the store's one writer" if write >= read / workers else "reading and cleaning",
                "stories": "grouping, its one-process part",
                "compare-all": "feeding the workers"
                if stories * driver >= articles * share * compare / workers
                else "annotating and comparing",
                "outlets": "profiling, in one process",
            }[slowest]
            table.add_row(
                f"{articles:,}", str(workers), *(f"{value / 3600:,.1f}" for value in stages.values()),
                f"{sum(stages.values()) / 3600:,.1f}", f"{slowest}: {reason}",
            )  # fmt: skip
    console.print(table)
    console.print(
        f"per article: read and clean {1000 * read:.1f} ms (a worker), write {1000 * write:.2f} ms (one process),"
        f" group {1000 * spread:.2f} ms (a worker) + {1000 * group:.2f} ms (one process), compare {1000 * compare:.0f} ms (a worker) for the"
        f" {100 * share:.0f}% of articles in stories of two or more outlets ({per_story:.1f} articles a story);"
        f" per story: {1000 * driver:.1f} ms feeding and writing, {1000 * outlets:.2f} ms profiling (one process)"
    )


def basil_table(data: Path, modes: list[str], baseline: str | None, console: Console) -> None:
    table = result_table(
        "compare-all on BASIL (240 articles, 80 stories), same run", console, ("code", "mode", "s", "art/s", "peak MB")
    )
    runs = [("this tree", ROOT / "src", mode) for mode in modes]
    if baseline:
        runs.insert(0, (baseline, baseline_tree(baseline), "local"))
    for name, source, mode in runs:
        row = in_fresh_process(["--data", str(data), "--basil-run", mode], source)
        if isinstance(row, str):
            console.print(f"[red]{name}, {mode}: failed[/]\n{row}")
            continue
        console.print(f"{name}, {mode}: {row}", highlight=False)
        rate = row["articles"] / row["seconds"]
        table.add_row(name, mode, f"{row['seconds']:.1f}", f"{rate:.1f}", f"{row['peak MB']:,.0f}")
    console.print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated (default: %(default)s)")
    parser.add_argument(
        "--modes", default="local,ray1,ray2", help="local and rayN, comma-separated (default: %(default)s)"
    )
    parser.add_argument("--basil", action="store_true", help="only the BASIL table")
    parser.add_argument("--corpus", action="store_true", help="only the corpus table")
    parser.add_argument("--baseline", default="504d98f", help="the earlier commit of the BASIL table ('' for none)")
    parser.add_argument("--corpus-run", nargs=2, metavar=("SIZE", "MODE"), help=argparse.SUPPRESS)
    parser.add_argument("--basil-run", metavar="MODE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.corpus_run:
        print(json.dumps(corpus_run(args.data, int(args.corpus_run[0]), args.corpus_run[1])))
        return 0
    if args.basil_run:
        print(json.dumps(basil_run(args.data, args.basil_run)))
        return 0
    console = Console(width=160)
    modes = args.modes.split(",")
    if not args.corpus:
        basil_table(args.data, modes, args.baseline or None, console)
    if not args.basil:
        one_worker = corpus_table(args.data, [int(size) for size in args.sizes.split(",")], modes, console)
        if one_worker is not None:
            plan_table(one_worker, console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
