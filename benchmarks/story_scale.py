"""Scale of the corpus path: ingest and cluster 1k, 10k and 100k real articles; time, memory, growth.

Used by ``python benchmarks/stories.py --scale`` (which runs each size in a fresh process with
``--scale-run N`` so that each peak memory is its own).

**The corpora** are built by sampling real, dated articles with their dates: the AllSides raw crawl
(1,114 leads of ~90 words, 2021-04 .. 2021-10, the `allsides-*` rows of the NeuS clustering view),
BASIL (240 full articles, 2010 .. 2019) and the dated NewsWCL50 articles (full text, 2018; the date
is the one in the article's URL). ``size`` articles are drawn with replacement (seed 0) from the
pool: the first draw of an article is the article as it is; every further draw is a *copy* k
(k = 1, 2, … for that article) with its date moved k whole calendar months later, so that a copy
lands ≥ 28 days after its original, beyond the reach of any story (`stories.params.reach_days`:
9.3 days with the shipped parameters), and copies of one story form stories of their own, mixed
in time with other stories. The store keys articles by content hash and would keep one of the
identical bodies, so a copy's body ends with one marker line ("[scale copy k]"); the gold story
of a draw is its dataset story id and its copy number, which gives a B-cubed F1 at every size.

Each run times, after loading the data and the static encoder (not timed):
* ingest: `Store.ingest` of the Article records into a new DuckDB file;
* stories: reading the articles back, `cluster` and `Store.replace_stories` (what
  ``newsprism stories`` does);
* near-duplicates: `near_duplicates` over the same items;
and reports ``resource.getrusage`` peak resident memory of the process.
"""

from __future__ import annotations

import json
import random
import resource
import tempfile
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from dateutil.relativedelta import relativedelta

from newsprism.records import Article

SIZES = (1_000, 10_000, 100_000)


def dated_pool(data: Path) -> list[tuple[Article, str]]:
    """The dated real articles to sample from, each with its gold story id."""
    from story_data import load_basil, load_newswcl50

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


def run_size(data: Path, size: int) -> dict:
    """Ingest and cluster a corpus of `size` sampled articles; the measurements as a dict."""
    from stories import bcubed

    from newsprism.models import load_static_encoder
    from newsprism.store import Store
    from newsprism.stories import cluster, item_of, near_duplicates, story_ids, stream

    load_static_encoder()
    articles, gold = sample_corpus(dated_pool(data), size)
    gold_of = {article.id: story for article, story in zip(articles, gold, strict=True)}
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        with Store(Path(folder) / "scale.duckdb") as store:
            counts = store.ingest(articles)
            ingested = time.perf_counter()
            by_hash = {}
            items = []
            for entry in store.entries():
                items.append(item_of(entry.article))
                by_hash[entry.article.id] = entry.source_id
            labels = cluster(items)
            store.replace_stories(story_ids(items, labels))
            clustered = time.perf_counter()
        duplicates = near_duplicates(items)
        linked = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # of the store path, not the stream's
    before_stream = time.perf_counter()
    streamed = stream(items)  # the same articles, streamed in date order
    streaming = time.perf_counter() - before_stream
    truth = [gold_of[by_hash[item.id]] for item in items]
    return {
        "articles": size,
        "stored": counts.new,
        "stories": len(set(labels)),
        "gold stories": len(set(truth)),
        "b3 f1": bcubed(labels, truth)[2],
        "copies linked": sum(1 for k, v in duplicates.items() if k != v),
        "ingest s": ingested - started,
        "stories s": clustered - ingested,
        "near-dup s": linked - clustered,
        "peak MB": peak,
        "stream s": streaming,
        "stream b3 f1": bcubed(streamed, truth)[2],
    }
