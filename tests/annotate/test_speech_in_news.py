"""Speakers, roles, kinds and offsets on short passages written the way news reports are (issue 25):
quotes interrupted by their attribution, archives' two-apostrophe quotes, described sources, reported
stance, scare quotes against quoted words, and things that cannot speak."""

from __future__ import annotations

from newsprism.compare.voices import count_voices
from tests.annotate.passages import quote_holding

PASSAGES = {
    "resumed": (
        'The casino would not last the winter, the analyst said. "Once the cold winds blow from October to '
        'February, it won\'t make it," Marvin Roffman predicted. "The market just isn\'t there."'
    ),
    "apostrophes": (
        "Golf course owners are struggling across Florida.\n\n"
        "''Some courses are adapting, others are just not,'' said Paul H. Chipok, a lawyer in Orlando."
    ),
    "described": "A senior administration official said the president would sign the order on Friday.",
    "things": (
        "The line at the bottom of the form says applicants must be citizens of the state. "
        "It said the deadline had been moved to March."
    ),
    "pronoun": (
        "Attorney General Eric Holder met the parents of Michael Brown on Wednesday. "
        "He said the federal investigation would be fair and thorough."
    ),
    "neighbours": (
        "The gala featured Michael R. Bloomberg, comedian Billy Crystal and the former New York Yankees "
        'manager Joe Torre. "New York is a city of second chances," Mr. Bloomberg said.'
    ),
    "role_first": (
        "A spokesman for the White House, Eric Schultz, said the e-mails had been read selectively. "
        "John Cornyn, who heads the Republican campaign committee, said the race was far from over."
    ),
    "spoken_word": 'President Trump said on Monday that he feels "badly" for Michael Flynn.',
    "long_fragment": (
        "Its final version, said Eric Schultz, a White House spokesman, was "
        '"focused on providing the facts as we knew them at the time."'
    ),
    "stance": (
        "Polls show Hillary Clinton leading Donald Trump by four points in Florida. "
        "Dr. Alan Smith has studied the reef for decades. "
        "The years that followed, he said, brought a fundamental shift in the water."
    ),
    "document": (
        "The 568-page report was released by the inspector general on Thursday. "
        "It says the agents showed a willingness to take official action against the candidate."
    ),
    "title_and_clause": (
        "Vermont Sen. Bernie Sanders, who was campaigning in Iowa on Sunday, said the trade deal "
        "would cost American jobs."
    ),
    "introduced": (
        "After Gov. Jerry Brown criticized Bill Clinton during a debate, Hillary Clinton shot back, "
        '"I suppose I could have stayed home and baked cookies and had teas."'
    ),
    "bodies": (
        "The State Department said the cable had been sent in August. "
        "The Justice Department said the investigation would continue."
    ),
}


def test_every_span_points_into_its_body(annotated):
    for item in annotated.values():
        body = item.article.body
        for quote in item.quotes:
            assert body[quote.start : quote.end] == quote.text
            if quote.speaker_start is not None:
                assert body[quote.speaker_start : quote.speaker_end].strip()
        for scare in item.scare_quotes:
            assert body[scare.start : scare.end] == scare.text


def test_a_quote_its_attribution_interrupts_is_one_quote(annotated):
    quote = quote_holding(annotated["resumed"], "Once the cold winds blow")
    assert quote.kind == "direct" and quote.speaker == "Marvin Roffman"
    assert quote.text.startswith("Once the cold winds") and quote.text.endswith("The market just isn't there.")
    assert quote.start < quote.cue_start < quote.end  # the attribution stands inside


def test_two_apostrophes_open_and_close_a_quote(annotated):
    item = annotated["apostrophes"]
    quote = quote_holding(item, "Some courses are adapting")
    assert quote.kind == "direct" and quote.speaker == "Paul H. Chipok"
    assert quote.text == "Some courses are adapting, others are just not,"
    assert quote.role == "lawyer in Orlando"


def test_a_described_source_is_a_voice(annotated):
    quote = quote_holding(annotated["described"], "the president would sign the order")
    assert quote.kind == "indirect"
    assert quote.speaker == "senior administration official" and quote.speaker_id is None


def test_a_noun_that_cannot_speak_is_never_a_speaker(annotated):
    item = annotated["things"]
    assert item.quotes, "the reported clauses are still found"
    assert all(q.speaker is None for q in item.quotes), [(q.speaker, q.text) for q in item.quotes]


def test_a_pronoun_is_the_subject_before_it_not_the_last_name(annotated):
    quote = quote_holding(annotated["pronoun"], "the federal investigation would be fair")
    assert quote.speaker == "Eric Holder" and quote.role == "Attorney General"
    body = annotated["pronoun"].article.body
    assert body[quote.speaker_start : quote.speaker_end] == "He"


def test_a_role_is_never_the_text_of_a_neighbouring_phrase(annotated):
    bloomberg = next(p for p in annotated["neighbours"].people if p.name == "Michael R. Bloomberg")
    assert bloomberg.role is None or "Crystal" not in bloomberg.role, bloomberg.role
    assert quote_holding(annotated["neighbours"], "city of second chances").speaker == "Michael R. Bloomberg"


def test_a_role_before_the_name_and_a_who_clause_are_roles(annotated):
    item = annotated["role_first"]
    assert quote_holding(item, "read selectively").role == "spokesman for the White House"
    assert quote_holding(item, "far from over").role == "who heads the Republican campaign committee"


def test_a_word_a_speaker_is_said_to_use_is_speech_not_a_scare_quote(annotated):
    item = annotated["spoken_word"]
    quote = next(q for q in item.quotes if q.text == "badly")
    assert quote.kind == "partial" and quote.speaker == "Trump" and quote.role == "President"
    assert not item.scare_quotes


def test_a_long_quoted_fragment_with_its_speaker_in_sight_is_speech(annotated):
    item = annotated["long_fragment"]
    quote = quote_holding(item, "focused on providing the facts")
    assert quote.kind == "partial" and quote.speaker == "Eric Schultz"
    assert not item.scare_quotes


def test_stance_and_an_interrupting_attribution_report_speech(annotated):
    item = annotated["stance"]
    polls = quote_holding(item, "leading Donald Trump by four points")
    assert polls.kind == "indirect" and polls.cue == "show" and polls.speaker == "Polls"
    aside = quote_holding(item, "brought a fundamental shift")
    assert aside.text == "The years that followed, he said, brought a fundamental shift in the water."
    assert aside.kind == "indirect" and aside.speaker == "Alan Smith"


def test_two_bodies_sharing_a_last_word_are_two_voices(annotated):
    voices = {v.speaker for v in count_voices([annotated["bodies"]])}
    assert voices == {"The State Department", "The Justice Department"}, voices


def test_it_speaks_for_the_document_before_it(annotated):
    quote = quote_holding(annotated["document"], "the agents showed a willingness")
    assert quote.speaker == "568-page report" and quote.speaker_id is None
    assert annotated["document"].article.body[quote.speaker_start : quote.speaker_end] == "It"


def test_a_title_is_the_role_before_a_who_clause(annotated):
    quote = quote_holding(annotated["title_and_clause"], "would cost American jobs")
    assert quote.speaker == "Bernie Sanders" and quote.role == "Vermont Sen."


def test_the_clause_that_introduces_a_quote_names_its_speaker(annotated):
    # no verb of saying: "shot back" introduces the quote, and the nearer "criticized" is not its cue
    quote = quote_holding(annotated["introduced"], "I suppose I could have stayed home")
    assert quote.kind == "direct" and quote.speaker == "Hillary Clinton" and quote.cue == "shot"
