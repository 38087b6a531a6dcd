"""Corpora of any size sampled from real, dated articles with their dates, and their gold stories.

The pool (`dated_pool`): the AllSides raw crawl (1,114 leads of ~90 words, 2021-04 .. 2021-10, the
`allsides-*` rows of the NeuS clustering view), BASIL (240 full articles, 2010 .. 2019) and the dated
NewsWCL50 articles (full text, 2018; the date is the one in the article's URL). `sample_corpus` draws
``size`` articles with replacement (seed 0) from the pool: the first draw of an article is the
article as it is; every further draw is a *copy* k (k = 1, 2, … for that article) with its date
moved k whole calendar months later, so that a copy lands ≥ 28 days after its original, beyond the
reach of any story (`stories.params.reach_days`: 9.3 days with the shipped parameters), and copies
of one story form stories of their own, mixed in time with other stories. The store keys articles
by content hash and would keep one of the identical bodies, so a copy's body ends with one marker
line ("[scale copy k]"); the gold story of a draw is its dataset story id and its copy number, which
gives a B-cubed F1 at every size.

Used by the stories benchmark's scale runs (`python -m benchmarks.stories --scale`) and by the serve
load check, which build their stores from these corpora.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from dateutil.relativedelta import relativedelta

from benchmarks.datasets.multi_outlet import load_basil, load_newswcl50
from newsprism.records import Article


def dated_pool(data: Path) -> list[tuple[Article, str]]:
    """The dated real articles to sample from, each with its gold story id."""
    pool = []
    with (data / "neus-allsides" / "clustering_view.shared.jsonl").open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            row = json.loads(line)
            if not row["story_id"].startswith("allsides-") or not row.get("date"):
                continue
            article = Article(
                id=f"{row['story_id']}-{row.get('stance') or number}",
                source=row.get("url") or f"allsides:{row['story_id']}#{number}",
                outlet=row.get("source"),
                headline=row.get("title"),
                published=row["date"],
                authors=(),
                dateline=None,
                language="en",
                body=row["text"],
                url=row.get("url"),
            )
            pool.append((article, row["story_id"]))
    for story in (*load_basil(data), *load_newswcl50(data)):
        pool.extend((article, story.id) for article in story.articles if article.published)
    return pool


def sample_corpus(pool: list[tuple[Article, str]], size: int, seed: int = 0) -> tuple[list[Article], list[str]]:
    """`size` articles drawn with replacement from `pool` (see the module docstring), in draw order,
    and their gold stories."""
    draws = random.Random(seed).choices(range(len(pool)), k=size)
    copies: dict[int, int] = {}
    articles, gold = [], []
    for k in draws:
        article, story = pool[k]
        copy = copies.get(k, 0)
        copies[k] = copy + 1
        if copy:
            moment = datetime.fromisoformat(article.published) + relativedelta(months=copy)
            article = replace(
                article,
                id=f"{article.id}~{copy}",
                source=f"{article.source}~{copy}",
                published=moment.isoformat(),
                body=f"{article.body}\n\n[scale copy {copy}]",
            )
        articles.append(article)
        gold.append(f"{story}~{copy}")
    return articles, gold
