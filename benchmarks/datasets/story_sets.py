"""The story-clustering sets: the `clustering_view.shared.jsonl` of neus-allsides, ecbplus and basil
(see each one's SOURCE.md) as story items with their gold story ids, and how each set is piled.

`splits(data)` gives the train parts (AllSides probe train, the ECB+ train topics) and the reported
sets (`REPORTED`: AllSides probe val, the dated AllSides raw crawl, the ECB+ dev topics mixed and each
topic alone, BASIL), items without dates in a fixed random order (seed 0), never in story order.
`piles_of` says which rows are clustered together: a whole set, each ECB+ topic alone, or AllSides
probe train in piles of probe val's size; `joined` and `each_topic` put the piles' labels back
together, told apart by pile.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from newsprism.stories import Item

ECB_DEV = {"2", "5", "12", "18", "21", "23", "34", "35"}
EACH_TOPIC = "ecb+ dev, each topic"  # the dev topics clustered one at a time
REPORTED = ("allsides probe val", "allsides raw (dated)", "ecb+ dev topics", EACH_TOPIC, "basil")


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=None)


def load_view(data: Path, name: str) -> list[tuple[Item, str, dict]]:
    """The rows of `<data>/<name>/clustering_view.shared.jsonl`: (item, gold story id, the row)."""
    rows = []
    with (data / name / "clustering_view.shared.jsonl").open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            row = json.loads(line)
            item = Item(
                id=str(row.get("article_id") or row.get("doc_id") or f"{row['story_id']}#{number}"),
                headline=row.get("title") or "",
                body=row.get("text") or "",
                published=_date(row.get("date")),
            )
            rows.append((item, row["story_id"], row))
    return rows


def splits(data: Path) -> dict[str, tuple[list[Item], list[str]]]:
    """name -> (items, gold story ids); items without dates shuffled with seed 0."""
    neus = load_view(data, "neus-allsides")
    ecb = load_view(data, "ecbplus")
    basil = load_view(data, "basil")
    parts = {
        "allsides probe train": [r for r in neus if r[1].startswith("probe-train-")],
        "allsides probe val": [r for r in neus if r[1].startswith("probe-val-")],
        "allsides raw (dated)": [r for r in neus if r[1].startswith("allsides-")],
        "ecb+ train topics": [r for r in ecb if str(r[2]["topic"]) not in ECB_DEV],
        "ecb+ dev topics": [r for r in ecb if str(r[2]["topic"]) in ECB_DEV],
        "basil": basil,
    }
    out = {}
    for name, rows in parts.items():
        rows = list(rows)
        random.Random(0).shuffle(rows)
        out[name] = ([r[0] for r in rows], [r[1] for r in rows])
    out[EACH_TOPIC] = out["ecb+ dev topics"]  # the same articles, clustered one topic at a time
    return out


def topic_rows(gold: list[str]) -> list[list[int]]:
    """The rows of each ECB+ topic (the gold id before `_ecb` / `_ecbplus`), in order of appearance."""
    topics = defaultdict(list)
    for k, story in enumerate(gold):
        topics[story.rsplit("_", 1)[0]].append(k)
    return list(topics.values())


WHOLE, TOPICS, VAL_SIZED = "whole", "each topic", "val-sized"  # how a set is piled
PROBE_PILES = 8  # AllSides probe train in piles of about 920 articles, the size of probe val


def piles_of(items: list[Item], gold: list[str], how: str = WHOLE) -> list[list[int]]:
    """The rows clustered together: all (`WHOLE`), each ECB+ topic's (`TOPICS`), or the stories
    dealt into `PROBE_PILES` piles by the order of their ids (`VAL_SIZED`)."""
    if how == TOPICS:
        return topic_rows(gold)
    if how == VAL_SIZED:
        pile_of = {story: k % PROBE_PILES for k, story in enumerate(sorted(set(gold)))}
        return [[k for k, story in enumerate(gold) if pile_of[story] == pile] for pile in range(PROBE_PILES)]
    return [list(range(len(items)))]


def joined(count: int, piles: list[list[int]], labels_of_piles) -> list:
    """One label per row of `count` from each pile's own labels, told apart by pile."""
    labels: list = [None] * count
    for pile, (rows, labels_of_pile) in enumerate(zip(piles, labels_of_piles, strict=True)):
        for k, label in zip(rows, labels_of_pile, strict=True):
            labels[k] = (pile, label)
    return labels


def each_topic(run, items: list[Item], gold: list[str]) -> list:
    """`run` on each ECB+ topic alone, labels told apart by topic: level (a) of ECB+'s SOURCE.md, a
    pile of 10 to 40 articles on two events of one kind, where no big corpus's statistics help."""
    piles = topic_rows(gold)
    return joined(len(items), piles, [run([items[k] for k in rows]) for rows in piles])
