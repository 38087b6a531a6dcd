"""Is this line page furniture? Patterns live in `data/furniture.txt`, grouped by kind."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# A furniture pattern only condemns a short line: a real paragraph that happens to say "print" or
# "newsletter" stays. Measured on trafilatura-eval: boilerplate snippets are short, body lines long.
MAX_FURNITURE_WORDS = 16
# An end mark ("Enditem") may also close the last body paragraph: "… all of Moscow's proposals. Enditem"
END_MARK = re.compile(r"(?:\bEnditem|\(END\)|-\s*30\s*-|###)\s*$")
# an end mark is a few characters at the very end of a line: only the tail is searched
_END_TAIL = 24


def end_mark(line: str) -> re.Match[str] | None:
    """The end mark closing `line` ("… proposals. Enditem"), searched in its tail only."""
    offset = max(0, len(line) - _END_TAIL)
    return END_MARK.search(line, offset)


@cache
def patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One compiled alternation per kind of `data/furniture.txt`, in file order."""
    kind, loaded = "furniture", {}
    text = resources.files("newsprism.data").joinpath("furniture.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("## "):
            kind = line[3:].strip()
        elif line.strip() and not line.startswith("#"):
            re.compile(line.strip())  # fail here, naming the bad pattern, rather than in the union
            loaded.setdefault(kind, []).append(f"(?:{line.strip()})")
    return tuple((kind, re.compile("|".join(parts), re.IGNORECASE)) for kind, parts in loaded.items())


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
