"""Who a speaker mention ("Blinken", "he", "the U.S. secretary of state") is, among the people of its
article (`annotate.people`).

A speaker mention resolves to a person by surname (also where the tagger missed the surname
alone: "Lauten later apologized"), by a name set off beside it ("A spokesman for the DNC, Brad
Woodhouse, said"), by pronoun or by description ("the attorney said" → the person the article
made its attorney; `annotate.referents`) or by role ("the U.S. secretary of state"). A described
speaker keeps whose it is ("Blumenthal's campaign"); "they" is a group, never one person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from newsprism.annotate.attribution import Found
from newsprism.annotate.authors import author_of_document
from newsprism.annotate.bodies import described_organisation
from newsprism.annotate.marks import inside_quote, paired_in
from newsprism.annotate.nouns import NO_ROLES, SPEAKING_LABELS, SPEAKING_NOUNS, can_speak
from newsprism.annotate.people import clean_name, named_part, surname
from newsprism.annotate.referents import (
    DESCRIPTION_REACH,
    MAX_HOPS,
    OWN_WORDS,
    antecedent,
    apposed_name,
    described_person,
    described_places,
    determiner,
)
from newsprism.annotate.roles import AFFILIATION_LABELS, trimmed
from newsprism.annotate.sentences import entities_in, entity_of, sentence_of, text_of
from newsprism.annotate.titles import given_roles, place_fits, same_role
from newsprism.records import Person, Quote

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
# what stands between two names that speak together: a party or state, "and", the second one's title
# ("and Assistant House Majority Leader", "and the country's Trade Minister")
JOINED_NAMES = re.compile(
    r"\s*(?:\([^()]{1,12}\)|,[^,]{1,12},)?\s*and\s+(?:(?:the|its|the country['’]s)\s+)?(?:[A-Z][\w.'’-]*\s+){0,5}"
)
# sentences before its own in which "it" may find the body or document it stands for
THING_REACH = 2
# marks that open an aside after a speaker's head noun: "a White House official, who requested anonymity"
ASIDE_MARKS = frozenset({",", "(", "—", "–", "--", ";", ":"})


def resolve(
    subject: Token | None, people: Sequence[Person], doc: Doc, cue: Token | None = None
) -> tuple[Person | None, str | None, tuple[int, int] | None]:
    """(person, speaker text, speaker span) for the subject of a cue; the person is None for an organisation
    or a described source ("a senior administration official") the article does not name further on
    (`_named_later`), and all three are None where the subject cannot speak (`can_speak`).

    The speaker's phrase ends before the clause of its cue ("a pink label that said "…"" is "a pink label")
    and before an aside ("a White House official, who requested anonymity, …"), so that it never holds
    what is said."""
    if subject is None:
        return None, None, None
    entity = entity_of(subject)
    joint = _joint_names(entity, people) if entity is not None and entity.label_ == "PERSON" else None
    if joint is not None:
        return None, *joint
    # the person this very mention is ("Hillary Clinton shot back" after "Bill Clinton"), else by surname:
    # "Kortunov said", even where the tagger took "Kortunov" for an organisation
    named = _mentioned_at(subject.idx, people) or _by_surname(subject, people)
    if named is not None:
        mention = entity if entity is not None else doc[subject.i : subject.i + 1]
        return named, named.name, (mention.start_char, mention.end_char)
    if entity is not None and entity.label_ == "PERSON":
        return _named(entity, people)
    beside = apposed_name(subject)
    if beside is not None:  # "A spokesman for the Democratic National Committee, Brad Woodhouse, said"
        if beside.label_ == "PERSON" or _with_surname(surname(beside.text), people) is not None:
            return _named(beside, people)
        return None, beside.text, (beside.start_char, beside.end_char)
    if subject.lower_ == "they":  # "His age could be problematic, they said": the officials of before
        group = _group_before(subject, people)
        return None, group, (subject.idx, subject.idx + len(subject))
    if subject.lower_ in PERSON_PRONOUNS or subject.lower_ in {"i", "we"}:
        person = antecedent(subject.idx, people, doc, subject.lower_)
        return person, person.name if person else None, (subject.idx, subject.idx + len(subject))
    if subject.lower_ == "it":  # "The indictment alleges …. It says …": the body or document before it
        thing = _thing_before(subject)
        return None, thing.text if thing is not None else None, (subject.idx, subject.idx + len(subject))
    # "Bloomberg's scathing speech (…) mocking …" is Bloomberg speaking; not so a relative clause on the
    # words, which a parse often hangs on the nearest noun ("put out a statement after Romney's remarks that
    # claimed …": the statement claimed)
    relative = cue is not None and cue.dep_ == "relcl" and cue.head.i == subject.i
    owner = None if relative else _utterance_owner(subject, people)
    if owner is not None:
        return owner
    author = None if relative else author_of_document(subject)
    if author is not None:  # "the report, by White House Counsel Robert Bauer, concluded": Bauer
        person, text, _ = resolve(author, people, doc)
        if text is not None:
            return person, text, (subject.left_edge.idx, subject.idx + len(subject))
    end = subject.right_edge.i + 1
    if cue is not None and subject.left_edge.i < cue.i < end:
        end = max(cue.left_edge.i, subject.i + 1)
    end = next((t.i for t in doc[subject.i + 1 : end] if _ends_speaker(t, subject)), end)
    if end < len(doc) and doc[end].dep_ == "acl":  # "an article written by Ian Tuttle": by whom it speaks
        by = [g for c in doc[end].children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        named = entity_of(by[0]) if by else None
        end = named.end if named is not None and named.label_ in SPEAKING_LABELS else end
    phrase = doc[subject.left_edge.i : end]
    person = _by_role(phrase, people) or described_person(subject, people, doc)
    if person is not None:  # "the U.S. secretary of state", "the attorney said", "Mr. Strzok's lawyer"
        return person, person.name, (phrase.start_char, phrase.end_char)
    if entity is not None and entity.label_ in AFFILIATION_LABELS:
        name = _with_of_name(entity)
        return None, name.text, (name.start_char, name.end_char)
    organisation = described_organisation(subject)
    if organisation is not None:  # "the department said": the Justice Department
        return None, organisation.text, (phrase.start_char, phrase.end_char)
    earlier = _introduced_as(subject)
    if earlier is not None:  # "the spokesperson said" after "A spokesperson for Google says"
        return None, earlier.text, (phrase.start_char, phrase.end_char)
    later = _named_later(subject)
    if later is not None:  # "a spokeswoman for the State Department has described …. The spokeswoman,
        # Marie Harf, was asked …"
        person, name, _ = _named(later, people)
        return person, name, (phrase.start_char, phrase.end_char)
    following = _named_next(subject, people)
    if following is not None:  # "Israel's ambassador to the United States said …. "…," Ron Dermer told …"
        return following, following.name, (phrase.start_char, phrase.end_char)
    core = trimmed(phrase)
    if core is None or not can_speak(core):
        return None, None, None  # "the line said", "it said": no one who can speak
    return None, _whose(core, subject, people), (core.start_char, core.end_char)


def _with_of_name(entity: Span) -> Span:
    """An organisation's name with the "of …" the tagger cut from it ("The U.S. Department" and "Treasury"
    of "The U.S. Department of the Treasury"): through the named object of its head's "of"."""
    of = next((c for c in entity.root.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == entity.end), None)
    named = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
    name = entity_of(named) if named is not None else None
    if name is None or name.label_ not in {"ORG", "GPE"}:
        return entity
    return entity.doc[entity.start : name.end]


