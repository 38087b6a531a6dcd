"""Quotes and their speakers, from the quotation marks and the dependency parse of a body.

Three passes over one parsed article:

1. `annotate.marks` pairs the quotation marks of the text (straight, curly, mixed, and the two
   apostrophes some archives write for a double quote), a quote that runs on over paragraphs
   included ("…\n\n"…," Blinken added.").
2. Each quoted span is classified. A span that opens its sentence (or follows a colon or comma)
   with a capital letter is **direct** speech; one that opens right after the attribution of a
   direct quote in the same paragraph continues it (``"…," Roffman predicted. "The market …"`` is
   one quote, as PolNeAR reads it, its attribution inside). A fragment inside a sentence is
   **partial** speech when a verb of saying or stance governs it (``predicted Russia would "move
   in"``), or when it is long enough to be a clause (`SPEECH_WORDS`, decided on PolNeAR train and
   the readings' scare quotes) and a speaker is in sight (a long one with no one in sight is
   neither speech nor a scare quote); otherwise, or when it is one word that no naming verb
   ("called", "dubbed") introduces and no cue governs closely (`WORD_SPOKEN_WITHIN`), it is a
   **scare quote** (``a possible intention of "invasion."``): quoted words nobody is quoted as saying,
   as is every term after "so-called" (``the so-called "HR 1" measure``).
3. Verbs of saying and of stance whose clause or object is not in quotation marks give **indirect**
   speech (`annotate.attribution`: ``Lavrov told Blinken he did not expect a breakthrough``,
   ``…, according to U.S. media``, ``polls show …``). Lines that a name and a colon label
   (``Matthews: Well, speculation is bad.``) are direct speech (`annotate.transcripts`).

Cues are verbs of saying (the GenderGapTracker quote-verb list, `data/quote_verbs.txt`, MIT) and of
stance and belief (the verbs PolNeAR train marks as cues): `annotate.cues`, which also finds the
cue's subject. `annotate.speakers` resolves subjects to people, organisations and described sources,
with `annotate.referents` for pronouns and descriptions ("he said", "the attorney said").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsprism.annotate.attribution import Found, indirect_speech, trim
from newsprism.annotate.cues import (
    BESIDE_QUOTES,
    EXTRA_CUES,
    NAMING_VERBS,
    SUBJECTS,
    is_cue,
    is_stance,
    judges_as,
    names_as,
    quote_verbs,
    reported_clause,
    subject_of,
)
from newsprism.annotate.marks import DOUBLED, MARKS, QuotedSpan, inside_quote, paired_in
from newsprism.annotate.sentences import entities_in, sentence_of, text_of
from newsprism.annotate.transcripts import introduced_paragraphs, labelled_lines, labelled_speaker

__all__ = ["Found", "find_speech"]

# A quoted fragment of this many words or more is speech even where no verb of saying governs it:
# on PolNeAR train, 82% of such fragments (and 25-76% of shorter ones) lie in an attribution's
# content, and no scare quote of readings-train is longer than four words.
SPEECH_WORDS = 6
# A quoted word is speech when its cue governs it within this many steps of the parse (``said he feels
# "badly"``, ``said he would be "overjoyed"``) and a scare quote when further (``accused Russia of … a
# possible intention of "invasion."``): on readings-train all 17 quoted words a cue governs within three
# steps are its speaker's words, and the one a cue governs from four steps away is a scare quote.
WORD_SPOKEN_WITHIN = 3
# the most characters of attribution between two parts of one direct quote ("…," said X, a … of …, "…")
RESUME_REACH = 160
# how many paragraphs on from one left open a quote that lost its marks may close (two without marks between)
OPEN_PARAGRAPHS = 3
MARKS_DOUBLE = '“”"'
CLOSERS = frozenset({"”", '"'})


def find_speech(doc: Doc) -> list[Found]:
    """Direct, partial and indirect speech and scare quotes of one parsed body, in text order."""
    found: list[Found] = []
    previous_direct: Found | None = None
    for span in sorted(paired_in(doc) + _left_open(doc, paired_in(doc)), key=lambda q: q.start):
        tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
        if tokens is None or len(tokens) == 0:
            continue
        start, end = trim(text_of(doc), span.start, span.end)
        if previous_direct is not None and found[-1] is previous_direct and _resumes(doc, previous_direct, start):
            # "…," Roffman predicted. "The market just isn't there.": one quote around its attribution
            previous_direct = found[-1] = Found(
                "direct", previous_direct.start, end, previous_direct.cue, previous_direct.subject
            )
            continue
        if _is_direct(doc, tokens, span):
            # ``…: "…," Roffman predicted``, ``"…, who knows?" Trump told ITV``: a verb of saying right after a
            # quote that ends on a comma, a question or an exclamation is its attribution, whatever clause
            # introduced it or came before
            ending = text_of(doc)[start:end].rstrip(MARKS)
            after = _cue_after(doc, tokens) if ending.endswith((",", "?", "!")) else None
            # not "the press release … said"
            after = after if after is not None and (is_cue(after) or after.lemma_.lower() in BESIDE_QUOTES) else None
            cue = after or _introducing_verb(doc, tokens) or _cue_outside(doc, tokens) or _cue_after(doc, tokens)
            cue = cue or _colon_before(doc, tokens)
            subject = subject_of(cue) if cue is not None else None
            if cue is not None and (subject is None or _inside(subject, tokens)):
                subject = _subject_beside(doc, tokens, cue)  # the parser missed it or took it from the quote
            # a quote that goes on the last one spoken, whole or in part (``That ''is the thing that saved us,''
            # said Carole Taylor, …. ''If I had said …''``)
            spoken = next((f for f in reversed(found) if f.kind in {"direct", "partial"} and f.cue is not None), None)
            if cue is None and spoken is not None and _goes_on(text_of(doc), spoken.end, span.start):
                cue, subject = spoken.cue, spoken.subject
            if cue is None:
                cue, subject = labelled_speaker(doc, span.start) or (None, None)  # "Ted Cruz: ‘…’"
            item = Found("direct", start, end, cue, subject)
            previous_direct = item
        else:
            cue = _governing_cue(tokens)
            words = len(text_of(doc)[start:end].split())
            judged = cue is not None and _judged(tokens, cue)
            naming = cue is not None and (cue.lemma_.lower() in NAMING_VERBS or names_as(cue) or judged)
            if cue is None and words >= SPEECH_WORDS:
                item = _said_nearby(doc, tokens, start, end, found)
                if item is None:
                    continue
            elif cue is None or (words == 1 and not naming and _steps(tokens, cue) > WORD_SPOKEN_WITHIN):
                item = None
            elif _so_called(text_of(doc), span.start):
                item = None  # the writer's own distance: no "so-called" term of PolNeAR train is anyone's speech
            else:
                item = Found("partial", _judged_from(cue, start) if judged else start, end, cue, subject_of(cue))
            if item is None:
                while end > start and text_of(doc)[end - 1] in ".,;:!?":
                    end -= 1  # "invasion." is the term "invasion"
                item = Found("scare", start, end)
        found.append(item)
    # "Matthews: Well, speculation is bad.": speech a name and a colon label (`annotate.transcripts`)
    found.extend(Found("direct", *line) for line in labelled_lines(doc, [(f.start, f.end) for f in found]))
    # "Smith wrote on Twitter:" and the paragraph below it, with no marks (`annotate.transcripts`)
    found.extend(Found("direct", *line) for line in introduced_paragraphs(doc, [(f.start, f.end) for f in found]))
    quoted = [(f.start, f.end) for f in found]
    direct: dict[int, list[tuple[int, int]]] = {}
    for f in found:
        if f.kind == "direct" and f.cue is not None:
            direct.setdefault(f.cue.i, []).append((f.start, f.end))
    found.extend(indirect_speech(doc, quoted, direct))
    return sorted(found, key=lambda f: f.start)


def _left_open(doc: Doc, paired: list[QuotedSpan]) -> list[QuotedSpan]:
    """The paragraphs of a quote that runs on over paragraphs where the text lost its marks: a paragraph
    whose one quotation mark closes it (``Ted Cruz's problem … about Lyin' Ted Cruz.”``), within
    `OPEN_PARAGRAPHS` paragraphs after one left open (an odd number of marks), and the paragraphs with no
    marks between them, are the quote going on; so is the rest of the open paragraph after its last mark. `paired` are the
    spans the marks gave, which these never overlap."""
    text, paragraphs, at = text_of(doc), [], 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append((at, at + len(line.rstrip())))
        at += len(line) + 1
    found: list[QuotedSpan] = []
    for k, (start, end) in enumerate(paragraphs):
        words = text[start:end]
        if _marks_in(words) != 1 or words[-1] not in CLOSERS or words[-2:-1] not in {".", ",", "!", "?"}:
            continue
        clause = doc.char_span(start, end, alignment_mode="expand")
        if len(words.split()) < SPEECH_WORDS or clause is None or not any(t.pos_ in {"VERB", "AUX"} for t in clause):
            continue  # a name that closes a quote after it, as HuffPost sets it (``…\nDean Baker, Center for …."``)
        back = k - 1
        while back >= 0 and k - back <= OPEN_PARAGRAPHS and _marks_in(text[slice(*paragraphs[back])]) == 0:
            back -= 1
        if back < 0 or k - back > OPEN_PARAGRAPHS or _marks_in(text[slice(*paragraphs[back])]) % 2 == 0:
            continue
        open_start, open_end = paragraphs[back]
        last_mark = max(i for i in range(open_start, open_end) if text[i] in MARKS_DOUBLE)
        spans = [QuotedSpan(last_mark + 1, open_end)] + [QuotedSpan(*paragraphs[j]) for j in range(back + 1, k)]
        spans.append(QuotedSpan(start, end - 1))
        for span in spans:
            if text[span.start : span.end].strip() and not any(
                q.start < span.end and span.start < q.end for q in paired
            ):
                found.append(span)
    return found


def _marks_in(words: str) -> int:
    return sum(words.count(mark) for mark in MARKS_DOUBLE) + words.count(DOUBLED)


def _so_called(text: str, start: int) -> bool:
    """Whether the quote opening at `start` (after its mark) follows "so-called": ``the so-called "HR 1"``."""
    before = text[max(0, start - 16) : start].rstrip(MARKS).rstrip().lower()
    return before.endswith(("so-called", "so called"))


def _first_alpha(text: str) -> str:
    return next((c for c in text if c.isalnum()), "")


def _is_direct(doc: Doc, tokens: Span, span: QuotedSpan) -> bool:
    """A whole utterance: capitalised, and opening its sentence or following a colon or comma."""
    first = _first_alpha(text_of(doc)[span.start : span.end])
    if not (first.isupper() or first.isdigit()):
        return False
    sentence = sentence_of(tokens[0])
    before = text_of(doc)[sentence.start_char : span.start].rstrip().rstrip(MARKS).strip()  # the opening mark
    return before == "" or before.endswith((":", ",")) or "\n" in text_of(doc)[sentence.start_char : span.start]


def _introducing_verb(doc: Doc, tokens: Span) -> Token | None:
    """The verb of the clause that introduces a quote in its own sentence with a colon or comma, where no
    verb of saying does: "Hillary shot back, "…"", "the board was conclusive in its findings: "…"". Its
    subject speaks, unless the clause is itself reported: then the verb of saying or stance that reports
    it is the cue ("Mr. Boehner said that Mr. Obama could help: "…"" is Boehner's). None where a verb of
    saying introduces the quote (the usual cue finds it)."""
    sentence = sentence_of(tokens[0])
    intro = [t for t in doc[sentence.start : tokens.start] if not _in_quotes(doc, t)]
    while intro and intro[-1].text.strip(MARKS) == "":  # the opening mark, ``''`` included
        intro.pop()
    if not intro or intro[-1].text not in {":", ","}:
        return None
    # a verb with its subject, or the one the quote hangs on whose subject the parse lost ("At 9:24 p.m.,
    # Ms. Nuland, reading the latest draft, complained in an e-mail, "…"")
    governs = tokens.root.head
    verbs = [
        t
        for t in intro
        if t.pos_ == "VERB" and (any(c.dep_ in SUBJECTS for c in t.children) or (t == governs and is_stance(t)))
    ]
    if not verbs or any(is_cue(t) for t in intro if t.i >= verbs[-1].i):
        return None  # a verb of saying introduces it, the parse may have lost its subject ("Beck joked, …")
    # a clause inside what a verb of saying reports speaks for that verb's subject: "Mr. Boehner said
    # that Mr. Obama could help: "I'm sure …"", "…, saying while some support the deal …, "I kind of …""
    words, node = {t.i for t in intro}, verbs[-1]
    while node.dep_ not in {"relcl", "acl", "ROOT"} and node.head.i in words:  # "…, to which O'Malley interjected:"
        node = node.head
        if is_cue(node) or is_stance(node):
            return node
    return verbs[-1]


def _colon_before(doc: Doc, tokens: Span) -> Token | None:
    """The verb of the sentence that a colon ends right before the paragraph a quote opens, where no verb
    of saying is there: ``The Democratic National Committee issued a brief statement shortly after Rubio's
    speech:`` ``"Okay. So here's …"``."""
    first = sentence_of(tokens[0])
    if first.start == 0 or text_of(doc)[first.start_char : tokens[0].idx].strip(MARKS + " ") != "":
        return None
    before = sentence_of(doc[first.start - 1])
    while before.start > 0 and before.text.strip() == "":
        before = sentence_of(doc[before.start - 1])
    if not before.text.rstrip().endswith(":"):
        return None
    root = before.root
    return root if root.pos_ == "VERB" and any(c.dep_ in SUBJECTS for c in root.children) else None


def _said_nearby(doc: Doc, tokens: Span, start: int, end: int, found: list[Found]) -> Found | None:
    """A long quoted fragment that no verb of saying governs is speech, never a scare quote (a scare
    quote is a word or a term, not a clause): said by the subject of the nearest cue of its sentences,
    else by the speaker of the speech just before it in its paragraph; None (neither speech nor a
    scare quote: a title, a motto, an epigraph) where no one is in sight."""
    kind = "direct" if _first_alpha(text_of(doc)[start:end]).isupper() else "partial"
    cue = _cue_outside(doc, tokens)
    if cue is not None:
        subject = subject_of(cue)
        if subject is None or _inside(subject, tokens):
            subject = _subject_beside(doc, tokens, cue)
        return Found(kind, start, end, cue, subject)
    spoken = [f for f in found if f.kind != "scare" and f.cue is not None]
    if spoken and "\n" not in text_of(doc)[spoken[-1].end : start]:
        return Found(kind, start, end, spoken[-1].cue, spoken[-1].subject)
    return None


def _resumes(doc: Doc, previous: Found, start: int) -> bool:
    """Whether a quote opening at `start` goes on with the direct quote `previous`, in the same paragraph,
    right after the attribution that follows it (``"…," Roffman predicted. "The market …"``)."""
    if previous.cue is None or not previous.end <= previous.cue.idx < start:
        return False
    between = text_of(doc)[previous.end : start]
    # it opens a sentence or a clause of its own: not a title after the attribution (``…," he said on
    # CBS' "Face the Nation."``)
    opens_clause = between.rstrip().rstrip(MARKS).rstrip()[-1:] in {".", ",", ":", ";", "!", "?", "—", "–"}
    return "\n" not in between and len(between) <= RESUME_REACH and opens_clause


def _goes_on(text: str, previous_end: int, start: int) -> bool:
    """The quote at `start` goes on with the one that ended at `previous_end`: it opens the next paragraph,
    or stands unattributed in the same paragraph (``"…," said Sara Walker. An immigrant …, she plans …
    "All …"``: hers too)."""
    return _follows(text, previous_end, start) or "\n" not in text[previous_end:start]


def _follows(text: str, previous_end: int, start: int) -> bool:
    """The quote at `start` opens the paragraph right after the one a quote ended at `previous_end`."""
    between = text[previous_end:start]
    return "\n" in between and len(between.strip().strip('"“”,.')) == 0


def _inside(token: Token, tokens: Span) -> bool:
    return tokens.start <= token.i < tokens.end


def _cue_outside(doc: Doc, tokens: Span) -> Token | None:
    """The verb of saying next to a direct quote: in the sentences it touches, outside the quote; else
    in the sentence that introduces it (``Cruz said:``, ``He added,`` ending the paragraph before) or the one
    right after it in the quote's own paragraph."""
    first, last = sentence_of(tokens[0]), sentence_of(tokens[-1])
    candidates = [t for t in doc[first.start : last.end] if not _inside(t, tokens) and is_cue(t)]
    if not candidates and first.start > 0:
        before = sentence_of(doc[first.start - 1])
        while before.start > 0 and before.text.strip(MARKS + " \n") == "":  # an opening mark cut off alone
            before = sentence_of(doc[before.start - 1])
        # "He added," at the end of a paragraph opens the quote of the next one as "Cruz said:" does
        if (
            before.text.rstrip(MARKS + " \n").endswith((":", ","))
            or text_of(doc)[before.end_char : first.start_char].count("\n") <= 1
        ):
            candidates = [t for t in before if is_cue(t) and subject_of(t) is not None and t.i > before.start]
            candidates = [t for t in candidates if not _in_quotes(doc, t)]
        if not candidates:
            # a quote paragraph with no attribution of its own after one that ends on someone voicing a
            # view ("Vice President Joe Biden voiced his support of Hillary Thursday evening …") or on what
            # someone holds ("According to Peter Keating at Vanity Fair, $1.1 million is the estimated cost …")
            voiced = [before.root] if _voices(before.root) else []
            voiced += [t for t in before if t.lower_ == "according" and subject_of(t) is not None]
            candidates = [t for t in voiced if not _in_quotes(doc, t)][:1]
    if not candidates and last.end < len(doc):
        after = sentence_of(doc[last.end])
        # in the quote's own paragraph, not the next (whose "he said" is another quote's)
        if "\n" not in text_of(doc)[tokens.end_char : after.start_char]:
            # not the verb that opens a quote of its own there (``…, offered his first comments, saying, "…"``)
            candidates = [t for t in after if is_cue(t) and not _in_quotes(doc, t) and not _opens_quote(t)][:1]
    if not candidates:
        return None
    # the nearest cue to the quote: after it ("…," Lavrov said) or before it (Ryabkov said: "…")
    return min(candidates, key=lambda t: min(abs(t.i - tokens.start), abs(t.i - tokens.end)))


def _voices(verb: Token) -> bool:
    """Whether a sentence's main verb is a verb of saying or stance with a subject of its own."""
    return (is_cue(verb) or is_stance(verb, reporting=True)) and any(c.dep_ == "nsubj" for c in verb.children)


def _opens_quote(cue: Token) -> bool:
    """Whether a quotation opens right after the verb of saying `cue` (``saying, "We need …"``)."""
    doc, i = cue.doc, cue.i + 1
    while i < len(doc) and doc[i].text in {",", ":"}:
        i += 1
    return i < len(doc) and i > cue.i + 1 and doc[i].text.strip(MARKS) == ""


def _cue_after(doc: Doc, tokens: Span) -> Token | None:
    """A verb of saying the tagger missed right after a quote: ``…," Bozell answers.`` (tagged a noun),
    ``…," said Bozell``: within a short name of the closing mark, in the same sentence."""
    sentence_end = sentence_of(tokens[-1]).end
    i = tokens.end
    while i < sentence_end and doc[i].is_punct:
        i += 1
    if i == sentence_end < len(doc) and "\n" not in text_of(doc)[doc[i - 1].idx : doc[i].idx]:
        sentence_end = sentence_of(doc[i]).end  # the segmenter ended the sentence at the closing mark
    for token in doc[i : min(i + 5, sentence_end)]:
        if token.lower_ in quote_verbs() or token.lemma_.lower() in EXTRA_CUES | BESIDE_QUOTES:
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
    person = next((e for e in entities_in(span) if e.label_ == "PERSON"), None)
    if person is not None:
        return person.root
    if any(t.pos_ in {"VERB", "AUX"} for t in span):
        return None  # a clause, not a name
    return span.root if span.root.pos_ in {"PROPN", "NOUN", "PRON"} else None


def _in_quotes(doc: Doc, token: Token) -> bool:
    """Whether `token` stands between paired quotation marks (`annotate.marks`): not the parity of the marks
    before it in its sentence, which a closing mark the segmenter gives the next sentence turns over
    (``"… we'll see, right?" Clinton remarked``)."""
    return inside_quote(token.idx, token.idx + len(token), paired_in(doc))


def _governing_cue(tokens: Span) -> Token | None:
    """The verb of saying (or of stance: "remarked that the American "motto is …"") that a quoted fragment
    depends on, walking up the parse within its sentence."""
    root = tokens.root
    node = root
    seen = 0
    judged = False  # the words are what something is called, after "as"
    while node.head is not node and seen < 12:
        judged = judged or (node.dep_ == "prep" and node.lower_ == "as")
        node = node.head
        seen += 1
        if not _inside(node, tokens) and (is_cue(node) or names_as(node)):
            return node
        if not _inside(node, tokens) and judged and judges_as(node):
            # inside what someone is said to say, theirs ("suggesting the senator sees issues as "absolutely
            # black and white"": whoever suggests it)
            return next((a for a in node.ancestors if is_cue(a) and not _inside(a, tokens)), node)
        if judged and node.pos_ == "VERB" and not (node.dep_ == "acl" and node.head.dep_ == "dobj"):
            judged = False  # "has become known as the "Buffett rule"": the first verb over "as" judges or none
        if not _inside(node, tokens) and is_stance(node):
            return _aside_over(node) or node
        noun = _reporting_noun(node)
        if noun is not None and not _inside(noun, tokens):
            return noun
    return None


def _judged(tokens: Span, cue: Token) -> bool:
    """Whether quoted words are what `cue` calls something through "as" (`cues.judges_as`)."""
    node = tokens.root
    while node.head.i != node.i and node.i != cue.i:
        if node.dep_ == "prep" and node.lower_ == "as":
            return judges_as(cue)
        node = node.head
    return False


def _judged_from(cue: Token, start: int) -> int:
    """Where what a judging verb says of quoted words (`_judged`) begins: at what it judges ("Putin as a
    "strong leader,""), as PolNeAR reads it; `start` where that does not come before them."""
    judged = next((c for c in cue.children if c.dep_ == "dobj"), None)
    return judged.left_edge.idx if judged is not None and judged.left_edge.idx < start else start


def _aside_over(verb: Token) -> Token | None:
    """The verb of saying set off as an aside over the clause of a stance verb (``By releasing them, he
    said, the White House had shown that the process was “focused on …”``): the words quoted are the
    aside's speaker's, not those of the stance verb's subject. None where there is none."""
    node = verb
    while True:
        for child in node.children:
            if child.dep_ == "parataxis" and is_cue(child) and any(c.dep_ in SUBJECTS for c in child.children):
                return child
        if node.head.i == node.i:
            return None
        node = node.head


def _reporting_noun(node: Token) -> Token | None:
    """The noun that reports the clause at `node` ("the concern by many Republicans that "…"", "Mr.
    Mattis's core complaint was that … "…""), None where there is none."""
    if reported_clause(node) is not None:
        return node
    subject = next((c for c in node.children if c.dep_ == "nsubj"), None) if node.lemma_ == "be" else None
    return subject if subject is not None and reported_clause(subject) is not None else None


def _steps(tokens: Span, cue: Token) -> int:
    """How many steps up the parse lead from a quoted fragment to the cue that governs it."""
    node, steps = tokens.root, 0
    while node.i != cue.i and node.head.i != node.i:
        node, steps = node.head, steps + 1
    return steps
