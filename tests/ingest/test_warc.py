"""WARC archives: one RawDoc per HTML response, and a cut-off archive ends with one Failed."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsprism.ingest import read
from newsprism.records import Failed, RawDoc
from newsprism.settings import Settings

# the seed pair, bundled with the project (the same files as ../shared/samples/)
SEED = Path(__file__).resolve().parents[2] / "examples" / "geneva-2022-01-21"


def _pages() -> list[tuple[str, bytes]]:
    # varied text, so that gzip cannot squeeze a page into a few bytes and every cut lands somewhere real
    rng = random.Random(2022)
    words = (SEED / "reuters.txt").read_text(encoding="utf-8").split()
    return [
        (
            f"https://www.reuters.com/world/europe/ukraine-talks-{n}/",
            f"<!DOCTYPE html><html><head><title>Talks {n}</title></head><body><article><p>"
            f"{' '.join(rng.sample(words, len(words)))}</p></article></body></html>".encode(),
        )
        for n in range(3)
    ]


def _record_ends(path: Path) -> list[int]:
    """The byte offset where each record of a whole archive ends."""
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        ends = []
        for _ in records:
            ends.append(records.get_record_offset() + records.get_record_length())
    return ends


@pytest.mark.parametrize("gzip", [True, False])
def test_every_html_response_is_one_rawdoc(gzip: bool, tmp_path: Path, write_warc: Callable[..., Path]) -> None:
    pages = _pages()
    name = "crawl.warc.gz" if gzip else "crawl.warc"
    path = write_warc(tmp_path / name, pages, gzip=gzip, extra=True)  # with warcinfo and image records
    docs = list(read([path]))
    assert all(isinstance(doc, RawDoc) for doc in docs)
    assert [doc.source for doc in docs] == [f"{path}#{url}" for url, _ in pages]
    assert [doc.url for doc in docs] == [url for url, _ in pages]
    assert [doc.content.encode() for doc in docs] == [body for _, body in pages]
    assert {doc.kind for doc in docs} == {"html"}


# where to cut the archive, from the byte offsets where its three records end
CUTS = {
    "inside the first record": lambda ends: ends[0] // 2,
    "inside the second record's WARC headers": lambda ends: ends[0] + 40,
    "in the middle of the file": lambda ends: ends[2] // 2,
    "inside the last record's page": lambda ends: ends[1] + (ends[2] - ends[1]) * 3 // 4,
}


@pytest.mark.parametrize("gzip", [True, False], ids=["gzip", "plain"])
@pytest.mark.parametrize("where", list(CUTS))
def test_truncated_warc_keeps_whole_records_and_ends_with_one_failed(
    gzip: bool, where: str, tmp_path: Path, write_warc: Callable[..., Path]
) -> None:
    # regression: a cut inside a record's headers crashed with AttributeError, a cut inside its page
    # yielded the half page as a RawDoc, and a cut inside a gzip member ended the stream with no Failed
    pages = _pages()
    whole = write_warc(tmp_path / ("whole.warc.gz" if gzip else "whole.warc"), pages, gzip=gzip)
    ends = _record_ends(whole)
    assert len(ends) == 3
    cut = CUTS[where](ends)
    intact = sum(end <= cut for end in ends)

    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(whole.read_bytes()[:cut])
    *docs, failed, after = read([path, SEED / "reuters.txt"])

    assert [doc.content.encode() for doc in docs] == [body for _, body in pages[:intact]]
    assert isinstance(failed, Failed)
    assert failed.source == str(path)
    assert failed.reason.startswith(f"truncated or corrupt WARC after {intact} documents")
    assert "\n" not in str(failed)
    assert isinstance(after, RawDoc) and after.source.endswith("reuters.txt")


@pytest.mark.parametrize("header", [b"", b"\x1f\x8b\x08\x00"])
def test_file_that_is_not_a_warc_is_one_failed(header: bytes, tmp_path: Path) -> None:
    path = tmp_path / "junk.warc.gz"
    path.write_bytes(header + random.Random(1).randbytes(3000))
    [failed] = read([path])
    assert isinstance(failed, Failed)
    assert str(failed).startswith(f"{path}: truncated or corrupt WARC after 0 documents (")


def test_warc_response_over_the_size_limit_fails_alone(tmp_path: Path, write_warc: Callable[..., Path]) -> None:
    pages = _pages()
    pages[1] = (pages[1][0], b"<html><body><p>" + b"word " * 4000 + b"</p></body></html>")
    path = write_warc(tmp_path / "crawl.warc.gz", pages)
    first, big, last = read([path], Settings(max_file_bytes=10_000))
    assert isinstance(first, RawDoc) and isinstance(last, RawDoc)
    assert str(big) == f"{path}#{pages[1][0]}: too large (over 10,000 bytes)"