def _joint_names(entity: Span, people: Sequence[Person]) -> tuple[str, tuple[int, int]] | None:
    """(speaker text, span) of two people who speak together, `entity` one of them: "State House Majority
    Leader Jeff McCabe (D) and Assistant House Majority Leader Sara Gideon (D) said", "Sen. Dick Durbin
    and Sen. Dianne Feinstein said"; None where the name next to it is joined otherwise."""
    names = [e for e in entities_in(sentence_of(entity.root)) if e.label_ == "PERSON"]
    at = next((i for i, e in enumerate(names) if e.start == entity.start), None)
    if at is None:
        return None
    text = text_of(entity.doc)
    for first, second in zip(names[max(at - 1, 0) : at + 1], names[max(at - 1, 0) + 1 : at + 2], strict=False):
        if JOINED_NAMES.fullmatch(text[first.end_char : second.start_char]):
            full = [_named(e, people)[1] for e in (first, second)]
            return f"{full[0]} and {full[1]}", (first.start_char, second.end_char)
    return None


def _utterance_owner(
    subject: Token, people: Sequence[Person]
) -> tuple[Person | None, str | None, tuple[int, int] | None] | None:
    """The person or organisation whose own words `subject` is ("Bloomberg's scathing speech", "his
    statement", "the company's letter"), as `resolve` gives a speaker; None for any other subject."""
    if subject.lower_ not in OWN_WORDS and subject.lemma_.lower() not in OWN_WORDS:
        return None
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    if owner is None:
        # "LePage offered more racially charged comments that have drawn fire, saying, "…"": who made them
        maker = next((c for c in subject.head.children if c.dep_ == "nsubj"), None) if subject.dep_ == "dobj" else None
        if maker is None or maker.pos_ not in {"PROPN", "PRON"}:
            return None
        found = resolve(maker, people, subject.doc)
        return found if found[1] is not None else None
    if owner.lower_ in {"his", "her"}:
        person = antecedent(owner.idx, people, subject.doc, owner.lower_)
        return (person, person.name, (owner.idx, owner.idx + len(owner))) if person is not None else None
    entity = entity_of(owner)
    if entity is None or entity.label_ not in SPEAKING_LABELS:
        return None
    by_surname = _by_surname(owner, people)
    if entity.label_ == "PERSON" or by_surname is not None:
        named = _mentioned_at(owner.idx, people) or by_surname
        if named is not None:
            return named, named.name, (entity.start_char, entity.end_char)
        return _named(entity, people)
    titled = _by_role(entity, people)  # "the Attorney General's statement": whose office it is
    if titled is not None:
        return titled, titled.name, (entity.start_char, entity.end_char)
    return None, clean_name(entity.text), (entity.start_char, entity.end_char)


