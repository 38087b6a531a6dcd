"""Bytes to text: refuse what is not text, find the encoding, never crash on it."""

from __future__ import annotations

import codecs
import hashlib
import re

import charset_normalizer

from newsprism.errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|article|p)\b", re.I | re.S)
# control characters that never occur in text (tab, newline, CR and form feed do)
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13})


def content_id(text: str) -> str:
    """A stable id for a document: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_START.match(data[:2048]))


def check_not_binary(data: bytes, source: str) -> None:
    head = data[:8192]
    if not head.strip():
        raise InputError(source, "empty input")
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(source, "binary data, not text or HTML")
    control = sum(head.count(bytes([c])) for c in _CONTROL)
    if control > len(head) * 0.05:
        raise InputError(source, "binary data, not text or HTML")


def decode(data: bytes, source: str, *, encoding: str | None = None, html: bool = False) -> tuple[str, str]:
    """Decode `data` to text and say which encoding was used.

    Order: the encoding the user gave; a byte-order mark; the page's own ``<meta charset>``;
    strict UTF-8; then charset-normalizer's best guess (Latin-1, CP-1252, Shift-JIS …).
    Raises `InputError` naming `source` when the bytes are empty, binary or undecodable.
    """
    check_not_binary(data, source)
    candidates: list[str] = []
    if encoding:
        candidates.append(encoding)
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            candidates.append(name)
    if html:
        match = _META_CHARSET.search(data[:4096])
        if match:
            candidates.append(match.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for name in candidates:
        try:
            return data.decode(name), codecs.lookup(name).name
        except (UnicodeDecodeError, LookupError):
            continue
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is not None:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise InputError(source, "not UTF-8 and no other encoding fits; pass --encoding")
