"""The seed pair compared: the facts, exclusives, scare quotes, voices and summary of expected.json.

Each test prints what it found and what it missed, so a failure says which reading went wrong.
The issue's bar is 7 of the 8 shared facts and 11 of the 13 exclusives; `FLOOR_*` holds what the
calibrated aligner reaches today, so that no change makes it worse while the bar is not yet met.
"""

from __future__ import annotations

import pytest

from newsprism import read_articles
from newsprism.annotate import annotate
from newsprism.compare import compare
from newsprism.records import Comparison, Fact

NAMES = ("reuters.txt", "xinhua.txt")
FLOOR_SHARED = 7  # the bar
FLOOR_EXCLUSIVE = 13  # bar: 11


@pytest.fixture(scope="module")
def comparison(seed_paths) -> Comparison:
    return compare(annotate(read_articles([seed_paths[name] for name in NAMES])))


@pytest.fixture(scope="module")
def ids(comparison) -> dict[str, str]:
    """file name → article id"""
    return {name: article.id for name, article in zip(NAMES, comparison.articles, strict=True)}


def _located(comparison: Comparison, article: str, needle: str) -> tuple[int, int]:
    body = next(a.body for a in comparison.articles if a.id == article)
    at = body.find(needle)
    assert at >= 0, f"{needle!r} is not in {article}"
    return at, at + len(needle)


def _holds(fact: Fact, article: str, span: tuple[int, int]) -> bool:
    """Some member of `fact` from `article` covers at least half of `span`."""
    start, end = span
    return any(
        m.article == article and min(end, m.end) - max(start, m.start) >= (end - start) / 2 for m in fact.members
    )


def _show(comparison: Comparison, fact: Fact | None) -> str:
    if fact is None:
        return "in no fact"
    outlets = {a.id: a.outlet for a in comparison.articles}
    return f"{fact.id} ({fact.coverage}): " + " | ".join(f"{outlets[m.article]}: {m.text[:60]}" for m in fact.members)


def test_shared_facts_are_carried_by_both(comparison, ids, expected):
    found, missed = [], []
    for item in expected["shared_facts"]:
        reuters = _located(comparison, ids["reuters.txt"], item["reuters"])
        xinhua = _located(comparison, ids["xinhua.txt"], item["xinhua"])
        hits = [
            f
            for f in comparison.facts
            if f.coverage == "all" and _holds(f, ids["reuters.txt"], reuters) and _holds(f, ids["xinhua.txt"], xinhua)
        ]
        (found if hits else missed).append(item["about"])
        if not hits:
            for name, span in (("reuters.txt", reuters), ("xinhua.txt", xinhua)):
                fact = next((f for f in comparison.facts if _holds(f, ids[name], span)), None)
                print(f"  missed {item['about']!r}: {name} → {_show(comparison, fact)}")
    print(f"shared facts found {len(found)}/{len(found) + len(missed)}: {found}")
    assert len(found) >= FLOOR_SHARED, f"missed: {missed}"


def test_exclusives_belong_to_their_outlet_only(comparison, ids, expected):
    """Each `only_in` passage is a fact of its outlet alone, or a detail its outlet alone adds to a
    shared fact (`Fact.detail_of`)."""
    found, missed = [], []
    for name, needles in expected["only_in"].items():
        for needle in needles:
            span = _located(comparison, ids[name], needle)
            holding = [f for f in comparison.facts if _holds(f, ids[name], span)]
            alone = [f for f in holding if f.articles == (ids[name],)]
            if alone:
                found.append(needle)
                print(f"  found {name}: {needle!r} → {_show(comparison, alone[0])}")
            else:
                missed.append(needle)
                print(f"  missed {name}: {needle!r} → {_show(comparison, holding[0] if holding else None)}")
    print(f"exclusives found {len(found)}/{len(found) + len(missed)}")
    assert len(found) >= FLOOR_EXCLUSIVE, f"missed: {missed}"


def test_scare_quotes_are_framing(comparison, ids, expected):
    framing = {f.article: f for f in comparison.framing}
    terms = [t.text for t in framing[ids["xinhua.txt"]].scare_quotes]
    assert sorted(terms) == sorted(expected["articles"]["xinhua.txt"]["scare_quotes"])
    assert not framing[ids["reuters.txt"]].scare_quotes


def test_voices_contrast(comparison, ids):
    """Reuters alone quotes a Western analyst and two Russian officials; Xinhua alone two Russian analysts."""
    only = {
        name: {v.speaker.split()[-1] for v in comparison.voices if v.article == ids[name] and v.only_here}
        for name in NAMES
    }
    print(only)
    assert {"Kleine-Brockhoff", "Ryabkov", "Peskov"} <= only["reuters.txt"]
    assert {"Kortunov", "Bystritsky"} <= only["xinhua.txt"]
    both = {v.speaker.split()[-1] for v in comparison.voices if not v.only_here}
    assert {"Blinken", "Lavrov"} <= both


def test_every_summary_sentence_cites_valid_spans(comparison):
    bodies = {a.id: a.body for a in comparison.articles}
    assert comparison.summary
    for sentence in comparison.summary:
        print("-", sentence.text)
        assert sentence.citations, sentence.text
        for citation in sentence.citations:
            assert bodies[citation.article][citation.start : citation.end] == citation.text
    assert any(len({c.article for c in s.citations}) == 2 for s in comparison.summary)


def test_a_summary_sentence_does_not_cite_an_article_that_does_not_state_it(comparison, ids):
    # issue 24: "Lavrov also described the meeting as open and useful" cited Reuters, written before
    # the talks, through a fact that also held Lavrov's "(Our) proposals are extremely concrete …"
    [fact] = [f for f in comparison.facts if any("open and useful" in m.text for m in f.members)]
    assert set(fact.articles) == {ids["xinhua.txt"]}
    for sentence in comparison.summary:
        if any("open and useful" in c.text for c in sentence.citations):
            assert {c.article for c in sentence.citations} == {ids["xinhua.txt"]}


def test_summary_avoids_scare_quoted_wording(comparison):
    for sentence in comparison.summary:
        assert '"invasion' not in sentence.text and '"invades' not in sentence.text, sentence.text


def test_round_trip(comparison):
    assert Comparison.from_dict(comparison.to_dict()) == comparison


def test_json_matches_the_published_schema(comparison):
    import json
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("newsprism.data").joinpath("comparison.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(json.dumps(comparison.to_dict())), schema)
    broken = comparison.to_dict()
    broken["facts"][0]["coverage"] = "most"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_fact_members_point_into_their_articles(comparison):
    bodies = {a.id: a.body for a in comparison.articles}
    for fact in comparison.facts:
        assert fact.coverage == ("all" if len(set(fact.articles)) == 2 else "one")
        for member in fact.members:
            assert bodies[member.article][member.start : member.end] == member.text


def test_summary_sentences_stand_on_their_own(comparison):
    """A clause cut from a sentence ("including a promise …", "saying that …") is not told alone."""
    for sentence in comparison.summary:
        first = sentence.text.split()[0].strip('“"').lower()
        assert first not in {"including", "saying", "adding", "noting", "which", "who", "whose"}, sentence.text
