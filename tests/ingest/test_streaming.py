"""`read` streams: a big JSONL gives its first records at once, without loading the file."""

from __future__ import annotations

import itertools
import json
import time
import tracemalloc
import types
from pathlib import Path

import pytest

from newsprism.ingest import read
from newsprism.records import RawDoc

LINES = 200_000


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stream") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(LINES):
            record = {"id": f"a{n}", "title": f"Story {n}", "text": f"GENEVA, Jan 21 (Reuters) - Story number {n}."}
            handle.write(json.dumps(record) + "\n")
    return path


def test_first_records_come_back_without_reading_the_whole_file(big_jsonl: Path) -> None:
    size = big_jsonl.stat().st_size
    assert size > 15_000_000
    tracemalloc.start()
    try:
        start = time.perf_counter()
        stream = read([big_jsonl])
        assert isinstance(stream, types.GeneratorType)
        first = list(itertools.islice(stream, 5))
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    stream.close()
    assert [doc.id for doc in first] == ["a0", "a1", "a2", "a3", "a4"]
    assert peak < size / 50  # a few buffers, not the file
    assert elapsed < 0.5


def test_the_whole_file_streams_in_order(big_jsonl: Path) -> None:
    count, doc = 0, None
    for doc in read([big_jsonl]):
        assert isinstance(doc, RawDoc)
        count += 1
    assert count == LINES
    assert doc is not None
    assert doc.id == f"a{LINES - 1}" and doc.source == f"{big_jsonl}#L{LINES}"


def test_sources_are_opened_only_when_the_stream_reaches_them(tmp_path: Path) -> None:
    first = tmp_path / "first.jsonl"
    first.write_text('{"id": "a0", "text": "GENEVA - one"}\n{"id": "a1", "text": "GENEVA - two"}\n', encoding="utf-8")
    later = tmp_path / "later.txt"
    stream = read([first, later])
    assert next(stream).id == "a0"
    # the second source does not exist yet; it is looked at only when the stream gets there
    later.write_text("GENEVA, Jan 21 (Reuters) - written while the stream was open.", encoding="utf-8")
    assert [doc.source for doc in stream] == [f"{first}#L2", str(later)]
