"""Speakers of direct quotes where the parse alone gets them wrong, on real PolNeAR articles."""

from __future__ import annotations

import pytest

from newsprism.annotate import annotate
from newsprism.annotate.people import surname
from newsprism.annotate.sentences import news_pipeline, sentence_of, text_of
from tests.conftest import body_article, shared_data

ARTICLE = "train/text/breitbart_2016-01-19_long-time-leaders-of-conservativ.txt"
CASES = [
    # the tagger reads "answers" as a noun: the cue is found by its place after the quote
    ("Besides that, not a single accomplishment", "Bozell"),
    # "tells" gets no parsed subject: the speaker is the name between the quote and the cue
    ("Yes, I support Ted Cruz", "Bozell"),
    # the parser makes a noun inside the quote the subject of "notes": rejected, the name after the quote wins
    ("it’s just that Trump articulates it differently", "Viguerie"),
]


@pytest.fixture(scope="module")
def quotes():
    path = shared_data("polnear") / ARTICLE
    body = path.read_text(encoding="utf-8")
    article = body_article("polnear", str(path), body, outlet="Breitbart")
    (annotated,) = annotate([article])
    return annotated.quotes


@pytest.mark.parametrize(("needle", "speaker"), CASES)
def test_direct_quote_speaker(quotes, needle, speaker):
    hits = [q for q in quotes if needle in q.text and q.kind == "direct"]
    assert hits, f"no direct quote holds {needle!r}"
    assert hits[0].speaker and surname(hits[0].speaker) == speaker.lower(), (hits[0].speaker, hits[0].text[:60])


def test_sentence_and_text_lookups_match_spacy(seed_paths):
    doc = news_pipeline()(seed_paths["reuters.txt"].read_text(encoding="utf-8"))
    assert text_of(doc) == doc.text
    for token in doc:
        assert sentence_of(token) == token.sent, token.text
