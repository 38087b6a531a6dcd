"""`newsprism serve` shares its store: the commands read it (and write it) while the app runs, and
the app writes through short transactions of its own. Runs the real commands in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism.store import Store
from tests.conftest import SEED
from tests.serve.conftest import free_port

pytestmark = pytest.mark.network_local

CLI = [sys.executable, "-m", "newsprism"]


def newsprism(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, timeout=120, env=os.environ)


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.load(answer)


def post(url: str, body: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.load(answer)


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[Path, str]]:
    """`newsprism serve` over a store the seed pair was just ingested into (stories not grouped by
    hand), in a process of its own; yields the store and the app's address."""
    db = tmp_path / "news.duckdb"
    ingested = newsprism("ingest", SEED / "reuters.txt", SEED / "xinhua.txt", "--db", db)
    assert ingested.returncode == 0, ingested.stderr
    port = free_port()
    server = subprocess.Popen(
        [*CLI, "serve", "--db", str(db), "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                get(f"{base}/api/feeds")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"serve did not start: {server.stdout.read().decode()}") from None
                time.sleep(0.2)
        yield db, base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_read_commands_work_while_serve_runs(served):
    db, base = served
    assert get(f"{base}/api/stories")["total"] == 1  # the app answers, and it lists the story ingest made
    listed = newsprism("articles", "--db", db, "--limit", "1", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert [article["outlet"] for article in json.loads(listed.stdout)] == ["Reuters"]
    stories = newsprism("stories", "--db", db, "--format", "csv")
    assert stories.returncode == 0, stories.stderr
    assert stories.stdout.splitlines()[0].startswith("id,")


def test_the_app_writes_while_commands_read(served):
    db, base = served
    update = (SEED / "reuters.txt").read_text().replace("GENEVA, Jan 21", "GENEVA, Jan 22", 1)
    answer = post(f"{base}/api/ingest", {"articles": [{"text": update, "outlet": "Reuters"}]})
    assert answer["new"] == 1, answer  # a write of the app, with the file shared
    listed = newsprism("articles", "--db", db, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 3


def test_a_command_writes_between_the_app_s_uses(served):
    db, base = served
    added = newsprism("ingest", SEED / "reuters.txt", "--db", db)  # a duplicate: a write transaction all the same
    assert added.returncode == 0, added.stderr
    assert "0 new, 1 duplicate," in added.stdout
    assert get(f"{base}/api/articles")["total"] == 2


def test_serve_right_after_ingest_groups_nothing_and_lists_the_story(served):
    _, base = served
    [story] = get(f"{base}/api/stories")["items"]
    assert story["outlets"] == ["Reuters", "Xinhua"]


def test_the_app_groups_articles_ingested_without_stories(tmp_path):
    from newsprism.serve.corpus import CorpusState
    from newsprism.settings import Settings

    db = tmp_path / "news.duckdb"
    assert newsprism("ingest", SEED / "reuters.txt", SEED / "xinhua.txt", "--db", db, "--no-stories").returncode == 0
    with Store(db, read_only=True) as store:
        assert list(store.stories()) == [] and len(store.ungrouped()) == 2
    state = CorpusState.open(db, Settings())
    try:
        with state.lock:
            [story] = state.store.stories()
        assert story.outlets == ("Reuters", "Xinhua")
    finally:
        state.close()
