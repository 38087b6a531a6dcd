"""The roles an article gives each person, as words a description can be matched with
(`annotate.referents`): "Sen. Marco Rubio" is "the senator", "Strzok attorney Aitan Goelman" is "Mr.
Strzok's lawyer", "Sen. John McCain, R-Ariz." is the Arizona one, "Rubio, 43," is "the 43-year-old"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from newsprism.annotate.people import PERSON_TITLES, surname
from newsprism.annotate.sentences import entities_in, entities_of
from newsprism.records import Person

# the short titles news writes before a name and the words a description uses for the same role, so
# that "Sen. Marco Rubio" is "the senator" and "Strzok attorney Aitan Goelman" is "Mr. Strzok's lawyer"
SAME_ROLE = {
    "sen": "senator",
    "rep": "congressman",
    "representative": "congressman",
    "congresswoman": "congressman",
    "gov": "governor",
    "atty": "attorney",
    "lawyer": "attorney",
    "pres": "president",
    "gen": "general",
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "chief": "director",  # "the CIA chief" after "CIA Director Mike Pompeo"
}
_ROLES = "newsprism_roles"
# the entities of a place or people in a role or a description ("The Florida senator", "the French president")
PLACES = frozenset({"GPE", "NORP", "LOC"})
# a party and state in a role: "R-Fla.", "D-N.Y."
PARTY_STATE = re.compile(r"\b[RDI]-[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?")


def same_role(word: str) -> str:
    word = word.rstrip(".")
    return SAME_ROLE.get(word, word)


def given_roles(doc: Doc, people: Sequence[Person]) -> dict[str, tuple[set[str], set[str], set[str]]]:
    """For each person, the head nouns of every role the article gives them, at any of their mentions, and
    all the words of those roles: the title before the name ("Sen.", "Strzok attorney": heads senator,
    attorney), an apposition after it ("a deputy national security adviser": adviser) or the noun it
    stands in apposition to ("the F.B.I. director, Christopher Wray": director); found once per document."""
    cached = doc.user_data.get(_ROLES)
    if cached is not None:
        return cached
    roles: dict[str, tuple[set[str], set[str], set[str]]] = {}
    unlisted = _unlisted_mentions(doc, people)
    for person in people:
        heads, words, places = roles.setdefault(person.id, (set(), set(), set()))
        places.update(w.lower() for w in PARTY_STATE.findall(person.role or ""))
        spans = [doc.char_span(start, end, alignment_mode="expand") for start, end in person.mentions]
        for span in [*spans, *unlisted.get(person.id, ())]:
            if span is None or len(span) == 0:
                continue
            after = doc[span.end : span.end + 3]
            if len(after) == 3 and after[0].text == after[2].text == "," and after[1].text.isdigit():
                heads.add(f"{after[1].text}-year-old")  # "Rubio, 43, said"
            root = span.root
            title = [t for t in root.subtree if t.i < span.start and t.pos_ in {"NOUN", "PROPN"}] or _title_beside(span)
            role = list(title[-1:])
            role += [c for c in root.children if c.dep_ == "appos" and c.i >= span.end and c.pos_ == "NOUN"]
            if root.dep_ == "appos" and root.head.i < span.start and root.head.pos_ == "NOUN":
                role.append(root.head)
            heads.update(same_role(t.lemma_.lower()) for t in role)
            if title:  # "Florida Sen. Marco Rubio": the place of the whole title
                places.update(e.text.lower() for e in entities_in(doc[title[0].i : span.start]) if e.label_ in PLACES)
            for token in role:
                words.update(same_role(t.lower_) for t in token.subtree if t.pos_ in {"NOUN", "PROPN"})
                places.update(
                    e.text.lower()
                    for e in entities_in(doc[token.left_edge.i : token.right_edge.i + 1])
                    if e.label_ in PLACES
                )
    doc.user_data[_ROLES] = roles
    return roles


def _title_beside(name: Span) -> list[Token]:
    """The title right before a name that the parse hung elsewhere ("WASHINGTON — President Trump and
    Democratic congressional leaders …", "President" made a head of its own): a capitalised title word."""
    if name.start == 0:
        return []
    before = name.doc[name.start - 1]
    return [before] if before.text[:1].isupper() and same_role(before.lower_) in PERSON_TITLES else []


def _unlisted_mentions(doc: Doc, people: Sequence[Person]) -> dict[str, list[Span]]:
    """The names of people that the tagger took for something else and so left out of their mentions
    ("Aitan Goelman, Mr. Strzok's lawyer" tagged an organisation beside "Mr. Goelman"), by person id: a name
    of proper nouns only whose last is the surname of exactly one person."""
    by_surname: dict[str, list[Person]] = {}
    for person in people:
        by_surname.setdefault(surname(person.name), []).append(person)
    found: dict[str, list[Span]] = {}
    for entity in entities_of(doc):
        owners = by_surname.get(entity[-1].lower_, [])
        if entity.label_ == "PERSON" or len(entity) < 2 or len(owners) != 1:
            continue
        if all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in entity):
            found.setdefault(owners[0].id, []).append(entity)
    return found


def place_fits(place: str, places: set[str]) -> bool | None:
    """Whether a place of a description is the person's: named in one of their roles ("Ohio Gov. John
    Kasich" is the Ohio governor) or abbreviated there ("Sen. Marco Rubio (R-Fla.)" is the Florida one);
    None where the article names no place of theirs."""
    if not places:
        return None
    letters = place.replace(" ", "").replace(".", "")
    for said in places:
        short = re.sub(r"^[rdi]-", "", said).replace(".", "").replace(" ", "")
        if place in said or (len(short) >= 2 and short[0] == letters[:1] and _subsequence(short, letters)):
            return True
    return False


def _subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(letter in rest for letter in short)
