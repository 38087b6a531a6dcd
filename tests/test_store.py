"""The DuckDB corpus store on the seed pair: idempotent ingest by content hash, failures kept as rows,
stories derived from their articles, Parquet export, the CLI, and an ingest killed half-way."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.errors import NewsprismError
from newsprism.pipeline import read_articles
from newsprism.records import Comparison
from newsprism.store import IngestCounts, Store, StoryPage, StoryQuery, content_hash

runner = CliRunner()


@pytest.fixture(scope="module")
def seed_articles(seed_paths):
    articles = list(read_articles(seed_paths.values()))
    assert [a.outlet for a in articles] == ["Reuters", "Xinhua"]
    return articles


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _copies(seed_articles, count: int) -> list[dict]:
    """`count` JSONL records of the seed bodies, each with a paragraph of its own so that hashes differ."""
    records = []
    for number in range(count):
        article = seed_articles[number % 2]
        paragraphs = article.body.split("\n\n")
        paragraphs.insert(1, f"This is copy {number} of the {article.outlet} report, made for the store test.")
        records.append(
            {
                "id": f"copy-{number}",
                "title": article.headline,
                "text": "\n\n".join(paragraphs),
                "outlet": article.outlet,
                "date": article.published,
            }
        )
    return records


def test_ingest_twice_stores_each_article_once(seed_paths, seed_articles, tmp_path):
    with Store(tmp_path / "news.duckdb") as store:
        assert store.ingest(read_articles(seed_paths.values())) == IngestCounts(new=2, duplicates=0, failed=0)
        assert store.ingest(read_articles(seed_paths.values())) == IngestCounts(new=0, duplicates=2, failed=0)
        assert store.count() == 2
        stored = list(store.entries())
    assert [e.article.id for e in stored] == [content_hash(a.body) for a in seed_articles]
    assert [e.source_id for e in stored] == [a.id for a in seed_articles]
    # reopening the file finds the same corpus
    with Store(tmp_path / "news.duckdb", read_only=True) as store:
        assert [a.id for a in store.articles()] == [e.article.id for e in stored]


def test_same_text_from_another_source_is_a_duplicate(seed_articles, tmp_path):
    reuters = seed_articles[0]
    rewrapped = reuters.body.replace("\n\n", "\n\n\n").replace(". ", ".  ")
    other = "GENEVA, Jan 21 (Reuters) - A report that no other source carries, about the talks in Geneva on Friday."
    feed = _jsonl(
        tmp_path / "wire.jsonl",
        [
            {"id": "wire-1", "title": reuters.headline, "text": reuters.body},
            {"id": "wire-2", "title": reuters.headline, "text": rewrapped},
            {"id": "wire-3", "title": "Talks in Geneva", "text": other * 3},
        ],
    )
    with Store(tmp_path / "news.duckdb") as store:
        assert store.ingest([reuters]) == IngestCounts(1, 0, 0)
        assert store.ingest(read_articles([feed]), batch_size=2) == IngestCounts(new=1, duplicates=2, failed=0)
        entries = list(store.entries())
    assert content_hash(rewrapped) == content_hash(reuters.body)
    assert [e.source_id for e in entries] == [reuters.id, "wire-3"]  # a record keeps its own id as source_id
    assert entries[0].article.source == reuters.source  # the first source to bring a text keeps it


def test_a_bad_input_is_a_failure_row_and_the_batch_goes_on(seed_paths, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    sources = [empty, seed_paths["reuters.txt"], binary, seed_paths["xinhua.txt"]]
    with Store(tmp_path / "news.duckdb") as store:
        assert store.ingest(read_articles(sources)) == IngestCounts(new=2, duplicates=0, failed=2)
        assert [(f.source, f.reason) for f in store.failures()] == sorted(
            [(str(empty), "empty input"), (str(binary), "binary data, not text or HTML")]
        )
        assert store.count() == 2
        # a failure stays until its input goes through
        empty.write_bytes(seed_paths["xinhua.txt"].read_bytes())
        assert store.ingest(read_articles([empty])) == IngestCounts(new=0, duplicates=1, failed=0)
        assert [f.source for f in store.failures()] == [str(binary)]


def test_a_stored_article_is_the_article_read(seed_paths, seed_articles, tmp_path):
    with Store(tmp_path / "news.duckdb") as store:
        store.ingest(read_articles(seed_paths.values()))
        for article in seed_articles:
            stored = store.get_article(content_hash(article.body), with_raw=True)
            assert stored == dataclasses.replace(article, id=content_hash(article.body))
            assert stored.raw == article.raw and stored.removed and stored.dateline
        assert store.get_article(content_hash(seed_articles[0].body)).raw is None
        assert store.get_article("0000000000000000") is None
        assert [a.outlet for a in store.articles(limit=1, offset=1)] == ["Xinhua"]
    with Store(tmp_path / "bare.duckdb") as store:
        store.ingest(read_articles(seed_paths.values()), keep_raw=False)
        assert store.get_article(content_hash(seed_articles[0].body), with_raw=True).raw is None


def _versions(article, count: int) -> list:
    """`count` articles of `article`'s text, each with a last paragraph of its own so that hashes differ."""
    return [
        dataclasses.replace(
            article, id=f"{article.id}-{n}", body=f"{article.body}\n\nThis is version {n} of the report."
        )
        for n in range(count)
    ]


