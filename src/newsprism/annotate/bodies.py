"""The organisation a description stands for: "the department said" after "the Justice Department", "the
group says" after "the Center for Arizona Policy, a social conservative group", "That committee said";
the words of one are the organisation's ("The group's first ad called …"). `annotate.speakers` lets it speak."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsprism.annotate.authors import DEFINITE
from newsprism.annotate.referents import DESCRIPTION_REACH, OWN_WORDS, determiner
from newsprism.annotate.sentences import entities_of, sentence_of

# the nouns by which news names again any organisation it has just made a subject ("the company said", "the
# tech giant", "the news site")
GENERIC_ORGANISATIONS = frozenset(
    {"company", "firm", "group", "organization", "organisation", "giant", "site", "outlet", "network", "chain"}
)


def described_organisation(subject: Token) -> Span | None:
    """The organisation a definite description stands for: "the department said" after "the Justice
    Department" is the Justice Department, "the conference responded" after "The United States Conference of
    Catholic Bishops" is the conference (the last one named before it whose name has that noun for head); a
    generic one ("the company", "the group") is the organisation that was the subject of its sentence or
    the one before ("Yahoo was hacked, and the company said") or one set beside such a noun ("the Center for
    Arizona Policy, a social conservative group. … The group says"); "that committee" and "this agency" name
    again as "the" does; the words of one are the organisation's ("The group's first ad called …"). None
    where no such organisation was named."""
    if subject.pos_ != "NOUN" or subject.tag_ != "NN" or any(c.dep_ == "prep" for c in subject.children):
        return None
    possessor = next((c for c in subject.children if c.dep_ == "poss"), None)
    if possessor is not None:
        if subject.lemma_.lower() not in OWN_WORDS or possessor.pos_ != "NOUN":
            return None
        return described_organisation(possessor)
    if not any(c.dep_ == "det" for c in subject.children) or determiner(subject) not in DEFINITE:
        return None
    doc, noun = subject.doc, subject.lemma_.lower()
    generic = noun in GENERIC_ORGANISATIONS
    earliest = sentence_of(subject).start
    if earliest > 0:
        earliest = sentence_of(doc[earliest - 1]).start
    for entity in reversed([e for e in entities_of(doc) if e.end <= subject.i and e.label_ == "ORG"]):
        if subject.idx - entity.start_char > DESCRIPTION_REACH:
            break
        if entity[-1].lemma_.lower() == noun or (entity.root.lemma_.lower() == noun and _named_of(entity)):
            return entity
        if any(c.dep_ == "appos" and c.lemma_.lower() == noun for c in entity.root.children):
            return entity  # "the Center for Arizona Policy, a social conservative group. The group says"
        if generic and entity.start >= earliest and entity.root.dep_ in {"nsubj", "nsubjpass"}:
            return entity
    return None


def _named_of(entity: Span) -> bool:
    """Whether an organisation's name says whose or what it is after its head ("Conference of Catholic
    Bishops", "Board of Elections"), unlike a headline the tagger took for one name."""
    return any(c.dep_ == "prep" and c.lower_ == "of" and c.i < entity.end for c in entity.root.children)
