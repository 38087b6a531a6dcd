"""Clauses: what a sentence states besides itself, found in its dependency parse.

A news sentence often states several facts at once ("Democratic Attorney General Richard Blumenthal,
once thought to be a shoo-in for the seat being vacated by Sen. Chris Dodd, finds himself on the
defensive"), and another outlet may state only one of them, in a sentence of its own. So compare
aligns each sentence and also each proposition inside it, given here as a character span:

* a clause joined to another (``conj``: "… and Western states fear Moscow is planning a new assault")
  that has its own subject;
* a relative clause (``relcl``: "who is seeking the seat being vacated by Senator Dodd");
* an adverbial clause (``advcl``), but not a condition ("if Russia invades Ukraine" states nothing);
* a clausal complement (``ccomp``: what someone said or fears: "Moscow is planning a new assault");
* an apposition with the noun it describes ("Victoria Nuland, the State Department spokeswoman");
* a person named with a title before the name ("State Department spokeswoman Victoria Nuland").

Each is the whole subtree of its head word, at least `MIN_WORDS` words long and shorter than its
sentence. Spans may overlap and nest; offsets are the body's. With them beside the sentences, facts
made by matching (`compare.align`) keep 83% of readings-train's exclusives to their outlet (63%
before) and 91% of its look-alikes apart (84%); a condition or a borrowed-subject verb aligned on its
own joined facts it does not state, so neither is a part.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from newsprism.annotate.sentences import entities_in, text_of

__all__ = ["MIN_WORDS", "clauses_of"]

MIN_WORDS = 4
CLAUSE_DEPS = frozenset({"conj", "relcl", "advcl", "ccomp", "appos"})
CONDITIONS = frozenset({"if", "unless", "whether"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
MODIFIERS = frozenset({"compound", "amod", "det", "poss", "nmod"})  # what an apposition's noun takes along


def clauses_of(doc: Doc) -> list[tuple[int, int]]:
    """``(start, end)`` of the propositions inside the sentences of `doc`, in text order, each once."""
    found: dict[tuple[int, int], None] = {}
    text = text_of(doc)
    for sentence in doc.sents:
        for start, end in _clauses(sentence):
            words = len(text[start:end].split())
            if words >= MIN_WORDS and (start, end) != (sentence.start_char, sentence.end_char):
                found.setdefault((start, end), None)
    return sorted(found)


def _clauses(sentence: Span) -> Iterator[tuple[int, int]]:
    for token in sentence:
        if token.dep_ in CLAUSE_DEPS and not _states_nothing(token):
            start, end = _extent(token)
            if token.dep_ == "appos":
                start = min(start, _with_modifiers(token.head).idx)
            if sentence.start_char <= start and end <= sentence.end_char:
                yield start, end
    for entity in entities_in(sentence):
        titled = _titled_name(entity)
        if titled is not None:
            yield titled


def _states_nothing(token: Token) -> bool:
    """A condition, or a verb joined to another that borrows its subject ("… and is not invading")."""
    if token.dep_ == "advcl":
        return token.doc[token.left_edge.i].lower_ in CONDITIONS
    if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"):
        return _subject(token) is None and _subject(token.head) is not None
    return False


def _subject(token: Token) -> Token | None:
    return next((child for child in token.children if child.dep_ in SUBJECTS), None)


def _extent(token: Token) -> tuple[int, int]:
    first, last = token.left_edge, token.right_edge
    return first.idx, last.idx + len(last.text)


def _with_modifiers(noun: Token) -> Token:
    """The first word of `noun` with the words that modify it from the left."""
    return min((t for t in noun.lefts if t.dep_ in MODIFIERS), default=noun, key=lambda t: t.i)


def _titled_name(entity: Span) -> tuple[int, int] | None:
    """A person's name with the title before it ("Russian Foreign Minister Sergei Lavrov"), at least
    three words; None for a bare name."""
    if entity.label_ != "PERSON":
        return None
    root = entity.root
    titles = [t for t in root.lefts if t.dep_ in ("compound", "amod") and t.i < entity.start]
    if not titles:
        return None
    first = min(titles, key=lambda t: t.i).left_edge
    if len(text_of(entity.doc)[first.idx : entity.end_char].split()) < 3:
        return None
    return first.idx, entity.end_char
