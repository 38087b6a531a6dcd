"""Hostile inputs are failed inputs, not crashes: decompression bombs, endless lines and fields,
UTF-16 without a byte-order mark, a planted newsprism.toml, pages of a million elements or of
thousands of levels. Each case is one `Failed` naming the input, the batch goes on, and memory
stays bounded while it is read.

The bombs are small (100 MB once decompressed, from about 100 KB) and read with a 1 MB
`max_file_bytes`, so a regression shows as a failed assertion, not as a machine out of memory.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.clean.html import extract_page
from newsprism.cli import app
from newsprism.errors import ExtractionError
from newsprism.ingest import read
from newsprism.pipeline import read_articles
from newsprism.records import Article, Failed, RawDoc
from newsprism.settings import Settings

SEED = Path(__file__).resolve().parents[2] / "examples" / "geneva-2022-01-21"
REUTERS = (SEED / "reuters.txt").read_text(encoding="utf-8")
GOOD = SEED / "xinhua.txt"
MB = 1 << 20
SMALL = Settings(max_file_bytes=1_000_000)
LEAD = "GENEVA, Jan 21 (Reuters) - Blinken and Lavrov met in Geneva on Friday and agreed to keep talking. "


def _gzip_stream(path: Path, head: bytes, chunk: bytes, megabytes: int) -> Path:
    """`head`, then `chunk` repeated to `megabytes` MB, gzipped a piece at a time (never in memory)."""
    with gzip.open(path, "wb") as handle:
        handle.write(head)
        for _ in range(megabytes * MB // len(chunk)):
            handle.write(chunk)
    return path


def _peak_and_result(work: Callable[[], Any]) -> tuple[int, Any]:
    """Peak bytes Python allocated while `work` ran, and what it returned."""
    tracemalloc.start()
    try:
        result = work()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def _read_option_names() -> set[str]:
    command = typer.main.get_command(app).commands["read"]
    return {name for param in command.params for name in param.opts}


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("bomb.jsonl.gz", b'{"id": "bomb", "text": "'),  # one endless JSON string
        ("bomb.csv.gz", b'id,text\n1,"'),  # one endless quoted field
        ("bomb.tsv.gz", b"id\ttext\n1\t"),  # one endless unquoted field
    ],
)
def test_gzip_table_bomb_is_one_failed_and_the_next_file_is_read(name: str, head: bytes, tmp_path: Path) -> None:
    # regression: a 1.2 MB .jsonl.gz or .csv.gz took 3.8 and 7.5 GB, and the file after it was never read
    bomb = _gzip_stream(tmp_path / name, head, b"a" * MB, 100)
    assert bomb.stat().st_size < 200_000
    start = time.perf_counter()
    peak, (failed, after) = _peak_and_result(lambda: list(read([bomb, GOOD], SMALL)))
    assert isinstance(failed, Failed) and failed.source == str(bomb) and failed.stage == "ingest"
    assert "decompression bomb" in failed.reason and "--max-bytes" in failed.reason
    assert "\n" not in str(failed)
    assert isinstance(after, RawDoc) and after.source == str(GOOD)
    assert peak < 30 * MB  # a few limits' worth of buffers, never the 100 MB
    assert time.perf_counter() - start < 10


def test_gzip_bomb_of_valid_records_stops_at_the_expansion_limit(tmp_path: Path) -> None:
    # every line is a good record, so no record is too large: the file's own budget stops it
    line = json.dumps({"id": "same", "text": LEAD}).encode() + b"\n"
    bomb = _gzip_stream(tmp_path / "same.jsonl.gz", b"", line * 1000, 40)
    results = list(read([bomb, GOOD], SMALL))
    *records, failed, after = results
    assert all(isinstance(record, RawDoc) for record in records)
    # stopped once it had expanded to 100 times its size (gzip squeezes these lines about 300 times)
    assert len(records) * len(line) <= 100 * bomb.stat().st_size < 40 * MB / 2
    assert isinstance(failed, Failed) and failed.source == str(bomb) and "decompression bomb" in failed.reason
    assert isinstance(after, RawDoc) and after.source == str(GOOD)


def test_one_line_jsonl_of_30_mb_without_newline_is_one_failed_record(tmp_path: Path) -> None:
    path = tmp_path / "one-line.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"id": "huge", "text": "')
        for _ in range(30):
            handle.write("a" * MB)
        handle.write('"}')  # no newline at the end
    failed, after = read([path, GOOD])  # the default limit: 20 MB
    assert isinstance(failed, Failed) and failed.source == f"{path}#L1"
    assert failed.reason == "record too large for one article (over 20,000,000 characters); pass --max-bytes"
    assert isinstance(after, RawDoc) and after.source == str(GOOD)


def test_jsonl_line_over_the_limit_fails_alone_and_the_next_lines_come(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [{"id": "a", "text": LEAD}, {"id": "huge", "text": LEAD * 30_000}, {"id": "b", "text": LEAD}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    first, failed, last = read([path], SMALL)
    assert (first.id, first.source) == ("a", f"{path}#L1")
    assert isinstance(failed, Failed) and failed.source == f"{path}#L2" and "too large" in failed.reason
    assert (last.id, last.source) == ("b", f"{path}#L3")


@pytest.mark.parametrize("dialect", ["excel", "excel-tab"])
def test_csv_field_over_the_limit_fails_alone_and_the_next_rows_come(dialect: str, tmp_path: Path) -> None:
    # the big field spans lines and holds quote marks, so the reader must find where its row ends
    big = ('He said "no".\n' + LEAD) * 12_000
    path = tmp_path / ("rows.csv" if dialect == "excel" else "rows.tsv")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, dialect=dialect)
        writer.writerows([["id", "text"], ["a", REUTERS], ["huge", big], ["b", LEAD + '"quoted"\n' + LEAD]])
    first, failed, last = read([path], SMALL)
    assert (first.id, first.content, first.source) == ("a", REUTERS, f"{path}#L2")
    assert isinstance(failed, Failed) and failed.source == f"{path}#L3"
    assert failed.reason == "record too large for one article (over 1,000,000 characters); pass --max-bytes"
    assert (last.id, last.content, last.source) == ("b", LEAD + '"quoted"\n' + LEAD, f"{path}#L4")


def test_parquet_row_over_the_limit_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"id": ["a", "huge", "b"], "text": [LEAD, LEAD * 30_000, LEAD]}), path)
    first, failed, last = read([path], SMALL)
    assert (first.id, last.id) == ("a", "b")
    assert isinstance(failed, Failed) and failed.source == f"{path}#1" and "too large" in failed.reason


def test_warc_bomb_of_one_endless_header_line_is_one_failed(tmp_path: Path) -> None:
    # warcio reads a header line whole, however long: 1.2 MB of it took 3.8 GB and 51 s
    bomb = _gzip_stream(tmp_path / "bomb.warc.gz", b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: ", b"a" * MB, 100)
    peak, (failed, after) = _peak_and_result(lambda: list(read([bomb, GOOD], SMALL)))
    assert isinstance(failed, Failed) and failed.source == str(bomb)
    assert "header line" in failed.reason or "decompression bomb" in failed.reason
    assert isinstance(after, RawDoc) and after.source == str(GOOD)
    assert peak < 64 * MB  # warcio inflates 16 KB at a time, up to 16 MB; never the 100 MB


def test_warc_whose_records_expand_past_the_budget_is_one_failed(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    html = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        page = f"<html><body><p>{REUTERS}</p></body></html>".encode()
        for url, headers, body in [
            ("https://a.example/", html, page),
            ("https://a.example/x.png", image, bytes(30 * MB)),
        ]:
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )
    page_doc, failed = read([path], Settings(max_file_bytes=100_000))
    assert isinstance(page_doc, RawDoc) and page_doc.url == "https://a.example/"
    assert isinstance(failed, Failed) and failed.source == str(path) and "decompression bomb" in failed.reason


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_read_as_text(codec: str, tmp_path: Path) -> None:
    # regression: the NUL in every other byte made it "binary data, not text or HTML"
    path = tmp_path / "story.txt"
    path.write_bytes(REUTERS.encode(codec))
    [doc] = read([path])
    assert isinstance(doc, RawDoc), str(doc)
    assert (doc.content, doc.encoding, doc.kind) == (REUTERS, codec, "text")


def test_every_size_error_names_an_option_that_exists(tmp_path: Path) -> None:
    # regression: "pass --max-file-bytes", an option no command has
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: nothing on disk
    packed = tmp_path / "packed.txt.gz"
    packed.write_bytes(gzip.compress(LEAD.encode() * 20_000))
    records = tmp_path / "feed.jsonl"
    records.write_text(json.dumps({"text": LEAD * 20_000}) + "\n", encoding="utf-8")
    bomb = _gzip_stream(tmp_path / "bomb.jsonl.gz", b"", b"a" * MB, 10)
    whole = tmp_path / "all.json"
    whole.write_text(json.dumps([{"text": LEAD}] * 20_000), encoding="utf-8")
    results = list(read([huge, packed, records, bomb, whole], SMALL))
    options = _read_option_names()
    for failure in (result for result in results if isinstance(result, Failed)):
        named = re.findall(r"--[a-z][a-z-]+", failure.reason)
        assert named and set(named) <= options, str(failure)
    assert [type(result) for result in results] == [Failed] * 5


def test_implicit_newsprism_toml_cannot_turn_on_allow_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # regression: a newsprism.toml planted in the working directory opened the fetcher to the LAN, silently
    monkeypatch.delenv("NEWSPRISM_ALLOW_PRIVATE", raising=False)
    monkeypatch.chdir(tmp_path)
    Path("newsprism.toml").write_text("[newsprism]\nallow_private = true\nfetch_timeout = 3\n", encoding="utf-8")
    settings = Settings.load()
    assert settings.allow_private is False
    assert settings.fetch_timeout == 3.0  # the rest of the file still counts
    warning = capsys.readouterr().err
    assert warning.count("\n") == 1 and "allow_private" in warning and "newsprism.toml" in warning
    assert "--config" in warning
    # named explicitly, by the environment or by the flag, it still works, without a warning
    assert Settings.load("newsprism.toml").allow_private is True
    assert Settings.load(allow_private=True).allow_private is True
    monkeypatch.setenv("NEWSPRISM_ALLOW_PRIVATE", "1")
    assert Settings.load().allow_private is True
    # the two loads that read the implicit file warn again; the explicit one does not
    assert capsys.readouterr().err.count("ignored allow_private") == 2


def _page(inner: str) -> str:
    return f"<!DOCTYPE html><html><head><title>Talks</title></head><body>{inner}</body></html>"


def test_page_of_too_many_elements_is_one_failed_input_in_seconds(tmp_path: Path) -> None:
    # regression: 10^6 tiny elements took 84 s and 1.7 GB; 150,000 still took 4 s before the limit
    page = tmp_path / "tiny.html"
    page.write_text(_page(f"<article><p>{LEAD * 5}</p>" + "<b>x</b>" * 150_000 + "</article>"), encoding="utf-8")
    start = time.perf_counter()
    failed, after = read_articles([page, SEED / "reuters.txt"])
    assert time.perf_counter() - start < 3
    assert isinstance(failed, Failed) and failed.source == str(page) and failed.stage == "clean"
    assert failed.reason.startswith("too many HTML elements to extract an article from (150,0")
    assert isinstance(after, Article)


@pytest.mark.parametrize("depth", [300, 3000])
def test_text_nested_deeper_than_lxml_reads_is_kept(depth: int) -> None:
    # regression: lxml stops at 256 levels, and the article inside was "no article text found"
    html = _page("<div>" * depth + f"<p>{LEAD * 3}</p>" + "</div>" * depth + "<p>Footer after the nest.</p>")
    page = extract_page(html, "deep.html")
    assert LEAD.strip() in page.text
    with pytest.raises(ExtractionError, match="no article text found"):
        extract_page(_page("<div>" * depth + "</div>" * depth), "empty-deep.html")
