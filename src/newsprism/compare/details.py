"""Exclusive details: what one outlet alone adds to a fact the others share.

Two reports can state the same fact while one of them says more: Reuters and Xinhua both report
the meeting, only Reuters names the Hotel President Wilson; both report the fear of an attack,
only Reuters recalls 2014 and the Crimean peninsula. A detail is a named entity, date or number
inside a member of a shared fact that no other outlet of the story mentions anywhere; it is told
by its noun phrase ("the Hotel President Wilson"), and neighbouring ones within a few words merge
("2014 to annex the Crimean peninsula"). Each becomes a fact of coverage ``one`` with `detail_of`
naming the shared fact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsprism.compare.claims import Claim
from newsprism.records import AnnotatedArticle, Fact, Span

DETAIL_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
    | {"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
)
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
MERGE_GAP_WORDS = 3  # details this close, with no comma between them, are one
STEM = 5
_WORD = re.compile(r"[\w'’.-]+")


def _words(text: str) -> list[str]:
    return [w.strip(".'’").casefold() for w in _WORD.findall(text) if w.strip(".'’")]


def _mentioned(entity: str, label: str, other_text: str, other_stems: set[str]) -> bool:
    """Whether another outlet mentions `entity`: its words in order; for one word, its stem ("Russian"
    is mentioned by "Russia"); for a longer name, the word that names it ("the U.S. Capitol" by "the
    Capitol", "former President Donald Trump" by "Trump")."""
    words = [w for w in _words(entity) if w not in {"the", "a", "an"}]
    words = [re.sub(r"[’']s$", "", w) for w in words]
    if not words:
        return True
    if " ".join(words) in other_text:
        return True
    last = words[-1]
    if len(words) == 1:
        return len(last) >= STEM and last[:STEM] in other_stems
    return label in NAME_LABELS and f" {last} " in other_text  # `other_text` has a space at each end


def exclusive_details(
    facts: Sequence[Fact], members: dict[str, list[Claim]], items: Sequence[AnnotatedArticle], outlet_of: dict[str, str]
) -> list[Fact]:
    """Detail facts for every shared fact, numbered after it (``f3.1``, ``f3.2`` …)."""
    words_by_outlet: dict[str, list[str]] = {}  # each body's words, read once
    for item in items:
        words_by_outlet.setdefault(outlet_of[item.article.id], []).append(" ".join(_words(item.article.body)))
    others: dict[str, tuple[str, set[str]]] = {}
    for outlet in words_by_outlet:
        text = " ".join(words for o, bodies in words_by_outlet.items() if o != outlet for words in bodies)
        others[outlet] = (f" {text} ", {w[:STEM] for w in text.split() if len(w) >= STEM})
    details = []
    for fact in facts:
        if fact.coverage == "one":
            continue
        number = 0
        for claim in members[fact.id]:
            item = items[claim.article]
            other_text, other_stems = others[outlet_of[item.article.id]]
            spans = [
                _phrase(item, entity.start, entity.end)
                for entity in item.entities
                if entity.label in DETAIL_LABELS
                and claim.start <= entity.start
                and entity.end <= claim.end
                and not _mentioned(entity.text, entity.label, other_text, other_stems)
            ]
            for start, end in _merge(sorted(set(spans)), item.article.body):
                number += 1
                text = item.article.body[start:end]
                details.append(
                    Fact(
                        id=f"{fact.id}.{number}",
                        coverage="one",
                        articles=(item.article.id,),
                        members=(Span(item.article.id, start, end, text),),
                        attributed=(0,) if claim.attributed else (),
                        detail_of=fact.id,
                    )
                )
    return details


def _phrase(item: AnnotatedArticle, start: int, end: int) -> tuple[int, int]:
    """The noun phrase around an entity ("the Hotel President Wilson" for "Wilson"), else the entity."""
    for phrase in item.noun_phrases:
        if phrase.start <= start and end <= phrase.end:
            return phrase.start, phrase.end
    return start, end


def _merge(spans: list[tuple[int, int]], body: str) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            gap = body[merged[-1][1] : start]
            if start <= merged[-1][1] or (len(gap.split()) <= MERGE_GAP_WORDS and not re.search(r"[,;:()\"“”]", gap)):
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
                continue
        merged.append((start, end))
    return merged
