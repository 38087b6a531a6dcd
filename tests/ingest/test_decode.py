"""Bytes to text: encodings are found (no mojibake), and bad inputs fail alone with a reason."""

from __future__ import annotations

import codecs
import random
import time
import zipfile
from pathlib import Path

import pytest

from newsprism.ingest import read
from newsprism.records import Failed, RawDoc
from newsprism.settings import Settings

# the seed pair, bundled with the project (the same files as ../shared/samples/)
SEED = Path(__file__).resolve().parents[2] / "examples" / "geneva-2022-01-21"

LATIN = (
    "GENÈVE, 21 janvier - Les entretiens à Genève ont été « francs », a déclaré Sergueï Lavrov. "
    "In Zürich kostet ein Kaffee 5 Franken; in London 3 £. Müller sagte: Gespräche über Sicherheit.\n"
)
CURLY = (
    "GENEVA, Jan 21 (Reuters) \u2013 Lavrov called the talks \u201cconstructive and useful\u201d, "
    "while Blinken said Washington\u2019s position was \u2018clear\u2019 \u2014 no breakthrough\u2026\n"
)
MOJIBAKE = ("Ã", "â€", "\ufffd")


def _one(path: Path, settings: Settings | None = None) -> RawDoc:
    [doc] = read([path], settings)
    assert isinstance(doc, RawDoc), str(doc)
    return doc


def test_latin1_text_is_decoded_not_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "afp.txt"
    path.write_bytes(LATIN.encode("latin-1"))
    doc = _one(path)
    assert doc.content == LATIN
    assert not any(bad in doc.content for bad in MOJIBAKE)
    assert codecs.lookup(doc.encoding).name in {"iso8859-1", "cp1252", "iso8859-15"}


def test_cp1252_curly_quotes_and_dashes_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "reuters-cp1252.txt"
    path.write_bytes(CURLY.encode("cp1252"))
    doc = _one(path)
    assert doc.content == CURLY
    assert doc.encoding != "utf-8"


@pytest.mark.parametrize(
    ("codec", "text"),
    [
        ("cp1250", "Minister spraw zagranicznych powiedział, że rozmowy w Genewie były trudne. Zażółć gęślą jaźń.\n"),
        ("cp1251", "Переговоры в Женеве: Лавров и Блинкен не достигли прорыва, но договорились продолжить диалог.\n"),
        ("koi8-r", "Переговоры в Женеве: Лавров и Блинкен не достигли прорыва, но договорились продолжить диалог.\n"),
    ],
)
def test_non_western_legacy_encodings_are_still_guessed(codec: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(text.encode(codec))
    assert _one(path).content == text


def test_soft_hyphens_do_not_make_text_undecodable(tmp_path: Path) -> None:
    # regression: charset-normalizer found no encoding for this German text and it was refused
    text = "Als letz\xadtes Mit\xadtel blei\xadbe \xb4Abson\xadde\xadrung\xb4, so Gau\xadweiler. " * 8
    path = tmp_path / "soft.txt"
    path.write_bytes(text.encode("cp1252"))
    assert _one(path).content == text


def test_utf8_page_with_a_few_stray_bytes_stays_utf8(tmp_path: Path) -> None:
    # regression: one Latin-1 byte in a UTF-8 page sent the whole page to a single-byte guess,
    # and every "für" became "fÃ¼r"
    page = (
        "<html><head><meta charset='utf-8'></head><body><h1>Ewald Ferlemann und sein Leben für die Vögel</h1>"
        "<p>Rentnerinnen und Rentner haben grundsätzlich wenig Zeit. Für Ewald Ferlemann gilt das ganz besonders: "
        "Seit über zwanzig Jahren päppelt er in Dortmund verletzte Wildvögel auf, füttert Jungvögel, "
        "säubert Volieren und wildert die Tiere später wieder aus. Unterstützung bekommt er von Nachbarn.</p>"
    )
    data = page.encode("utf-8") + "<img alt='Mitgefühl wählen!'></body></html>".encode("latin-1")
    path = tmp_path / "page.html"
    path.write_bytes(data)
    doc = _one(path)
    assert doc.encoding == "utf-8"
    assert "Leben für die Vögel" in doc.content
    assert "Mitgef\ufffdhl w\ufffdhlen!" in doc.content


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark_is_decoded(codec: str, tmp_path: Path) -> None:
    # regression: half the bytes of UTF-16 text are NUL, and the file was refused as binary
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    path = tmp_path / "xinhua-utf16.txt"
    path.write_bytes(bom + (LATIN + CURLY).encode(codec))
    doc = _one(path)
    assert doc.content == LATIN + CURLY
    assert doc.encoding == "utf-16"


def test_utf8_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + CURLY.encode("utf-8"))
    doc = _one(path)
    assert doc.content == CURLY
    assert doc.encoding == "utf-8-sig"


