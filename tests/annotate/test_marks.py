"""Quotation marks paired on real lines that mix their styles (PolNeAR train, readings-train texts)."""

from __future__ import annotations

from newsprism.annotate.marks import quoted_spans
from tests.conftest import shared_data

KELLY = "train/text/breitbart_2016-04-07_ny-post-megyn-kelly-is-no-differ*"


def _text(dataset: str, pattern: str) -> str:
    return next(shared_data(dataset).glob(pattern)).read_text(encoding="utf-8")


def _line(dataset: str, pattern: str, words: str) -> str:
    return next(line for line in _text(dataset, pattern).splitlines() if words in line)


def _quoted(text: str) -> list[str]:
    return [text[span.start : span.end] for span in quoted_spans(text)]


def test_a_curly_quote_inside_a_straight_one_does_not_close_it():
    line = _line("polnear", "train/text/breitbart_2016-06-04_darrell-scott*", "Pastor Darrell Scott")
    assert _quoted(line)[0].startswith("Pastor Darrell Scott defended Trump’s “Look at my African-American over here!”")


def test_two_closing_single_quotes_close_the_quote_they_end_not_the_one_around_it():
    # ""At the first Republican candidates' debate …, unloaded on the GOP front-runner with a “question’’
    # that amounted to an oral spanking.": ’’ closes “question, the straight quote runs to its paragraph's end
    first = _quoted(_line("polnear", KELLY, "question’’"))[0]
    assert first.startswith("At the first Republican") and first.endswith("amounted to an oral spanking.")


def test_a_curly_closing_mark_closes_a_straight_quote():
    # "It is a failed trade policy, … ‘No, we've got to defeat this piece of legislation,’ ” Sanders said …
    first = _quoted(_line("readings-train", "clinton-trade-deal-2015/fox.txt", "It is a failed trade policy"))[0]
    assert first.startswith("It is a failed trade policy") and first.rstrip().endswith("legislation,’")


def test_a_quote_of_another_style_in_the_next_paragraph_is_a_quote_of_its_own():
    # a straight quote left open at a paragraph's end; the next paragraph opens a curly one: no run-on
    quoted = _quoted(_text("polnear", KELLY))
    assert "You’ve called women you don’t like fat pigs, dogs, slobs and disgusting animals," in quoted


def test_an_opening_curly_mark_typed_for_the_closing_one_closes_where_it_ends_a_word():
    # PolNeAR train: "“The reality is, …, that could create new and real problems for her here,“ said Jim
    # Clyburn, …": the speaker stays outside the quote; an opening mark before a word still nests
    line = (
        "“The reality is, if Mrs. Clinton loses Iowa and New Hampshire, that could create new and real "
        "problems for her here,“ said Jim Clyburn, a Democratic congressman."
    )
    assert _quoted(line) == [line[1 : line.index("“ said")]]
    assert _quoted("“A “b” c.”") == ["A “b"]
