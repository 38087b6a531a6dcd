"""People of an article, and who a speaker mention ("Blinken", "he", "the U.S. secretary of state") is.

An article's PERSON entities are grouped by surname: "Antony Blinken" and "Blinken" are one
person, named by the longest form. Each person keeps the role the article gives it, from the
words before the name in its noun phrase ("Kremlin spokesperson Dmitry Peskov") or from an
apposition ("Andrei Kortunov, Director General of the Russian International Affairs Council"),
and an affiliation: the organisation or place named in that role.

A speaker mention resolves to a person by surname, by pronoun (the person most recently
mentioned before it) or by role ("the U.S. secretary of state" → the person whose role that is).
Across the articles of a story, `link_people` gives one id to one person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from newsprism.records import AnnotatedArticle, Person, Quote

_POSSESSIVE = re.compile(r"[’']s$")
AFFILIATION_LABELS = ("ORG", "NORP", "GPE", "FAC")
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
# titles of address, no role: "Mr. Romney", "Dr. Anthony Fauci" (a role before one ends before it)
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "sir", "dame", "dr"})
# how far back (in characters) a pronoun may reach for its person
PRONOUN_REACH = 1200


def _clean_name(text: str) -> str:
    return _POSSESSIVE.sub("", text.strip())


def surname(name: str) -> str:
    """The last word of a name that is not a generational suffix: "Brent Bozell III" → "bozell"."""
    words = [w for w in _clean_name(name).replace(",", " ").split() if w.lower().rstrip(".") not in NAME_SUFFIXES]
    return words[-1].lower() if words else ""


def _slug(name: str) -> str:
    return "person:" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def find_people(doc: Doc) -> list[Person]:
    """The people of one parsed article, mentions merged by surname, with role and affiliation."""
    by_surname: dict[str, dict] = {}
    for entity in doc.ents:
        if entity.label_ != "PERSON":
            continue
        entity = _named_part(entity)
        name = _clean_name(entity.text)
        if not name or not name[0].isupper():
            continue
        key = surname(name)
        entry = by_surname.setdefault(key, {"name": name, "mentions": [], "role": None, "affiliation": None})
        if len(name) > len(entry["name"]):
            entry["name"] = name
        entry["mentions"].append((entity.start_char, entity.start_char + len(name)))
        if entry["role"] is None:
            role = role_of(entity)
            if role:
                entry["role"], entry["affiliation"] = role.text, affiliation_of(role)
    return [
        Person(
            id=_slug(e["name"]),
            name=e["name"],
            role=e["role"],
            affiliation=e["affiliation"],
            mentions=tuple(e["mentions"]),
        )
        for e in by_surname.values()
    ]


def _named_part(entity: Span) -> Span:
    """A PERSON entity from its first proper noun: the tagger sometimes takes a sentence's first
    word along ("Following Romney's news conference" → "Romney's")."""
    start = entity.start
    while start < entity.end - 1 and entity.doc[start].pos_ != "PROPN":
        start += 1
    return entity.doc[start : entity.end]


def role_of(entity: Span) -> Span | None:
    """The role the text gives a named person: an apposition after the name, or the title words before it."""
    root = entity.root
    appos = next((c for c in root.children if c.dep_ == "appos" and c.i >= entity.end), None)
    doc = entity.doc
    if appos is not None:
        tokens = list(appos.subtree)
        span = doc[tokens[0].i : tokens[-1].i + 1]
        return _strip(span)
    left = [t for t in root.subtree if t.i < entity.start]
    if left and left[-1].i == entity.start - 1:
        end = entity.start
        while end > left[0].i and doc[end - 1].lower_.rstrip(".") in HONORIFICS:
            end -= 1
        span = _strip(doc[left[0].i : end])
        if (
            span is not None
            and any(t.pos_ in {"NOUN", "PROPN"} for t in span)
            and not any(t.ent_type_ == "PERSON" for t in span)
        ):
            return span
    return None


def _strip(span: Span) -> Span | None:
    """`span` without leading determiners ("both" too) and possessives or trailing punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].pos_ in {"DET", "CCONJ"} or doc[start].is_punct or doc[start].dep_ in {"det", "poss", "case"}
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "case"):
        end -= 1
    return doc[start:end] if end > start else None


def affiliation_of(role: Span) -> str | None:
    """The organisation (else the nation or place) a role names: "Kremlin spokesperson" → "Kremlin"."""
    for label in AFFILIATION_LABELS:
        entities = [e for e in role.doc.ents if e.label_ == label and e.start >= role.start and e.end <= role.end]
        if entities:
            core = _strip(entities[-1])
            return core.text if core is not None else entities[-1].text
    return None


