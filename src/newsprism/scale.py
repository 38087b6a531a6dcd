"""The corpus pipeline on Ray: read and clean many inputs, and compare many stories, in parallel,
locally or on a cluster.

    from newsprism.scale import read_articles_on_ray
    with Store("news.duckdb") as store:
        store.ingest(read_articles_on_ray(["crawl/", "feeds.txt"]))   # what `newsprism ingest --ray` does

Reading and cleaning (decoding, trafilatura, page furniture, metadata) are the costly, independent
steps, so they run as Ray tasks, one per input file or URL (a JSONL or WARC file streams inside its
task); the same functions as the local path (`pipeline.read_articles`) do the work, so the articles
are the same, in the same order. The results stream back to this process, which writes the store:
DuckDB takes one writer. Ray starts a local cluster on first use (`address` joins a running one);
it is the `ray` extra (``pip install 'newsprism[ray]'``).

Comparing (`map_on_ray`, what ``newsprism outlets --ray`` runs through `corpus.compare_stories`)
needs models, which take seconds to load, so it runs on Ray actors: each takes one core, builds its
worker once (loads the spaCy pipeline and the encoder) and then takes one story after another. The
stories stream to the actors from this process, a few per actor in flight, and their comparisons
stream back as they finish, for this process to write: memory stays flat at any corpus size.

Grouping (`story_features_on_ray`, what ``newsprism stories --ray`` runs through
`corpus.group_stories`) gives the work each article does alone to the actors, shares of
`FEATURE_SHARE` articles each: its near-duplicate signature, static vectors, names and word counts.
This process joins them (the TF-IDF weights need the whole corpus's word counts) and does what
needs the whole corpus: the near-duplicate index, the candidate pairs and the linkage, so the
stories are the same as those grouped here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsprism.errors import NewsprismError
from newsprism.ingest import expand
from newsprism.ingest.fetch import is_url
from newsprism.models import limit_cores
from newsprism.pipeline import read_articles
from newsprism.records import Article, ArticleWithRaw, Failed
from newsprism.settings import Settings
from newsprism.stories.duplicates import signatures
from newsprism.stories.features import FeatureParts, Item, StoryFeatures, feature_parts, join_features

if TYPE_CHECKING:
    from datasketch import LeanMinHash

__all__ = ["RayCluster", "map_on_ray", "read_articles_on_ray", "start_ray", "story_features_on_ray"]

# items each actor holds at once: one at work, one waiting, so it never idles between items
IN_FLIGHT_PER_WORKER = 2
WORKER_CPUS = 1  # each actor's CPUs: it works on one core, and the cluster's cores make the parallelism
FEATURE_SHARE = 1000  # articles per share of grouping's per-article work (under a second of a core)


@dataclass(frozen=True, slots=True)
class RayCluster:
    """Where Ray work runs: `address`, a running cluster's (``ray://…`` or ``auto``), or None for a
    local one started here; `workers`, how many actors compare (one core each): None for one per
    CPU of the cluster. A local cluster started here gets `workers` CPUs (all cores when None)."""

    address: str | None = None
    workers: int | None = None


def read_articles_on_ray(
    sources: Iterable[str | Path], settings: Settings | None = None, *, address: str | None = None
) -> Iterator[Article | Failed]:
    """Every clean article of every source, in order, read by Ray tasks; a failed input is a `Failed`.

    `address` is a running Ray cluster's (``ray://…`` or ``auto``); None starts a local one, with one
    worker per core. Raises `NewsprismError` when Ray is not installed.
    """
    _ray()  # NewsprismError when it is missing
    import ray
    import ray.data

    settings = settings or Settings()
    units: list[str] = []
    for source in map(str, sources):
        if is_url(source):
            units.append(source)
            continue
        paths = list(expand(source))
        # a file named directly keeps the spelling it was given, as in the local path; a source
        # that names nothing goes too, and its task gives the failure in its place
        units.extend([source] if not paths else (source if path == Path(source) else str(path) for path in paths))
    if not units:
        return
    start_ray(RayCluster(address))
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # the store numbers articles in input order
    context.enable_progress_bars = False  # the CLI draws its own
    _quiet_console()
    dataset = ray.data.from_items([{"source": unit} for unit in units], override_num_blocks=len(units))
    for row in dataset.flat_map(_Reader(settings)).iter_rows():
        if row["kind"] == "article":
            yield ArticleWithRaw.from_json(row["json"]).whole()
        else:
            yield Failed.from_json(row["json"])


def map_on_ray(
    make_worker: Callable[[], Callable[[Any], Any]], items: Iterable[Any], cluster: RayCluster
) -> Iterator[Any]:
    """``worker(item)`` for every item, computed by Ray actors, each of which makes its `worker` once
    (``make_worker()``: where it loads its models); results come as they finish, not in order.

    `items` are read as actors get free (`IN_FLIGHT_PER_WORKER` each), so a stream of any length
    takes little memory. An exception raised by a worker is raised here, as itself. Raises
    `NewsprismError` when Ray is not installed or the cluster has no CPU for a worker.
    """
    ray = _ray()
    from ray.exceptions import RayTaskError
    from ray.util import ActorPool

    start_ray(cluster)
    workers = cluster.workers or int(ray.cluster_resources().get("CPU", 0))
    if workers < 1:
        raise NewsprismError(cluster.address or "ray", "the Ray cluster has no CPU to run a worker on")
    actor = ray.remote(num_cpus=WORKER_CPUS, max_restarts=1)(_Worker)
    actors = [actor.remote(make_worker) for _ in range(workers)]
    pool = ActorPool(actors)
    limit, in_flight = workers * IN_FLIGHT_PER_WORKER, 0
    try:
        for item in items:
            if in_flight >= limit:
                yield pool.get_next_unordered()
                in_flight -= 1
            pool.submit(lambda worker, value: worker.run.remote(value), item)
            in_flight += 1
        while in_flight:
            yield pool.get_next_unordered()
            in_flight -= 1
    except RayTaskError as error:
        cause = getattr(error, "cause", None)
        raise cause if isinstance(cause, Exception) else error from None
    finally:  # the models go with the actors; a later call starts new ones
        for worker in actors:
            ray.kill(worker)


def story_features_on_ray(items: Sequence[Item], cluster: RayCluster) -> tuple[StoryFeatures, list[LeanMinHash]]:
    """The `StoryFeatures` of `items` and their near-duplicate `signatures`, made by Ray actors, a
    share of `FEATURE_SHARE` articles at a time: the same, number for number, as made here."""
    shares = [(start, items[start : start + FEATURE_SHARE]) for start in range(0, len(items), FEATURE_SHARE)]
    made = dict(map_on_ray(_share_worker, shares, cluster))
    parts = [made[start] for start, _ in shares]
    return join_features([part for part, _ in parts]), [signature for _, signed in parts for signature in signed]


def _share_worker() -> Callable[[tuple[int, Sequence[Item]]], tuple[int, tuple[FeatureParts, list[LeanMinHash]]]]:
    """What a Ray actor does with each share of the articles to group: their features and signatures,
    with the static vectors loaded once."""
    from newsprism.models import load_static_encoder

    encoder = load_static_encoder()

    def share_features(share: tuple[int, Sequence[Item]]) -> tuple[int, tuple[FeatureParts, list[LeanMinHash]]]:
        start, items = share
        return start, (feature_parts(items, encoder), list(signatures(items)))

    return share_features


class _Worker:
    """A Ray actor's state: the worker it made once, applied to each item it is given."""

    def __init__(self, make_worker: Callable[[], Callable[[Any], Any]]) -> None:
        limit_cores(WORKER_CPUS)  # before the worker loads its models: one encoder thread, no annotate pool
        self.work = make_worker()

    def run(self, item: Any) -> Any:
        return self.work(item)


