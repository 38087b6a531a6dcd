"""Is this line page furniture? Patterns live in `data/furniture.txt`, grouped by kind."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# A furniture pattern only condemns a short line: a real paragraph that happens to say "print" or
# "newsletter" stays. Measured on trafilatura-eval: boilerplate snippets are short, body lines long.
MAX_FURNITURE_WORDS = 16
# An end mark ("Enditem") may also close the last body paragraph: "… all of Moscow's proposals. Enditem"
END_MARK = re.compile(r"\s*(?:\bEnditem|\(END\)|-\s*30\s*-|###)\s*$")


@cache
def patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The (kind, pattern) pairs of `data/furniture.txt`, compiled once."""
    kind, loaded = "furniture", []
    text = resources.files("newsprism.data").joinpath("furniture.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("## "):
            kind = line[3:].strip()
        elif line.strip() and not line.startswith("#"):
            loaded.append((kind, re.compile(line.strip(), re.IGNORECASE)))
    return tuple(loaded)


def furniture_kind(line: str) -> str | None:
    """The kind of furniture `line` is (``share``, ``comments``, ``endmark`` …), or None."""
    stripped = line.strip(" \t•·*-–—|>»")
    if not stripped:
        return None
    if len(stripped.split()) > MAX_FURNITURE_WORDS:
        return None
    for kind, pattern in patterns():
        if pattern.search(stripped):
            return kind
    return None
