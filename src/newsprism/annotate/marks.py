"""Quotation marks of a news text, paired: where each quote begins and ends.

News texts mix their marks: straight and curly double quotes, the two apostrophes some archives write
for a double quote (``''Some courses are adapting,'' said …``), two closing single quotes for a closing
double one (``a “question’’ that …``), a straight quote closed by a curly one where the text went through
several hands (``"It is a failed trade policy, …,’ ” Sanders said``), an opening mark typed for the
closing one (``…,“ said Jim Clyburn``), and quotes of one style inside a
quote of the other (``"… defended Trump's “Look at my African-American” …"``). A quote left open at a
paragraph's end that the next paragraph reopens with the same mark runs on over both.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from newsprism.annotate.sentences import text_of

OPENING = {"“": "”", "«": "»", "„": "“"}
MARKS = "“”«»„\"'‘’"
STRAIGHT = '"'
DOUBLED = "''"  # two apostrophes for a double quote: ''Some courses are adapting,'' said …
DOUBLED_CLOSING = "’’"


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """Text between quotation marks: `start`/`end` exclude the marks."""

    start: int
    end: int


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Pair the quotation marks of `text`; a quote left open at a paragraph's end that the next
    paragraph reopens runs on; one left open otherwise ends with its paragraph. Two apostrophes
    (``''``) stand for a straight double quote, as in some newspapers' archives."""
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    closer = inner = ""  # inner: the closing mark of a quote of the other style open inside this one
    i = 0
    while i < len(text):
        char, width = _mark_at(text, i)
        if open_at is None:
            if char in OPENING or (char == STRAIGHT and _opens(text, i)):
                open_at, closer, inner = i + width, OPENING.get(char, STRAIGHT), ""
        elif char == closer:
            spans.append(QuotedSpan(open_at, i))
            open_at = None
        elif char == "\n":
            paragraph_end = i
            while i < len(text) and text[i].isspace():
                i += 1
            if i < len(text) and OPENING.get(_mark_at(text, i)[0], _mark_at(text, i)[0]) == closer:
                inner = ""  # the same kind of mark: a quote of another style is one of its own
                i += _mark_at(text, i)[1]  # not a closing mark: the one that reopens
                continue  # the next paragraph reopens the quote: it runs on
            spans.append(QuotedSpan(open_at, paragraph_end))
            open_at = None
            continue
        elif inner:
            if char == inner and (inner != STRAIGHT or not _opens(text, i)):
                inner = ""  # ``"… defended Trump's “Look at my African-American” …"``
        elif closer == STRAIGHT and char == "“" or closer == "”" and char == STRAIGHT and _opens(text, i):
            inner = OPENING.get(char, STRAIGHT)
        elif _closes_mixed(text, i, char, closer):
            spans.append(QuotedSpan(open_at, i))
            open_at = None
        i += width
    if open_at is not None:
        spans.append(QuotedSpan(open_at, len(text)))
    return [span for span in spans if text[span.start : span.end].strip()]


def paired_in(doc: Doc) -> list[QuotedSpan]:
    """`quoted_spans` of a parsed body, paired once per document (kept in its user_data): the quotes
    stage and the referents read the same spans."""
    spans = doc.user_data.get(_PAIRED)
    if spans is None:
        spans = doc.user_data[_PAIRED] = quoted_spans(text_of(doc))
    return spans


_PAIRED = "newsprism_quoted_spans"


def inside_quote(start: int, end: int, quoted: Sequence[QuotedSpan]) -> bool:
    """Whether `start`–`end` lies inside one of the (sorted, disjoint) `quoted` spans."""
    at = bisect_right(quoted, start, key=lambda span: span.start) - 1
    return at >= 0 and quoted[at].start <= start and end <= quoted[at].end


def _mark_at(text: str, i: int) -> tuple[str, int]:
    """The character at `i` and its width; two apostrophes read as one straight double quote, two
    closing single quotes as one closing double quote (``a “question’’ that …``)."""
    if text.startswith(DOUBLED, i):
        return STRAIGHT, len(DOUBLED)
    if text.startswith(DOUBLED_CLOSING, i):
        return "”", len(DOUBLED_CLOSING)
    return text[i], 1


def _closes_mixed(text: str, i: int, char: str, closer: str) -> bool:
    """Whether a double quotation mark of the other style closes the open quote: texts that went through
    several hands mix them (``"It is a failed trade policy, …,’ ” Sanders said``, ``“… of peace."``).
    A curly closing mark always closes; a straight one closes a curly quote unless it opens a word; an
    opening curly mark typed for a closing one closes where it ends a word (``… for her here,“ said Jim
    Clyburn``)."""
    if closer == STRAIGHT:
        return char == "”"
    if closer == "”" and char == "“":
        return not _opens(text, i) and (i + 1 == len(text) or text[i + 1].isspace())
    return closer == "”" and char == STRAIGHT and not _opens(text, i)


def _opens(text: str, i: int) -> bool:
    """A straight quote opens when what precedes it is a space, a line start or an opening bracket."""
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-/"