def test_every_way_of_reading_an_article_reads_the_same_one(seed_articles, tmp_path):
    reuters, xinhua = seed_articles
    ingested = [reuters, xinhua, *_versions(reuters, 2), *_versions(xinhua, 2)]  # Reuters, Xinhua, R, R, X, X
    with Store(tmp_path / "news.duckdb") as store:
        store.ingest(ingested)
        stored = [entry.article for entry in store.entries()]
        assert [(a.id, a.outlet) for a in stored] == [(content_hash(a.body), a.outlet) for a in ingested]
        assert list(store.articles()) == stored
        assert [store.get_article(a.id) for a in stored] == stored
        assert store.articles_by_id([stored[4].id, "0000000000000000", stored[1].id]) == [stored[4], stored[1]]
        assert list(store.articles(limit=2, offset=3)) == stored[3:5]
        assert store.find_articles("Xinhua", limit=2, offset=1) == (3, [stored[4], stored[5]])
        assert store.find_articles(offset=5) == (6, stored[5:])
        assert store.find_articles("Le Monde") == (0, [])
        assert store.outlets() == [("Reuters", 3), ("Xinhua", 3)]


def test_articles_stream_while_the_store_answers_other_calls(seed_articles, tmp_path):
    many = _versions(seed_articles[0], 1200)  # more than one chunk of the stream
    with Store(tmp_path / "news.duckdb") as store:
        store.ingest(many, keep_raw=False)
        read = []
        for article in store.articles():
            if len(read) % 200 == 0:  # a query of its own, also between the first chunk and the second
                assert store.get_article(article.id) == article
            read.append(article.id)
    assert read == [content_hash(a.body) for a in many]


def test_every_way_of_reading_a_story_reads_the_same_one(seed_articles, tmp_path):
    reuters, xinhua = seed_articles
    versions = _versions(reuters, 3)
    with Store(tmp_path / "news.duckdb") as store:
        store.ingest([reuters, xinhua, *versions])
        r, x, *v = (content_hash(a.body) for a in [reuters, xinhua, *versions])
        store.replace_stories({r: "geneva", x: "geneva", **{id: "wire" for id in v}})
        stories = list(store.stories())
        assert [(s.id, s.size, s.outlets) for s in stories] == [
            ("wire", 3, ("Reuters",)),
            ("geneva", 2, ("Reuters", "Xinhua")),
        ]
        assert [store.story(s.id) for s in stories] == stories
        assert store.story("nope") is None
        assert list(store.stories(limit=1, offset=1)) == stories[1:]
        assert store.find_stories(StoryQuery(sort="biggest")) == StoryPage(2, tuple(stories))
        assert store.find_stories(StoryQuery(sort="biggest"), limit=1, offset=1) == StoryPage(2, (stories[1],))
        assert store.find_stories(StoryQuery(outlet="Xinhua")) == StoryPage(1, (stories[1],))
        assert store.find_stories(StoryQuery(sort="biggest"), offset=5) == StoryPage(2, ())
        assert store.stories_missed("AP") == [stories[1]]  # the only story two outlets covered
        assert store.stories_missed("Xinhua") == []


