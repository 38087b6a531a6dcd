"""Verbs of saying and of stance, and who speaks: the cue vocabulary `annotate.quotes` reads.

A **cue** is a verb of saying ("said", "warned", "according to"), from the GenderGapTracker
quote-verb list (`data/quote_verbs.txt`, MIT) and a few reporting verbs it lacks; a **stance** verb
reports what someone holds rather than says ("expects", "polls show", "defended"), from the verbs
PolNeAR train marks as attribution cues. `subject_of` finds who speaks for a cue: its subject, the
subject of the verb it hangs from, the name set off right after it ("…, said Eric Schultz, …"), or
the object of "according to".
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from newsprism.data import word_list

# Verbs that name rather than report: "called the talks "useful"" quotes one word as speech.
NAMING_VERBS = frozenset({"call", "dub", "term", "label", "brand", "describe", "characterize", "characterise"})
# Reporting verbs missing from the GGT list that news uses for attribution.
EXTRA_CUES = frozenset(
    {"call", "accuse", "deny", "dub", "term", "label", "brand", "vow", "pledge", "concede"}
    | {"ask", "answer", "joke", "quip", "urge", "observe", "confess", "recall", "muse", "scoff"}
)
PASSIVE_CUES = frozenset({"tell", "ask", "quote", "inform", "advise"})
# Verbs of stance and belief that report what someone holds rather than says ("Trump expects …",
# "polls show …", "she defended the plan"): the lemmas that PolNeAR train marks as an attribution cue
# in at least half of their uses with a clause or object (300 train articles, at least 4 cues each;
# benchmarks/quotes.py --word-lists recounts them). They give indirect speech and govern quoted
# fragments, but never stand as the cue beside a direct quotation, so that "…," she said keeps its "said".
STANCE_CUES = frozenset(
    """blast tout rebuke outline reference contend attribute credit recite reiterate stress decline lament
    portray cite complain express mock praise imply blame post emphasize slam promise refuse question
    reveal deem dismiss order propose advocate applaud prefer signal show identify repeat discuss thank
    detail expect oppose distance appear allege endorse wonder seem agree underscore demand defend fear
    echo email""".split()
)
# verbs of stance whose subject is part of what is reported ("Christie's stare seemed to reflect sadness")
RAISING_CUES = frozenset({"seem", "appear"})
# verbs of saying only beside a quotation ("…," he continued), never of a report ("continues to distract")
ONLY_WITH_QUOTES = frozenset({"continue"})
# verbs whose object is the one addressed, not what is said ("told reporters", "asked him")
ADDRESSEE_CUES = frozenset({"tell", "ask", "inform", "advise", "assure", "remind", "warn", "brief"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})


@cache
def quote_verbs() -> frozenset[str]:
    """Inflected verbs of saying (said, says, told, warned …), from `data/quote_verbs.txt`."""
    return word_list("quote_verbs.txt")


def is_cue(token: Token) -> bool:
    """A verb of saying ("said", "warned", "according to"); a passive one only where it still reports
    ("was told"), not where it means something else ("will never be added as a member"); never an
    infinitive that qualifies a noun ("in order to ensure that …", "his decision to announce …"): a
    purpose or a plan, not speech."""
    if token.pos_ not in {"VERB", "AUX"} and token.lower_ != "according":
        return False
    if token.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False
    if any(c.dep_ == "auxpass" for c in token.children) and token.lemma_.lower() not in PASSIVE_CUES:
        return False
    return token.lower_ in quote_verbs() or token.lemma_.lower() in EXTRA_CUES or token.lower_ == "according"


def named_after(cue: Token) -> Token | None:
    """The person named right after a verb of saying and set off by punctuation ("…, said Eric Schultz,
    a White House spokesman, …"), whatever the parse made of the name; None otherwise (``polls show
    Hillary Clinton leading``, ``told Blinken that``)."""
    doc = cue.doc
    if cue.i + 1 >= len(doc) or cue.lemma_.lower() in ADDRESSEE_CUES or not is_cue(cue):
        return None
    entity = next((e for e in doc.ents if e.start == cue.i + 1 and e.label_ == "PERSON"), None)
    if entity is None or (entity.end < len(doc) and doc[entity.end].text not in {",", ".", ";", "--", "—", "–"}):
        return None  # `claimed Obama "has …"`: the name begins what is said
    return entity.root


def subject_of(cue: Token) -> Token | None:
    """Who speaks: the cue's subject, the subject of the verb it is coordinated with, or the object of "according to"."""
    if cue.lower_ == "according":
        for child in cue.children:
            if child.dep_ == "prep":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        return None
    named = named_after(cue)
    if named is not None:
        return named
    verb = cue
    for _ in range(6):
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        # the nearest, where a misparse gives two: "an accusation Romney has -- the nominee acknowledged"
        subject = min(subjects, key=lambda c: abs(c.i - verb.i), default=None)
        if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head  # "Barkley, who said …": the speaker is who "who" stands for
        if subject is not None:
            return subject
        if verb.dep_ in {"conj", "advcl", "xcomp", "relcl", "acomp"} and verb.head.i != verb.i:
            verb = verb.head  # "Yellen is likely to stress that …": who is likely stresses
        elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep":  # "…, the governor said, before clarifying"
            verb = verb.head.head
        elif verb.dep_ in {"dobj", "attr"} and verb.pos_ == "NOUN" and verb.i != cue.i:
            verb = verb.head  # "the campaign took the unusual step of criticizing …"
        else:
            break
    if cue.dep_ == "relcl" or cue.dep_ == "acl":
        return cue.head
    return None


def is_stance(token: Token) -> bool:
    """A verb of stance or belief (`STANCE_CUES`) in the active voice."""
    return (
        token.pos_ == "VERB"
        and token.lemma_.lower() in STANCE_CUES
        and not any(c.dep_ == "auxpass" for c in token.children)
    )
