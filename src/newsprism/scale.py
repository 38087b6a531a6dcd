"""The corpus pipeline on Ray Data: read and clean many inputs in parallel, locally or on a cluster.

    from newsprism.scale import read_articles_on_ray
    with Store("news.duckdb") as store:
        store.ingest(read_articles_on_ray(["crawl/", "feeds.txt"]))   # what `newsprism ingest --ray` does

Reading and cleaning (decoding, trafilatura, page furniture, metadata) are the costly, independent
steps, so they run as Ray tasks, one per input file or URL (a JSONL or WARC file streams inside its
task); the same functions as the local path (`pipeline.read_articles`) do the work, so the articles
are the same, in the same order. The results stream back to this process, which writes the store:
DuckDB takes one writer. Ray starts a local cluster on first use (`address` joins a running one);
it is the `ray` extra (``pip install 'newsprism[ray]'``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsprism.errors import NewsprismError
from newsprism.ingest import expand
from newsprism.ingest.fetch import is_url
from newsprism.pipeline import read_articles
from newsprism.records import Article, ArticleWithRaw, Failed
from newsprism.settings import Settings

__all__ = ["read_articles_on_ray"]


def read_articles_on_ray(
    sources: Iterable[str | Path], settings: Settings | None = None, *, address: str | None = None
) -> Iterator[Article | Failed]:
    """Every clean article of every source, in order, read by Ray tasks; a failed input is a `Failed`.

    `address` is a running Ray cluster's (``ray://…`` or ``auto``); None starts a local one, with one
    worker per core. Raises `NewsprismError` when Ray is not installed.
    """
    try:
        import ray
        import ray.data
    except ImportError:
        raise NewsprismError("--ray", "Ray is not installed: pip install 'newsprism[ray]'") from None
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
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False, configure_logging=False)
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
