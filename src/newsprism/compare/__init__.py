"""Compare the articles of one story: facts by coverage, conflicts, voices, framing, a cited summary.

    from newsprism import read_articles
    from newsprism.annotate import annotate
    from newsprism.compare import compare

    comparison = compare(annotate(read_articles(["reuters.txt", "xinhua.txt"])))

Each step is one module: `claims` cuts the articles into sentences and clauses, `anaphora` names
the subject of a claim that opens on "the alliance" or "he", `align` groups the claims that state
the same thing into facts, `entail` judges whether the members of a fact disagree, `voices` counts
who is quoted, `framing` finds scare quotes, loaded words, hedges and omissions, and `summary`
writes the neutral summary. Coverage counts outlets, not articles: two
articles of one outlet are one voice.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

import numpy as np

from newsprism.annotate import unread_note
from newsprism.compare.align import align_claims, alignment_model, load_fact_judge
from newsprism.compare.anaphora import resolve_claims
from newsprism.compare.claims import Claim, span_of, story_claims
from newsprism.compare.details import exclusive_details
from newsprism.compare.entail import Judge, load_judge
from newsprism.compare.framing import frame_articles, load_lexicons, omissions
from newsprism.compare.rewrite import rewrite_summary
from newsprism.compare.summary import CITE, summarise
from newsprism.compare.voices import count_voices
from newsprism.models import Encoder, encode_with_parts, load_encoder
from newsprism.records import LEXICONS_UNCHECKED, AnnotatedArticle, Comparison, Conflict, Fact
from newsprism.settings import Settings

__all__ = ["compare"]


def compare(annotated: Iterable[AnnotatedArticle], *, settings: Settings | None = None) -> Comparison:
    """The `Comparison` of the annotated articles of one story (in the order given)."""
    settings = settings or Settings.load()
    items = [a for a in annotated if isinstance(a, AnnotatedArticle)]
    articles = tuple(a.article for a in items)
    outlet_of = {a.id: a.outlet or a.id for a in articles}
    claims = story_claims(items)
    encoder = load_encoder(settings.encoder)
    resolved = resolve_claims(claims, items)
    vectors = _claim_vectors(encoder, claims, [r.text for r in resolved])
    fact_judge = load_fact_judge(settings.fact_judge) if settings.fact_judge else None
    threshold = settings.match_threshold or getattr(encoder, "match_threshold", None)
    groups, probabilities = align_claims(
        claims, items, vectors, resolved, method=settings.alignment, judge=fact_judge, threshold=threshold
    )

    facts, members = _facts(groups, claims, items, outlet_of)
    facts = _with_details(facts, exclusive_details(facts, members, items, outlet_of))
    judge = load_judge(settings.entailment_model)
    aligned = _pairs_at(probabilities, claims, (fact_judge or alignment_model()).threshold, groups)
    conflicts = _conflicts(facts, members, items, judge, aligned, outlet_of)
    lexicons = load_lexicons(settings.lexicons)
    frames = frame_articles(items, claims, [omissions(outlet_of[a.id], facts, outlet_of) for a in articles], lexicons)
    flagged = {
        index: {(t.start, t.end) for t in frame.scare_quotes + frame.loaded} for index, frame in enumerate(frames)
    }
    notes = [f"sentence encoder: {encoder.name}", f"contradictions judged by: {judge.name}"]
    if fact_judge is not None:
        notes.append(f"same facts judged by: {fact_judge.name}")
    notes += [note for a in articles if (note := unread_note(a, settings.max_article_chars))]
    if not lexicons:
        notes.append(LEXICONS_UNCHECKED)
    supporting = _pairs_at(probabilities, claims, fact_judge.threshold if fact_judge is not None else CITE, groups)
    summary = summarise(facts, members, items, flagged, outlet_of, supporting)
    if settings.rewriter_url:
        summary, rewrite_notes = rewrite_summary(
            summary,
            judge,
            url=settings.rewriter_url,
            model=settings.rewriter_model,
            timeout=settings.rewriter_timeout,
        )
        notes += [f"summary polished by {settings.rewriter_model} at {settings.rewriter_url}", *rewrite_notes]
    return Comparison(
        articles=articles,
        facts=tuple(facts),
        conflicts=tuple(conflicts),
        voices=tuple(count_voices(items)),
        framing=tuple(frames),
        summary=tuple(summary),
        notes=tuple(notes),
    )


def _claim_vectors(encoder: Encoder, claims: list[Claim], texts: list[str]) -> np.ndarray:
    """A vector for each claim, from `texts` (the claims as `anaphora` resolves them): a whole claim
    encoded, a part read within its whole (`models.encode_with_parts`: no second pass), or encoded
    alone where resolving its whole changed the words it lies in."""
    order = [i for i, c in enumerate(claims) if not c.part]
    row_of = {(claims[i].article, claims[i].start, claims[i].end): row for row, i in enumerate(order)}
    inside, alone = [], []
    for i, claim in enumerate(claims):
        if claim.whole is None:
            continue
        row = row_of[(claim.article, *claim.whole)]
        raw, read = claims[order[row]].text, texts[order[row]]
        start = claim.start - claim.whole[0] + len(read) - len(raw)  # resolving changes a claim's opening only
        if start >= 0 and read[start : start + len(claim.text)] == claim.text:
            inside.append((i, (row, start, start + len(claim.text))))
        else:
            alone.append(i)
    found = encode_with_parts(encoder, [texts[i] for i in order] + [texts[i] for i in alone], [p for _, p in inside])
    vectors = np.empty((len(claims), found.shape[1]), dtype=found.dtype)
    vectors[order + alone] = found[: len(order) + len(alone)]
    vectors[[i for i, _ in inside]] = found[len(order) + len(alone) :]
    return vectors


def _pairs_at(
    probabilities: np.ndarray, claims: list[Claim], threshold: float, groups: list[list[int]]
) -> set[tuple[Claim, Claim]]:
    """The pairs of claims of one fact (`groups`) and of different articles whose probability of
    stating one thing reaches `threshold`: the pairs conflicts and citations are read from."""
    return {
        (claims[i], claims[j])
        for group in groups
        for i in group
        for j in group
        if claims[i].article != claims[j].article and probabilities[i, j] >= threshold
    }


def _with_details(facts: list[Fact], details: list[Fact]) -> list[Fact]:
    """Each fact followed by its exclusive details."""
    by_parent: dict[str, list[Fact]] = {}
    for detail in details:
        by_parent.setdefault(detail.detail_of or "", []).append(detail)
    return [item for fact in facts for item in (fact, *by_parent.get(fact.id, ()))]


def _facts(
    groups: list[list[int]], claims: list[Claim], items: list[AnnotatedArticle], outlet_of: dict[str, str]
) -> tuple[list[Fact], dict[str, list[Claim]]]:
    """Facts in story order (by where they first appear in the first article that has them)."""
    total = len(set(outlet_of.values()))
    ordered = sorted(groups, key=lambda g: min((claims[i].article, claims[i].start) for i in g))
    facts, members = [], {}
    for number, group in enumerate(ordered, start=1):
        chosen = _outermost(sorted((claims[i] for i in group), key=lambda c: (c.article, c.start)))
        ids = tuple(dict.fromkeys(items[c.article].article.id for c in chosen))
        carried = len({outlet_of[i] for i in ids})
        coverage = "all" if carried == total and total > 1 else "one" if carried == 1 else "some"
        fact = Fact(
            id=f"f{number}",
            coverage=coverage,
            articles=ids,
            members=tuple(span_of(c, items) for c in chosen),
            attributed=tuple(k for k, c in enumerate(chosen) if c.attributed),
        )
        facts.append(fact)
        members[fact.id] = chosen
    return facts, members


def _outermost(members: list[Claim]) -> list[Claim]:
    """`members` less those inside another member of the same article (a part beside its whole says
    nothing more)."""
    return [c for c in members if not any(c.lies_in(o) and (o.start, o.end) != (c.start, c.end) for o in members)]


def _conflicts(
    facts: list[Fact],
    members: dict[str, list[Claim]],
    items: list[AnnotatedArticle],
    judge: Judge,
    aligned: set[tuple[Claim, Claim]],
    outlet_of: dict[str, str],
) -> list[Conflict]:
    """Members of one fact, from different outlets and aligned with each other (not merely through a
    third claim), that disagree, or that one states as fact and the other attributes to someone.
    One conflict per fact and kind: the first pair in story order that shows it."""
    found: dict[tuple[str, str], Conflict] = {}
    for fact in facts:
        for a, b in combinations(members.get(fact.id, ()), 2):
            if (a, b) not in aligned:
                continue
            spans = (span_of(a, items), span_of(b, items))
            judgement = judge.judge(a.text, b.text)
            if judgement.label == "contradicts":
                for reason in judgement.reasons:
                    kind, _, what = reason.partition(": ")
                    found.setdefault((fact.id, kind), Conflict(fact.id, kind, what or reason, spans))
            elif a.attributed != b.attributed:
                stated, said = (a, b) if not a.attributed else (b, a)
                outlet = outlet_of[items[stated.article].article.id]
                other = outlet_of[items[said.article].article.id]
                what = f"{outlet} states it as fact; {other} attributes it to {said.speaker or 'someone'}"
                found.setdefault((fact.id, "attribution"), Conflict(fact.id, "attribution", what, spans))
    return list(found.values())
