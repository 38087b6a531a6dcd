"""Does one claim say what another says? A judge answers entails, neutral or contradicts, with reasons.

No entailment model installs from the package index here, so the default judge weighs transparent
evidence that a reader can check: numbers, dates (weekdays, months, years), names, negation and
antonyms ("denies" vs "confirms"). A user who has an NLI cross-encoder (any sentence-transformers
`CrossEncoder` whose labels include entailment and contradiction) names its path in settings
(`entailment_model`) and `load_judge` uses it instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal, Protocol

from newsprism.errors import ModelError

Label = Literal["entails", "neutral", "contradicts"]

NEGATORS = frozenset({"not", "no", "never", "n't", "none", "nobody", "nothing", "neither", "nor", "without"})
DENIALS = frozenset({"deny", "denies", "denied", "denying", "reject", "rejects", "rejected", "rebuff", "rebuffed"})
ANTONYMS = (
    ("rise", "fall"),
    ("rose", "fell"),
    ("increase", "decrease"),
    ("increased", "decreased"),
    ("win", "lose"),
    ("won", "lost"),
    ("accept", "reject"),
    ("accepted", "rejected"),
    ("confirm", "deny"),
    ("confirmed", "denied"),
    ("agree", "disagree"),
    ("agreed", "disagreed"),
    ("open", "closed"),
    ("alive", "dead"),
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")  # fmt: skip
# A month as a date writes it: a capitalised name ("January"), or a short form with its period or day ("Jan. 6",
# "Sept 3"); "May" only next to a number, so that the verb and a "Jan" who is a person are no month.
_MONTH = re.compile(
    r"\b(?:(?:January|February|March|April|June|July|August|September|October|November|December)\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?:\.|\b(?=\s*\d))"
    r"|May\b(?=\s*\d)|(?<=\d\s)May\b)"
)
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000,
}  # fmt: skip
SAME_WORDS = 0.5  # share of content stems two claims have in common for a negation to contradict
_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[A-Za-z]+(?:n't)?|n't")


@dataclass(frozen=True, slots=True)
class Judgement:
    label: Label
    reasons: tuple[str, ...] = ()


class Judge(Protocol):
    name: str

    def judge(self, premise: str, hypothesis: str) -> Judgement: ...


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text.replace("’", "'"))]


ROLE_STOPWORDS = frozenset(
    """a an the of to in on at by for from with and or as than over under about some more less nearly almost
    around up down out per is are was were be been has have had it its this that who which their his her""".split()
)
ROLE_SKIP = 2  # function words skipped after a number before what it counts ("12 of the protesters")


def number_roles(tokens: list[str]) -> dict[float, set[str]]:
    """Each number of a claim's tokens with what it counts, by five-letter stem: the last word of the
    run of content words after it, a few function words skipped ("five Republican appointees" →
    "appoi", "12 of the protesters" → "prote"), else the content word right before it ("Amendment 64"
    → "amend"). A number with neither ("adults over 21") has no role: no number can contradict it."""
    roles: dict[float, set[str]] = {}
    for at, token in enumerate(tokens):
        value = _number(token)
        if value is None:
            continue
        rest = tokens[at + 1 :]
        skipped = 0
        while skipped < min(ROLE_SKIP, len(rest)) and rest[skipped] in ROLE_STOPWORDS:
            skipped += 1
        run = []
        for word in rest[skipped:]:
            if not word.isalpha() or word in ROLE_STOPWORDS:
                break
            run.append(word)
        while len(run) > 1 and run[-1].endswith(("ed", "ing")):  # "14 people died": the count is of people
            run.pop()
        before = tokens[at - 1] if at and tokens[at - 1].isalpha() and tokens[at - 1] not in ROLE_STOPWORDS else None
        role = run[-1] if run else before
        roles.setdefault(value, set()).update({role[:5]} if role else set())
    return roles


def _number(token: str) -> float | None:
    if token[0].isdigit():
        try:
            return float(token.replace(",", ""))
        except ValueError:
            return None
    return float(NUMBER_WORDS[token]) if token in NUMBER_WORDS else None


# when, said relative to the day of writing: "last week" and "last month" cannot both date one event
_RELATIVE = re.compile(
    r"\b(?:(?:earlier|later)\s+)?(?:this|last|next)\s+(?:week|month|year)\b|\b(?:yesterday|today|tomorrow)\b",
    re.IGNORECASE,
)


def dates(text: str, tokens: set[str]) -> dict[str, set[str]]:
    """The weekdays, months (by full name: "Jan." is "january"), years and relative times ("last
    week", "earlier this month") of a claim and its tokens."""
    return {
        "weekday": tokens & set(WEEKDAYS),
        "month": {_month_name(match.group(0)) for match in _MONTH.finditer(text)},
        "year": {t for t in tokens if re.fullmatch(r"(19|20)\d\d", t)},
        "when": {" ".join(match.group(0).lower().split()) for match in _RELATIVE.finditer(text)},
    }


def days(text: str) -> set[float]:
    """The days of the month a claim's dates name ("Jan. 6", "6 January", "July 31st"): a date, not a count."""
    found = set()
    for match in _MONTH.finditer(text):
        after = re.match(r"\s*(\d{1,2})(?:st|nd|rd|th)?\b", text[match.end() :])
        before = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?(?: of)?\s*$", text[: match.start()])
        found |= {float(day.group(1)) for day in (after, before) if day}
    return found


def _month_name(written: str) -> str:
    short = written.rstrip(".").lower()[:3]
    return next(month for month in MONTHS if month.startswith(short))


def polarity(tokens: Iterable[str]) -> int:
    """The number of negations and denials among a claim's tokens, mod 2: 1 when the claim is negative."""
    return sum(1 for t in tokens if t in NEGATORS or t in DENIALS or t.endswith("n't")) % 2


class EvidenceJudge:
    """Contradiction from checkable differences between two claims already aligned as one fact."""

    name = "evidence (numbers, dates, negation, antonyms)"

    def judge(self, premise: str, hypothesis: str) -> Judgement:
        reasons = []
        (tokens_a, ta, da, not_counts_a, roles_a), (tokens_b, tb, db, not_counts_b, roles_b) = (
            _evidence(premise),
            _evidence(hypothesis),
        )
        counted = _counted_differently(roles_a, roles_b, not_counts_a, not_counts_b)
        if counted:
            reasons.append(f"number: {_show(counted[0])} vs {_show(counted[1])}")
        for kind in ("weekday", "month", "year", "when"):
            if da[kind] and db[kind] and not (da[kind] & db[kind]):
                reasons.append(f"{kind}: {', '.join(sorted(da[kind]))} vs {', '.join(sorted(db[kind]))}")
        for x, y in ANTONYMS:
            if (x in ta and y in tb and x not in tb) or (y in ta and x in tb and y not in tb):
                reasons.append(f"antonym: {x} / {y}")
        if polarity(tokens_a) != polarity(tokens_b) and _same_words(ta, tb):
            reasons.append("negation: one says it, the other denies or negates it")
        if reasons:
            return Judgement("contradicts", tuple(reasons))
        return Judgement("entails")


@lru_cache(maxsize=8192)
def _evidence(text: str) -> tuple[list[str], set[str], dict[str, set[str]], set[float], dict[float, set[str]]]:
    """What `EvidenceJudge` reads of one claim, read once however many pairs it is in: its tokens (as
    a list and a set), its dates, the numbers that are dates rather than counts, and its numbers' roles."""
    tokens = _tokens(text)
    found = set(tokens)
    when = dates(text, found)
    not_counts = {float(year) for year in when["year"]} | days(text)  # a date is not a count
    return tokens, found, when, not_counts, number_roles(tokens)


def _counted_differently(
    a: dict[float, set[str]], b: dict[float, set[str]], skip_a: set[float], skip_b: set[float]
) -> tuple[set[float], set[float]] | None:
    """The numbers of two claims that count the same thing (one role) and differ, where neither claim
    gives the other's number for it ("64 votes" vs "61 votes"; not "adults over 21" vs "Amendment 64")."""
    for role in {r for roles in a.values() for r in roles} & {r for roles in b.values() for r in roles}:
        these = {value for value, roles in a.items() if role in roles and value not in skip_a}
        those = {value for value, roles in b.items() if role in roles and value not in skip_b}
        if these and those and not (these & those):
            return these, those
    return None


def _same_words(a: set[str], b: set[str]) -> bool:
    """Whether two claims say much the same words (by five-letter stem, negations and short words
    aside): only then does a negation on one side turn agreement into contradiction."""
    stems_a = {w[:5] for w in a if len(w) > 3 and w not in NEGATORS and w not in DENIALS}
    stems_b = {w[:5] for w in b if len(w) > 3 and w not in NEGATORS and w not in DENIALS}
    union = stems_a | stems_b
    return bool(union) and len(stems_a & stems_b) / len(union) >= SAME_WORDS


def _show(values: set[float]) -> str:
    return ", ".join(f"{v:,.0f}" if v == int(v) else f"{v:g}" for v in sorted(values))


class CrossEncoderJudge:
    """An NLI cross-encoder the user has (a local path), through sentence-transformers."""

    def __init__(self, path: str) -> None:
        from newsprism.models import load_cross_encoder

        self.name = path
        self.model = load_cross_encoder(path, "entailment model")
        labels = {i: str(label).lower() for i, label in self.model.config.id2label.items()}
        self.labels: dict[int, Label] = {}
        for index, label in labels.items():
            if label.startswith("entail"):
                self.labels[index] = "entails"
            elif label.startswith("contra"):
                self.labels[index] = "contradicts"
            else:
                self.labels[index] = "neutral"
        if "entails" not in self.labels.values() or "contradicts" not in self.labels.values():
            raise ModelError(path, f"not an NLI model: its labels are {sorted(labels.values())}")

    def judge(self, premise: str, hypothesis: str) -> Judgement:
        scores = self.model.predict([(premise, hypothesis)])[0]
        best = int(scores.argmax())
        return Judgement(self.labels[best], (f"{self.name}: {self.labels[best]}",))


@cache
def load_judge(model: str | None = None) -> Judge:
    """The configured NLI cross-encoder, else the evidence judge."""
    if not model:
        return EvidenceJudge()
    return CrossEncoderJudge(model)
