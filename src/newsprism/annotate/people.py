"""The people of an article, and one id for one person across the articles of a story.

An article's PERSON entities are grouped by surname: "Antony Blinken" and "Blinken" are one
person, named by the longest form, while "Heidi Cruz" is not "Ted Cruz" (a surname alone is the
first person named with it); a first name alone is the one person the article names in full with
it ("Jeb", "Jeb Bush"). Each person keeps the role the article first gives it, and an affiliation:
the organisation or place named in that role (`annotate.roles`). Across the articles of a story,
`link_people` gives one id to one person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Span

from newsprism.annotate.roles import HONORIFICS, person_role
from newsprism.annotate.sentences import entities_of, sentence_of, title_case
from newsprism.records import AnnotatedArticle, Person

_POSSESSIVE = re.compile(r"[’']s$")
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# the titles of people that news sets right before a name ("attorney Aitan Goelman", "spokesman Michael Steel")
PERSON_TITLES = frozenset(
    """
    attorney lawyer counsel spokesman spokeswoman spokesperson aide adviser advisor senator congressman
    congresswoman governor mayor president director secretary chairman chairwoman official officer analyst
    professor economist strategist pollster author writer reporter journalist columnist host anchor judge
    prosecutor candidate nominee leader manager executive founder actor actress activist pastor bishop
    priest rabbi doctor sheriff commissioner ambassador minister agent detective historian scientist
    researcher student teacher coach
    """.split()
)


def clean_name(text: str) -> str:
    """A name without the possessive it was written with ("Romney's" → "Romney")."""
    return _POSSESSIVE.sub("", text.strip())


def surname(name: str) -> str:
    """The last word of a name that is not a generational suffix: "Brent Bozell III" → "bozell"."""
    words = [w for w in clean_name(name).replace(",", " ").split() if w.lower().rstrip(".") not in NAME_SUFFIXES]
    return words[-1].lower() if words else ""


def _slug(name: str) -> str:
    return "person:" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def find_people(doc: Doc) -> list[Person]:
    """The people of one parsed article, mentions merged by surname, with role and affiliation."""
    by_surname: dict[str, dict] = {}
    for entity in entities_of(doc):
        if entity.label_ != "PERSON" and not _titled_name(entity):
            continue
        entity = named_part(entity)
        name = clean_name(entity.text)
        if not name or not name[0].isupper():
            continue
        key = _person_key(name, by_surname)
        entry = by_surname.setdefault(key, {"name": name, "mentions": [], "role": None, "affiliation": None})
        if len(name) > len(entry["name"]) and _compatible(entry["name"], name):
            entry["name"] = name
        entry["mentions"].append((entity.start_char, entity.start_char + len(name)))
        if entry["role"] is None:
            # the first the article gives: on readings-train it is the readers' role in 182 of the 199
            # cases where any is, more often than the first title, or apposition, or any other kind
            entry["role"], entry["affiliation"] = person_role(entity)
    _add_untagged_mentions(doc, by_surname)
    _merge_given_names(by_surname)
    _merge_headline_names(doc, by_surname)
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


def _titled_name(entity: Span) -> bool:
    """Whether a name the tagger took for an organisation is a person's: two or three proper nouns right
    after a title of a person ("Strzok attorney Aitan Goelman said", "spokesman Michael Steel")."""
    title = entity.doc[entity.start - 1] if entity.start > 0 else None
    return (
        entity.label_ == "ORG"
        and 2 <= len(entity) <= 3
        and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in entity)
        and title is not None
        and title.is_lower
        and title.lemma_ in PERSON_TITLES
    )


def _merge_given_names(by_surname: dict[str, dict]) -> None:
    """A one-word name that is nobody's surname but the first name of exactly one person the article names
    in full is that person ("Jeb" and "Jeb Bush", "Malia" and "Malia Obama"); two such people keep it apart."""
    for key, entry in list(by_surname.items()):
        name = entry["name"]
        if " " in name or any(surname(e["name"]) == key for k, e in by_surname.items() if k != key):
            continue
        full = [e for e in by_surname.values() if " " in e["name"] and e["name"].split()[0] == name]
        if len(full) == 1:
            full[0]["mentions"] = sorted(full[0]["mentions"] + entry["mentions"])
            full[0]["role"] = full[0]["role"] or entry["role"]
            full[0]["affiliation"] = full[0]["affiliation"] or entry["affiliation"]
            del by_surname[key]


def _merge_headline_names(doc: Doc, by_surname: dict[str, dict]) -> None:
    """A "person" named only in headlines in title case, whose name runs on into the words after it ("Trump
    May Not Have Suggested", "Clinton Wades"), is the person whose surname is one of its words and who is
    named elsewhere; one that names no such person stays as it is."""
    for key, entry in list(by_surname.items()):
        if len(entry["name"].split()) < 2 or not all(_in_headline(doc, start) for start, _ in entry["mentions"]):
            continue
        words = {w.lower() for w in entry["name"].split()}
        named = [e for k, e in by_surname.items() if k != key and surname(e["name"]) in words]
        if len(named) == 1:
            named[0]["mentions"] = sorted(named[0]["mentions"] + entry["mentions"])
            del by_surname[key]


def _in_headline(doc: Doc, offset: int) -> bool:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span is not None and title_case(sentence_of(span[0]))


def _person_key(name: str, by_surname: dict[str, dict]) -> str:
    """Which person of the article a name is: the one of its surname whose first name fits ("Cruz" and
    "Ted Cruz" are one; "Heidi Cruz" and "Melania Trump" are people of their own, beside their husbands);
    a surname alone is the first person the article named with it."""
    key = surname(name)
    if key not in by_surname:
        return key
    candidates = [k for k in by_surname if k == key or k.startswith(key + "#")]
    fitting = next((k for k in candidates if _compatible(by_surname[k]["name"], name)), None)
    return fitting if fitting is not None else f"{key}#{len(candidates)}"


def _add_untagged_mentions(doc: Doc, by_surname: dict[str, dict]) -> None:
    """The mentions by surname alone that the tagger left out or took for something else ("Lauten later
    apologized", "Viguerie notes"), so that a pronoun after them finds its person: a capitalised proper
    noun that is a known person's surname, outside every other name of more than one word."""
    taken = {i for e in entities_of(doc) if len(e) > 1 or e.label_ == "PERSON" for i in range(e.start, e.end)}
    for token in doc:
        if token.pos_ != "PROPN" or token.i in taken or not token.text[:1].isupper():
            continue
        entry = by_surname.get(token.lower_)
        if entry is not None and surname(entry["name"]) == token.lower_:
            entry["mentions"].append((token.idx, token.idx + len(token)))


def named_part(entity: Span) -> Span:
    """A PERSON entity from its first proper noun that is no title: the tagger sometimes takes a sentence's
    first word along ("Following Romney's news conference" → "Romney's") or a title ("Bishop Barros" is
    Barros, whom the article also calls Juan Barros)."""
    start, doc = entity.start, entity.doc
    while start < entity.end - 1 and (doc[start].pos_ != "PROPN" or doc[start].lower_ in PERSON_TITLES):
        start += 1
    return doc[start : entity.end]


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
    first_a, first_b = (_given_names(name) for name in (a, b))
    return not first_a or not first_b or first_a[0].lower() == first_b[0].lower()


def _given_names(name: str) -> list[str]:
    """The words of a name before its surname, without a title of address ("Mr. Clinton" has none)."""
    words = name.split()[:-1]
    while words and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    return words
