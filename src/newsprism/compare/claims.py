"""Claims: the units compare aligns, one sentence or one clause of a long sentence each.

A long sentence often joins what every outlet reports to what only one does ("Russia has massed
tens of thousands of troops on its borders with Ukraine, and Western states fear Moscow is planning
a new assault on a country it invaded in 2014"). It is split where a comma is followed by a word
that opens a new clause (``and``, ``but``, ``while``, ``saying`` …), or at a semicolon or a dash,
when both halves keep enough words to stand alone; never inside quotation marks. A wire dateline
(``GENEVA, Jan 21 (Reuters) -``) is not part of the first claim.

Each claim knows whether the article states it or attributes it to someone (it lies in a quote or
in reported speech), and who said it.

Besides these, each proposition the parse finds inside a claim (`annotate.clauses`: a clause, a
relative clause, an apposition, a titled name) is a claim of its own, a `part` of the claim it lies
in (`whole` gives that claim's span): a sentence that states four facts can then meet, through its
parts, four sentences of other outlets that state one each. Parts overlap their whole; offsets stay
exact.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsprism.records import AnnotatedArticle, Quote, Span

# A clause break: a comma, then a word that opens a clause of its own.
CLAUSE_BREAK = re.compile(
    r",\s+(?=(?:and|but|while|whereas|although|though|with|saying|adding|which|as|after|before|"
    r"despite|including|amid|where|when|because)\b)|;\s+|\s+[—–]\s+|\s+--\s+",
    re.IGNORECASE,
)
_DASH = re.compile(r"\s+(?:[—–]|--)\s+")
MIN_CLAUSE_WORDS = 6  # both halves of a split keep at least this many words
MIN_CLAIM_WORDS = 4  # shorter sentences ("Just those words.") are not claims
QUOTE_MARKS = '"“”«»„'


@dataclass(frozen=True, slots=True)
class Claim:
    """``body[start:end]`` of article number `article` (its place in the story)."""

    article: int
    start: int
    end: int
    text: str
    sentence: int  # index of its sentence in the article
    attributed: bool = False  # said by someone in the text, not stated by the article
    speaker: str | None = None
    whole: tuple[int, int] | None = None  # a part's whole claim, as (start, end); None for a whole claim

    @property
    def part(self) -> bool:
        return self.whole is not None

    def lies_in(self, other: Claim) -> bool:
        """Whether this claim's span lies within `other`'s, in the same article (or is the same span)."""
        return self.article == other.article and other.start <= self.start and self.end <= other.end


def sentence_start(annotated: AnnotatedArticle, number: int) -> int:
    """Where the claims of sentence `number` start: after the dateline ("GENEVA, Jan 21 (Reuters) -")
    when the sentence opens on it."""
    sentence = annotated.sentences[number]
    dateline = annotated.article.dateline
    if dateline is not None and sentence.start < dateline.end < sentence.end:
        return dateline.end
    return sentence.start


def span_of(claim: Claim, items: Sequence[AnnotatedArticle]) -> Span:
    """A claim as the span it cites: its article's id, its offsets and text."""
    return Span(items[claim.article].article.id, claim.start, claim.end, claim.text)


def claims_of(index: int, annotated: AnnotatedArticle) -> list[Claim]:
    """The claims of one article, in text order."""
    body = annotated.article.body
    claims: list[Claim] = []
    for number, sentence in enumerate(annotated.sentences):
        for clause_start, clause_end in split_clauses(body, sentence_start(annotated, number), sentence.end):
            text = body[clause_start:clause_end]
            if len(text.split()) < MIN_CLAIM_WORDS:
                continue
            quote = _attributing_quote(annotated.quotes, clause_start, clause_end)
            whole = Claim(
                index,
                clause_start,
                clause_end,
                text,
                number,
                attributed=quote is not None,
                speaker=quote.speaker if quote is not None else None,
            )
            claims.append(whole)
            claims += parts_of(whole, annotated)
    return claims


def parts_of(whole: Claim, annotated: AnnotatedArticle) -> list[Claim]:
    """The propositions inside `whole` (`AnnotatedArticle.clauses`), each a claim that shares its
    attribution, shorter than it."""
    body = annotated.article.body
    same = _trimmed(whole.text)
    return [
        dataclasses.replace(whole, start=c.start, end=c.end, text=body[c.start : c.end], whole=(whole.start, whole.end))
        for c in annotated.clauses
        if whole.start <= c.start and c.end <= whole.end and _trimmed(body[c.start : c.end]) != same
    ]


def _trimmed(text: str) -> str:
    return text.strip(" \n\t,;:.!?" + QUOTE_MARKS)


def split_clauses(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the clauses of ``body[start:end]``, trimmed of spaces and separators."""
    text = body[start:end]
    paired = _paired_dashes(text)
    cuts = [0]
    for match in CLAUSE_BREAK.finditer(text):
        if inside_quotes(text, match.start()) or match.start() in paired:
            continue
        left = text[cuts[-1] : match.start()]
        right = text[match.end() :]
        if len(left.split()) >= MIN_CLAUSE_WORDS and len(right.split()) >= MIN_CLAUSE_WORDS:
            cuts.append(match.start())
            cuts.append(match.end())
    cuts.append(len(text))
    spans = []
    for i in range(0, len(cuts), 2):
        s, e = cuts[i], cuts[i + 1]
        while s < e and text[s] in " \n\t,;":
            s += 1
        while e > s and text[e - 1] in " \n\t,;":
            e -= 1
        if e > s:
            spans.append((start + s, start + e))
    return spans


def _paired_dashes(text: str) -> set[int]:
    """Where the dashes of a parenthesis stand ("The rulings -- and the fact that no justice dissented --
    suggest …"): cut at either and both halves are fragments. Dashes pair in order; a last odd one is free."""
    dashes = [m.start() for m in _DASH.finditer(text) if not inside_quotes(text, m.start())]
    return set(dashes[: len(dashes) // 2 * 2])


def inside_quotes(text: str, at: int) -> bool:
    """Whether `at` in `text` lies inside quotation marks (straight, or curly opened more than closed)."""
    before = text[:at]
    straight = before.count('"') % 2 == 1
    curly = before.count("“") > before.count("”")
    return straight or curly


def _attributing_quote(quotes: Sequence[Quote], start: int, end: int) -> Quote | None:
    """The quote or reported speech a claim belongs to: one that covers half of the claim, or half
    of which lies in the claim, or whose verb of saying the claim holds; the largest overlap wins."""
    best, best_shared = None, 0
    for quote in quotes:
        shared = min(end, quote.end) - max(start, quote.start)
        if shared <= 0:
            continue
        cue_inside = quote.cue_start is not None and start <= quote.cue_start < end
        if (shared * 2 >= end - start or shared * 2 >= quote.end - quote.start or cue_inside) and shared > best_shared:
            best, best_shared = quote, shared
    return best


def story_claims(annotated: Sequence[AnnotatedArticle]) -> list[Claim]:
    return [claim for index, article in enumerate(annotated) for claim in claims_of(index, article)]


def plain(text: str) -> str:
    """A claim as a sentence of its own: enclosing quotation marks and a leading conjunction dropped,
    first letter capitalised, final stop added."""
    text = text.strip()
    if len(text) > 1 and text[0] in QUOTE_MARKS and text[-1] in QUOTE_MARKS:
        text = text[1:-1].strip()  # only a quotation that is whole: never leave a mark unpaired
    text = re.sub(r"^(?:and|but|while|whereas|so)\s+", "", text, flags=re.IGNORECASE)
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if text[-1] not in ".!?":
        text = text.rstrip(",;:") + "."
    return text
