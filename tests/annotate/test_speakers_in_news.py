"""Who speaks, on short passages written the way news reports are (issue 25, second round): a party and
state beside a title, two people of one surname, who asks is not who is asked, speakers labelled with a
colon, what a survey finds, a report through a preposition, and a share of people as polls give it."""

from __future__ import annotations

from tests.annotate.passages import quote_holding

PASSAGES = {
    "party": "Senate Majority Whip John Cornyn (R-Texas) said the vote would come before the recess.",
    "family": (
        "Ted Cruz spoke in Wisconsin on Friday. His wife, Heidi Cruz, joined him on stage. "
        'Cruz said the attacks on his family were "beneath contempt."'
    ),
    "asked": "Asked whether he would endorse the nominee, Ryan said he had not yet made up his mind.",
    "labelled": (
        "The panel was led by the host, Chris Matthews.\n\n"
        "Matthews: Well, speculation is bad for the markets and for everyone else.\n\n"
        "Lopez: Nobody thinks of their retirement account as speculation."
    ),
    "survey": "A survey by the institute found that most voters opposed the plan to close the bases.",
    "referring": '"It was a mistake from the start," Smith said, referring to the vote in March.',
    "share": "Two in three said they would vote for the measure in November.",
}


def test_a_party_and_state_join_the_title_in_the_role(annotated):
    cornyn = next(p for p in annotated["party"].people if p.name == "John Cornyn")
    assert cornyn.role is not None and "Senate Majority Whip" in cornyn.role and "R-Texas" in cornyn.role


def test_two_people_of_one_surname_stay_two(annotated):
    item = annotated["family"]
    assert {p.name for p in item.people} >= {"Ted Cruz", "Heidi Cruz"}
    assert quote_holding(item, "beneath contempt").speaker == "Ted Cruz"


def test_who_is_asked_does_not_ask(annotated):
    item = annotated["asked"]
    assert quote_holding(item, "whether he would endorse").speaker is None
    assert quote_holding(item, "he had not yet made up his mind").speaker == "Ryan"


def test_a_name_and_a_colon_label_what_follows_as_speech(annotated):
    item = annotated["labelled"]
    quote = quote_holding(item, "speculation is bad")
    assert quote.kind == "direct" and quote.speaker == "Chris Matthews"
    assert quote_holding(item, "Nobody thinks").kind == "direct"


def test_what_a_survey_finds_is_reported(annotated):
    quote = quote_holding(annotated["survey"], "most voters opposed the plan")
    assert quote.kind == "indirect" and quote.speaker is not None and "survey" in quote.speaker


def test_referring_to_reports_what_is_referred_to(annotated):
    quote = quote_holding(annotated["referring"], "the vote")
    assert quote.kind == "indirect" and quote.speaker == "Smith"


def test_a_share_of_people_speaks(annotated):
    assert quote_holding(annotated["share"], "they would vote for the measure").speaker == "Two in three"
