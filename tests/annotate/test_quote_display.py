"""How quotes are shown and whose they are where a source is introduced before it is named (issue 25): "made
clear that" reports; "who said …" is shown with its "who"; quoted words inside a reported sentence are shown
from the verb that reports them, with the marks that close them ('calling it "very good news."', 'the deal …
was a "terrible deal."'); words quoted after the "as" of a verb that judges its object are its subject's
('assailed the agreement … as "insane"'); a country's office is the person who holds it ("Israel's prime
minister"), and an agency's chief its director; and a described source is the person the next sentence names
for the first time as its subject ("Israel's ambassador to the United States said …. "…," Ron Dermer told
…"), never a person inside quoted words; an indefinite one ("A two-term Republican congressman …") only
where the article gives that person its noun, and never a body ("John Kasich's campaign") or a place the
person is not of. Passages of NewsWCL50 events that no reading of the dev set holds (events 2, 4 and 9), of
a readings-train story, of PolNeAR train and of PTC."""

from __future__ import annotations

import pytest

from tests.annotate.passages import annotate_passages, quote_holding

PASSAGES = {
    "calling": (
        "President Donald Trump commended North Korea's suspension of the tests in a tweet about 7 p.m. Friday "
        'EDT, calling it "very good news."'
    ),
    "closing_mark": (
        'Trump repeated that the deal reached under the Obama administration was a "terrible deal." He added '
        "that Iran would have bigger problems if it restarted its program."
    ),
    "judged_as": (
        "Hosting President Emmanuel Macron of France at the White House, Mr. Trump again assailed the agreement "
        'made by the Obama administration as "insane" and "ridiculous," but said he could agree to "a new '
        'deal" negotiated by American and European officials if it was strong enough.'
    ),
    "known_as": ('The hacker known as "Guccifer" was sentenced on Thursday. The judge did not comment on the case.'),
    "country_office": (
        'Israel\'s prime minister says his government has obtained "half a ton" of secret Iranian documents '
        "proving the Tehran government once had a nuclear weapons program.\n\n"
        'Tens of thousands of secret files and other evidence proves the 2015 Iran nuclear deal is "based on '
        'lies and Iranian deception" and should be thrown out, Israeli Prime Minister Benjamin Netanyahu said '
        "Monday."
    ),
    "named_next": (
        "Israel's ambassador to the United States said a public speech and slideshow by Prime Minister Benjamin "
        'Netanyahu unveiled facts about Iran\'s nuclear program that were worse than a "smoking gun."\n\n'
        '"He presented a smoking bomb," Ron Dermer told Bret Baier on "Special Report."'
    ),
    "the_official": (
        "Iran's security chief warned on Tuesday that his country would consider leaving the Nuclear "
        "Nonproliferation Treaty, if Mr. Trump pulls out from the 2015 agreement. The official, Ali Shamkhani, "
        "said signatories to the nonproliferation treaty have the right to leave it."
    ),
    "named_after_the_quote": (
        "The head of Iran's Atomic Energy organization said on Monday that Iran has the technical capability to "
        "enrich uranium to a higher level than it could before the multinational deal was reached.\n\n"
        '"Technically, we are fully prepared to enrich uranium higher than we used to produce before the deal '
        'was reached... I hope Trump comes to his senses and stays in the deal," Ali Akbar Salehi was quoted '
        "by Iranian state television as saying."
    ),
    "lede": (
        "A two-term Republican congressman from Idaho with a track record of challenging the House Republican "
        "leadership said Friday he would run for the No. 2 job in the chamber.\n\n"
        "Raul Labrador, a 46-year-old Mormon father of five, tea party congressman and Puerto Rican-born only "
        "child of a single mother, will challenge House Majority Whip Kevin McCarthy (R-Calif.) for the "
        "position of House majority leader."
    ),
    "lede_someone_else": (
        "A senior administration official said Friday the talks would resume next week.\n\n"
        "Raul Labrador, a tea party congressman from Idaho, will challenge House Majority Whip Kevin McCarthy "
        "for the position of House majority leader."
    ),
    "body_before_a_name": (
        "The final results aren’t in, but John Kasich’s campaign is already claiming victory in the so-called "
        "“governor’s bracket.”\n\n"
        "Kasich’s chief strategist John Weaver says in a statement that the race will now be a four-man contest "
        "between Kasich, Marco Rubio, Ted Cruz and Donald Trump."
    ),
    "chief": (
        "Central Intelligence Agency Director Mike Pompeo met with North Korean leader Kim Jong Un over Easter "
        "weekend, according to media reports Tuesday.\n\n"
        "Pompeo reportedly made the secret visit to North Korea to prepare for direct talks between U.S. "
        "President Donald Trump and Kim, who plan to discuss Pyongyang’s nuclear program. News of the meeting "
        "comes just days after the CIA chief told senators he was encouraged that such talks would be "
        "productive."
    ),
    "made_clear": (
        "Mr. Trump made clear last week that he would introduce “regulations” after a federal judge criticized "
        "the White House for stripping Mr. Acosta’s credentials without due process or a coherent rationale."
    ),
    "who_said": (
        "Dermer also ripped Iranian diplomat Mohammad Javad Zarif, who said Trump is being “impetuous” and "
        "sabotaging the Iran nuclear deal."
    ),
}


