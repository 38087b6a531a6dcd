"""Records from JSONL, JSON, CSV/TSV and Parquet: own ids, hints, html columns, bad records alone."""

from __future__ import annotations

import csv
import gzip
import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsprism.ingest import read
from newsprism.ingest.decode import content_id
from newsprism.records import Failed, RawDoc

# the seed pair, bundled with the project (the same files as ../shared/samples/)
SEED = Path(__file__).resolve().parents[2] / "examples" / "geneva-2022-01-21"
REUTERS = (SEED / "reuters.txt").read_text(encoding="utf-8")
XINHUA = (SEED / "xinhua.txt").read_text(encoding="utf-8")
PAGE = "<html><body><article><p>GENEVA, Jan. 21 (Xinhua) -- Apart from agreeing to work…</p></article></body></html>"

ROWS = [
    {
        "id": "reuters-2022-01-21",
        "url": "https://news.trust.org/item/20220121103752-abcde",
        "title": "Top diplomats for U.S., Russia see no breakthrough at their Ukraine talks",
        "published": "2022-01-21T10:37:00+00:00",
        "outlet": "Reuters",
        "text": REUTERS,
    },
    {
        "id": "xinhua-2022-01-22",
        "link": "http://www.china.org.cn/world/2022-01/22/content_78005781.htm",
        "headline": "World Insights: Meeting on Ukraine, NATO between top U.S., Russian diplomats fruitless",
        "date": "2022-01-22",
        "source": "Xinhua",
        "html": PAGE,
    },
]


def _check_rows(docs: list[RawDoc | Failed], source: str, locators: list[str]) -> None:
    reuters, xinhua = docs
    assert isinstance(reuters, RawDoc) and isinstance(xinhua, RawDoc)
    assert [reuters.source, xinhua.source] == [f"{source}#{where}" for where in locators]
    assert (reuters.id, xinhua.id) == ("reuters-2022-01-21", "xinhua-2022-01-22")
    assert reuters.kind == "text" and reuters.content == REUTERS
    assert xinhua.kind == "html" and xinhua.content == PAGE
    assert dict(reuters.hints) == {
        "url": "https://news.trust.org/item/20220121103752-abcde",
        "title": "Top diplomats for U.S., Russia see no breakthrough at their Ukraine talks",
        "published": "2022-01-21T10:37:00+00:00",
        "outlet": "Reuters",
    }
    assert reuters.url == "https://news.trust.org/item/20220121103752-abcde"
    # other spellings of the same columns: link, headline, date, source
    assert xinhua.url == "http://www.china.org.cn/world/2022-01/22/content_78005781.htm"
    assert xinhua.hint("title") == ROWS[1]["headline"]
    assert xinhua.hint("published") == "2022-01-22"
    assert xinhua.hint("outlet") == "Xinhua"


def _write_jsonl(path: Path, records: list[object], *, raw_lines: dict[int, str] | None = None) -> Path:
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    for index, line in (raw_lines or {}).items():
        lines.insert(index, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_records_keep_their_ids_and_hints(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "pair.jsonl", ROWS)
    _check_rows(list(read([path])), str(path), ["L1", "L2"])


def test_gzipped_jsonl_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "pair.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(json.dumps(row) for row in ROWS).encode()))
    _check_rows(list(read([path])), str(path), ["L1", "L2"])


def test_malformed_jsonl_line_fails_alone(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "feed.jsonl", ROWS, raw_lines={1: '{"id": "broken", "text": "GENEVA, Jan 21'})
    reuters, broken, xinhua = read([path])
    assert isinstance(broken, Failed)
    assert str(broken).startswith(f"{path}#L2: malformed JSON (")
    assert "\n" not in str(broken)
    assert (reuters.source, reuters.id) == (f"{path}#L1", "reuters-2022-01-21")
    assert (xinhua.source, xinhua.id) == (f"{path}#L3", "xinhua-2022-01-22")


def test_a_control_character_in_a_jsonl_line_is_named_once(tmp_path: Path) -> None:
    # a raw tab inside a string: json says "Invalid control character at", and the message says where once
    path = _write_jsonl(tmp_path / "feed.jsonl", ROWS, raw_lines={1: '{"id": "broken", "text": "GENEVA,\tJan 21"}'})
    broken = list(read([path]))[1]
    assert str(broken) == f"{path}#L2: malformed JSON (Invalid control character at column 34)"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('["not", "an", "object"]', "not a JSON object"),
        ('{"id": "x", "title": "No body", "url": "https://t.co/x"}', "no text or html column (has: id, title, url)"),
        ('{"id": "x", "text": "   "}', "empty text"),
    ],
)
def test_jsonl_record_without_usable_text_fails_alone(line: str, reason: str, tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "feed.jsonl", ROWS, raw_lines={1: line})
    results = list(read([path]))
    assert [type(result) for result in results] == [RawDoc, Failed, RawDoc]
    assert results[1].source == f"{path}#L2"
    assert reason in results[1].reason


