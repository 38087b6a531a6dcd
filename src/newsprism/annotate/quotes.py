"""Quotes and their speakers, from the quotation marks and the dependency parse of a body.

Three passes over one parsed article:

1. `quoted_spans` pairs the quotation marks of the text (straight and curly), a quote that runs on
   over paragraphs included ("…\n\n"…," Blinken added.").
2. Each quoted span is classified. A span that opens its sentence (or follows a colon or comma)
   with a capital letter is **direct** speech; a fragment inside a sentence is **partial** speech
   when a verb of saying governs it (``predicted Russia would "move in"``), and a **scare quote**
   otherwise, or when it is one word that no naming verb ("called", "dubbed") introduces
   (``a possible intention of "invasion."``).
3. Verbs of saying whose clause is not in quotation marks give **indirect** speech
   (``Lavrov told Blinken he did not expect a breakthrough``, ``…, according to U.S. media``).

Cues come from the GenderGapTracker quote-verb list (`data/quote_verbs.txt`, MIT). Speakers are
the subjects of the cue; `annotate.speakers` resolves them to people.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from newsprism.annotate.sentences import sentence_of, text_of
from newsprism.data import word_list

OPENING = {"“": "”", "«": "»", "„": "“"}
CLOSING_MARKS = frozenset({"”", "»", "“", '"', "’", "'"})
STRAIGHT = '"'
# Verbs that name rather than report: "called the talks "useful"" quotes one word as speech.
NAMING_VERBS = frozenset({"call", "dub", "term", "label", "brand", "describe", "characterize", "characterise"})
# Reporting verbs missing from the GGT list that news uses for attribution.
EXTRA_CUES = frozenset(
    {"call", "accuse", "deny", "dub", "term", "label", "brand", "vow", "pledge", "concede"}
    | {"ask", "answer", "joke", "quip", "urge", "observe", "confess", "recall", "muse", "scoff"}
)
PASSIVE_CUES = frozenset({"tell", "ask", "quote", "inform", "advise"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
CONTENT_DEPS = frozenset({"ccomp", "xcomp"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})


@cache
def quote_verbs() -> frozenset[str]:
    """Inflected verbs of saying (said, says, told, warned …), from `data/quote_verbs.txt`."""
    return word_list("quote_verbs.txt")


def is_cue(token: Token) -> bool:
    """A verb of saying ("said", "warned", "according to"); a passive one only where it still reports
    ("was told"), not where it means something else ("will never be added as a member"); never an
    infinitive that qualifies a noun ("in order to ensure that …", "his decision to announce …"): a
    purpose or a plan, not speech."""
    if token.pos_ not in {"VERB", "AUX"} and token.lower_ != "according":
        return False
    if token.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False
    if any(c.dep_ == "auxpass" for c in token.children) and token.lemma_.lower() not in PASSIVE_CUES:
        return False
    return token.lower_ in quote_verbs() or token.lemma_.lower() in EXTRA_CUES or token.lower_ == "according"


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """Text between quotation marks: `start`/`end` exclude the marks."""

    start: int
    end: int


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Pair the quotation marks of `text`; a quote left open at a paragraph's end that the next
    paragraph reopens runs on; one left open otherwise ends with its paragraph."""
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    closer = ""
    i = 0
    while i < len(text):
        char = text[i]
        if open_at is None:
            if char in OPENING or (char == STRAIGHT and _opens(text, i)):
                open_at, closer = i + 1, OPENING.get(char, STRAIGHT)
        elif char == closer or (closer == STRAIGHT and char == STRAIGHT):
            spans.append(QuotedSpan(open_at, i))
            open_at = None
        elif char == "\n":
            paragraph_end = i
            while i < len(text) and text[i].isspace():
                i += 1
            if i < len(text) and (text[i] in OPENING or text[i] == STRAIGHT):
                continue  # the next paragraph reopens the quote: it runs on
            spans.append(QuotedSpan(open_at, paragraph_end))
            open_at = None
            continue
        i += 1
    if open_at is not None:
        spans.append(QuotedSpan(open_at, len(text)))
    return [span for span in spans if text[span.start : span.end].strip()]


def _opens(text: str, i: int) -> bool:
    """A straight quote opens when what precedes it is a space, a line start or an opening bracket."""
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-/"


@dataclass(frozen=True, slots=True)
class Found:
    """One piece of speech before its speaker is resolved to a person."""

    kind: str  # direct | partial | indirect | scare
    start: int
    end: int
    cue: Token | None = None
    subject: Token | None = None