@pytest.fixture(scope="module")
def annotated():
    return annotate_passages(PASSAGES)


def test_quoted_words_are_shown_from_the_verb_that_reports_them(annotated):
    quote = quote_holding(annotated["calling"], 'calling it "very good news."')
    assert quote.kind == "partial" and quote.speaker == "Donald Trump"
    body = annotated["calling"].article.body
    assert body[slice(*quote.content)] == "very good news."  # what PolNeAR scores: the quoted words alone


def test_made_clear_that_reports(annotated):
    item = annotated["made_clear"]
    assert quote_holding(item, "he would introduce").speaker == "Trump"
    assert "regulations" not in [s.text for s in item.scare_quotes]


def test_who_said_is_shown_with_its_who(annotated):
    quote = quote_holding(annotated["who_said"], "who said Trump is being")
    assert quote.speaker == "Mohammad Javad Zarif" and quote.kind == "indirect"


def test_a_reported_sentence_keeps_the_mark_that_closes_its_quotation(annotated):
    quote = quote_holding(annotated["closing_mark"], 'was a "terrible deal."')
    assert quote.speaker == "Trump" and quote.text.endswith('"terrible deal."')


def test_words_quoted_after_a_judging_as_are_the_subjects(annotated):
    item = annotated["judged_as"]
    assert quote_holding(item, "insane").speaker == "Trump"
    assert "insane" not in [s.text for s in item.scare_quotes]
    # a participle that names ("known as") judges nothing: no one says "Guccifer" there
    assert not any("Guccifer" in q.text for q in annotated["known_as"].quotes)


def test_a_countrys_office_is_the_person_who_holds_it(annotated):
    quote = quote_holding(annotated["country_office"], "half a ton")
    assert quote.speaker == "Benjamin Netanyahu"
    # an agency's chief is its director
    assert quote_holding(annotated["chief"], "such talks would be productive").speaker == "Mike Pompeo"


def test_a_described_source_is_the_person_the_next_sentence_names(annotated):
    assert quote_holding(annotated["named_next"], "worse than").speaker == "Ron Dermer"
    assert quote_holding(annotated["the_official"], "consider leaving").speaker == "Ali Shamkhani"
    # the name after the quotation, not "Trump" inside it
    salehi = quote_holding(annotated["named_after_the_quote"], "technical capability")
    assert salehi.speaker == "Ali Akbar Salehi"
    # an indefinite one, where the article gives the person named next its noun ("… tea party congressman")
    assert quote_holding(annotated["lede"], "would run for").speaker == "Raul Labrador"
    assert quote_holding(annotated["lede_someone_else"], "talks would resume").speaker != "Raul Labrador"
    # a body speaks for itself, not through the person named after it (PolNeAR train, Breitbart)
    assert quote_holding(annotated["body_before_a_name"], "victory").speaker != "John Weaver"
