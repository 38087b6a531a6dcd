"""Reading files, directories and globs: the Geneva seeds, ids, sources, order, missing inputs."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import types
from pathlib import Path

import pytest

from newsprism.ingest import read
from newsprism.records import Failed, RawDoc

ROOT = Path(__file__).resolve().parents[2]
# the seed pair, bundled with the project (the same files as ../shared/samples/)
SEED = ROOT / "examples" / "geneva-2022-01-21"
PAGES = Path(os.environ.get("NEWSPRISM_DATA", ROOT.parent / "shared" / "data")) / "trafilatura-eval" / "html"


@pytest.mark.parametrize("name", ["reuters.txt", "xinhua.txt"])
def test_geneva_seed_reads_as_utf8_text(name: str) -> None:
    path = str(SEED / name)
    [doc] = read([path])
    assert isinstance(doc, RawDoc)
    assert doc.kind == "text"
    assert doc.encoding == "utf-8"
    assert doc.source == path
    assert doc.url is None and doc.hints == ()
    # nothing is changed at ingest: the text is the file, character for character
    assert doc.content == (SEED / name).read_text(encoding="utf-8")


def test_geneva_seeds_keep_their_non_ascii_characters() -> None:
    reuters, xinhua = read([SEED / "reuters.txt", SEED / "xinhua.txt"])
    assert "world’s most critical issues" in reuters.content
    assert "GENEVA, Jan. 21 (Xinhua)" in xinhua.content
    assert "\u00a0" in xinhua.content and "•" in xinhua.content


def test_id_is_the_content_hash_and_does_not_depend_on_the_path(tmp_path: Path) -> None:
    original = SEED / "reuters.txt"
    copy = tmp_path / "elsewhere.txt"
    shutil.copy(original, copy)
    edited = tmp_path / "edited.txt"
    edited.write_text(original.read_text(encoding="utf-8").replace("Lavrov", "Lavrov,", 1), encoding="utf-8")

    first, again, moved, changed = read([original, original, copy, edited])
    expected = hashlib.sha256(original.read_bytes()).hexdigest()[:16]
    assert first.id == again.id == moved.id == expected
    assert changed.id != first.id


def test_source_keeps_the_spelling_it_was_given(monkeypatch: pytest.MonkeyPatch) -> None:
    # regression: "./x.txt" came back as "x.txt", though `source` is "the path as the user gave it"
    monkeypatch.chdir(SEED.parent)
    given = "./geneva-2022-01-21/reuters.txt"
    [doc] = read([given])
    assert doc.source == given


def test_a_single_path_string_is_one_source_not_its_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # regression: read("a.txt") iterated the string and read "." (the whole working directory)
    (tmp_path / "a.txt").write_text("Blinken and Lavrov met in Geneva.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Another article in the same folder.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [doc.source for doc in read("a.txt")] == ["a.txt"]
    assert [doc.source for doc in read(Path("a.txt"))] == ["a.txt"]


def test_read_returns_a_lazy_generator() -> None:
    stream = read([SEED / "reuters.txt"])
    assert isinstance(stream, types.GeneratorType)
    assert isinstance(next(stream), RawDoc)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_directory_is_read_in_sorted_order_without_hidden_files(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", "sub/c.txt", "sub/.draft.txt", ".hidden.txt", ".git/config", "notes.md", "logo.png"]:
        _write(tmp_path / name, f"Article {name}: Blinken and Lavrov met in Geneva.")
    docs = list(read([tmp_path]))
    assert all(isinstance(doc, RawDoc) for doc in docs)
    assert [Path(doc.source).relative_to(tmp_path).as_posix() for doc in docs] == ["a.txt", "b.txt", "sub/c.txt"]


def test_glob_matches_are_read_in_sorted_order_without_hidden_files(tmp_path: Path) -> None:
    for name in ["2022-01-21-reuters.txt", "2022-01-20-tass.txt", ".2022-01-19-draft.txt", "2022-01-21.html.md"]:
        _write(tmp_path / name, f"{name}: Blinken and Lavrov met in Geneva.")
    docs = list(read([str(tmp_path / "2022-*.txt")]))
    assert [Path(doc.source).name for doc in docs] == ["2022-01-20-tass.txt", "2022-01-21-reuters.txt"]


@pytest.mark.parametrize("missing", ["no/such/article.txt", "no/such/dir/*.txt", "[0-9]*-nothing-matches.html"])
def test_missing_path_or_empty_glob_is_one_failed_and_the_batch_goes_on(missing: str, tmp_path: Path) -> None:
    given = str(tmp_path / missing)
    failed, doc = read([given, SEED / "xinhua.txt"])
    assert isinstance(failed, Failed)
    assert failed.stage == "ingest"
    assert str(failed) == f"{given}: no such file, directory or glob match"
    assert isinstance(doc, RawDoc) and doc.source.endswith("xinhua.txt")


def test_gzipped_text_and_html_files_are_decompressed(tmp_path: Path) -> None:
    text = (SEED / "reuters.txt").read_text(encoding="utf-8")
    (tmp_path / "reuters.txt.gz").write_bytes(gzip.compress(text.encode()))
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(b"<p>GENEVA, Jan 21 (Reuters) - talks</p>"))
    plain, page = read([tmp_path / "reuters.txt.gz", tmp_path / "page.html.gz"])
    assert plain.kind == "text" and plain.content == text
    assert page.kind == "html" and "GENEVA" in page.content


def test_truncated_gzip_file_is_one_failed(tmp_path: Path) -> None:
    packed = gzip.compress((SEED / "reuters.txt").read_bytes())
    (tmp_path / "cut.txt.gz").write_bytes(packed[: len(packed) // 2])
    [failed] = read([tmp_path / "cut.txt.gz"])
    assert isinstance(failed, Failed)
    assert str(failed).startswith(f"{tmp_path / 'cut.txt.gz'}: not a readable gzip file")


@pytest.mark.skipif(not PAGES.is_dir(), reason="needs ../shared/data/trafilatura-eval")
def test_every_real_page_of_trafilatura_eval_reads_as_html() -> None:
    paths = sorted(PAGES.glob("*.html.gz"))
    docs = list(read(paths))
    assert len(docs) == len(paths) > 700
    assert [str(d) for d in docs if isinstance(d, Failed)] == []
    assert {doc.kind for doc in docs} == {"html"}
    assert all(doc.content.strip() for doc in docs)


@pytest.mark.skipif(not PAGES.is_dir(), reason="needs ../shared/data/trafilatura-eval")
def test_real_page_labelled_latin1_is_read_as_windows_1252() -> None:
    # regression: a page saying charset=iso-8859-1 used Windows-1252 quotes („…“, as browsers allow);
    # read as Latin-1 they became C1 control characters
    [doc] = read([PAGES / "765f0f1bd3192911.html.gz"])
    assert doc.encoding == "cp1252"
    assert "\u201eBrave New Woman\u201c" in doc.content
    assert not any("\x80" <= char <= "\x9f" for char in doc.content)


@pytest.mark.skipif(not PAGES.is_dir(), reason="needs ../shared/data/trafilatura-eval")
def test_real_utf8_page_with_stray_latin1_bytes_stays_utf8() -> None:
    # regression: four Latin-1 bytes in an alt text sent this UTF-8 page to a single-byte guess
    [doc] = read([PAGES / "b559074009293b63.html.gz"])
    assert doc.encoding == "utf-8"
    assert "Ewald Ferlemann und sein Leben für die Vögel" in doc.content
    assert "fÃ¼r" not in doc.content
