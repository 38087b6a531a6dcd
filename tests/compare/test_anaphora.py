"""Anaphoric openings: a definite description or he/she stands for the nearest fitting named entity."""

from __future__ import annotations

import pytest

from newsprism import read_articles
from newsprism.annotate import annotate
from newsprism.annotate.sentences import news_pipeline
from newsprism.compare.anaphora import resolve_claims, resolve_opening
from newsprism.compare.claims import story_claims


def _resolve(text: str, sentence: str):
    """Resolve the opening of `sentence`, the last sentence of `text`."""
    doc = news_pipeline()(text)
    at = text.index(sentence)
    return resolve_opening(
        text,
        at,
        at + len(sentence),
        0,
        [(c.start_char, c.end_char) for c in doc.noun_chunks],
        [(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents],
    )


@pytest.fixture(scope="module")
def seed_resolved(seed_paths):
    annotated = list(annotate(read_articles([seed_paths["reuters.txt"], seed_paths["xinhua.txt"]])))
    claims = story_claims(annotated)
    return {c.text: r for c, r in zip(claims, resolve_claims(claims, annotated), strict=True)}


def test_the_alliance_is_nato(seed_resolved):
    """Reuters: "Russia wants NATO to promise … The U.S.-led alliance has rejected that." """
    resolved = seed_resolved["The U.S.-led alliance has rejected that."]
    assert resolved.text == "NATO has rejected that."
    assert resolved.antecedent == ("NATO", "ORG")


def test_claims_that_name_their_subject_are_unchanged(seed_resolved):
    unchanged = [text for text, r in seed_resolved.items() if r.antecedent is None]
    assert len(unchanged) > 0.9 * len(seed_resolved)
    assert all(seed_resolved[text].text == text for text in unchanged)


def test_a_description_naming_its_referent_is_left_alone():
    resolved = _resolve(
        "Lavrov met Blinken in Geneva. The Russian foreign ministry said the talks were useful.",
        "The Russian foreign ministry said the talks were useful.",
    )
    assert resolved.antecedent is None


def test_nothing_fitting_in_reach_leaves_it_alone():
    text = "Storms hit the coast on Monday. The ministry said roads were closed."
    assert _resolve(text, "The ministry said roads were closed.").antecedent is None


def test_a_head_noun_of_no_kind_is_left_alone():
    text = "Blinken met Lavrov in Geneva on Friday. The talks lasted 90 minutes."
    assert _resolve(text, "The talks lasted 90 minutes.").antecedent is None


def test_a_description_named_in_apposition_is_left_alone():
    """The name that follows the description is its referent, not the person named before."""
    text = "Trump spoke on Monday. The official, Ali Shamkhani, said the deal was void."
    assert _resolve(text, "The official, Ali Shamkhani, said the deal was void.").antecedent is None


def test_he_is_the_nearest_person_before():
    text = "Russian Foreign Minister Sergei Lavrov met reporters in Geneva on Friday. He said the talks were useful."
    resolved = _resolve(text, "He said the talks were useful.")
    assert resolved.text == "Sergei Lavrov said the talks were useful."
    assert resolved.antecedent == ("Sergei Lavrov", "PERSON")