def test_stories_are_derived_from_their_articles(seed_paths, seed_articles, tmp_path):
    reuters, xinhua = (content_hash(a.body) for a in seed_articles)
    with Store(tmp_path / "news.duckdb") as store:
        store.ingest(read_articles(seed_paths.values()))
        assert store.replace_stories({xinhua: "geneva", reuters: "geneva"}) == 1
        story = store.story("geneva")
        assert story.headline == "Top diplomats for U.S., Russia see no breakthrough at their Ukraine talks"
        assert (story.first_published, story.last_published) == ("2022-01-21T10:37:00+00:00", "2022-01-22")
        assert (story.size, story.outlets, story.articles) == (2, ("Reuters", "Xinhua"), (reuters, xinhua))

        store.put_comparison("geneva", Comparison(tuple(seed_articles), (), (), (), (), ()))
        assert store.comparison("geneva").articles == tuple(seed_articles)
        # writing the same stories again changes nothing and keeps the comparison
        assert store.replace_stories({reuters: "geneva", xinhua: "geneva"}) == 0
        assert store.comparison("geneva") is not None

        assert store.assign_stories({xinhua: "xinhua-only"}) == 2
        assert store.comparison("geneva") is None  # its articles changed
        assert [(s.id, s.size, s.outlets) for s in store.stories()] == [
            ("geneva", 1, ("Reuters",)),
            ("xinhua-only", 1, ("Xinhua",)),
        ]
        assert store.story("xinhua-only").headline.startswith("World Insights: Meeting on Ukraine")
        assert store.story("geneva").last_published == "2022-01-21T10:37:00+00:00"

        with pytest.raises(ValueError, match="not articles of .*: 0000000000000000"):
            store.replace_stories({reuters: "other", "0000000000000000": "other"})
        assert [s.id for s in store.stories()] == ["geneva", "xinhua-only"]  # nothing was written
        with pytest.raises(ValueError, match="no story 'nope'"):
            store.put_comparison("nope", store.comparison("geneva") or Comparison((), (), (), (), (), ()))

        assert store.replace_stories({xinhua: "geneva"}) == 2
        assert [(s.id, s.articles, s.headline[:14]) for s in store.stories()] == [
            ("geneva", (xinhua,), "World Insights")
        ]


