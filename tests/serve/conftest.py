"""A corpus store built from real articles, and the web app serving it on a free port of 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed")
import uvicorn

from newsprism.corpus import group_stories
from newsprism.pipeline import read_articles
from newsprism.serve import create_app
from newsprism.settings import Settings
from newsprism.store import Store
from tests.conftest import SEED, SHARED_DATA
from tests.ingest.conftest import _http_server, local_server  # noqa: F401  (fixtures, for the follow tests)

BASIL_STORIES = 8  # events of ../shared/data/basil added to the seed pair where that data is present


def build_store(path: Path, sources: list[Path]) -> Path:
    with Store(path) as store:
        store.ingest(read_articles(sources))
        group_stories(store)
    return path


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """The seed pair, and where ../shared/data is present the first BASIL events (Fox, NYT, HuffPost)."""
    folder = tmp_path_factory.mktemp("corpus")
    sources = [SEED / "reuters.txt", SEED / "xinhua.txt"]
    basil = SHARED_DATA / "basil" / "clustering_view.shared.jsonl"
    if basil.is_file():
        rows, stories = [], []
        for line in basil.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["story_id"] not in stories:
                stories.append(row["story_id"])
            if len(stories) <= BASIL_STORIES:
                rows.append(row)
        sample = folder / "basil-sample.jsonl"
        sample.write_text("".join(json.dumps(row) + "\n" for row in rows if row["story_id"] in stories[:BASIL_STORIES]))
        sources.append(sample)
    return build_store(folder / "news.duckdb", sources)


LOCAL = "http://127.0.0.1"  # the address tests reach the app under; the app refuses TestClient's "testserver"


def local_client(app, **options):
    """A Starlette TestClient that addresses `app` as http://127.0.0.1, one of the hosts it serves."""
    from fastapi.testclient import TestClient

    return TestClient(app, base_url=LOCAL, **options)


class LiveApp:
    """The app served by uvicorn in a thread; `url(path)` is the full address of a path."""

    def __init__(self, server: uvicorn.Server, port: int) -> None:
        self.server, self.port = server, port

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_in_thread(app, port: int | None = None) -> Iterator[LiveApp]:
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    try:
        yield LiveApp(server, port)
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def live_app(corpus_db, tmp_path_factory) -> Iterator[LiveApp]:
    """The app on a free port of 127.0.0.1, over a copy of `corpus_db` of the test module's own (the
    tests ingest), with a short fetch timeout."""
    copy = tmp_path_factory.mktemp("served") / "news.duckdb"
    shutil.copyfile(corpus_db, copy)
    yield from serve_in_thread(create_app(copy, Settings(fetch_timeout=3.0)))
