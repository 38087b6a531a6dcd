"""Near-duplicates: wire copies republished by many sites and updated versions of one article.

Two articles are near-duplicates when the Jaccard overlap of their bodies' sets of
`SHINGLE_WORDS`-word shingles (lower-cased words) is at least `NEAR_DUPLICATE_JACCARD`, and, when
both are dated, they appeared within `DUPLICATE_DAYS` of each other. Candidates come from MinHash
LSH (datasketch), so the cost grows linearly with the corpus; each candidate pair is then checked
on its exact shingle sets, so the LSH only decides what is compared, never what is linked.

Why 0.8: an article and its update with one paragraph added in ten, or a wire copy with a few words
changed per paragraph, keep 80–90 % of their 5-word shingles. On the shared data, every pair of
bodies at or above 0.8 is one article stored twice (the AllSides probe and raw copies of one lead);
rewrites of one event by different outlets from the same wire (ECB+ topic 24, the Paris jewellery
heist) reach 0.57, and a lead cut at half its length falls to 0.45–0.6, so no lower value separates
copies from rewrites.

Near-duplicates group transitively (an update of an update is one article); each group is named
after its earliest member (date, then id): its *canonical* article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from scipy import sparse
from scipy.sparse.csgraph import connected_components

from newsprism.similarity import pair_jaccard
from newsprism.stories.features import Item

if TYPE_CHECKING:
    from datasketch import LeanMinHash

NEAR_DUPLICATE_JACCARD = 0.8
SHINGLE_WORDS = 5
DUPLICATE_DAYS = 7.0  # a copy published more than a week later is a reprint, not the same news
PERMUTATIONS = 128
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The `size`-word shingles of `text` (its lower-cased words); a shorter text is one shingle."""
    words = _WORD.findall(text.lower())
    return {" ".join(words[k : k + size]) for k in range(max(1, len(words) - size + 1))} if words else set()


def signatures(items: Iterable[Item]) -> Iterator[LeanMinHash]:
    """The MinHash signature of each item's body shingles (`PERMUTATIONS` hash values), one at a
    time: the part of `near_duplicates` each article gives alone, so Ray workers can make those of
    their shares."""
    from datasketch import LeanMinHash, MinHash

    made = MinHash.generator(
        ([s.encode("utf-8") for s in shingles(item.body)] for item in items), num_perm=PERMUTATIONS, seed=1
    )
    return (LeanMinHash(signature) for signature in made)


def near_duplicates(
    items: Sequence[Item],
    threshold: float = NEAR_DUPLICATE_JACCARD,
    within_days: float | None = DUPLICATE_DAYS,
    *,
    signed: Iterable[LeanMinHash] | None = None,
) -> dict[str, str]:
    """Article id → the id of its canonical article, for every item (a canonical or unique article
    maps to itself). An undated item is linked by its text alone; `within_days=None` links dated
    copies however far apart; an item without words is never linked. `signed` are the items'
    `signatures` where made already. The store's schema is not touched: a caller keeps the mapping
    (e.g. to count one outlet per canonical article)."""
    from datasketch import MinHashLSH

    index = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    firsts, seconds = [], []
    exact: dict[int, set[str]] = {}  # the shingles of the articles that were candidates
    # one signature at a time: the index keeps only its bands
    for k, signature in enumerate(signed if signed is not None else signatures(items)):
        if signature.is_empty():
            continue
        found = [other for other in index.query(signature) if _close_in_time(items[k], items[other], within_days)]
        if found:
            # exact check of the few candidates; shingles made again, once per article that is one
            mine = exact.setdefault(k, shingles(items[k].body))
            for other in found:
                if other not in exact:
                    exact[other] = shingles(items[other].body)
                if pair_jaccard(mine, exact[other]) >= threshold:
                    firsts.append(k)
                    seconds.append(other)
        index.insert(k, signature, check_duplication=False)
    n = len(items)
    graph = sparse.coo_matrix(([1] * len(firsts), (firsts, seconds)), shape=(n, n))
    _, group = connected_components(graph, directed=False)
    canonical: dict[int, int] = {}
    for k in sorted(range(n), key=lambda k: (items[k].published or datetime.max, items[k].id)):
        canonical.setdefault(int(group[k]), k)
    return {item.id: items[canonical[int(group[k])]].id for k, item in enumerate(items)}


def _close_in_time(first: Item, second: Item, days: float | None) -> bool:
    if days is None or first.published is None or second.published is None:
        return True
    return abs((first.published - second.published).total_seconds()) <= days * 86400
