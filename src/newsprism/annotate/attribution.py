"""Indirect speech: what a verb of saying or stance reports without quotation marks.

`annotate.quotes` reads quoted speech from the quotation marks; this module finds the rest.
Verbs of saying and of stance whose clause or object is not in quotation marks give **indirect**
speech (``Lavrov told Blinken he did not expect a breakthrough``, ``…, according to U.S. media``,
``polls show …``, ``a survey found …``, ``accused him of …``, ``…," he said, referring to Rice``,
``If …, the campaign said, it may …``), and so do nouns that report with a "that" clause
(``Mr. Trump's statement that he was bowing out``). `Found` is one piece of speech of either kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsprism.annotate.cues import (
    ADDRESSEE_CUES,
    NAMING_VERBS,
    ONLY_WITH_QUOTES,
    RAISING_CUES,
    SUBJECTS,
    is_cue,
    is_finding,
    is_stance,
    is_verb,
    marked,
    names_as,
    preposition_content,
    reported_clause,
    subject_of,
)
from newsprism.annotate.marks import DOUBLED, QuotedSpan, inside_quote, paired_in
from newsprism.annotate.sentences import sentence_of, text_of

__all__ = ["Found", "indirect_speech", "reported_span", "trim"]

# words of a verb of saying that belong to what it reports: "has reportedly said", "vehemently denied"
VERB_GROUP = frozenset({"aux", "auxpass", "neg", "advmod"})
CLOSING_MARKS = frozenset({"”", "»", "“", '"', "’", "'"})
CONTENT_DEPS = frozenset({"ccomp", "xcomp"})
# the longest attribution that interrupts what it reports ("If …, the campaign said, it may …"), in tokens
ASIDE_TOKENS = 8
# a verb joined to a reported clause that is a finite verb with no auxiliary, negation or subject of its own
# may be what the speaker did next ("said … should be fired and defended Trump"); joined by these, never
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
CLAUSE_OWN = frozenset({"aux", "auxpass", "neg"})
# what goes on after a verb of saying that closes its sentence: another clause, not the attribution
GOING_ON_DEPS = frozenset({"xcomp", "advcl", "ccomp", "conj", "parataxis", "cc", "punct"})
GOING_ON = frozenset({"but", "nor", "or", "yet", "neither", "either"})
# what a speaker does instead of saying more: "…, but did not elaborate", "…, but declined to comment" (not
# "… he had downloaded things, but couldn't provide those materials": what was said)
DECLINING = frozenset({"decline", "refuse"})
WITHHELD = frozenset(
    "elaborate comment say specify explain respond answer provide give offer identify disclose name discuss".split()
)


@dataclass(frozen=True, slots=True)
class Found:
    """One piece of speech before its speaker is resolved to a person."""

    kind: str  # direct | partial | indirect | scare
    start: int
    end: int
    cue: Token | None = None
    subject: Token | None = None


def reported_span(found: Found, speaker_span: tuple[int, int] | None) -> tuple[int, int]:
    """Where reported speech begins and ends as a reader is shown it (`_reported_from`), with the stop that
    ends its sentence where what was said runs to it ("The president said he would name a replacement
    soon."), as a reader cites the sentence; the content (`found.start`, `found.end`) stays without it.
    Quoted words inside a reported sentence are shown likewise, from the verb that reports them to the end
    of what it reports ("calling it “very good news.”"); a quotation opened in what is shown is closed."""
    start, end = _reported_from(found, speaker_span), found.end
    if found.kind not in {"indirect", "partial"} or found.cue is None:
        return start, end
    doc = found.cue.doc
    text = text_of(doc)
    if found.kind == "partial" and start < found.start:
        end = max(end, _right_end(found.cue, found.start))
    end = max(end, _closing_attribution_end(found))
    end = _closed(text, start, end, paired_in(doc))
    if text[end : end + 1] in {".", "!", "?"} and text[end + 1 : end + 2] in {"", " ", "\n"}:
        end += 1
    return start, end


def _closing_attribution_end(found: Found) -> int:
    """Where the attribution after reported speech ends ("The information was obtained within the past 10
    days, Israeli officials told Fox News", "…, according to the White House"), which a reader cites with
    it; not what goes on after it ("…, a senior official said, meaning that …")."""
    cue = found.cue
    if found.kind != "indirect" or cue is None or cue.idx < found.end:
        return found.end
    between = text_of(cue.doc)[found.end : cue.idx]
    if not between.lstrip().startswith(",") or "\n" in between:
        return found.end
    last = max([cue.i, *(c.right_edge.i for c in cue.children if c.i > cue.i and c.dep_ not in GOING_ON_DEPS)])
    return cue.doc[last].idx + len(cue.doc[last])


def _right_end(cue: Token, at: int) -> int:
    """Where the words of `cue` that hold the character `at` end ("predicted Russia would "move in" on
    Ukraine", not "… and said Moscow would pay dearly")."""
    for child in cue.children:
        if child.left_edge.idx <= at < child.right_edge.idx + len(child.right_edge):
            return child.right_edge.idx + len(child.right_edge)
    return at


def _closed(text: str, start: int, end: int, quoted: list[QuotedSpan]) -> int:
    """`end` past the closing mark of a quotation opened between `start` and `end` that it stops at or just
    before (``…not “fruitful.”``, ``…“childish and ridiculous,”``), itself where there is none."""
    for span in quoted:
        if start <= span.start < end <= span.end <= end + 1 and span.end < len(text):
            if span.end == end or text[end] in ".,!?":
                return span.end + 1
    return end


def _reported_from(found: Found, speaker_span: tuple[int, int] | None) -> int:
    """Where reported speech begins as a reader is shown it: at its verb of saying, with the verb's
    auxiliaries, negation and adverbs ("has reportedly said the matter should be decided …", "denied that
    he had been looking to replace Mattis"), since the content alone may say the opposite of what was
    said ("he had been looking to replace Mattis") or nothing ("party members to hold the line" of
    "urged"). Only for reported speech and quoted words inside it, where that verb comes before the content
    in its sentence with no speaker between and is no one's quoted words; elsewhere (direct quotes, "…, he
    said", "According to the indictment, …") at the content. A subject that stands plainly before the verb
    comes with it (`_plain_subject_start`)."""
    cue = found.cue
    if found.kind not in {"indirect", "partial"} or cue is None or not is_verb(cue) or cue.idx >= found.start:
        return found.start
    if inside_quote(cue.idx, cue.idx + len(cue), paired_in(cue.doc)):
        return found.start
    if sentence_of(cue).end_char <= found.start:
        return found.start
    if speaker_span is not None and cue.idx < speaker_span[0] < found.start:
        return found.start
    first = cue
    while first.i > 0 and first.nbor(-1).head.i == cue.i and first.nbor(-1).dep_ in VERB_GROUP:
        first = first.nbor(-1)
    who = next((c for c in cue.children if c.dep_ == "nsubj" and c.tag_ == "WP" and c.i == first.i - 1), None)
    subject = _plain_subject_start(who or found.subject, cue, first)
    if subject is None or speaker_span is None:
        return first.idx
    if subject.tag_ == "WP" or speaker_span[0] <= found.subject.idx < speaker_span[1]:
        # the subject the speaker was resolved from, not one the ranker passed over; "who" stands for it
        before = subject.nbor(-1) if subject.i > 0 else None  # "which the department says can be tied …",
        # what was said of "which", not "in which he predicted"
        fronted = before is not None and before.tag_ in {"WDT", "WP"} and found.start <= before.head.idx < found.end
        return before.idx if fronted else subject.idx
    return first.idx


def _plain_subject_start(subject: Token | None, cue: Token, verb: Token) -> Token | None:
    """The first word of the subject of a verb of saying that stands plainly before it in its sentence
    ("Clinton said she had no knowledge", "The president said he would name a replacement soon", "Trump
    over the weekend denied that …"), which a reader cites with what was reported; None for a subject set
    off by punctuation ("Sen. Marco Rubio (R-Fla.) said", "X, who …, said"), after the verb, or elsewhere;
    "who" of a relative clause ("Zarif, who said Trump is being "impetuous"") is shown as readers cite it.
    `verb` is the first word of the verb group of `cue` ("has reportedly said")."""
    if subject is None or subject.dep_ != "nsubj" or subject.i >= verb.i or subject.head.i != cue.i:
        return None
    if subject.tag_ == "WDT":
        return None  # "which said": a thing's relative clause
    first, doc = subject.left_edge, subject.doc
    if first.i < sentence_of(verb).start:
        return None
    if any(t.is_punct or t.is_quote for t in doc[first.i : verb.i]):
        return None
    return first


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the quoted text without surrounding spaces (the words inside the marks stay exact, ``…,``)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def indirect_speech(
    doc: Doc, quoted: list[tuple[int, int]], direct: dict[int, list[tuple[int, int]]] | None = None
) -> list[Found]:
    """Reported speech and stance: a verb of saying or believing with a clause or an object (or
    "described X as Y") outside quotation marks. `direct` holds the direct quotes each cue (token index)
    introduces: a clause of that cue over its own direct quote is the quote again, which a misparse has
    run on into the speaker (``"…," Texas delegate Bill Eastland, wearing a cowboy hat, said``)."""
    direct = direct or {}
    found = []
    for cue in (t for t in doc if _reports(t)):
        content = _content_tokens(cue)
        if not content:
            continue
        start, end = content[0].idx, content[-1].idx + len(content[-1])
        if start < cue.idx < end and not (
            cue.lower_ == "according" or _aside(cue) or cue.lemma_.lower() in RAISING_CUES
        ):
            start = cue.idx + len(cue)  # a misparse wraps the cue: "regulations that senators said would build …"
        if any(min(end, q_end) - max(start, q_start) >= (end - start) / 2 for q_start, q_end in quoted):
            if not _reports_speech(doc, start, end, cue):
                continue  # the quoted words are already speech (a short quote inside a longer report is not)
        if any(q_start < end and start < q_end for q_start, q_end in direct.get(cue.i, ())):
            continue
        if any(q_start <= cue.idx < q_end and not q_start <= start < q_end for q_start, q_end in quoted):
            continue  # a verb of someone's quoted words reports nothing outside them ("We disclose …," the
            # spokesperson said: the parse hung "said" on "disclose")
        start, end = trim(text_of(doc), start, end)
        while end > start and text_of(doc)[end - 1] in ".;:":
            end -= 1
        end = _to_closing_mark(text_of(doc), start, end)
        if len(text_of(doc)[start:end].split()) < 3 and preposition_content(cue) is None:
            continue  # (what one refers to may be a name: "referring to Condoleezza Rice")
        subject = subject_of(cue)
        if cue.lemma_.lower() in RAISING_CUES and (not _someone(subject) or start <= subject.idx < end):
            # "the bill appeared doomed", "Trump appears to have learned …": what seems, not who says; but
            # a person who seems to do what is reported outside it holds it ("Cruz seemed to blame …")
            subject = None
        found.append(Found("indirect", start, end, cue, subject))
    return found


def _reports_speech(doc: Doc, start: int, end: int, cue: Token) -> bool:
    """Whether `doc[start:end]` reports speech with its own verb of saying outside quotation marks: then
    `cue` over it is a report of that report (``"…," Sanders said, according to CNN``, ``"…," said Kristen
    Day, reports USA Today``), which PolNeAR reads as an attribution of its own around the inner one."""
    span = doc.char_span(start, end, alignment_mode="expand")
    quoted = paired_in(doc)
    return span is not None and any(
        is_cue(t) and t.i != cue.i and not inside_quote(t.idx, t.idx + len(t), quoted) for t in span
    )


def _someone(subject: Token | None) -> bool:
    """Whether a subject is a person: a person's name or a personal pronoun ("he", "they")."""
    return subject is not None and (subject.ent_type_ == "PERSON" or subject.lower_ in {"he", "she", "they", "i", "we"})


def _reports(token: Token) -> bool:
    """A verb of saying or stance, or a reporting noun with its "that" clause, that may report without quotes."""
    if token.lemma_.lower() in ONLY_WITH_QUOTES:
        return False
    return (
        is_cue(token)
        or is_stance(token, reporting=True)
        or is_finding(token)
        or reported_clause(token) is not None
        or preposition_content(token) is not None
    )


def _aside(cue: Token) -> bool:
    """Whether the cue and its speaker stand between commas inside what they report ("If …, the campaign
    said, it may not bother"): the report runs on around them."""
    doc = cue.doc
    left, right = cue.left_edge.i, cue.right_edge.i
    if cue.dep_ not in {"parataxis", "ccomp", "ROOT"} or right - left > ASIDE_TOKENS:
        return False  # "Haugen, who blasted her ex-employer, …" qualifies a name; it interrupts nothing
    opens = doc[left].text == "," or (left > 0 and doc[left - 1].text == ",")
    closes = doc[right].text == "," or (right + 1 < len(doc) and doc[right + 1].text == ",")
    return opens and closes and left > 0


def _to_closing_mark(text: str, start: int, end: int) -> int:
    """`end`, or past the punctuation up to the closing mark of a quotation that opens inside
    `text[start:end]` and is left open there (``… challenges "quite directly."``)."""
    inside = text[start:end]
    opened = inside.count("“") > inside.count("”") or (inside.count('"') + inside.count(DOUBLED)) % 2 == 1
    if not opened:
        return end
    i = end
    while i < len(text) and i - end <= 3 and text[i] in ".,;:!?":
        i += 1
    return i if i < len(text) and text[i] in "”\"'" else end


def _content_tokens(cue: Token) -> list[Token]:
    """The reported clause of `cue`: its clausal complement, or for "according to X" the clause it qualifies."""
    clause = reported_clause(cue)
    if clause is not None:  # "Mr. Trump's statement that he was bowing out of the debate"
        return _without_edge_punctuation(list(clause.subtree))
    if cue.lower_ == "according":
        clause = cue.head
        if clause is cue:
            return []
        if cue.i > clause.i:  # "X happened, according to Y": what was said ends where the attribution begins
            return _without_edge_punctuation([t for t in clause.subtree if t.i < cue.left_edge.i])
        skip = {t.i for t in cue.subtree}
        return _without_edge_punctuation([t for t in clause.subtree if t.i not in skip])
    complements = [c for c in cue.children if c.dep_ in CONTENT_DEPS and c.pos_ in {"VERB", "AUX", "ADJ"}]
    if any(c.dep_ == "ccomp" and c.i < cue.i for c in complements):
        # "Couples do not have to file …, a senior Treasury official said, meaning that …": what was said
        # comes before; a participle after is the writer's gloss or another act
        complements = [c for c in complements if c.i < cue.i or not (c.dep_ == "xcomp" and c.tag_ == "VBG")]
    if not complements and cue.lemma_.lower() in NAMING_VERBS:
        complements = [c for c in cue.children if c.dep_ in {"dobj", "prep", "oprd", "acomp"} and c.i > cue.i]
    if not complements and cue.lemma_.lower() == "call":  # "called for Mr. Akin to withdraw": a demand the
        # parse made a clause of purpose
        complements = [c for c in cue.children if c.dep_ == "advcl" and c.i > cue.i and marked(c, "for")]
    if not complements:
        complements = _misattached_clause(cue)
    if not complements:
        what = any(c.tag_ in {"WP", "WDT"} for c in cue.children)  # "Mr. Trump welcomed what Mr. Kim said"
        if (
            cue.dep_ in {"parataxis", "ccomp"}
            and cue.head.pos_ in {"VERB", "AUX"}
            and not _is_reported_clause(cue)
            and not what
        ):
            # "The Kremlin was not expecting …, Peskov said" / "But, he said, it is a risky strategy":
            # the clause the cue interrupts or follows is what was said
            aside = {t.i for t in cue.subtree}
            if cue.i > cue.head.i:
                return _without_edge_punctuation([t for t in cue.head.subtree if t.i < cue.left_edge.i])
            return _without_edge_punctuation([t for t in cue.head.subtree if t.i not in aside])
        closing = _closing_attribution(cue)
        if closing is not None:  # "Labrador supports a path to legal status, …, he has said."
            words = set(cue.head.subtree) | set(cue.subtree)
            return _without_edge_punctuation(sorted((t for t in words if t.i < closing), key=lambda t: t.i))
        complements = _object_content(cue)
        if not complements and names_as(cue) and preposition_content(cue) is not None:
            # "referred to demonstrators as "my friends"": who is named and what, as PolNeAR reads it
            named = [c for c in cue.children if c.dep_ == "prep" and c.lower_ == "as"] + [preposition_content(cue)]
            return _without_edge_punctuation(sorted({t for c in named for t in c.subtree}, key=lambda t: t.i))
        if not complements:
            through = preposition_content(cue)  # "…," he said, referring to Condoleezza Rice
            return _without_edge_punctuation(list(through.subtree)) if through is not None else []
    elif any(c.dep_ == "xcomp" for c in complements):
        # "urged Democrats to vote for the deal", "asked her to call": the object is who is to act;
        # "his stare seemed to reflect sadness": what seems is the subject
        complements += [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i]
        if cue.lemma_.lower() in RAISING_CUES:
            complements += [c for c in cue.children if c.dep_ in SUBJECTS]
    complements += _joined_to_cue(cue, complements)
    tokens = {t for c in complements for t in c.subtree} - _speakers_other_acts(complements)
    if not tokens:
        return []
    if _aside(cue) and min(t.i for t in tokens) > cue.i:
        # "The years that followed, he said, brought a fundamental shift": the report began before the aside
        tokens |= {t for t in sentence_of(cue) if t.i < cue.left_edge.i}
    return _without_edge_punctuation(sorted(tokens, key=lambda t: t.i))  # "that" stays: it opens the clause


def _is_reported_clause(cue: Token) -> bool:
    """Whether `cue` is itself what the verb of saying it hangs on reports ("Schiff said Mr. Flynn had
    declined the panel's request"): then the clause before it is no content of its own. Not so one set off
    by a comma ("The White House asked Clinton to talk to Sestak …, the Obama administration said")."""
    if cue.dep_ != "ccomp" or cue.i < cue.head.i or not is_cue(cue.head):
        return False
    return cue.left_edge.i == 0 or cue.doc[cue.left_edge.i - 1].text not in {",", "—", "–", "--"}


def _misattached_clause(cue: Token) -> list[Token]:
    """The clause a verb of saying reports where the parse hung it elsewhere: on the noun of a phrase after
    the cue (``asserted in the letter that two prosecutors … had attended``, the "that" clause taken for a
    clause on "letter"), or, after the one told, onto the verb before (``after telling Fox News he supported
    the invasion``, "he supported" taken for a second verb of the sentence), or onto a verb of saying after
    it (``Although officials have said that the threat is low, they've also said …``)."""
    for prep in (c for c in cue.children if c.dep_ == "prep" and c.i > cue.i):
        for noun in (g for g in prep.children if g.dep_ == "pobj"):
            clauses = [c for c in noun.children if c.dep_ in {"acl", "relcl"} and c.i > noun.i and _opens_with_that(c)]
            if clauses:
                return clauses[:1]
    after = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else None
    if after is not None and after.dep_ == "mark" and after.lower_ == "that":
        clause = after.head  # "Although officials have said that the threat is low, they've also said …":
        # the "that" clause the parse gave the verb of saying after it
        if clause.dep_ == "ccomp" and clause.head.i > clause.right_edge.i and is_cue(clause.head):
            return [clause]
    told = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if cue.lemma_.lower() not in ADDRESSEE_CUES or told is None or told.right_edge.i + 1 >= len(cue.doc):
        return []
    subject = cue.doc[told.right_edge.i + 1]
    verb = subject.head
    if subject.dep_ == "nsubj" and subject.pos_ in {"PRON", "PROPN", "NOUN"} and verb.i > subject.i:
        if verb.pos_ in {"VERB", "AUX"} and verb.dep_ == "conj" and cue.i not in {t.i for t in verb.subtree}:
            return [verb]
    return []


def _closing_attribution(cue: Token) -> int | None:
    """Where an attribution that closes its sentence begins, when the parse joined it to the sentence's
    verb (``Labrador supports a path to legal status, but only after …, he has said.``, "said" a ``conj``
    of "supports"): the first word of its subject, set off by a comma, with nothing but punctuation after
    the cue; None otherwise ("… and he said so", "…, he told reporters")."""
    if cue.dep_ != "conj" or cue.i < cue.head.i or cue.head.pos_ not in {"VERB", "AUX"}:
        return None
    subject = next((c for c in cue.children if c.dep_ == "nsubj" and c.i < cue.i), None)
    if subject is None or subject.pos_ not in {"PRON", "PROPN", "NOUN"} or subject.i <= cue.head.i:
        return None
    start = subject.left_edge.i
    if start == 0 or cue.doc[start - 1].text != ",":
        return None
    if any(not t.is_punct for t in cue.doc[cue.i + 1 : sentence_of(cue).end] if not t.is_space):
        return None
    return start


def _joined_to_cue(cue: Token, complements: list[Token]) -> list[Token]:
    """A verb joined onto the cue itself that goes on with what the cue reports: ``said … that ISIS was on
    the run, but wasn't yet defeated`` (the parse joined "defeated" to "said"). Joined by "but", "yet",
    "nor" or "or", with no subject of its own and a form of "be" (what was said of the reported
    subject, not what the speaker did next: "said …, but did not elaborate")."""
    clauses = [c for c in complements if c.dep_ == "ccomp"]
    if not clauses:
        return []
    joined = []
    for conj in (c for c in cue.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}):
        if conj.i < clauses[0].right_edge.i or any(c.dep_ in SUBJECTS for c in conj.children):
            continue
        joiners = {c.lower_ for c in cue.children if c.dep_ == "cc" and clauses[0].i < c.i < conj.i}
        joiners |= {c.lower_ for c in conj.children if c.dep_ == "cc"}
        be = conj.lemma_ == "be" or any(c.dep_ in {"aux", "auxpass"} and c.lemma_ == "be" for c in conj.children)
        if joiners & GOING_ON and be and not is_cue(conj):
            joined.append(conj)
    return joined


def _opens_with_that(verb: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)


def _speakers_other_acts(complements: list[Token]) -> set[Token]:
    """The verb phrases coordinated onto a reported clause that have no subject of their own ("…
    be fired and defended Trump as a candidate"): what the speaker did next, not what was said. A verb
    with its own auxiliary or negation, one that is no finite verb, or one joined by "but", "nor", "or"
    goes on with the reported clause ("had misspoken … and might have misspoken", "has been convened and
    was scheduled to meet", "had neither met McGurk nor appointed him", "not only investigating … but also
    looking")."""
    acts: set[Token] = set()
    for complement in complements:
        for conj in (c for c in complement.children if c.dep_ == "conj" and c.pos_ == "VERB"):
            if complement.dep_ != "dobj" and _own_act(complement, conj):
                acts |= set(conj.subtree)
                acts |= {c for c in complement.children if c.dep_ in {"cc", "punct"} and complement.i < c.i < conj.i}
    return acts


def _own_act(complement: Token, conj: Token) -> bool:
    """Whether `conj`, a verb joined to a reported clause, is a separate act of the speaker."""
    withheld = any(c.dep_ == "neg" for c in conj.children) and any(
        c.dep_ == "aux" and c.lemma_ == "do" for c in conj.children
    )
    if conj.lemma_.lower() in DECLINING or (conj.lemma_.lower() in WITHHELD and withheld):
        return True  # "said the city would appeal, but did not elaborate", "…, but declined to comment"
    if conj.tag_ not in FINITE_TAGS or any(c.dep_ in SUBJECTS | CLAUSE_OWN for c in conj.children):
        return False
    joiners = {c.lower_ for c in complement.children if c.dep_ in {"cc", "preconj"} and c.i < conj.i}
    joiners |= {c.lower_ for c in conj.children if c.dep_ in {"cc", "preconj"}}
    return not joiners & GOING_ON


def _object_content(cue: Token) -> list[Token]:
    """What a verb of saying says when it takes a noun phrase (``announced plans to sue the panel``,
    ``accused him of catering to special interests``): its object and what follows it, never the one
    addressed (``told reporters``)."""
    if cue.lemma_.lower() in ADDRESSEE_CUES or cue.lower_ == "according":
        return []
    objects = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i and c.pos_ in {"NOUN", "PROPN", "PRON"}]
    if not objects or objects[0].lower_ in {"it", "that", "this", "so", "something", "anything", "nothing"}:
        return []
    after = [c for c in cue.children if c.i > objects[0].i and c.dep_ in {"prep", "oprd", "xcomp", "advcl"}]
    return objects[:1] + [c for c in after if c.dep_ != "advcl" or c.i == objects[0].right_edge.i + 1]


def _without_edge_punctuation(tokens: list[Token]) -> list[Token]:
    """`tokens` without the punctuation at either end: "…, according to the IMF." says no more than its words."""
    first, last = 0, len(tokens)
    while first < last and tokens[first].is_punct:
        first += 1
    while last > first and tokens[last - 1].is_punct and tokens[last - 1].text not in CLOSING_MARKS:
        last -= 1
    return tokens[first:last]