def test_blank_jsonl_lines_are_skipped_and_keep_line_numbers(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "feed.jsonl", ROWS, raw_lines={1: "", 2: "   "})
    assert [doc.source for doc in read([path])] == [f"{path}#L1", f"{path}#L4"]


def test_truncated_gzipped_jsonl_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    # regression: gzip's EOFError escaped `read` and stopped the whole batch
    rng = random.Random(21)
    words = REUTERS.split()
    rows = [{"id": f"r{n}", "text": " ".join(rng.sample(words, len(words)))} for n in range(40)]
    packed = gzip.compress("\n".join(json.dumps(row) for row in rows).encode())
    path = tmp_path / "crawl.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    *docs, failed, after = read([path, SEED / "xinhua.txt"])
    assert 5 < len(docs) < 40
    assert [doc.id for doc in docs] == [f"r{n}" for n in range(len(docs))]
    assert [doc.content for doc in docs] == [row["text"] for row in rows[: len(docs)]]
    assert isinstance(failed, Failed) and failed.source == str(path)
    assert "end-of-stream" in failed.reason
    assert isinstance(after, RawDoc) and after.source.endswith("xinhua.txt")


def test_record_without_id_gets_its_content_hash(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "feed.jsonl", [{"text": XINHUA}, {"id": 42, "body": XINHUA}])
    hashed, numbered = read([path])
    assert hashed.id == content_id(XINHUA)
    assert numbered.id == "42"


def test_list_values_become_one_hint(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "feed.jsonl", [{"text": REUTERS, "authors": ["Simon Lewis", "Humeyra Pamuk"]}])
    [doc] = read([path])
    assert doc.hint("authors") == "Simon Lewis; Humeyra Pamuk"


def test_json_array_records_keep_their_ids_and_hints(tmp_path: Path) -> None:
    path = tmp_path / "pair.json"
    path.write_text(json.dumps(ROWS), encoding="utf-8")
    _check_rows(list(read([path])), str(path), ["0", "1"])


def test_json_object_is_one_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(ROWS[0]), encoding="utf-8")
    [doc] = read([path])
    assert (doc.id, doc.source, doc.content) == ("reuters-2022-01-21", f"{path}#0", REUTERS)


def test_json_without_a_text_column_is_one_failed_per_record(tmp_path: Path) -> None:
    path = tmp_path / "meta.json"
    path.write_text(json.dumps([{"id": "a", "title": "Talks end"}, {"id": "b", "url": "https://example.org/b"}]))
    first, second, after = read([path, SEED / "reuters.txt"])
    assert str(first) == f"{path}#0: no text or html column (has: id, title)"
    assert str(second) == f"{path}#1: no text or html column (has: id, url)"
    assert isinstance(after, RawDoc)


def test_malformed_json_file_is_one_failed(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text(json.dumps(ROWS)[:-40], encoding="utf-8")
    [failed] = read([path])
    assert isinstance(failed, Failed)
    assert str(failed).startswith(f"{path}: malformed JSON (")


def _write_csv(path: Path, rows: list[dict[str, str]], dialect: str = "excel") -> Path:
    columns = sorted({key for row in rows for key in row})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, dialect=dialect)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_csv_records_keep_their_ids_and_hints(tmp_path: Path) -> None:
    # the article text holds commas, quotes and newlines; CSV quoting must keep it whole
    path = _write_csv(tmp_path / "pair.csv", ROWS)
    _check_rows(list(read([path])), str(path), ["L2", "L3"])


def test_tsv_records_keep_their_ids_and_hints(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "pair.tsv", ROWS, dialect="excel-tab")
    _check_rows(list(read([path])), str(path), ["L2", "L3"])


def test_csv_row_without_text_fails_alone(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "rows.csv", [ROWS[0], {"id": "empty", "title": "Nothing"}, ROWS[1]])
    results = list(read([path]))
    assert [type(result) for result in results] == [RawDoc, Failed, RawDoc]
    assert results[1].source == f"{path}#L3"
    assert results[1].reason.startswith("no text or html column")


def test_parquet_records_keep_their_ids_and_hints(tmp_path: Path) -> None:
    path = tmp_path / "pair.parquet"
    columns = sorted({key for row in ROWS for key in row})
    pq.write_table(pa.table({c: [row.get(c) for row in ROWS] for c in columns}), path)
    _check_rows(list(read([path])), str(path), ["0", "1"])


def test_parquet_streams_across_batches(tmp_path: Path) -> None:
    path = tmp_path / "many.parquet"
    texts = [f"Story {n}: Blinken and Lavrov met in Geneva." for n in range(2500)]
    pq.write_table(pa.table({"id": [f"s{n}" for n in range(2500)], "text": texts}), path, row_group_size=700)
    docs = list(read([path]))
    assert [doc.id for doc in docs] == [f"s{n}" for n in range(2500)]
    assert docs[-1].source == f"{path}#2499"


def test_corrupt_parquet_is_one_failed(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1" + bytes(100))
    [failed] = read([path])
    assert isinstance(failed, Failed)
    assert str(failed).startswith(f"{path}: not a readable Parquet file")
