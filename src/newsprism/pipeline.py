"""The stages chained: sources in, clean articles (or failures) out, streamed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from newsprism.clean import clean_all
from newsprism.errors import ExtractionError, InputError
from newsprism.ingest import read
from newsprism.records import Article, Failed
from newsprism.settings import Settings


def read_articles(
    sources: Iterable[str | Path], settings: Settings | None = None, *, strict: bool = False
) -> Iterator[Article | Failed]:
    """Every clean article of every source (files, directories, globs, URLs), in order.

    An input that cannot be read or holds no article becomes a `Failed` naming it and the stream
    goes on; with `strict=True` the first failure raises its `NewsprismError` instead.
    """
    for item in clean_all(read(sources, settings)):
        if strict and isinstance(item, Failed):
            raise (InputError if item.stage == "ingest" else ExtractionError)(item.source, item.reason)
        yield item