def _introduced_as(subject: Token) -> Span | None:
    """The phrase by which the article introduced the unnamed source a bare definite description names
    again: "the spokesperson said" is "spokesperson for Google" after "A spokesperson for Google says …",
    "the official said" "former senior NSA official" after "a former senior NSA official told …" (the
    last subject before it, within reach, of an indefinite phrase with the same head noun that says more
    than the noun); None for anything else."""
    if not _common_noun(subject) or determiner(subject) != "the":
        return None
    if any(c.dep_ in {"poss", "prep", "compound", "amod", "appos"} for c in subject.children):
        return None
    doc = subject.doc
    for token in _same_noun_in_reach(subject, reversed(doc[: subject.i])):
        if token.dep_ not in {"nsubj", "nsubjpass"} or determiner(token) not in {"a", "an"}:
            continue
        end = token.right_edge.i + 1
        end = next((t.i for t in doc[token.i + 1 : end] if _ends_speaker(t, token)), end)
        core = trimmed(doc[token.left_edge.i : end])
        if core is not None and len(core) > 1 and can_speak(core):
            return core
    return None


def _named_later(subject: Token) -> Span | None:
    """The person's name an indefinite description of a source is given further on, when the article names
    it again with the name set beside it ("a spokeswoman for the State Department has described …. The
    spokeswoman, Marie Harf, was asked …"), within reach; None otherwise."""
    if not _common_noun(subject) or determiner(subject) not in {"a", "an"}:
        return None
    for token in _same_noun_in_reach(subject, subject.doc[subject.i + 1 :]):
        if token.pos_ == "NOUN" and determiner(token) == "the":
            name = apposed_name(token)
            return name if name is not None and name.label_ == "PERSON" else None
    return None


def _named_next(subject: Token, people: Sequence[Person]) -> Person | None:
    """The person a description of one source ("Israel's ambassador to the United States", "Iran's
    security chief") stands for where no one of the article is so described: the one named for the first
    time as the subject of the next sentence ("…. "He presented a smoking bomb," Ron Dermer told …", "….
    The official, Ali Shamkhani, said …"), as news names a source it has just introduced; an indefinite one
    ("A two-term Republican congressman from Idaho … said …") only where the article gives that person its
    noun ("Raul Labrador, a …, tea party congressman …"); None otherwise."""
    noun = subject.lemma_.lower()
    if not _common_noun(subject) or noun not in SPEAKING_NOUNS or noun in NO_ROLES:
        return None  # "Hillary Clinton's campaign" speaks for itself, not through its chairman named next
    article = determiner(subject)
    if article not in {"the", "a", "an"} and not any(c.dep_ == "poss" for c in subject.children):
        return None
    doc, end = subject.doc, sentence_of(subject).end
    if end >= len(doc):
        return None
    following = doc[end].sent  # with the rest of its paragraph where a quotation runs over sentences
    quoted = paired_in(doc)
    paragraph_end = text_of(doc).find("\n", following.start_char)
    reach = len(text_of(doc)) if paragraph_end < 0 else paragraph_end
    if not inside_quote(following.end_char - 1, following.end_char, quoted):
        reach = following.end_char
    roles, places = given_roles(doc, people), described_places(subject)
    for person in people:
        first = min(start for start, _ in person.mentions)
        if not following.start_char <= first < reach or inside_quote(first, first + 1, quoted):
            continue
        mention = doc.char_span(first, first + 1, alignment_mode="expand")
        root = entity_of(mention[0]) if mention is not None else None
        root = root.root if root is not None else None
        if root is not None and root.dep_ == "appos":
            root = root.head
        if root is None or root.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        heads, words, said = roles.get(person.id, (set(), set(), set()))
        if any(place_fits(place, said) is not True for place, _ in places):
            continue  # "The New Jersey governor" is no one the article gives no New Jersey
        if article in {"a", "an"} and same_role(noun) not in heads | words | said:
            continue  # "A senior official said …. John Smith, the mayor, …": one the article may not name
        return person
    return None


