"""Quotes and speakers on the AllSides crawl (July–October 2021, many outlets), where the parse of a
long news sentence wraps the cue, the attribution or the quote in the wrong phrase."""

from __future__ import annotations

import pytest

from newsprism.annotate import annotate
from tests.conftest import crawl_articles

ARTICLES = 150  # the crawl's first articles, in file order: about 5 s to annotate on 2 cores
LATER = {"allsides-5844/right", "allsides-5833/left", "allsides-5986/center"}  # and these


@pytest.fixture(scope="module")
def crawl():
    articles = crawl_articles()
    chosen = articles[:ARTICLES] + [a for a in articles[ARTICLES:] if a.id in LATER]
    return {item.article.id: item for item in annotate(chosen, link=False)}


def test_a_purpose_is_not_speech(crawl):
    # The Daily Wire: "… likely in order to ensure that Pelosi seated the full.." gave the quote "that Pelosi
    # seated the full" spoken by "order to ensure that Pelosi seated the full"
    quotes = crawl["allsides-5844/right"].quotes
    assert not [q for q in quotes if q.cue == "ensure"]


def test_a_title_of_address_is_no_role(crawl):
    # CNN: "Dr. Anthony Fauci said Sunday …" gave Fauci the role "Dr."; Poynter: "… emails to and from
    # U.S. infectious disease chief Dr. Anthony Fauci": the role ends before the title
    def role(article_id: str) -> str | None:
        return next(person.role for person in crawl[article_id].people if person.name == "Anthony Fauci")

    assert role("allsides-5833/left") is None
    assert role("allsides-5986/center") == "U.S. infectious disease chief"


def test_what_is_said_ends_where_according_to_begins(crawl):
    # CNBC: "… dropped below 300,000 for the first time since the pandemic began, according to data released
    # Thursday by the Department of Labor."
    item = crawl["allsides-5618/left"]
    quote = next(q for q in item.quotes if q.cue == "according")
    assert item.article.body[slice(*quote.content)].endswith("since the pandemic began")
    assert quote.text.endswith("by the Department of Labor.")  # shown as the sentence a reader cites
    assert quote.speaker == "data released Thursday by the Department of Labor"


def test_no_speaker_stands_inside_what_is_said(crawl):
    # a speaker's span never overlaps the words it says (reported speech is shown from its subject, but
    # its content begins after the verb); the exceptions are "according to" in mid-sentence ("That figure
    # — …, according to calculations from …— is based on …"), whose words stand on both sides, and a direct
    # quote its attribution interrupts ("…," Rogan responded. "…"): one quote spans both parts and the
    # attribution between them, as PolNeAR reads it
    inside = [
        (article_id, q.speaker, q.content[:50])
        for article_id, item in crawl.items()
        for q in item.quotes
        if q.speaker_start is not None
        and q.speaker_start < q.content_end
        and q.content_start < q.speaker_end
        and not (q.cue == "according" and q.content_start < q.cue_start < q.content_end)
        and not (q.kind == "direct" and q.cue_start is not None and q.content_start < q.cue_start < q.content_end)
    ]
    assert inside == []
    # a quote shown from before its content is reported speech, or quoted words inside it, shown from its
    # verb, or from a subject that stands before the verb
    widened = [(item, q) for item in crawl.values() for q in item.quotes if q.start < q.content_start]
    assert widened and all(q.kind in {"indirect", "partial"} for _, q in widened)
    assert all(q.start <= q.cue_start < q.content_start for _, q in widened)
    subjects = [(item, q) for item, q in widened if q.start < q.cue_start]
    assert subjects and all("," not in item.article.body[q.start : q.cue_start] for item, q in subjects)
