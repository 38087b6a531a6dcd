"""More attributions the detector used to miss (issue 25), on sentences of readings-train and PolNeAR
train articles: a verb the parse joined onto the cue that goes on with what was said, an attribution
that closes its sentence after a joined verb, an aside "he said" over a stance verb, "objecting that",
"referred to X as "…"", the paragraphs of a quote that lost its marks, and a paragraph with no marks
after "X writes:"; and, for each, what must not become speech by that rule."""

from __future__ import annotations

from tests.annotate.passages import quote_holding

PASSAGES = {
    "joined_to_cue": (
        "The Associated Press reported that McGurk said in a resignation letter to Secretary of State Mike "
        "Pompeo that ISIS was on the run, but wasn’t yet defeated and that U.S. work in Syria wasn’t yet done."
    ),
    "own_act_after_but": (
        "The mayor said the city would appeal the ruling, but did not elaborate. The governor said the state "
        "would pay, but declined to say how much."
    ),
    "closing_attribution": (
        "Raul Labrador is running for majority leader. Labrador supports a path to legal status, but only "
        "after evidence that enforcement has been improved, he has said."
    ),
    "joined_not_closing": "He left the room and she said nothing.",
    "aside_over_stance": (
        "Eric Schultz, a White House spokesman, defended the release of the e-mails. By releasing them, he "
        "said, the White House had shown that the drafting process was “focused on providing the facts as we "
        "knew them, based on the best information available at the time and protecting an ongoing "
        "investigation.”"
    ),
    "objecting": (
        "Twenty-three minutes later, Ms. Nuland sent White House and intelligence officials an even more "
        "pointed e-mail, objecting that the talking points could be “abused” by lawmakers “to beat the State "
        "Department for not paying attention to agency warnings.”"
    ),
    "referred_as": 'At one point, Weiner referred to a reporter in the scrum as a "jackass."',
    "left_open": (
        "Trump responded to Cruz's allegations in a statement on Friday afternoon:\n\n"
        "“I have no idea whether or not the cover story about Ted Cruz in this week's issue of the National "
        "Enquirer is true or not, but I had absolutely nothing to do with it, did not know about it, and have "
        "not, as yet, read it.\n\n"
        "Ted Cruz's problem with the National Enquirer is his and his alone, and while they were right about "
        "O.J. Simpson, John Edwards, and many others, I certainly hope they are not right about Lyin' Ted "
        "Cruz.”\n\n"
        "While the Enquirer has an infamous reputation for tabloid journalism, it has also broken a number of "
        "major sex scandals over the years."
    ),
    "name_after_quote": (
        "Clinton leads in the state.\n\n"
        '"The reality is, if Mrs. Clinton loses Iowa and New Hampshire, that could create new and real '
        "problems for her here.\n"
        'S.C. Rep. Jim Clyburn."'
    ),
    "writes_colon": (
        "According to conservative columnist Hugh Hewitt, one notable feature of the movie is who it lacks: "
        "President Barack Obama and previous Secretary of State Hillary Clinton.\n\n"
        "Hewitt writes:\n\n"
        "The movie mentions neither the president nor the then secretary of state by name, and no expressed "
        "argument is made as to what the two did or didn’t do to assist their embattled ambassador."
    ),
    "reports_own_clause_colon": (
        "As the Republican hopefuls sparred over military spending, Sanders pointed out that veterans’ "
        "issues were largely ignored:\n\n"
        "As Donald Trump and Sen. Ted Cruz lamented illegal immigration, Clinton took a moment to reach out "
        "to Spanish-speaking voters."
    ),
}


def test_a_verb_joined_onto_the_cue_goes_on_with_what_was_said(annotated):
    quote = next(
        q for q in annotated["joined_to_cue"].quotes if q.text.startswith("McGurk said in a resignation letter")
    )
    assert "but wasn’t yet defeated" in quote.text and "U.S. work in Syria wasn’t yet done" in quote.text
    assert quote.speaker is not None and "McGurk" in quote.speaker


def test_what_the_speaker_did_after_but_is_not_what_was_said(annotated):
    quote = quote_holding(annotated["own_act_after_but"], "the city would appeal")
    assert "elaborate" not in quote.text
    quote = quote_holding(annotated["own_act_after_but"], "the state would pay")
    assert "declined" not in quote.text


def test_an_attribution_closing_its_sentence_reports_the_clause_before_it(annotated):
    quote = quote_holding(annotated["closing_attribution"], "Labrador supports a path to legal status")
    content = annotated["closing_attribution"].article.body[slice(*quote.content)]
    assert "enforcement has been improved" in content and "he has said" not in content
    assert quote.text.endswith("enforcement has been improved, he has said.")  # shown as its sentence
    assert quote.speaker is not None and "Labrador" in quote.speaker


def test_a_joined_verb_with_nothing_said_reports_nothing(annotated):
    assert not annotated["joined_not_closing"].quotes


def test_an_aside_speaks_the_words_quoted_under_a_stance_verb(annotated):
    quote = quote_holding(annotated["aside_over_stance"], "focused on providing the facts")
    assert quote.speaker is not None and "Schultz" in quote.speaker


def test_objecting_that_is_a_cue(annotated):
    item = annotated["objecting"]
    quote = quote_holding(item, "to beat the State Department")
    assert quote.speaker is not None and "Nuland" in quote.speaker
    assert "abused" not in [s.text for s in item.scare_quotes]


def test_what_one_refers_to_someone_as_is_ones_word(annotated):
    item = annotated["referred_as"]
    quote = quote_holding(item, "jackass")
    assert quote.speaker is not None and "Weiner" in quote.speaker
    assert not item.scare_quotes


def test_a_paragraph_closing_a_quote_that_lost_its_marks_goes_on_with_it(annotated):
    quote = quote_holding(annotated["left_open"], "I certainly hope they are not right about Lyin' Ted Cruz")
    assert quote.kind == "direct"
    assert quote.speaker is not None and "Trump" in quote.speaker
    assert not any("infamous reputation" in q.text for q in annotated["left_open"].quotes)


def test_a_name_closing_a_quote_is_no_speech(annotated):
    assert not any("Jim Clyburn" in q.text for q in annotated["name_after_quote"].quotes)


def test_a_paragraph_after_writes_colon_is_the_writers(annotated):
    quote = quote_holding(annotated["writes_colon"], "The movie mentions neither the president")
    assert quote.kind == "direct"
    assert quote.speaker is not None and "Hewitt" in quote.speaker


def test_a_colon_after_a_reported_clause_introduces_nothing(annotated):
    item = annotated["reports_own_clause_colon"]
    assert not any("took a moment to reach out" in q.text and q.kind == "direct" for q in item.quotes)