def _common_noun(token: Token) -> bool:
    return token.pos_ == "NOUN" and token.tag_ == "NN"


def _same_noun_in_reach(subject: Token, tokens: Iterable[Token]) -> Iterator[Token]:
    """The words of `tokens` (in the order given, before or after `subject`) with the subject's noun for
    lemma, as far as a description reaches."""
    noun = subject.lemma_.lower()
    for token in tokens:
        if abs(token.idx - subject.idx) > DESCRIPTION_REACH:
            return
        if token.lemma_.lower() == noun:
            yield token


def _ends_speaker(token: Token, subject: Token) -> bool:
    """Whether a described speaker's phrase ends before `token`: an aside, a relative or participial clause
    on the speaker ("a New York Times/CBS News survey released on Thursday", "a senior adviser who …"), or
    a time ("a Bloomberg poll in June")."""
    if token.text in ASIDE_MARKS or token.dep_ in {"relcl", "acl"} or token.lower_ in {"who", "whom", "which"}:
        return True
    if token.dep_ == "prep" and token.head.i == subject.i:
        return any(c.ent_type_ in {"DATE", "TIME"} for c in token.children if c.dep_ == "pobj")
    return token.head.i == subject.i and token.lower_ in {"all", "both"}


def _named(entity: Span, people: Sequence[Person]) -> tuple[Person | None, str, tuple[int, int]]:
    entity = named_part(entity)
    person = _mentioned_at(entity.start_char, people) or _with_surname(surname(entity.text), people)
    return person, person.name if person else clean_name(entity.text), (entity.start_char, entity.end_char)


def _whose(core: Span, subject: Token, people: Sequence[Person]) -> str:
    """A described speaker's text with whose it is: "Blumenthal's campaign", "O'Malley's campaign" for
    "his campaign" (the voice of a campaign or an account is told apart by its owner); `core` alone where
    no person or organisation owns it."""
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    if owner is None:
        return core.text
    if owner.lower_ in {"his", "her"}:
        person = antecedent(owner.idx, people, subject.doc, owner.lower_)
        return f"{person.name}'s {core.text}" if person is not None else core.text
    if owner.pos_ == "PROPN" and owner.i < core.start:
        return subject.doc[owner.left_edge.i : core.end].text
    return core.text