def test_html_meta_charset_is_followed(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="iso-8859-1"><title>Genève</title></head><body><p>{LATIN}</p></body></html>'
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("latin-1"))
    doc = _one(path)
    assert doc.kind == "html"
    assert doc.content == page


def test_html_labelled_latin1_with_windows_1252_quotes_gets_the_quotes(tmp_path: Path) -> None:
    # regression: browsers read a Latin-1 label as Windows-1252; Python's Latin-1 gave C1 controls
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head>'
        f"<body><p>{CURLY}</p><p>{LATIN}</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1252"))
    doc = _one(path)
    assert doc.content == page
    assert doc.encoding == "cp1252"


def test_encoding_setting_overrides_the_guess(tmp_path: Path) -> None:
    text = "Переговоры в Женеве: Лавров и Блинкен не достигли прорыва.\n"
    path = tmp_path / "tass.txt"
    path.write_bytes(text.encode("koi8-r"))
    doc = _one(path, Settings(encoding="koi8-r"))
    assert doc.content == text
    assert doc.encoding == "koi8-r"


def _zip_bytes(tmp_path: Path) -> bytes:
    archive = tmp_path / "pages.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("reuters.txt", (SEED / "reuters.txt").read_bytes())
    return archive.read_bytes()


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path, words the reason must contain)"""
    bad: dict[str, tuple[Path, str]] = {}

    def put(name: str, data: bytes, reason: str) -> None:
        path = tmp_path / name
        path.write_bytes(data)
        bad[name] = (path, reason)

    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(64)
    put("photo.txt", png, "binary data")
    put("pages.txt", _zip_bytes(tmp_path), "binary data")
    put("noise.html", random.Random(7).randbytes(4096) + b"\x00" * 16, "binary data")
    put("empty.txt", b"", "empty input")
    put("blank.txt", b" \n\t\r\n   \n" * 100, "empty input")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk
    bad["huge.txt"] = (huge, "too large for one article (50 MB > 20 MB)")
    return bad


@pytest.mark.parametrize("name", ["photo.txt", "pages.txt", "noise.html", "empty.txt", "blank.txt", "huge.txt"])
def test_bad_input_is_one_failed_naming_it_and_the_batch_goes_on(name: str, tmp_path: Path) -> None:
    path, reason = _bad_inputs(tmp_path)[name]
    before, failed, after = read([SEED / "reuters.txt", path, SEED / "xinhua.txt"])
    assert isinstance(before, RawDoc) and before.source.endswith("reuters.txt")
    assert isinstance(after, RawDoc) and after.source.endswith("xinhua.txt")
    assert isinstance(failed, Failed)
    assert failed.source == str(path) and failed.stage == "ingest"
    assert str(failed).startswith(f"{path}: ")
    assert reason in failed.reason
    assert "\n" not in str(failed)


def test_all_bad_inputs_in_one_batch_give_one_failed_each(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    results = list(read([path for path, _ in bad.values()]))
    assert [type(result) for result in results] == [Failed] * len(bad)
    assert [result.source for result in results] == [str(path) for path, _ in bad.values()]


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)
    start = time.perf_counter()
    [failed] = read([path])
    assert time.perf_counter() - start < 0.5
    assert "pass --max-bytes" in failed.reason
    # the limit is a setting: raised above the size, the same file is read (and is empty)
    [again] = read([path], Settings(max_file_bytes=60_000_000))
    assert again.reason == "binary data, not text or HTML"


def test_text_after_many_blank_lines_is_not_empty(tmp_path: Path) -> None:
    # regression: only the first 8 KB were checked, so a long run of blank lines looked like an empty file
    text = "\n" * 10_000 + "GENEVA, Jan 21 (Reuters) - Blinken and Lavrov met.\n"
    path = tmp_path / "padded.txt"
    path.write_text(text, encoding="utf-8")
    assert _one(path).content == text


def test_html_without_an_article_still_reads_at_ingest(tmp_path: Path) -> None:
    # finding no article in a page is the clean stage's failure; ingest only reads the page
    page = "<!DOCTYPE html><html><head><title>Login</title></head><body><nav>Home | Sign in</nav></body></html>"
    path = tmp_path / "login.html"
    path.write_text(page, encoding="utf-8")
    doc = _one(path)
    assert doc.kind == "html"
    assert doc.content == page


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("page.html", "Blinken met <b>Lavrov</b>.", "html"),  # the suffix says HTML
        ("page.htm", "Blinken met <b>Lavrov</b>.", "html"),
        ("saved.txt", "<div><p>Blinken met Lavrov.</p></div>", "html"),  # the bytes say HTML
        ("story.txt", "Blinken met Lavrov. <3 diplomacy", "text"),
        ("story", "GENEVA, Jan 21 (Reuters) - Blinken met Lavrov.", "text"),
    ],
)
def test_kind_follows_the_suffix_or_the_bytes(name: str, content: str, kind: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert _one(path).kind == kind
