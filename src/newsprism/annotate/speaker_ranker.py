"""Who speaks, learned: a ranker over the words near a piece of speech that could be its speaker.

The rules of `annotate.cues` name one subject per cue and none where the parse gives no subject
(``Hannity interjected: "…"`` misparsed, ``Here's Clinton in December 1992: "…"``). This stage looks
at every head of a noun phrase in the cue's sentence (or, with no cue, the quote's sentence and the
one before it), the rules' subject among them, and scores each with a logistic regression over parse
features: its relation to the cue (subject, agent, object of "according to", how far up the tree),
where it stands (before or after the cue and the quote, the sentence before), what it is (entity
label, part of speech, pronoun, a person of the article, a noun that can speak) and whether it is the
rules' choice. The model keeps the rules' subject unless another candidate outscores it by the
shipped margin, and names one where the rules found none only above the shipped threshold.

`benchmarks/train/speakers.py` trains it on PolNeAR train (the Source spans of its attributions) and
writes `data/speaker_ranker.json`: named weights (about eleven thousand, features and their pairs),
nothing of the articles.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from newsprism.annotate.attribution import Found
from newsprism.annotate.cues import ADDRESSEE_CUES, SUBJECTS, is_cue
from newsprism.annotate.marks import inside_quote, paired_in
from newsprism.annotate.nouns import can_speak
from newsprism.annotate.sentences import entity_of, sentence_of
from newsprism.annotate.speakers import PERSON_PRONOUNS, resolve
from newsprism.records import Person

__all__ = [
    "Ranker",
    "candidates",
    "choose_subject",
    "features",
    "mention_spans",
    "named_by_grammar",
    "pick",
    "probability",
    "shipped_ranker",
    "subject_index",
    "with_pairs",
]

# the words that head a phrase that can be a speaker
HEAD_TAGS = frozenset({"PROPN", "NOUN", "PRON"})
# the dependency labels kept as features; the rest read as "other"
KNOWN_DEPS = frozenset(
    {"nsubj", "nsubjpass", "pobj", "dobj", "appos", "ROOT", "conj", "attr", "npadvmod", "poss", "dep", "ccomp"}
)
SPEAKING_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
UNSPEAKING_ENTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
PRONOUN_FORMS = PERSON_PRONOUNS | {"they", "it", "i", "we", "you"}


@dataclass(frozen=True, slots=True)
class Ranker:
    """A logistic regression over named features and every pair of them ("dep=nsubj&after_cue"), with
    the margin another candidate needs over the rules' subject and the probability a candidate needs
    where the rules found none."""

    weights: dict[str, float]
    intercept: float
    margin: float
    threshold: float

    def score(self, named: dict[str, float]) -> float:
        return self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in with_pairs(named).items())

    def probability(self, named: dict[str, float]) -> float:
        return probability(self.score(named))


def probability(score: float) -> float:
    """The logistic function: a score as a probability."""
    return 1.0 / (1.0 + math.exp(-score))


def with_pairs(named: dict[str, float]) -> dict[str, float]:
    """The features and the product of every two of them, named "a&b" (in sorted order)."""
    keys = sorted(named)
    paired = dict(named)
    for i, first in enumerate(keys):
        for second in keys[i + 1 :]:
            paired[f"{first}&{second}"] = named[first] * named[second]
    return paired


@cache
def shipped_ranker() -> Ranker | None:
    """The model in `data/speaker_ranker.json`, or None where the package holds none (the rules alone)."""
    path = resources.files("newsprism.data").joinpath("speaker_ranker.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Ranker(data["weights"], data["intercept"], data["margin"], data["threshold"])


def candidates(found: Found, doc: Doc) -> list[Token]:
    """The heads of noun phrases that could speak `found`: in the cue's sentence, or with no cue in the
    quote's sentence and the one before; never a word of the speech itself. The rules' subject is
    always among them."""
    sentences = _sentences_of(found, doc)
    heads = [
        token
        for sentence in sentences
        for token in sentence
        if token.pos_ in HEAD_TAGS
        and not found.start <= token.idx < found.end
        and (token.is_alpha or token.pos_ == "PROPN")
        and (token.pos_ == "PRON" or not token.is_stop)  # not "Though" tagged a name at a sentence's start
        and not _inside_phrase(token)
        and not _names_no_one(token)
    ]
    if found.subject is not None and found.subject not in heads:
        heads.append(found.subject)
    return heads


def _inside_phrase(token: Token) -> bool:
    """Whether `token` is part of a larger noun phrase ("Twitter's" in "Twitter's Adam Sharp", "R-S.C." set
    beside "Graham", "DNC" in "a spokesman for the DNC"), which speaks as a whole through its head; the
    object of "according to" or of "by" after a verb heads its own."""
    head = token
    while head.head.i != head.i:
        head = head.head
        if head.pos_ in HEAD_TAGS:
            return True
        if head.pos_ in {"VERB", "AUX"} and head.dep_ not in {"relcl", "acl"}:
            return False  # a verb's own argument; one of a clause on a noun ("lawmakers who were briefed
            # on the plan") is part of that noun's phrase
    return False


def _names_no_one(token: Token) -> bool:
    """A time, a date or a number the tagger made a name ("on Thursday")."""
    entity = entity_of(token)
    return entity is not None and entity.label_ in UNSPEAKING_ENTITIES


def _sentences_of(found: Found, doc: Doc) -> list[Span]:
    if found.cue is not None:
        return [sentence_of(found.cue)]
    token = doc.char_span(found.start, found.end, alignment_mode="expand")
    if token is None or not len(token):
        return []
    sentence = sentence_of(token[0])
    before = [sentence_of(doc[sentence.start - 1])] if sentence.start > 0 else []
    return [*before, sentence]


def features(found: Found, token: Token, mentions: Sequence[tuple[int, int]]) -> dict[str, float]:
    """Named features of `token` as the speaker of `found` (`mentions`: where the article's people are
    mentioned, as character spans)."""
    doc, cue = token.doc, found.cue
    dep = token.dep_ if token.dep_ in KNOWN_DEPS else "other"
    entity = entity_of(token)
    label = entity.label_ if entity is not None and entity.label_ in SPEAKING_ENTITIES else "none"
    is_rule = found.subject is not None and token.i == found.subject.i
    named: dict[str, float] = {
        f"dep={dep}": 1,
        f"pos={token.pos_}": 1,
        f"entity={label}": 1,
        f"kind={found.kind}": 1,
        "rule" if is_rule else "not_rule": 1,
        "rule_none" if found.subject is None else "rule_some": 1,
        f"rule_none&dep={dep}": found.subject is None,
        f"rule&kind={found.kind}": is_rule,
        "capital": token.text[:1].isupper(),
        "person": any(start <= token.idx < end for start, end in mentions),
        "can_speak": can_speak(doc[token.left_edge.i : token.i + 1]),
        "in_quotes": inside_quote(token.idx, token.idx + len(token), paired_in(doc)),
        "speaks_elsewhere": token.dep_ in SUBJECTS and token.head is not cue and is_cue(token.head),
        f"pronoun={token.lower_}": token.lower_ in PRONOUN_FORMS,
        "sentence_start": token.i == sentence_of(token).start,
    }
    named.update(_placement(found, token))
    if cue is not None:
        named.update(_relation_to_cue(token, cue, dep))
    else:
        named["no_cue"] = 1
        named[f"no_cue&dep={dep}"] = 1
    return {name: float(value) for name, value in named.items() if value}


def _placement(found: Found, token: Token) -> dict[str, float]:
    """Where the candidate stands against the quote: before or after it, how far, in which sentence."""
    if token.idx < found.start:
        side, gap = "before", found.start - token.idx
    else:
        side, gap = "after", token.idx - found.end
    quote_sentence = _sentence_at(token.doc, found.start)
    offset = "same" if quote_sentence is None or sentence_of(token).start == quote_sentence.start else "other"
    return {f"quote_{side}": 1, f"quote_{side}_gap={_bucket(gap // 20)}": 1, f"sentence={offset}": 1}


def _sentence_at(doc: Doc, offset: int) -> Span | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return sentence_of(span[0]) if span is not None and len(span) else None


def _relation_to_cue(token: Token, cue: Token, dep: str) -> dict[str, float]:
    """How the candidate hangs on the cue: its subject, its agent, the object of "according to", its
    object, or how many steps apart in the parse; before or after it and how far."""
    steps = _steps(token, cue)
    side = "before_cue" if token.i < cue.i else "after_cue"
    gap = _bucket(abs(token.i - cue.i))
    named = {
        f"steps={_bucket(steps)}": 1,
        f"steps={_bucket(steps)}&dep={dep}": 1,
        side: 1,
        f"{side}={gap}": 1,
        f"{side}&dep={dep}": 1,
        "child_of_cue": token.head.i == cue.i and token.i != cue.i,
        "subject_of_cue": token.head.i == cue.i and token.dep_ in SUBJECTS,
        "agent_of_cue": token.dep_ == "pobj" and token.head.dep_ == "agent" and token.head.head.i == cue.i,
        "according_to": token.dep_ == "pobj" and token.head.head.lower_ == "according",
        "addressee": _addressee(token),
        f"cue_dep={cue.dep_ if cue.dep_ in KNOWN_DEPS else 'other'}&{side}": 1,
    }
    return named


def _addressee(token: Token) -> bool:
    """Whom something is said or written to: "wrote several letters to Congress", "told Fox News"."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "to":
        return head.head.pos_ == "VERB" and head.head.lower_ != "according"
    return token.dep_ in {"dobj", "dative"} and head.lemma_.lower() in ADDRESSEE_CUES