def find_speech(doc: Doc) -> list[Found]:
    """Direct, partial and indirect speech and scare quotes of one parsed body, in text order."""
    found: list[Found] = []
    previous_direct: Found | None = None
    for span in quoted_spans(text_of(doc)):
        tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
        if tokens is None or len(tokens) == 0:
            continue
        start, end = _trim(text_of(doc), span.start, span.end)
        if _is_direct(doc, tokens, span):
            cue = _cue_outside(doc, tokens) or _cue_after(doc, tokens)
            subject = _subject(cue) if cue is not None else None
            if cue is not None and (subject is None or _inside(subject, tokens)):
                subject = _subject_beside(doc, tokens, cue)  # the parser missed it or took it from the quote
            if cue is None and previous_direct is not None and _follows(text_of(doc), previous_direct.end, span.start):
                cue, subject = previous_direct.cue, previous_direct.subject  # a quote that goes on
            item = Found("direct", start, end, cue, subject)
            previous_direct = item
        else:
            cue = _governing_cue(tokens)
            words = len(text_of(doc)[start:end].split())
            naming = cue is not None and cue.lemma_.lower() in NAMING_VERBS
            if cue is None or (words == 1 and not naming):
                while end > start and text_of(doc)[end - 1] in ".,;:!?":
                    end -= 1  # "invasion." is the term "invasion"
                item = Found("scare", start, end)
            else:
                item = Found("partial", start, end, cue, _subject(cue))
        found.append(item)
    quoted = [(f.start, f.end) for f in found]
    found.extend(_indirect(doc, quoted))
    return sorted(found, key=lambda f: f.start)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the quoted text without surrounding spaces (the words inside the marks stay exact, ``…,``)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _first_alpha(text: str) -> str:
    return next((c for c in text if c.isalnum()), "")


def _is_direct(doc: Doc, tokens: Span, span: QuotedSpan) -> bool:
    """A whole utterance: capitalised, and opening its sentence or following a colon or comma."""
    first = _first_alpha(text_of(doc)[span.start : span.end])
    if not (first.isupper() or first.isdigit()):
        return False
    sentence = sentence_of(tokens[0])
    before = text_of(doc)[sentence.start_char : span.start - 1].strip()
    return before == "" or before.endswith((":", ",")) or "\n" in text_of(doc)[sentence.start_char : span.start]


def _follows(text: str, previous_end: int, start: int) -> bool:
    """The quote at `start` opens the paragraph right after the one a quote ended at `previous_end`."""
    between = text[previous_end:start]
    return "\n" in between and len(between.strip().strip('"“”,.')) == 0


def _inside(token: Token, tokens: Span) -> bool:
    return tokens.start <= token.i < tokens.end


def _cue_outside(doc: Doc, tokens: Span) -> Token | None:
    """The verb of saying next to a direct quote: in the sentences it touches, outside the quote; else
    in the sentence that introduces it (``Cruz said:``) or the one right after it."""
    first, last = sentence_of(tokens[0]), sentence_of(tokens[-1])
    candidates = [t for t in doc[first.start : last.end] if not _inside(t, tokens) and is_cue(t)]
    if not candidates and first.start > 0:
        before = sentence_of(doc[first.start - 1])
        if before.text.rstrip().endswith(":") or text_of(doc)[before.end_char : first.start_char].count("\n") <= 1:
            candidates = [t for t in before if is_cue(t) and _subject(t) is not None and t.i > before.start]
            candidates = [t for t in candidates if not _in_quotes(doc, t)]
    if not candidates and last.end < len(doc):
        after = sentence_of(doc[last.end])
        if "\n" not in text_of(doc)[last.end_char : after.start_char]:
            candidates = [t for t in after if is_cue(t) and not _in_quotes(doc, t)][:1]
    if not candidates:
        return None
    # the nearest cue to the quote: after it ("…," Lavrov said) or before it (Ryabkov said: "…")
    return min(candidates, key=lambda t: min(abs(t.i - tokens.start), abs(t.i - tokens.end)))


def _cue_after(doc: Doc, tokens: Span) -> Token | None:
    """A verb of saying the tagger missed right after a quote: ``…," Bozell answers.`` (tagged a noun),
    ``…," said Bozell``: within a short name of the closing mark, in the same sentence."""
    sentence_end = sentence_of(tokens[-1]).end
    i = tokens.end
    while i < sentence_end and doc[i].is_punct:
        i += 1
    for token in doc[i : min(i + 5, sentence_end)]:
        if token.lower_ in quote_verbs() or token.lemma_.lower() in EXTRA_CUES:
            return token
        if token.is_punct or token.pos_ in {"VERB", "AUX", "ADP", "SCONJ", "CCONJ"}:
            return None
    return None


def _subject_beside(doc: Doc, tokens: Span, cue: Token) -> Token | None:
    """The speaker by position: the words between a quote and its cue (``…," Brent Bozell III, founder
    of the Media Research Center, tells …``), else the words after a cue that follows the quote
    (``…," said Bozell``). Their first person, else their syntactic head."""
    if cue.i >= tokens.end:
        words = doc[tokens.end : cue.i]
        if not any(not t.is_punct for t in words):
            end = cue.i + 1
            while end < sentence_of(cue).end and not doc[end].is_punct and doc[end].pos_ not in {"ADP", "VERB", "AUX"}:
                end += 1
            words = doc[cue.i + 1 : end]
    elif cue.i < tokens.start and sentence_of(cue) == sentence_of(tokens[0]):
        words = doc[sentence_of(cue).start : cue.i]
    else:
        return None
    words = [t for t in words if not t.is_punct]
    if not words:
        return None
    span = doc[words[0].i : words[-1].i + 1]
    person = next((e for e in span.ents if e.label_ == "PERSON"), None)
    if person is not None:
        return person.root
    if any(t.pos_ in {"VERB", "AUX"} for t in span):
        return None  # a clause, not a name
    return span.root if span.root.pos_ in {"PROPN", "NOUN", "PRON"} else None


