"""Summary sentences read alone: relative times become dates from the dateline and the publication
date, "here" the dateline's place; quotes stay as said; an undated article changes nothing and says so."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from newsprism.annotate import annotate
from newsprism.compare import compare
from newsprism.compare.deixis import story_day, told_alone, unresolved
from newsprism.pipeline import read_articles
from tests.conftest import shared_data


@pytest.fixture(scope="module")
def seed(seed_paths) -> dict:
    articles = list(read_articles([str(seed_paths["reuters.txt"]), str(seed_paths["xinhua.txt"])]))
    return {a.article.outlet: a for a in annotate(articles)}


def span_holding(item, words: str) -> tuple[int, int]:
    """The sentence of `item` that holds `words`."""
    at = item.article.body.index(words)
    sentence = next(s for s in item.sentences if s.start <= at < s.end)
    return sentence.start, sentence.end


def test_the_story_day_is_the_datelines_day_not_the_day_it_was_published(seed):
    # Xinhua's Geneva dateline says Jan. 21; the article is dated the 22nd (Beijing)
    assert seed["Xinhua"].article.published.startswith("2022-01-22")
    assert story_day(seed["Xinhua"]) == date(2022, 1, 21)
    assert story_day(seed["Reuters"]) == date(2022, 1, 21)


def test_a_weekday_of_the_story_day_and_next_week_become_dates(seed):
    reuters = seed["Reuters"]
    told = told_alone(reuters, *span_holding(reuters, "at talks they began in Switzerland on Friday"))
    assert "in Switzerland on Friday (21 January 2022)" in told
    xinhua = seed["Xinhua"]
    told = told_alone(xinhua, *span_holding(xinhua, "A promised written response"))
    assert "from the United States in the week of 24 January 2022 to Russia's proposals" in told


def test_here_is_the_datelines_place(seed):
    # issue 24: Xinhua's "diplomats meeting here on Friday" read as the summary's own words
    xinhua = seed["Xinhua"]
    told = told_alone(xinhua, *span_holding(xinhua, "diplomats meeting here on Friday"))
    assert "diplomats meeting in Geneva on Friday (21 January 2022)" in told


def test_a_quote_keeps_its_words(seed):
    xinhua = seed["Xinhua"]
    start, end = span_holding(xinhua, "We didn't expect any major breakthroughs to happen today")
    assert "to happen today," in told_alone(xinhua, start, end)


def test_an_undated_article_keeps_its_times_and_says_it_cannot_date_them(seed):
    undated_article = dataclasses.replace(seed["Reuters"].article, published=None, dateline=None)
    reuters = dataclasses.replace(seed["Reuters"], article=undated_article)
    start, end = span_holding(reuters, "at talks they began in Switzerland on Friday")
    assert story_day(reuters) is None
    assert told_alone(reuters, start, end) == reuters.article.body[start:end]
    assert unresolved(reuters, start, end)
    assert not unresolved(seed["Reuters"], start, end)


def test_the_seed_summary_names_the_day_and_never_says_here(seed):
    summary = [s.text for s in compare(list(seed.values())).summary]
    assert any("on Friday (21 January 2022)" in text for text in summary)
    assert not any(" here " in text for text in summary)


def test_last_week_and_earlier_this_week_in_basil_stories():
    folder = shared_data("readings-train") / "benghazi-talking-points-2013"
    reading = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    read = {a.source.rsplit("/", 1)[-1]: a for a in read_articles([str(folder / n) for n in ("fox.txt", "hpo.txt")])}
    dated = [dataclasses.replace(a, published=reading["articles"][name]["published"]) for name, a in read.items()]
    fox, hpo = annotate(dated)
    # Fox, Monday 13 May 2013: "in a document put out last week"
    assert "put out in the week of 6 May 2013" in told_alone(fox, *span_holding(fox, "in a document put out last week"))
    # HuffPost, Wednesday 15 May 2013: "an email leaked earlier this week"
    told = told_alone(hpo, *span_holding(hpo, "an email leaked earlier this week"))
    assert "an email leaked earlier in the week of 13 May 2013" in told
