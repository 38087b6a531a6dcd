"""Speech whose parse goes astray (issue 25, PolNeAR train and its sentences): a misparse that runs a
direct quote's clause on into its speaker, and a participle of saying the parse hung on the reported
verb; with what these rules must leave alone."""

from __future__ import annotations

import pytest

from newsprism.records import AnnotatedArticle
from tests.annotate.passages import annotate_passages, quote_holding

PASSAGES = {
    # PolNeAR train (breitbart, Republican convention): the parse hangs the speaker's name on the quote
    "run_on": (
        "“We’ve had more successful conventions than this one,” Texas delegate Bill Eastland, wearing a "
        "cowboy hat and campaign pins, said matter-of-factly as confetti fluttered."
    ),
    # a cue that introduces a direct quote and a clause of its own in another sentence keeps both
    "own_clause": "“We are done here.” Mr. Smith said the talks would resume in March.",
    # PolNeAR train (AP, Trump on a database): "saying" hung on "keep" inside the reported clause
    "participle": (
        "Trump argued that a database would keep people from coming into the country illegally, saying "
        "it’s “all about management.”"
    ),
    # a participle inside a direct quote is the quote's words, not a report of its speaker
    "participle_in_direct": "“They keep saying it is all about management,” Mr. Smith said.",
}


@pytest.fixture(scope="module")
def annotated() -> dict[str, AnnotatedArticle]:
    return annotate_passages(PASSAGES)


def test_a_direct_quote_is_not_reported_again_with_its_speaker(annotated):
    quotes = annotated["run_on"].quotes
    assert [(q.kind, q.speaker) for q in quotes if "successful conventions" in q.text] == [("direct", "Bill Eastland")]
    assert not any("Eastland" in q.text for q in quotes)


def test_a_cue_of_a_direct_quote_still_reports_its_own_clause(annotated):
    assert quote_holding(annotated["own_clause"], "the talks would resume").speaker == "Smith"


def test_a_participle_inside_a_report_speaks_for_the_reporter(annotated):
    quotes = annotated["participle"].quotes
    assert [(q.speaker, q.cue) for q in quotes if q.kind == "partial"] == [("Trump", "saying")]


def test_a_participle_inside_a_direct_quote_is_no_report(annotated):
    assert [q.speaker for q in annotated["participle_in_direct"].quotes] == ["Smith"]