def _steps(token: Token, cue: Token) -> int:
    """Edges between two tokens of one parse (99 where they share no root)."""
    up = {t.i: n for n, t in enumerate([token, *token.ancestors])}
    for n, t in enumerate([cue, *cue.ancestors]):
        if t.i in up:
            return n + up[t.i]
    return 99


def _bucket(value: int) -> str:
    for limit in (0, 1, 2, 3, 5, 8, 13):
        if value <= limit:
            return str(limit)
    return "more"


def choose_subject(found: Found, doc: Doc, people: Sequence[Person], ranker: Ranker | None) -> Token | None:
    """The subject `found` is spoken by: the rules' one, unless the ranker scores another candidate higher
    by its margin; where the rules found none, the best candidate above the ranker's threshold (`pick`).
    A subject the grammar names is kept (`named_by_grammar`)."""
    if ranker is None or found.kind == "scare" or named_by_grammar(found, people, doc):
        return found.subject
    heads = candidates(found, doc)
    mentions = mention_spans(people)
    scores = [ranker.score(features(found, token, mentions)) for token in heads]
    rule = subject_index(found, heads)
    chosen = pick(
        scores,
        rule,
        lambda k: resolve(heads[k], people, doc, found.cue)[1] is not None,
        ranker.margin,
        ranker.threshold,
    )
    return found.subject if chosen is None or chosen == rule else heads[chosen]


