"""A story of very long articles holds up no other and no shutdown.

Reported: an article over 1,000,000 characters gave a 500 on every visit to its story (spaCy's
E088); at 900,000 characters one comparison ran for minutes under a server-wide lock, so every other
story's first comparison waited, and SIGTERM hung until kill -9.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time

from newsprism.pipeline import read_articles
from newsprism.serve import create_app
from newsprism.settings import Settings
from newsprism.store import Store
from tests.conftest import SEED
from tests.serve.conftest import free_port, local_client

GIANT_CHARS = 1_100_000


def long_store(path):
    """The seed pair as one story, and Reuters' body repeated past a million characters as another."""
    reuters, xinhua = read_articles([SEED / "reuters.txt", SEED / "xinhua.txt"])
    body = "\n".join([reuters.body] * (GIANT_CHARS // len(reuters.body) + 1))
    giant = dataclasses.replace(reuters, id="giant", source="giant.txt", headline="A very long report", body=body)
    with Store(path) as store:
        store.ingest([reuters, xinhua, giant])
        ids = {len(article.body): article.id for article in store.articles()}
        store.replace_stories(
            {ids[len(reuters.body)]: "story-seed", ids[len(xinhua.body)]: "story-seed", ids[len(body)]: "story-giant"}
        )
    return path


def test_a_long_story_answers_503_at_once_and_the_others_are_compared_meanwhile(tmp_path):
    settings = Settings(compare_wait=0.5)  # the default max_article_chars: seconds of work for the giant
    app = create_app(long_store(tmp_path / "news.duckdb"), settings)
    with local_client(app) as client:
        start = time.monotonic()
        busy = client.get("/api/stories/story-giant/comparison")
        assert busy.status_code == 503 and "still being compared" in busy.json()["detail"]
        assert time.monotonic() - start < 5
        assert "story-giant" in app.state.corpus._pending  # under way, in its own thread
        deadline = time.monotonic() + 120
        while (seed := client.get("/api/stories/story-seed/comparison")).status_code == 503:
            assert time.monotonic() < deadline
        assert seed.status_code == 200 and {a["outlet"] for a in seed.json()["articles"]} == {"Reuters", "Xinhua"}
        while (giant := client.get("/api/stories/story-giant/comparison")).status_code == 503:
            assert time.monotonic() < deadline
        assert giant.status_code == 200
        assert any("read the first" in note and "max_article_chars" in note for note in giant.json()["notes"])
        page = client.get("/stories/story-giant")
        assert page.status_code == 200  # stored now: read back, no 500


def test_sigterm_stops_the_server_while_a_long_story_is_compared(tmp_path):
    db = long_store(tmp_path / "news.duckdb")
    port = free_port()
    env = {**os.environ, "NEWSPRISM_COMPARE_WAIT": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "newsprism", "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        busy = httpx.get(f"http://127.0.0.1:{port}/api/stories/story-giant/comparison", timeout=30)
        assert busy.status_code == 503  # the giant is being compared now
        start = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        assert time.monotonic() - start < 15
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