def _ray() -> Any:
    """The `ray` module; `NewsprismError` when it is not installed."""
    try:
        import ray
    except ImportError:
        raise NewsprismError("--ray", "Ray is not installed: pip install 'newsprism[ray]'") from None
    return ray


def start_ray(cluster: RayCluster) -> None:
    """Join `cluster`, or start a local one of `cluster.workers` CPUs (all cores when None), unless
    Ray runs already in this process."""
    ray = _ray()
    if not ray.is_initialized():
        cpus = cluster.workers if cluster.address is None else None
        ray.init(
            address=cluster.address,
            num_cpus=cpus,
            include_dashboard=False,
            log_to_driver=False,
            configure_logging=False,
        )


def _quiet_console() -> None:
    """Ray Data's INFO lines ("Starting execution of Dataset …") stay in Ray's session log files, off
    the console, where only its warnings print; the warning that its progress bars are off (on
    purpose) is spent before it prints."""
    from ray.util.debug import log_once

    for handler in logging.getLogger("ray.data").handlers:
        if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
            handler.setLevel(max(handler.level, logging.WARNING))
    log_once("ray_data_progress_manager_disabled")


class _Reader:
    """One Ray task's work: an input's articles and failures, as rows of JSON text (one Arrow schema
    for every block, whatever the records hold)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, row: dict[str, Any]) -> Iterator[dict[str, Any]]:
        # a generator: a large JSONL or WARC file streams through its task, record by record
        for item in read_articles([row["source"]], self.settings):
            if isinstance(item, Failed):
                yield {"kind": "failed", "json": item.to_json()}
            else:  # the raw input travels too: the store keeps it
                yield {"kind": "article", "json": ArticleWithRaw.of(item).to_json()}
