"""The role an article gives a named person: what it says of the person's own mention.

In this order: an apposition after the name ("Andrei Kortunov, Director General of the Russian
International Affairs Council"), the title words before it ("Kremlin spokesperson Dmitry Peskov"),
the noun phrase it stands in apposition to ("the F.B.I. director, Christopher Wray"), a "who" clause
after it; never the text of a neighbouring phrase ("comedian Billy Crystal and …"). A party and state
set off after the name ("Sen. John Cornyn (R-Texas)") belongs to the role beside the title. The
affiliation is the organisation (else the nation or place) the role names.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from newsprism.annotate.sentences import entities_in

AFFILIATION_LABELS = ("ORG", "NORP", "GPE", "FAC")
# titles of address, no role: "Mr. Romney", "Dr. Anthony Fauci" (a role before one ends before it)
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "sir", "dame", "dr"})
# clauses a role may hold ("the Republican who led the task force", "a group founded in 1871")
CLAUSES_IN_A_ROLE = frozenset({"relcl", "acl", "amod", "xcomp"})
# a party and state set off after a name: "(R-Texas)", ", D-N.Y.,", "(D)", "R-Wisc."
PARTY_STATE = re.compile(r"[RDI](?:-[A-Z][A-Za-z.]*(?:\s?[A-Z][A-Za-z.]*)?)?\.?")


def person_role(entity: Span) -> tuple[str | None, str | None]:
    """(role, affiliation) of a person's mention; with a party, the title, the party and the apposition
    ("Rep. Bobby Scott, D-Va., one of the nine lawmakers …": "Rep., D-Va., one of the nine lawmakers")."""
    role, party = role_of(entity), _party_of(entity)
    text, affiliation = (role.text, affiliation_of(role)) if role else (None, None)
    if party:
        parts = [_title(entity), party, _after(entity, "appos")]
        text = ", ".join(p if isinstance(p, str) else p.text for p in parts if p)
    return text, affiliation


def role_of(entity: Span) -> Span | None:
    """The role the text gives a named person's own mention, in this order: an apposition after the
    name, the title words before it, the noun phrase it is in apposition to, a "who" clause after it;
    None where the phrase beside it is about someone or something else."""
    return _after(entity, "appos") or _title(entity) or _role_before(entity) or _after(entity, "relcl")


def _party_of(entity: Span) -> str | None:
    """The party and state set off right after a name ("Sen. John Cornyn (R-Texas)", "Rep. Bobby Scott,
    D-Va., …"): part of the person's role, beside the title."""
    doc = entity.doc
    i = entity.end
    while i < len(doc) and i - entity.end < 2 and doc[i].text in {"(", ","}:
        i += 1
    if i == entity.end or i >= len(doc):
        return None
    end = i
    while end < len(doc) and end - i < 4 and doc[end].text not in {")", ",", ";"} and not doc[end].is_space:
        end += 1
    text = doc[i:end].text
    if len(text.rstrip(".")) == 1 and doc[entity.end].text != "(":
        return None  # "Obama, I …": a lone letter is a party only in parentheses ("(D)")
    return text if end > i and PARTY_STATE.fullmatch(text) else None


def _party_or_age(span: Span) -> bool:
    """Whether an apposition says a party and state ("R-Texas", "D-N.Y.", "D") or an age ("66"), or is a
    pronoun ("himself"): what the name is set off with, not who the person is."""
    text = span.text.strip("() ")
    return bool(PARTY_STATE.fullmatch(text)) or all(t.like_num or t.pos_ == "PRON" or t.is_punct for t in span)


def _after(entity: Span, dep: str) -> Span | None:
    """An apposition ("Andrei Kortunov, Director General of …") or a "who" clause after the name."""
    doc = entity.doc
    for child in entity.root.children:
        if child.i < entity.end or child.dep_ != dep:
            continue
        tokens = list(child.subtree)
        if dep == "appos" and tokens[0].lower_ == "whose":
            continue  # "Dorothy Woods, whose husband, Navy SEAL Ty Woods, was …": the husband's, not hers
        if dep == "appos":  # "John Eastman, a constitutional law professor …, who said …": the role ends at
            # a relative clause set off by a comma, which tells what the person did
            aside = [t.left_edge.i for t in tokens if t.dep_ == "relcl" and doc[t.left_edge.i - 1].text == ","]
            tokens = [t for t in tokens if t.i < min(aside, default=len(doc)) - 1]
            if not tokens:
                continue
        span = trimmed(doc[tokens[0].i : tokens[-1].i + 1])
        if span is not None and not _party_or_age(span) and _describes(span, child):
            return span
    return None


def _title(entity: Span) -> Span | None:
    """The title words before a name ("Kremlin spokesperson Dmitry Peskov"), without a title of address."""
    doc = entity.doc
    left = [t for t in entity.root.subtree if t.i < entity.start]
    if not left or left[-1].i != entity.start - 1:
        return None
    end = entity.start
    while end > left[0].i and doc[end - 1].lower_.rstrip(".") in HONORIFICS:
        end -= 1
    span = trimmed(doc[left[0].i : end])
    # "Strzok attorney Aitan Goelman", "Bush's brother Jeb": another name may qualify the role, not be it
    if span is None:
        return None
    last = span[-2] if len(span) > 1 and span[-1].text == "." else span[-1]  # "Missouri Highway Patrol Capt."
    if last.pos_ in {"NOUN", "PROPN"} and last.ent_type_ != "PERSON":
        return span
    return None


def _role_before(entity: Span) -> Span | None:
    """A role that the name stands in apposition to: "the F.B.I. director, Christopher Wray", "a spokesman
    for Speaker John A. Boehner, Michael Steel" (never another name: "Donald Trump, Mike Pence")."""
    root, doc = entity.root, entity.doc
    if root.dep_ == "appos" and root.head.i < entity.start:
        head = root.head
    else:  # the parse may hang the role on the name instead: "A spokesman for Mr. Hunter, Michael Harrison, …"
        head = next((c for c in root.children if c.dep_ == "appos" and c.i < entity.start), None)
        if head is None:
            return None
    if head.ent_type_ == "PERSON" and head.dep_ == "pobj" and head.head.dep_ == "prep":
        # "A spokesman for Mr. Hunter, Michael Harrison": the name hangs on the person the role is for
        if head.head.lower_ in {"for", "of", "to"} and head.head.head.pos_ == "NOUN":
            head = head.head.head
    if head.ent_type_ == "PERSON" or head.pos_ != "NOUN":
        return None
    span = trimmed(doc[head.left_edge.i : min(head.right_edge.i + 1, entity.start)])
    if (
        span is None
        or span.end > entity.start
        or any(e.label_ == "PERSON" and not _whose_role(e.root, head) for e in entities_in(span))
    ):
        return None  # "former Oklahoma Gov. Frank Keating and FBI …": another person's phrase
    return span


def _whose_role(name: Token, role: Token) -> bool:
    """Whether a name inside a role says whose role it is: "Mr. Hunter's lawyer", "a spokesman for Mr. Hunter"."""
    return name.dep_ == "poss" or (name.dep_ == "pobj" and name.head.head.i == role.i)


def _describes(span: Span, head: Token) -> bool:
    """Whether a phrase after a name says who that person is: an apposition that is not another person
    and holds no clause of its own ("comedian Billy Crystal and …", "loss to Trump marked …" do not;
    "a spokesman for Speaker John A. Boehner" does), or a relative clause on "who" ("…, who heads the
    GOP campaign committee")."""
    if head.ent_type_ == "PERSON" or any(c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in head.children):
        return False
    if head.dep_ == "relcl":
        return span[0].lower_ == "who"
    return not any(t.pos_ == "VERB" and t.dep_ not in CLAUSES_IN_A_ROLE and not _in_clause(t, span) for t in span)


def _in_clause(token: Token, span: Span) -> bool:
    """Whether `token` stands in a relative or participial clause inside `span` ("a Republican of Idaho
    who has barely served two terms")."""
    return any(a.dep_ in CLAUSES_IN_A_ROLE and span.start <= a.i < span.end for a in token.ancestors)


def trimmed(span: Span) -> Span | None:
    """`span` without leading determiners ("both" too) and possessives or trailing punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].pos_ in {"DET", "CCONJ"} or doc[start].is_punct or doc[start].dep_ in {"det", "poss", "case"}
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "case"):
        if doc[end - 1].text == "." and end - 1 > start and _abbreviated(doc[end - 2]):
            break  # "Capt.", "R-Wisc.": the period belongs to the word
        end -= 1
    return doc[start:end] if end > start else None


def _abbreviated(token: Token) -> bool:
    """Whether a word the tokenizer split from its period is an abbreviation ("Capt", "R-Wisc")."""
    return not token.whitespace_ and token.text[:1].isupper() and (len(token) <= 5 or "-" in token.text)


def affiliation_of(role: Span) -> str | None:
    """The organisation (else the nation or place) a role names: "Kremlin spokesperson" → "Kremlin"."""
    for label in AFFILIATION_LABELS:
        entities = [e for e in entities_in(role) if e.label_ == label]
        if entities:
            core = trimmed(entities[-1])
            return core.text if core is not None else entities[-1].text
    return None
