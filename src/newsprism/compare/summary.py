"""A neutral extractive summary: the facts most outlets share, in story order, each sentence citing
every span that supports it.

Facts are ranked by how many outlets carry them, then by how early they come in the articles;
a fact that only direct quotes carry comes after the others, since the summary speaks in its own
voice. Each chosen fact is told by its most neutral member: no scare quotes or loaded words, not a
first-person quote, a whole sentence rather than a trailing clause, of middling length; a fact
that outlets attribute to someone keeps its attribution, and a quote is told as one ("Andrei
Kortunov said: “…”"). Facts only one outlet reports enter only where the shared ones make a
summary of fewer than three sentences or about a hundred words, and then name the outlet.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence, Set

from newsprism.compare.claims import QUOTE_MARKS, Claim, plain, sentence_start, span_of
from newsprism.compare.deixis import told_alone, unresolved
from newsprism.records import AnnotatedArticle, Fact, SummarySentence

# The lengths are tuned for ROUGE against AllSides' neutral roundups on the stories that
# `benchmarks/compare.py --parts summary` does not score (all but its first 200, oldest first):
# a grid over these four, best mean of ROUGE-1/2/L F1 there (from 6/3/100/25: train 40.1/13.1/21.8
# to 41.8/14.2/21.9). Longer members win: a whole sentence that names who did what, not a fragment.
# A summary sentence cites, besides the claim it tells, the members of its fact that score at least
# this with that claim: on readings-train pairs (shared and partly shared snippets against distinct
# and exclusive ones), the lowest alignment probability at which 90% or more state the same fact
# (94%, recall 39%; at the alignment threshold, 0.475: 73%).
CITE = 0.65
MAX_SENTENCES = 8
MIN_SENTENCES = 3
WORD_BUDGET = 100  # a summary tops up with single-outlet facts until it is about this long
IDEAL_WORDS = 60


def summarise(
    facts: Sequence[Fact],
    members: dict[str, list[Claim]],
    annotated: Sequence[AnnotatedArticle],
    flagged: dict[int, set[tuple[int, int]]],
    outlet_of: dict[str, str],
    aligned: Set[tuple[Claim, Claim]] | None = None,
) -> list[SummarySentence]:
    """`members` maps a fact id to its claims; `flagged` maps an article index to the spans of its
    scare quotes and loaded words; `outlet_of` maps an article id to its outlet. A sentence cites
    the claim it tells and, of the fact's other members, those `aligned` with that claim itself
    (pairs of claims of different articles that score at least `CITE`): a member joined to the fact
    through a third claim, or loosely, may state another fact. Without `aligned`, every member is cited."""
    outlets = set(outlet_of.values())
    facts = [f for f in facts if f.detail_of is None]  # a detail is told with its fact, not alone

    outlets_of = {f.id: {outlet_of[annotated[c.article].article.id] for c in members[f.id]} for f in facts}

    def carried(fact: Fact) -> int:
        return len(outlets_of[fact.id])

    def earliness(fact: Fact) -> float:
        return min(c.start / max(1, len(annotated[c.article].article.body)) for c in members[fact.id])

    def quoted_only(fact: Fact) -> bool:
        return all(_in_direct_quote(c, annotated) for c in members[fact.id])

    ranked = sorted(facts, key=lambda f: (quoted_only(f), -carried(f), earliness(f)))
    shared = [f for f in ranked if carried(f) > 1]
    chosen = shared[:MAX_SENTENCES]
    words = sum(len(members[f.id][0].text.split()) for f in chosen)
    for fact in (f for f in ranked if carried(f) == 1):  # then what one outlet alone reports, earliest first
        if len(chosen) >= MIN_SENTENCES and (words >= WORD_BUDGET or len(chosen) >= MAX_SENTENCES):
            break
        chosen.append(fact)
        words += len(members[fact.id][0].text.split())
    chosen.sort(key=earliness)
    sentences = []
    told: set[tuple[int, int]] = set()  # (article, sentence) already told, whole or in part
    for fact in chosen:
        claims = members[fact.id]
        member = min(claims, key=lambda c: _penalty(c, annotated, flagged))
        best = _whole(member, annotated)  # told whole; cited with the members that state its fact
        if _trailing(best, annotated) and _opens_dependent(best.text):
            # a clause that cannot stand alone is told with the start of its sentence, once
            if (best.article, best.sentence) in told:
                continue
            best = _with_sentence_start(best, annotated)
            claims = [best if c.article == best.article and c.sentence == best.sentence else c for c in claims]
        told.add((best.article, best.sentence))
        # told alone: "here" and "on Friday" name the dateline's place and the story's day
        text = plain(
            best.text
            if _in_direct_quote(best, annotated)
            else told_alone(annotated[best.article], best.start, best.end)
        )
        if _within_direct_quote(best, annotated) and best.speaker:
            # the summary does not speak in a quoted person's voice: it says who said it
            text = f"{best.speaker} said: “{text.strip(QUOTE_MARKS + ' ')}”"
        if carried(fact) == 1 and len(outlets) > 1:
            outlet = annotated[best.article].article.outlet or "one article"
            text = f"{outlet} reports: {text}"
        # a part is not cited on its own: cut from its sentence it rarely states the fact (3 of 34
        # did, read by hand on the seed pair and three readings-dev stories, docs/summary-citations.md)
        cited = [best] + [
            c
            for c in claims
            if not c.part
            and not c.lies_in(best)  # within what is told
            and (aligned is None or (member, c) in aligned or (c, member) in aligned)
        ]
        citations = tuple(span_of(c, annotated) for c in cited)
        sentences.append(SummarySentence(text=text, citations=citations, fact=fact.id))
    return sentences


def _penalty(claim: Claim, annotated: Sequence[AnnotatedArticle], flagged: dict[int, set[tuple[int, int]]]) -> float:
    marked = sum(1 for s, e in flagged.get(claim.article, ()) if claim.start <= s and e <= claim.end)
    first_person = claim.text.lstrip()[:1] in QUOTE_MARKS or _in_direct_quote(claim, annotated)
    trailing = _trailing(claim, annotated)
    words = len(claim.text.split())
    fragment = trailing and _opens_dependent(claim.text)
    part = 3 * claim.part  # a clause the parse found inside a sentence: its sentence reads better
    undated = 2 * unresolved(annotated[claim.article], claim.start, claim.end)  # "on Friday" of no known day
    return (
        10 * fragment
        + 3 * marked
        + 4 * first_person
        + 3 * trailing
        + part
        + undated
        + abs(words - IDEAL_WORDS) / IDEAL_WORDS
    )


# a clause that opens on one of these (after "and"/"but"/"or") depends on the sentence it was cut from
_CONJUNCTIONS = frozenset("and but or nor so yet".split())
_DEPENDENT_OPENERS = frozenset(
    """which who whom whose where when while as after before because although though if unless until since
    whereas according amid despite like than that""".split()
)


def _trailing(claim: Claim, annotated: Sequence[AnnotatedArticle]) -> bool:
    """Whether `claim` is a clause cut from after the start of its sentence."""
    item = annotated[claim.article]
    return item.article.body[sentence_start(item, claim.sentence) : claim.start].strip() != ""


def _opens_dependent(text: str) -> bool:
    """Whether a clause opens on a participle ("including a promise …", "saying that …") or a
    subordinating word ("which …", "as …"): cut from its sentence, it cannot stand as one."""
    words = [w.strip(",;:—–-\"'“”‘’()").lower() for w in text.split()]
    words = [w for w in words if w]
    while words and words[0] in _CONJUNCTIONS:
        words = words[1:]
    return bool(words) and (words[0] in _DEPENDENT_OPENERS or (words[0].endswith("ing") and len(words[0]) > 4))


def _whole(claim: Claim, annotated: Sequence[AnnotatedArticle]) -> Claim:
    """A part as the whole claim it lies in (a clause read alone loses who says or does it)."""
    if claim.whole is None:
        return claim
    start, end = claim.whole
    text = annotated[claim.article].article.body[start:end]
    return dataclasses.replace(claim, start=start, end=end, text=text, whole=None)


def _with_sentence_start(claim: Claim, annotated: Sequence[AnnotatedArticle]) -> Claim:
    """`claim` grown back to the start of its sentence (after a dateline that opens it)."""
    item = annotated[claim.article]
    start = sentence_start(item, claim.sentence)
    body = item.article.body
    while start < claim.start and body[start].isspace():
        start += 1
    return dataclasses.replace(claim, start=start, text=body[start : claim.end])


def _in_direct_quote(claim: Claim, annotated: Sequence[AnnotatedArticle]) -> bool:
    return any(
        q.kind == "direct" and q.start < claim.end and claim.start < q.end for q in annotated[claim.article].quotes
    )


def _within_direct_quote(claim: Claim, annotated: Sequence[AnnotatedArticle]) -> bool:
    """Whether the whole of `claim` is what a direct quote says (not a sentence that also says who)."""
    return any(
        q.kind == "direct" and q.start <= claim.start + 1 and claim.end - 1 <= q.end
        for q in annotated[claim.article].quotes
    )