def test_export_parquet_writes_every_table(seed_paths, seed_articles, tmp_path):
    with Store(tmp_path / "news.duckdb") as store:
        store.ingest(read_articles([*seed_paths.values(), tmp_path / "missing.txt"]))
        store.replace_stories({content_hash(a.body): "geneva" for a in seed_articles})
        paths = store.export_parquet(tmp_path / "export")
    assert sorted(paths) == sorted(
        ["articles", "failures", "stories", "story_articles", "comparisons", "feeds", "feed_items", "copies"]
    )
    articles = pq.read_table(paths["articles"]).to_pylist()
    assert [a["body"] for a in articles] == [a.body for a in seed_articles]
    assert json.loads(articles[0]["authors"]) == ["Simon Lewis"]
    assert pq.read_table(paths["failures"]).column("source").to_pylist() == [str(tmp_path / "missing.txt")]
    stories = pq.read_table(paths["stories"]).to_pylist()
    assert [(s["id"], s["size"], json.loads(s["outlets"])) for s in stories] == [("geneva", 2, ["Reuters", "Xinhua"])]
    assert pq.read_table(paths["story_articles"]).num_rows == 2


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    with pytest.raises(NewsprismError, match="no such database"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    text = tmp_path / "notes.duckdb"
    text.write_text("not a database\n" * 1000)
    with pytest.raises(NewsprismError, match="not a DuckDB database"):
        Store(text)


def test_cli_ingest_and_articles(seed_paths, tmp_path):
    db = str(tmp_path / "news.duckdb")
    result = runner.invoke(app, ["ingest", *map(str, seed_paths.values()), "--db", db])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{db}: 2 new, 0 duplicates, 0 failed; 2 articles stored; 1 story changed\n"
    missing = str(tmp_path / "missing.txt")
    again = runner.invoke(app, ["ingest", *map(str, seed_paths.values()), missing, "--db", db, "--strict"])
    assert again.exit_code == 1
    assert again.stdout == f"{db}: 0 new, 2 duplicates, 1 failed; 2 articles stored\n"
    assert [line.strip() for line in again.stderr.splitlines()] == [
        "1 input failed:",
        f"{missing}: no such file, directory or glob match",
    ]
    listed = runner.invoke(app, ["articles", "--db", db, "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["outlet"], r["id"] == content_hash(r["body"])) for r in rows] == [("Reuters", True), ("Xinhua", True)]
    assert rows[0]["source"] == str(seed_paths["reuters.txt"]) and rows[0]["source_id"] == "8840b50b21e60341"
    shown = runner.invoke(app, ["articles", "--db", db, "--limit", "1"])  # a table, not the bodies
    assert rows[0]["id"] in shown.stdout and rows[1]["id"] not in shown.stdout and "Lavrov" not in shown.stdout
    assert "1 of 2 articles shown; 1 more: --offset 1 for the next, --limit 2 for all" in shown.stderr
    whole = runner.invoke(app, ["articles", "--db", db, "--limit", "1", "--full"])
    assert "Lavrov told Blinken he did not expect a breakthrough" in whole.stdout
    absent = runner.invoke(app, ["articles", "--db", str(tmp_path / "absent.duckdb")])
    assert absent.exit_code == 1 and "no such database" in absent.stderr


INGEST = [sys.executable, "-c", "from newsprism.cli import app; app()", "ingest"]


def test_an_ingest_killed_half_way_resumes_without_loss_or_duplicates(seed_articles, tmp_path):
    count = 600
    feed = _jsonl(tmp_path / "copies.jsonl", _copies(seed_articles, count))
    with Store(tmp_path / "clean.duckdb") as store:
        assert store.ingest(read_articles([feed])) == IngestCounts(new=count, duplicates=0, failed=0)
        expected = [(e.article.id, e.source_id, e.article.body) for e in store.entries()]

    db = tmp_path / "killed.duckdb"
    Store(db).close()  # an empty store, so that its write-ahead log holds nothing but committed batches
    command = [*INGEST, str(feed), "--db", str(db), "--batch-size", "10"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = db.with_name(db.name + ".wal")
    deadline = time.monotonic() + 60
    while not (wal.exists() and wal.stat().st_size > 1_000_000):  # some batches in: 600 copies make about 5 MB
        assert process.poll() is None, "the ingest ended before any batch could be seen"
        assert time.monotonic() < deadline, "no batch committed within a minute"
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    with Store(db) as store:
        stored = store.count()
    assert 0 < stored < count  # the kill came half-way

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(f"{db}: {count - stored} new, {stored} duplicates, 0 failed; {count} articles")
    with Store(db, read_only=True) as store:
        assert [(e.article.id, e.source_id, e.article.body) for e in store.entries()] == expected


HOLD = """import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "ro")
print("open", flush=True)
time.sleep(float(sys.argv[3]))
"""


def _holding(db: Path, mode: str, seconds: float) -> subprocess.Popen:
    """Another process holding `db` read-only ("ro") or read-write ("rw") for `seconds`, once open."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(db), mode, str(seconds)], stdout=subprocess.PIPE)
    assert process.stdout.readline().strip() == b"open"
    return process


def _opens(db: Path, mode: str) -> bool:
    code = "import sys, duckdb; duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'ro').close()"
    return subprocess.run([sys.executable, "-c", code, str(db), mode], capture_output=True).returncode == 0


def test_a_shared_store_lets_other_processes_read_and_write_between_its_uses(seed_articles, tmp_path):
    """The web app's store: read-only inside `access`, read-write for a write and closed after it,
    nothing held between uses (once `linger` is over)."""
    db = tmp_path / "news.duckdb"
    with Store(db) as store:
        store.ingest(seed_articles[:1])
    store = Store(db, shared=True, wait=5.0, linger=0.0)
    try:
        assert _opens(db, "rw"), "a shared store holds nothing between uses"
        with store.access:
            assert store.count() == 1
            assert _opens(db, "ro") and not _opens(db, "rw"), "a read holds the file read-only"
            with store.access:  # reentrant: one connection for the outer block
                assert store.count() == 1
        with store.access:
            store.ingest(seed_articles[1:])  # the write reopens the file read-write
            assert not _opens(db, "ro")
        assert _opens(db, "rw"), "the write lock ends with the block"
        with pytest.raises(RuntimeError, match="inside `with store.access:` only"):
            store.count()
        reader = _holding(db, "ro", 1.0)  # a command reading: the app's next write waits for it
        started = time.monotonic()
        with store.access:
            assert store.follow_feed("https://example.org/feed.xml")
        assert time.monotonic() - started > 0.5
        reader.wait()
    finally:
        store.close()
    with Store(db, read_only=True) as store:
        assert store.count() == 2 and [feed.url for feed in store.feeds()] == ["https://example.org/feed.xml"]


def test_a_read_only_connection_lingers_then_lets_go(seed_articles, tmp_path):
    db = tmp_path / "news.duckdb"
    with Store(db) as store:
        store.ingest(seed_articles)
    store = Store(db, shared=True, linger=0.3)
    try:
        with store.access:
            store.count()
        assert not _opens(db, "rw"), "kept for the next use"
        time.sleep(0.6)
        assert _opens(db, "rw"), "let go once idle"
    finally:
        store.close()


def test_a_store_another_process_writes_is_busy_after_the_wait(seed_articles, tmp_path):
    from newsprism.errors import Busy

    db = tmp_path / "news.duckdb"
    with Store(db) as store:
        store.ingest(seed_articles)
    writer = _holding(db, "rw", 3.0)
    try:
        started = time.monotonic()
        with pytest.raises(Busy, match="in use by another process"):
            Store(db, read_only=True, wait=0.5)
        assert 0.5 <= time.monotonic() - started < 2.5
    finally:
        writer.kill()
        writer.wait()
    with Store(db, read_only=True, wait=5.0) as store:  # waits out a writer that lets go in time
        assert store.count() == 2
