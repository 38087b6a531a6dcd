"""Data newsprism ships (word lists, calibrated models, the Comparison schema), and how word lists are read."""

from __future__ import annotations

from importlib import resources


def read_words(text: str) -> frozenset[str]:
    """The words of a word list: one per line, lower-cased; blank lines and ``#`` comments left out."""
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


def word_list(name: str) -> frozenset[str]:
    """The words of the shipped list `name` (e.g. ``"hedges.txt"``)."""
    return read_words(resources.files("newsprism.data").joinpath(name).read_text(encoding="utf-8"))