def _in_quotes(doc: Doc, token: Token) -> bool:
    """Whether `token` stands between quotation marks in its sentence (an odd number of marks before it)."""
    before = text_of(doc)[sentence_of(token).start_char : token.idx]
    return (before.count('"') + before.count("“") + before.count("”")) % 2 == 1


def _governing_cue(tokens: Span) -> Token | None:
    """The verb of saying that a quoted fragment depends on, walking up the parse within its sentence."""
    root = tokens.root
    node = root
    seen = 0
    while node.head is not node and seen < 12:
        node = node.head
        seen += 1
        if not _inside(node, tokens) and is_cue(node):
            return node
    return None


def _subject(cue: Token) -> Token | None:
    """Who speaks: the cue's subject, the subject of the verb it is coordinated with, or the object of "according to"."""
    if cue.lower_ == "according":
        for child in cue.children:
            if child.dep_ == "prep":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        return None
    verb = cue
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        # the nearest, where a misparse gives two: "an accusation Romney has -- the nominee acknowledged"
        subject = min(subjects, key=lambda c: abs(c.i - verb.i), default=None)
        if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head  # "Barkley, who said …": the speaker is who "who" stands for
        if subject is not None:
            return subject
        if verb.dep_ in {"conj", "advcl", "xcomp", "relcl"} and verb.head is not verb:
            verb = verb.head
        elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep":  # "…, the governor said, before clarifying"
            verb = verb.head.head
        else:
            break
    if cue.dep_ == "relcl" or cue.dep_ == "acl":
        return cue.head
    return None


def _indirect(doc: Doc, quoted: list[tuple[int, int]]) -> list[Found]:
    """Reported speech: a verb of saying with a clause (or "described X as Y") outside quotation marks."""
    found = []
    for cue in (t for t in doc if is_cue(t)):
        content = _content_tokens(cue)
        if not content:
            continue
        start, end = content[0].idx, content[-1].idx + len(content[-1])
        if cue.lower_ != "according" and start < cue.idx < end:
            start = cue.idx + len(cue)  # a misparse wraps the cue: "regulations that senators said would build …"
        if any(start < q_end and q_start < end for q_start, q_end in quoted):
            continue  # the quoted words are already speech
        start, end = _trim(text_of(doc), start, end)
        while end > start and text_of(doc)[end - 1] in ".;:":
            end -= 1
        if len(text_of(doc)[start:end].split()) < 3:
            continue
        found.append(Found("indirect", start, end, cue, _subject(cue)))
    return found


def _content_tokens(cue: Token) -> list[Token]:
    """The reported clause of `cue`: its clausal complement, or for "according to X" the clause it qualifies."""
    if cue.lower_ == "according":
        clause = cue.head
        if clause is cue:
            return []
        if cue.i > clause.i:  # "X happened, according to Y": what was said ends where the attribution begins
            return _without_edge_punctuation([t for t in clause.subtree if t.i < cue.left_edge.i])
        skip = {t.i for t in cue.subtree}
        return _without_edge_punctuation([t for t in clause.subtree if t.i not in skip])
    complements = [c for c in cue.children if c.dep_ in CONTENT_DEPS and c.pos_ in {"VERB", "AUX", "ADJ"}]
    if not complements and cue.lemma_.lower() in NAMING_VERBS:
        complements = [c for c in cue.children if c.dep_ in {"dobj", "prep", "oprd", "acomp"} and c.i > cue.i]
    if not complements:
        if cue.dep_ in {"parataxis", "ccomp"} and cue.i > cue.head.i and cue.head.pos_ in {"VERB", "AUX"}:
            # "The Kremlin was not expecting …, Peskov said": the clause before the cue is what was said
            return _without_edge_punctuation([t for t in cue.head.subtree if t.i < cue.left_edge.i])
        return []
    tokens = sorted({t for c in complements for t in c.subtree}, key=lambda t: t.i)
    return _without_edge_punctuation(tokens)  # the complementiser "that" stays: it opens the reported clause


def _without_edge_punctuation(tokens: list[Token]) -> list[Token]:
    """`tokens` without the punctuation at either end: "…, according to the IMF." says no more than its words."""
    first, last = 0, len(tokens)
    while first < last and tokens[first].is_punct:
        first += 1
    while last > first and tokens[last - 1].is_punct and tokens[last - 1].text not in CLOSING_MARKS:
        last -= 1
    return tokens[first:last]