def subject_index(found: Found, heads: Sequence[Token]) -> int | None:
    """Where the rules' subject is among the candidates, None where the rules found none."""
    subject = found.subject
    return next((k for k, token in enumerate(heads) if subject is not None and token.i == subject.i), None)


def pick(
    scores: Sequence[float], rule: int | None, resolves: Callable[[int], bool], margin: float, threshold: float
) -> int | None:
    """The index of the candidate chosen by `scores`: from the best down, the rules' own (`rule`) once no
    candidate outscores it by `margin`; where the rules found none, None once the probability falls below
    `threshold`; and only a candidate that `resolves` to a speaker (`speakers.resolve`: not "the line",
    "it"), the others passed over."""
    rule_score = scores[rule] if rule is not None else 0.0
    for k in sorted(range(len(scores)), key=lambda k: -scores[k]):
        if rule is not None and (k == rule or scores[k] - rule_score <= margin):
            return rule
        if rule is None and probability(scores[k]) < threshold:
            return None
        if resolves(k):
            return k
    return rule


def named_by_grammar(found: Found, people: Sequence[Person], doc: Doc) -> bool:
    """Whether the cue is a relative clause on the rules' subject and that subject can speak ("the mayor's
    remarks, which said …"): the grammar names who speaks, and no score overrides it (not so "a phrase
    that could have come from …", which resolves to no one)."""
    cue, rule = found.cue, found.subject
    if cue is None or rule is None or cue.dep_ != "relcl" or cue.head.i != rule.i:
        return False
    return resolve(rule, people, doc, cue)[1] is not None


def mention_spans(people: Iterable[Person]) -> list[tuple[int, int]]:
    """Where the article's people are mentioned, as character spans."""
    return [mention for person in people for mention in person.mentions]
