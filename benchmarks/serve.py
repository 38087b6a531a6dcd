"""Load check of `newsprism serve`: requests/second and latency of the story list and a story page.

    python -m benchmarks.serve --data ../shared/data                      # a 10k-article store, built here
    python -m benchmarks.serve --db news.duckdb --requests 400            # an existing store

The store is built as the scale benchmark builds its corpora (`datasets.scale_corpus.sample_corpus`:
real, dated articles from AllSides, BASIL and NewsWCL50, re-drawn copies moved whole months later),
then ingested and clustered as `newsprism ingest` and `newsprism stories` do. The app runs as
`newsprism serve` in its own process on 127.0.0.1 (loopback only); this process sends a bounded
number of requests from `--concurrency` client threads to each page and prints requests per second
and the 50th/95th percentile latency. The story page is the comparison report of the biggest
story; its first visit (annotate and compare, then stored) is timed on its own, before the load.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from benchmarks.common import version
from benchmarks.datasets.scale_corpus import dated_pool, sample_corpus
from newsprism.corpus import group_stories
from newsprism.store import Store


def build_store(data: Path, size: int, path: Path, console: Console) -> None:
    started = time.perf_counter()
    articles, _ = sample_corpus(dated_pool(data), size)
    with Store(path) as store:
        store.ingest(articles, keep_raw=False)
        group_stories(store)
        stories = sum(1 for _ in store.stories())
    console.print(f"built {path}: {size:,} articles, {stories:,} stories in {time.perf_counter() - started:.1f} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_app(db: Path, port: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-c",
        "from newsprism.cli import app; app()",
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"newsprism serve exited: {server.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories?limit=1", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("newsprism serve did not answer within 120 s")


def load(url: str, requests: int, concurrency: int) -> dict:
    """Send `requests` GETs of `url` from `concurrency` threads; latencies and failures."""
    latencies: list[float] = []
    failures: list[str] = []
    remaining = iter(range(requests))
    guard = threading.Lock()

    def worker() -> None:
        with httpx.Client(timeout=120) as client:
            while True:
                with guard:
                    if next(remaining, None) is None:
                        return
                started = time.perf_counter()
                try:
                    answer = client.get(url)
                    ok = answer.status_code == 200
                except httpx.HTTPError as error:
                    ok, answer = False, error
                elapsed = time.perf_counter() - started
                with guard:
                    latencies.append(elapsed)
                    if not ok:
                        failures.append(str(getattr(answer, "status_code", answer)))

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "rps": len(latencies) / wall,
        "p50": statistics.median(ordered) * 1000,
        "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000,
        "failures": len(failures),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the shared datasets folder")
    parser.add_argument("--db", type=Path, help="an existing store (default: build one of --articles)")
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the store built")
    parser.add_argument("--requests", type=int, default=300, help="requests per page")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    args = parser.parse_args(argv)
    console = Console()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db
        if db is None:
            db = Path(folder) / "news.duckdb"
            build_store(args.data, args.articles, db, console)
        with Store(db, read_only=True) as store:
            articles = store.count()
            story = next(iter(store.stories(limit=1)), None)  # the biggest
        if story is None:
            raise SystemExit(f"{db} holds no stories")
        port = free_port()
        server = start_app(db, port)
        try:
            base = f"http://127.0.0.1:{port}"
            started = time.perf_counter()
            httpx.get(f"{base}/stories/{story.id}", timeout=600).raise_for_status()
            first_visit = time.perf_counter() - started
            pages = {
                "story list  /": f"{base}/",
                "story list  /api/stories": f"{base}/api/stories",
                "filtered    /?q=election": f"{base}/?q=election",
                f"story page  /stories/… ({story.size} articles)": f"{base}/stories/{story.id}",
                "comparison  /api/stories/…/comparison": f"{base}/api/stories/{story.id}/comparison",
            }
            results = {name: load(url, args.requests, args.concurrency) for name, url in pages.items()}
        finally:
            server.terminate()
            server.wait(timeout=30)
    table = Table(
        title=f"newsprism serve, {articles:,} articles, {args.requests} requests per page from {args.concurrency} "
        f"threads on 127.0.0.1 (newsprism {version('newsprism')}, fastapi {version('fastapi')}, uvicorn {version('uvicorn')})",
        title_justify="left",
    )
    for column in ("page", "requests/s", "p50 ms", "p95 ms", "failed"):
        table.add_column(column, justify="left" if column == "page" else "right")
    for name, result in results.items():
        table.add_row(
            name, f"{result['rps']:.1f}", f"{result['p50']:.1f}", f"{result['p95']:.1f}", str(result["failures"])
        )
    console.print(table)
    console.print(f"first visit of the story page (annotate, compare, store): {first_visit:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