def _thing_before(pronoun: Token) -> Span | None:
    """What "it" stands for as a speaker: the subject of the nearest main clause before it, within its
    sentence and the `THING_REACH` sentences before, where that can speak and is no person ("the
    indictment", "Slate magazine"); None otherwise."""
    doc = pronoun.doc
    sentence = sentence_of(pronoun)
    start = sentence.start
    for _ in range(THING_REACH):
        if start == 0:
            break
        start = sentence_of(doc[start - 1]).start
    for token in reversed(doc[start : pronoun.i]):
        if token.dep_ not in {"nsubj", "nsubjpass"} or token.head.dep_ != "ROOT":
            continue  # the subject of a main clause: "The cable also warned that the brigade … It said"
        if token.ent_type_ == "PERSON" or token.pos_ not in {"NOUN", "PROPN"}:
            return None  # a person or another pronoun stands between: "it" is no speaker of its own
        name = next((c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        head = name or token  # "a national outlet, Slate magazine, …" is Slate magazine
        phrase = trimmed(doc[head.left_edge.i : head.i + 1])
        return phrase if phrase is not None and can_speak(phrase) else None
    return None


def _group_before(pronoun: Token, people: Sequence[Person], hops: int = 0) -> str | None:
    """What "they" stands for as a speaker: the nearest plural subject of a main clause before it, within
    its sentence and the `THING_REACH` sentences before, where that can speak ("senior officials",
    "Democrats"), or two people who spoke together ("Nancy Pelosi and Chuck Schumer said in a statement.
    … They vowed …"); None otherwise, never one person."""
    doc = pronoun.doc
    start = sentence_of(pronoun).start
    for _ in range(THING_REACH):
        if start == 0:
            break
        start = sentence_of(doc[start - 1]).start
    for token in reversed(doc[start : pronoun.i]):
        if token.dep_ not in {"nsubj", "nsubjpass"} or token.head.dep_ != "ROOT":
            continue
        if inside_quote(token.idx, token.idx + len(token), paired_in(doc)):
            continue  # someone's words: "The President's actions clearly violate …," they said
        if token.lower_ == "they":  # "… they said. They added that …": whom the first stands for
            return _group_before(token, people, hops + 1) if hops < MAX_HOPS else None
        if token.tag_ in {"NNS", "NNPS"}:
            phrase = trimmed(doc[token.left_edge.i : token.i + 1])
            return phrase.text if phrase is not None and can_speak(phrase) else None
        entity = entity_of(token)
        if entity is None or entity.label_ != "PERSON" or not any(c.dep_ == "conj" for c in token.children):
            continue
        joint = _joint_names(entity, people)
        if joint is not None:
            return joint[0]
    return None


def _mentioned_at(offset: int, people: Sequence[Person]) -> Person | None:
    return next((p for p in people if any(s <= offset < e for s, e in p.mentions)), None)


def _by_surname(subject: Token, people: Sequence[Person]) -> Person | None:
    """The person whose surname a proper noun is; also a capitalised word the tagger took for a common
    noun ("Trump: …", "Matthews: …" in a headline or a transcript)."""
    if subject.pos_ != "PROPN" and not (subject.pos_ not in {"PRON", "DET"} and subject.text[:1].isupper()):
        return None  # "Schilling describes himself …" (tagged a verb) is Curt Schilling
    return _with_surname(clean_name(subject.text).lower(), people)


def _with_surname(key: str, people: Sequence[Person]) -> Person | None:
    return next((p for p in people if surname(p.name) == key), None)


def _by_role(phrase: Span, people: Sequence[Person]) -> Person | None:
    """The person whose role is `phrase` ("the U.S. secretary of state"), compared without articles or case;
    of several so titled ("President Moon Jae-in", "President Trump"), the one mentioned last before it."""
    wanted = _normal_role(phrase.text)
    if not wanted:
        return None
    titled = [person for person in people if person.role and _normal_role(person.role) == wanted]
    before = [(s, p) for p in titled for s, _ in p.mentions if s < phrase.start_char]
    return max(before, key=lambda mention: mention[0])[1] if before else next(iter(titled), None)


def _normal_role(text: str) -> str:
    words = [w for w in re.findall(r"[\w.'-]+", text.lower()) if w not in {"the", "a", "an"}]
    return " ".join(words)


def participle_speaker(quote: Quote, quotes: Sequence[Quote]) -> Quote:
    """A quote whose cue is a participle left without a speaker inside the reported clause of another
    quote takes that quote's speaker: the parse hung "saying" on the reported verb, but who says is who
    reports ("Trump argued that a database would keep people out, saying it's "all about management"")."""
    if quote.speaker is not None or quote.cue is None or not quote.cue.endswith("ing") or quote.cue_start is None:
        return quote
    cue = quote.cue_start
    around = [
        q
        for q in quotes
        if q.kind == "indirect"
        and q.speaker is not None
        and q.content[0] <= cue < q.content[1]
        and not (q.speaker_start is not None and q.speaker_start < quote.end and quote.start < (q.speaker_end or 0))
    ]
    if not around:
        return quote
    outer = max(around, key=lambda q: q.start)  # the innermost report
    return replace(
        quote,
        speaker=outer.speaker,
        speaker_id=outer.speaker_id,
        role=outer.role,
        speaker_start=outer.speaker_start,
        speaker_end=outer.speaker_end,
    )


def speaker_quote(
    article: str,
    body: str,
    found: Found,
    shown: tuple[int, int],
    person: Person | None,
    speaker: str | None,
    speaker_span: tuple[int, int] | None,
) -> Quote:
    """The quote of `found` shown over `shown` (reported speech from its subject or verb of saying to its
    sentence's stop, `attribution.reported_span`), its content kept."""
    cue = found.cue
    start, end = shown
    return Quote(
        article=article,
        text=body[start:end],
        start=start,
        end=end,
        kind=found.kind,  # type: ignore[arg-type]
        speaker=speaker,
        speaker_id=person.id if person else None,
        role=person.role if person else None,
        cue=cue.text if cue is not None else None,
        cue_start=cue.idx if cue is not None else None,
        speaker_start=speaker_span[0] if speaker_span else None,
        speaker_end=speaker_span[1] if speaker_span else None,
        content_start=found.start,
        content_end=found.end,
    )
