"""Clauses: the propositions the parse finds inside a sentence (`annotate.clauses`), aligned beside
their sentence as parts (`compare.claims.parts_of`) and read within it (`models.encode_with_parts`)."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism import read_articles
from newsprism.annotate import annotate
from newsprism.annotate.clauses import clauses_of
from newsprism.annotate.sentences import news_pipeline
from newsprism.compare import compare
from newsprism.compare.claims import claims_of
from newsprism.models import encode_with_parts, load_encoder


@pytest.fixture(scope="module")
def seed(seed_paths):
    return {
        name: annotated
        for name, annotated in zip(
            ("reuters", "xinhua"),
            annotate(read_articles([seed_paths["reuters.txt"], seed_paths["xinhua.txt"]])),
            strict=True,
        )
    }


def _texts(text: str) -> list[str]:
    doc = news_pipeline()(text)
    return [text[start:end] for start, end in clauses_of(doc)]


def test_a_sentence_of_several_facts_yields_each_as_a_span():
    text = (
        "Russia has massed tens of thousands of troops on its borders with Ukraine, and Western states fear "
        "Moscow is planning a new assault on a country it invaded in 2014 to annex the Crimean peninsula."
    )
    found = _texts(text)
    assert "Moscow is planning a new assault on a country it invaded in 2014 to annex the Crimean peninsula" in found
    assert any(t.startswith("Western states fear Moscow") for t in found)
    assert text not in found  # the sentence itself is not a part of itself


def test_appositions_and_titled_names_are_their_own_facts():
    found = _texts(
        "At 7:16 p.m., Victoria Nuland, the State Department spokeswoman, weighed in. "
        "U.S. Secretary of State Antony Blinken shook hands with Russian Foreign Minister Sergei Lavrov."
    )
    assert "Victoria Nuland, the State Department spokeswoman" in found
    assert "Russian Foreign Minister Sergei Lavrov" in found


def test_a_condition_and_a_verb_that_borrows_its_subject_state_nothing():
    found = _texts(
        "Biden said Moscow would pay dearly if Russia invades Ukraine with its army. "
        "Lavrov said Russia has no plans to attack and is not invading any country at all."
    )
    assert not any(t.startswith("if Russia") for t in found)
    assert not any(t.startswith("is not invading") for t in found)


def test_parts_keep_exact_offsets_and_their_whole(seed):
    reuters = seed["reuters"]
    body = reuters.article.body
    claims = claims_of(0, reuters)
    parts = [c for c in claims if c.part]
    assert parts and len(parts) < len(claims)
    for part in parts:
        assert body[part.start : part.end] == part.text
        start, end = part.whole
        assert start <= part.start and part.end <= end and (part.start, part.end) != (start, end)
        assert any(not c.part and (c.start, c.end) == part.whole for c in claims)


def test_a_part_is_read_within_its_sentence():
    encoder = load_encoder()
    text = "Lavrov told Blinken he did not expect a breakthrough at the Geneva talks."
    part = text.index("he did not"), len(text) - 1
    whole, inside = encode_with_parts(encoder, [text], [(0, *part)])
    alone, other = encoder.encode([text[part[0] : part[1]], "The hotel has a view of the lake and the mountains."])
    assert float(np.dot(inside, alone)) > float(np.dot(inside, other)) + 0.3
    assert 0.5 < float(np.dot(inside, whole)) < 0.999  # its own words, read in context


def test_a_part_meets_what_another_outlet_says_in_a_sentence_of_its_own(seed):
    # Reuters: "Lavrov told Blinken he did not expect a breakthrough at the Geneva talks."
    # Xinhua: "... top U.S. and Russian diplomats ... achieved no major breakthrough as expected ..."
    comparison = compare([seed["reuters"], seed["xinhua"]])
    ids = {seed["reuters"].article.id, seed["xinhua"].article.id}
    held = [
        f
        for f in comparison.facts
        if any("did not expect a breakthrough" in m.text for m in f.members)
        and any("no major breakthrough" in m.text for m in f.members)
    ]
    assert held and set(held[0].articles) == ids and held[0].coverage == "all"
    # an unmatched part is no fact of its own: its sentence already says it
    wholes = {
        (a.article.id, c.start, c.end)
        for i, a in enumerate((seed["reuters"], seed["xinhua"]))
        for c in claims_of(i, a)
        if not c.part
    }
    alone = [f.members[0] for f in comparison.facts if len(f.members) == 1 and f.detail_of is None]
    assert alone and all((m.article, m.start, m.end) in wholes for m in alone)
