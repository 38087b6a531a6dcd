"""Bytes to text: refuse what is not text, find the encoding, never crash on it."""

from __future__ import annotations

import codecs
import hashlib
import re

import charset_normalizer

from newsprism.errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|article|p)\b", re.IGNORECASE | re.DOTALL
)
# control characters that never occur in text (tab, newline, CR and form feed do)
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13})


def content_id(text: str) -> str:
    """A stable id for a document: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_START.match(data[:2048]))


def utf16_codec(data: bytes) -> str | None:
    """The UTF-16 codec `data` is in, or None: "utf-16" with a byte-order mark; without one (as some
    Windows tools write it) "utf-16-le" or "-be" when a quarter or more of the bytes on one side of
    each pair are NUL (the high byte of a Latin letter) and almost none on the other side."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:8192]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= len(head) / 8 and even <= odd / 20:
        return "utf-16-le"
    if even >= len(head) / 8 and odd <= even / 20:
        return "utf-16-be"
    return None


def check_not_binary(data: bytes, source: str) -> None:
    """Raise `InputError` naming `source` when `data` is empty, blank or binary (NUL or many control bytes)."""
    if not data or data.isspace():
        raise InputError(source, "empty input")
    head = data[:8192]
    codec = utf16_codec(head)
    if codec:
        # half the bytes of UTF-16 text are NUL: look for control characters in the text instead
        head = head.decode(codec, "replace").encode("utf-8")
    if b"\x00" in head:
        raise InputError(source, "binary data, not text or HTML")
    control = sum(head.count(bytes([c])) for c in _CONTROL)
    if control > len(head) * 0.05:
        raise InputError(source, "binary data, not text or HTML")


def _codec_name(label: str) -> str | None:
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode(data: bytes, source: str, *, encoding: str | None = None, html: bool = False) -> tuple[str, str]:
    """Decode `data` to text and say which encoding was used.

    Order: the encoding the user gave; a byte-order mark, or UTF-16 without one; the page's own ``<meta charset>``;
    strict UTF-8; UTF-8 with a few stray bytes replaced; charset-normalizer's best guess (CP-1252 on a
    tie; Latin-1, CP-1250, Shift-JIS …); CP-1252.
    Raises `InputError` naming `source` when the bytes are empty, binary or undecodable.
    """
    check_not_binary(data, source)
    candidates: list[str] = []
    if encoding:
        candidates.append(encoding)
    if data.startswith(codecs.BOM_UTF8):
        candidates.append("utf-8-sig")
    # before UTF-8: UTF-16 of Latin text (NULs every other byte) is valid UTF-8 too
    if utf16 := utf16_codec(data):
        candidates.append(utf16)
    if html:
        match = _META_CHARSET.search(data[:4096])
        if match:
            declared = match.group(1).decode("ascii", "ignore")
            # Browsers read pages labelled Latin-1 as Windows-1252 (WHATWG Encoding Standard), so
            # their curly quotes and dashes (0x80-0x9F) are text there, not C1 control characters.
            if _codec_name(declared) == "iso8859-1":
                candidates.append("cp1252")
            candidates.append(declared)
    candidates.append("utf-8")
    for name in candidates:
        try:
            return data.decode(name), codecs.lookup(name).name
        except (UnicodeDecodeError, LookupError):
            continue
    # Mostly UTF-8 with a few stray bytes (a Latin-1 alt text pasted into a UTF-8 page): keep UTF-8,
    # as browsers do, rather than misread every accented letter with a single-byte guess. Real
    # single-byte text almost never forms valid UTF-8 sequences, so three to one is a safe margin.
    text = data.decode("utf-8", "replace")
    stray = text.count("\ufffd")
    if len(text) - len(text.encode("ascii", "ignore")) - stray >= 3 * stray:
        return text, "utf-8"
    guesses = charset_normalizer.from_bytes(data[:200_000])
    best = guesses.best()
    if best is not None:
        # On a tie, Windows-1252: charset-normalizer may rank Central European cp1250 first for
        # French or German Latin-1 text, and "Genève" becomes "Genčve".
        best = next((guess for guess in guesses if guess.encoding == "cp1252" and not best < guess), best)
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    # charset-normalizer gives up on some real text (German full of soft hyphens); Windows-1252 is
    # the web's legacy default and reads all but five byte values
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise InputError(source, "not UTF-8, CP-1252 or another known encoding; pass --encoding") from None