def resolve(
    subject: Token | None, people: Sequence[Person], doc: Doc, cue: Token | None = None
) -> tuple[Person | None, str | None, tuple[int, int] | None]:
    """(person, speaker text, speaker span) for the subject of a cue; the person is None for an organisation.

    The speaker's phrase ends before the clause of its cue ("a pink label that said "…"" is "a pink label"),
    so that it never holds what is said."""
    if subject is None:
        return None, None, None
    entity = next((e for e in doc.ents if e.start <= subject.i < e.end), None)
    named = _by_surname(subject, people)
    if named is not None:  # "Kortunov said", even where the tagger took "Kortunov" for an organisation
        mention = entity if entity is not None else doc[subject.i : subject.i + 1]
        return named, named.name, (mention.start_char, mention.end_char)
    if entity is not None and entity.label_ == "PERSON":
        entity = _named_part(entity)
        person = _with_surname(surname(entity.text), people)
        return person, person.name if person else _clean_name(entity.text), (entity.start_char, entity.end_char)
    if subject.lower_ in PERSON_PRONOUNS or subject.lower_ in {"i", "we", "they"}:
        person = _antecedent(subject.idx, people)
        return person, person.name if person else None, (subject.idx, subject.idx + len(subject))
    end = subject.right_edge.i + 1
    if cue is not None and subject.left_edge.i < cue.i < end:
        end = max(cue.left_edge.i, subject.i + 1)
    phrase = doc[subject.left_edge.i : end]
    person = _by_role(phrase.text, people)
    if person is not None:
        return person, person.name, (phrase.start_char, phrase.end_char)
    if entity is not None and entity.label_ in AFFILIATION_LABELS:
        return None, entity.text, (entity.start_char, entity.end_char)
    core = _strip(phrase)
    if core is None:
        return None, None, None
    return None, core.text, (core.start_char, core.end_char)


def _by_surname(subject: Token, people: Sequence[Person]) -> Person | None:
    if subject.pos_ != "PROPN":
        return None
    return _with_surname(_clean_name(subject.text).lower(), people)


def _with_surname(key: str, people: Sequence[Person]) -> Person | None:
    return next((p for p in people if surname(p.name) == key), None)


def _antecedent(offset: int, people: Sequence[Person]) -> Person | None:
    """The person mentioned last before `offset`, within reach."""
    best, best_at = None, -1
    for person in people:
        for start, _ in person.mentions:
            if best_at < start < offset and offset - start <= PRONOUN_REACH:
                best, best_at = person, start
    return best


def _by_role(phrase: str, people: Sequence[Person]) -> Person | None:
    """The person whose role is `phrase` ("the U.S. secretary of state"), compared without articles or case."""
    wanted = _normal_role(phrase)
    if not wanted:
        return None
    for person in people:
        if person.role and _normal_role(person.role) == wanted:
            return person
    return None


def _normal_role(text: str) -> str:
    words = [w for w in re.findall(r"[\w.'-]+", text.lower()) if w not in {"the", "a", "an"}]
    return " ".join(words)


def link_people(articles: Iterable[AnnotatedArticle]) -> list[AnnotatedArticle]:
    """Give one person one id across the articles of a story: same surname, compatible first names."""
    articles = list(articles)
    canonical: dict[str, Person] = {}
    for annotated in articles:
        for person in annotated.people:
            key = surname(person.name)
            known = canonical.get(key)
            if known is None or (len(person.name) > len(known.name) and _compatible(known.name, person.name)):
                canonical[key] = person
    linked = []
    for annotated in articles:
        ids = {}
        people = []
        for person in annotated.people:
            known = canonical.get(surname(person.name))
            new_id = _slug(known.name) if known and _compatible(known.name, person.name) else person.id
            ids[person.id] = new_id
            people.append(replace(person, id=new_id))
        quotes = tuple(
            replace(q, speaker_id=ids.get(q.speaker_id, q.speaker_id)) if q.speaker_id else q for q in annotated.quotes
        )
        linked.append(replace(annotated, people=tuple(people), quotes=quotes))
    return linked


def _compatible(a: str, b: str) -> bool:
    """ "Blinken" fits "Antony Blinken"; "Joe Biden" does not fit "Hunter Biden"."""
    first_a, first_b = a.split()[:-1], b.split()[:-1]
    return not first_a or not first_b or first_a[0].lower() == first_b[0].lower()


def speaker_quote(
    article: str,
    kind: str,
    start: int,
    end: int,
    text: str,
    person: Person | None,
    speaker: str | None,
    speaker_span: tuple[int, int] | None,
    cue: Token | None,
) -> Quote:
    return Quote(
        article=article,
        text=text,
        start=start,
        end=end,
        kind=kind,  # type: ignore[arg-type]
        speaker=speaker,
        speaker_id=person.id if person else None,
        role=person.role if person else None,
        cue=cue.text if cue is not None else None,
        cue_start=cue.idx if cue is not None else None,
        speaker_start=speaker_span[0] if speaker_span else None,
        speaker_end=speaker_span[1] if speaker_span else None,
    )
