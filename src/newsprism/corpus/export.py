"""Export a corpus for other tools: every table of the store as Parquet and CSV, and the facts of
its stored comparisons as one flat table.

    from newsprism.corpus.export import export_corpus

    with Store("news.duckdb", read_only=True) as store:
        export_corpus(store, "export/")   # export/articles.parquet, export/articles.csv, …, export/facts.csv

DuckDB writes the files (``COPY … TO``); JSON columns (authors, outlets, removed lines …) are JSON
text in both formats. The articles' raw input (the page's HTML or text) is left out unless asked
for, since it is most of a store's size and rarely wanted in a table. `facts` has one row per member
of each fact of each stored comparison (`fact_rows`): the story, the fact, its coverage, the outlet,
the article and the characters it spans, so ``body[start:end]`` of the article is the member's text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from newsprism.records import Comparison
from newsprism.store import Store

__all__ = ["FORMATS", "export_corpus", "fact_rows"]

FORMATS = ("parquet", "csv")

_FACT_SCHEMA = pa.schema(
    [
        ("story_id", pa.string()),
        ("fact", pa.string()),
        ("coverage", pa.string()),
        ("detail_of", pa.string()),
        ("outlet", pa.string()),
        ("article_id", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("attributed", pa.bool_()),
        ("text", pa.string()),
    ]
)


def fact_rows(comparison: Comparison, story_id: str | None = None) -> Iterator[dict[str, Any]]:
    """One row per member of each fact of `comparison`, in fact order: `story_id`, the fact's id,
    coverage and `detail_of`, the member's outlet, article, offsets, whether it is attributed
    rather than stated, and its text."""
    outlets = comparison.outlet_names()
    for fact in comparison.facts:
        for index, member in enumerate(fact.members):
            yield {
                "story_id": story_id,
                "fact": fact.id,
                "coverage": fact.coverage,
                "detail_of": fact.detail_of,
                "outlet": outlets.get(member.article),
                "article_id": member.article,
                "start": member.start,
                "end": member.end,
                "attributed": index in fact.attributed,
                "text": member.text,
            }


def export_corpus(
    store: Store, folder: str | Path, formats: Iterable[str] = FORMATS, *, raw: bool = False
) -> dict[str, list[Path]]:
    """Write every table of `store`, and `facts` (the members of the facts of its stored
    comparisons), to `folder` in each of `formats` (``parquet``, ``csv``); `raw=True` keeps the
    articles' raw input. Returns each table's files. ValueError for an unknown format; OSError when
    the folder cannot be written."""
    formats = tuple(formats)
    unknown = [format for format in formats if format not in FORMATS]
    if unknown:
        raise ValueError(f"unknown export format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    rows = [row for story_id, comparison in sorted(store.comparisons().items())
            for row in fact_rows(comparison, story_id)]  # fmt: skip
    facts = pa.Table.from_pylist(rows, schema=_FACT_SCHEMA)
    return store.export(folder, formats, raw=raw, extra={"facts": facts})
