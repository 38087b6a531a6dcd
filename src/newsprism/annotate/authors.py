"""Who speaks through a document: "the report, by White House Counsel Robert Bauer, concluded …" is
Bauer speaking, and so is "the report said" two paragraphs on; "The D.N.C. filed a lawsuit … the lawsuit
says" is the D.N.C. A report, a memo or a lawsuit cannot speak (issue 25): its author can, where the
article says who that is, at this mention or at an earlier one of the same document."""

from __future__ import annotations

from spacy.tokens import Token

from newsprism.annotate.referents import determiner

# the documents that news lets speak for whoever wrote or filed them
DOCUMENTS = frozenset(
    """report memo memorandum lawsuit suit complaint indictment filing letter statement petition brief
    motion document release""".split()
)
# how a document comes from someone: "X released a report", "a memo written by X", "X filed a lawsuit"
MAKING_VERBS = frozenset(
    """release issue file write send sign publish post produce prepare submit author draft deliver unveil
    bring compile""".split()
)
# how a document is said to be someone's: "a report by X", "a memo from X"
BY = frozenset({"by", "from"})
# the entities that write: people, organisations, groups and the states that act as one
WRITERS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# the words that take up a document already mentioned: "the report", "this memo"
DEFINITE = frozenset({"the", "this", "that"})


def author_of_document(subject: Token) -> Token | None:
    """The head of whoever wrote the document `subject` names, at this mention or else, for "the report",
    at the nearest earlier mention of the same document that says it; None for any other subject or
    where the article does not say."""
    lemma = subject.lemma_.lower()
    if lemma not in DOCUMENTS:
        return None
    author = _author_here(subject)
    if author is not None or determiner(subject) not in DEFINITE:
        return author
    for earlier in reversed(subject.doc[: subject.i]):
        if earlier.lemma_.lower() == lemma and earlier.pos_ == "NOUN":
            author = _author_here(earlier)
            if author is not None:
                return author
    return None


def _author_here(noun: Token) -> Token | None:
    """Who this very mention says wrote the document: its owner ("Bauer's report"), a "by" or "from"
    phrase ("the report, by … Robert Bauer", "a memo from the White House"), the agent of a clause on it
    ("a memo written by …"), or the subject of the verb that made it ("The D.N.C. filed a lawsuit", "the
    administration said in a report")."""
    for child in noun.children:
        if child.dep_ in {"poss", "compound"} and child.ent_type_ in WRITERS and _can_write(child):
            return child  # "Bauer's report", "A Justice Department indictment"
        if child.dep_ == "poss" and _can_write(child):
            return child
        if child.dep_ == "prep" and child.lower_ in BY:
            author = next((g for g in child.children if g.dep_ == "pobj" and _can_write(g)), None)
            if author is not None:
                return author
        if child.dep_ == "acl" and child.lemma_.lower() in MAKING_VERBS:
            agents = [g for c in child.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agents and _can_write(agents[0]):
                return agents[0]
    verb = noun.head
    if noun.dep_ in {"nsubj", "nsubjpass"}:  # "the report, by … Robert Bauer, concluded": the parse hangs
        # the aside on the verb
        aside = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in BY and noun.i < c.i < verb.i]
        by = [g for c in aside for g in c.children if g.dep_ == "pobj" and _can_write(g)]
        return by[0] if by else None
    if noun.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ == "in":
        verb = verb.head  # "the Obama administration said in a report released Friday"
    elif noun.dep_ != "dobj" or verb.lemma_.lower() not in MAKING_VERBS:
        return None
    maker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return maker if maker is not None and _can_write(maker) else None


def _can_write(token: Token) -> bool:
    """A name, a pronoun for someone or a noun (whether that can speak is `speakers.resolve`'s to say):
    no document, nor "it"."""
    if token.lemma_.lower() in DOCUMENTS or token.lower_ in {"it", "its", "this", "that", "which"}:
        return False
    return token.pos_ in {"PROPN", "PRON", "NOUN"}
