"""A person's gender as an article tells it, for the pronouns that stand for them (`annotate.referents`):
an honorific ("Ms. Nuland" is no "he"), a role that has one ("his wife, Heidi Cruz"), else the subject
pronouns of the sentences that name only them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from newsprism.annotate.marks import inside_quote, paired_in
from newsprism.annotate.sentences import text_of
from newsprism.records import Person

PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f"}
# the roles that tell a person's gender ("his wife, Heidi Cruz"; "spokesman" and its kind are said of both)
ROLE_GENDER = {
    w: "f"
    for w in "wife mother daughter sister woman actress spokeswoman chairwoman congresswoman businesswoman girlfriend grandmother widow queen princess".split()
} | {
    w: "m" for w in "husband father son brother man actor businessman boyfriend grandfather widower king prince".split()
}
# how many sentences of one gender tell a person's gender (and how many times as many as the other's)
VOTES_TO_TELL = 2
_GENDERS = "newsprism_genders"


def genders(doc: Doc, people: Sequence[Person]) -> dict[str, str]:
    """The gender of each person the article tells, by person id (people it does not tell are left out):
    an honorific ("Mr. Morell", "Ms. Nuland"), else a role that has one ("Mr. Cruz's wife, Heidi Cruz"),
    else the pronouns of the sentences that name no one else ("Ayotte says she is going to vote …")."""
    cached = doc.user_data.get(_GENDERS)
    if cached is not None and cached[0] == [p.id for p in people]:
        return cached[1]
    text = text_of(doc)
    votes = pronoun_votes(doc, people)
    found: dict[str, str] = {}
    for person in people:
        for start, _ in person.mentions:
            before = text[max(0, start - 6) : start].split()
            gender = HONORIFIC_GENDER.get(before[-1].lower().rstrip(".")) if before else None
            if gender is not None:
                found[person.id] = gender
                break
        else:
            role = [ROLE_GENDER[w] for w in re.findall(r"[a-z]+", (person.role or "").lower()) if w in ROLE_GENDER]
            told = votes.get(person.id, {})
            m, f = told.get("m", 0), told.get("f", 0)
            voted = max(m, f) >= VOTES_TO_TELL and min(m, f) * VOTES_TO_TELL <= max(m, f) // 2
            if role and not (voted and max(m, f) > 2 * VOTES_TO_TELL):
                found[person.id] = role[0]  # the first that tells: "the mother of a soldier" is a woman
            elif voted:  # many sentences outweigh a role of someone else named alike ("her husband, Frank Fiorina")
                found[person.id] = "m" if m > f else "f"
    doc.user_data[_GENDERS] = ([p.id for p in people], found)
    return found


def pronoun_votes(doc: Doc, people: Sequence[Person]) -> dict[str, dict[str, int]]:
    """For each person, the sentences that name them and no one else, outside quotation marks, by the
    gender of the subject pronouns there after the name (each sentence one vote, for its majority): "her"
    and "him" are as often someone else ("Moore denied assaulting her")."""
    quoted = paired_in(doc)
    starts = sorted((s, p.id) for p in people for s, e in p.mentions if not inside_quote(s, e, quoted))
    votes: dict[str, dict[str, int]] = {}
    for sentence in doc.sents:
        named = [(s, pid) for s, pid in starts if sentence.start_char <= s < sentence.end_char]
        if not named or len({pid for _, pid in named}) > 1:
            continue
        first = named[0][0]
        told = [
            PRONOUN_GENDER[t.lower_]
            for t in sentence
            if t.idx > first and t.lower_ in {"he", "she"} and not inside_quote(t.idx, t.idx, quoted)
        ]
        m, f = told.count("m"), told.count("f")
        if m != f:
            tally = votes.setdefault(named[0][1], {})
            tally["m" if m > f else "f"] = tally.get("m" if m > f else "f", 0) + 1
    return votes
