"""A document speaks for whoever wrote it (issue 25: a speaker is a person, an organisation or a group,
never a thing): "the report, by White House Counsel Robert Bauer, concluded" and, later, "the report said"
are Bauer; a document whose author the article never gives stays as it is. And "the president said"
after "President Trump", a title the parse hung elsewhere; "the Senate minority leader said" after
"Harry M. Reid (D-Nev.)", an office no one of the article was given (a PolNeAR train sentence). Sentences of BASIL articles that no reading
of the dev set holds."""

from __future__ import annotations

from tests.annotate.passages import quote_holding

PASSAGES = {
    "report_by": (
        "The White House asked former President Bill Clinton to talk to Rep. Joe Sestak about the possibility "
        "of obtaining a senior position, the Obama administration said in a report released Friday morning.\n\n"
        "But the report, by White House Counsel Robert Bauer, concluded that “allegations of improper conduct "
        "rest on factual errors and lack a basis in the law.”\n\n"
        "Batting down allegations, the report said Sestak was offered positions that were uncompensated."
    ),
    "compound": (
        "A Justice Department indictment unsealed Tuesday charged Representative Duncan Hunter. The indictment "
        "alleges that he spent tens of thousands of dollars on smaller purchases."
    ),
    "unknown_author": (
        "Sestak rejected the overture. “Congressman Sestak was viewed to be highly qualified to hold a range of "
        "advisory positions,” the memo said."
    ),
    "office": (
        "Harry M. Reid (D-Nev.) blasted Rubio and defended Cruz in a recent interview with The Post. “It shows a "
        "lack of character in my opinion,” the Senate minority leader said."
    ),
    "president": (
        "WASHINGTON — President Trump and Democratic congressional leaders failed on Wednesday to resolve the "
        "shutdown. Mr. Trump charged that Democrats were sacrificing border security.\n\n"
        "“The United States needs a physical barrier,” the president said during the cabinet meeting."
    ),
}


def test_a_report_speaks_for_its_author_here_and_later(annotated):
    item = annotated["report_by"]
    for words in ("allegations of improper conduct", "Sestak was offered positions"):
        quote = quote_holding(item, words)
        assert quote.speaker == "Robert Bauer" and quote.speaker_id is not None
        assert "report" in item.article.body[quote.speaker_start : quote.speaker_end]


def test_the_organisation_named_on_the_document_is_its_author(annotated):
    assert quote_holding(annotated["compound"], "smaller purchases").speaker == "Justice Department"


def test_a_document_of_no_known_author_stays_the_document(annotated):
    assert quote_holding(annotated["unknown_author"], "highly qualified").speaker == "memo"


def test_the_president_is_the_one_titled_so_where_the_parse_lost_the_title(annotated):
    assert quote_holding(annotated["president"], "physical barrier").speaker == "Trump"


def test_an_office_no_one_was_given_is_the_person_just_spoken_of(annotated):
    assert quote_holding(annotated["office"], "lack of character").speaker == "Harry M. Reid"
