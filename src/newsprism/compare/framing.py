"""Framing: how each article tells the story.

- **scare quotes** from the annotate stage ("invasion" in quotation marks that nobody is quoted saying);
- **loaded words** from the lexicons a user points `lexicons` at (one word per line; the Recasens
  et al. 2013 bias lexicon is the one the benchmark uses). None ships with newsprism: the published
  lists give no licence that allows it, so without one the report says loaded words were not checked;
- **hedges**: words that soften a claim ("reportedly", "allegedly", "may"), from `data/hedges.txt`;
- **attribution verbs**: the verbs of saying each article uses, "said" against "claimed" or "admitted";
- **stated vs attributed**: claims the article states itself against those it attributes;
- **omissions**: facts the other outlets share that this one leaves out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from newsprism.compare.claims import Claim
from newsprism.data import read_words, word_list
from newsprism.errors import InputError
from newsprism.records import AnnotatedArticle, Fact, Framing, Term

_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")


@cache
def hedges() -> frozenset[str]:
    return word_list("hedges.txt")


@cache
def load_lexicons(paths: str | None) -> dict[str, frozenset[str]]:
    """Loaded-word lexicons by name (the file's stem), from ":"-separated paths; empty without any."""
    lexicons = {}
    for part in (paths or "").split(":"):
        if not part.strip():
            continue
        path = Path(part.strip())
        try:
            lexicons[path.stem] = read_words(path.read_text(encoding="utf-8", errors="replace"))
        except OSError as error:
            raise InputError(str(path), f"cannot read lexicon: {error.strerror or error}") from error
    return lexicons


def find_terms(body: str, words: frozenset[str], kind: str) -> list[Term]:
    """Every word of `body` in `words` (compared in lower case; multi-word entries as phrases)."""
    found = []
    phrases = [w for w in words if " " in w]
    for match in _WORD.finditer(body):
        if match.group().lower() in words:
            found.append(Term(match.group(), match.start(), match.end(), kind))
    lowered = body.lower()
    for phrase in phrases:
        for match in re.finditer(r"\b" + re.escape(phrase) + r"\b", lowered):
            found.append(Term(body[match.start() : match.end()], match.start(), match.end(), kind))
    return sorted(found, key=lambda t: t.start)


def omissions(outlet: str, facts: Sequence[Fact], outlet_of: dict[str, str]) -> tuple[str, ...]:
    """Facts that every other outlet carries (or at least two others, in a story of four outlets or
    more) and `outlet` does not. `outlet_of` maps article ids to outlets."""
    others = set(outlet_of.values()) - {outlet}
    if not others:
        return ()
    need = len(others) if len(others) < 3 else 2
    missing = []
    for fact in facts:
        carried = {outlet_of[article] for article in fact.articles}
        if outlet not in carried and len(carried & others) >= need:
            missing.append(fact.id)
    return tuple(missing)


def frame_articles(
    annotated: Sequence[AnnotatedArticle],
    claims: Sequence[Claim],
    omitted: Sequence[tuple[str, ...]],
    lexicons: dict[str, frozenset[str]],
) -> list[Framing]:
    result = []
    for index, item in enumerate(annotated):
        body = item.article.body
        scare = tuple(Term(s.text, s.start, s.end, "scare quote") for s in item.scare_quotes)
        loaded = tuple(term for name, words in lexicons.items() for term in find_terms(body, words, name))
        mine = [c for c in claims if c.article == index and not c.part]  # its sentences and clauses, not their parts
        verbs = Counter(q.cue.lower() for q in item.quotes if q.cue)
        result.append(
            Framing(
                article=item.article.id,
                scare_quotes=scare,
                loaded=tuple(sorted(loaded, key=lambda t: t.start)),
                hedges=tuple(find_terms(body, hedges(), "hedge")),
                attribution_verbs=tuple(sorted(verbs.items(), key=lambda kv: (-kv[1], kv[0]))),
                stated=sum(1 for c in mine if not c.attributed),
                attributed=sum(1 for c in mine if c.attributed),
                omissions=omitted[index],
            )
        )
    return result
