"""Attributions the detector used to miss (issue 25), on sentences of readings-train articles: a reported
clause that goes on past "and"/"but", a quote introduced by a verb whose subject the parse lost, speech
that a noun reports ("the concern by many Republicans that …"), a "that" clause the parse hung on the
wrong word, a statement issued, and a quote introduced by the sentence before its paragraph; and what
must not become speech by these rules."""

from __future__ import annotations

from tests.annotate.passages import quote_holding

PASSAGES = {
    "goes_on": (
        "A grand jury has been convened and was scheduled to meet Wednesday to begin hearing evidence, "
        "said Edward Magee, a spokesman for the prosecuting attorney."
    ),
    "not_only_but_also": (
        "More than 40 F.B.I. agents have been dispatched to Ferguson, and Mr. Holder said they are not only "
        "investigating the shooting but also looking for any broad patterns of civil rights violations."
    ),
    "own_act": "Mr. Trump said Mr. Strzok should be fired and praised the bureau's new director on Monday.",
    "lost_subject": (
        "At 9:24 p.m., Ms. Nuland, reading the latest draft, complained in an e-mail, “These don’t resolve "
        "all my issues or those of my building leadership.” Ten minutes later, Benjamin J. Rhodes, a deputy "
        "national security adviser, offered his first comments, saying, “We need to resolve this in a way "
        "that respects all of the relevant equities, especially the investigation.”"
    ),
    "noun_by": (
        "Additionally, forces were withdrawn despite the concern by many Republicans that “leaving would "
        "strengthen the hand of Russia and Iran, which both support Syrian President Bashar al Assad.”"
    ),
    "complaint_was": (
        "But Mr. Mattis’s core complaint was that Mr. Trump had lost sight of the importance of the "
        "competition for global power with Russia and China, who want “a world consistent with their "
        "authoritarian model.”"
    ),
    "purpose": (
        'The House vote to reaffirm that "In God We Trust" is the U.S. motto is "not putting people back to '
        'work," President Obama said Wednesday in a speech pushing his jobs bill.'
    ),
    "summarized": (
        "Dan Senor told the Huffington Post that Steele’s comments are “utterly irresponsible.”\n\n"
        "“It’s completely inconsistent with this latest statement,” summarized Senor."
    ),
    "in_the_letter": (
        "Mr. Vega, anticipating an indictment, asserted in the letter that two prosecutors involved in the "
        "investigation had attended a fund-raiser for Hillary Clinton."
    ),
    "statement_saying": (
        "Trying to quell the furor, Steele issued a statement saying: “There is no question that America "
        "must win the war on terror.”"
    ),
    "colon_before": (
        "Marco Rubio laid out his foreign policy on Wednesday.\n\n"
        "The Democratic National Committee issued a brief statement shortly after Rubio's speech:\n\n"
        "“Okay. So here’s Rubio’s alleged ‘new’ foreign policy. Troops in the Middle East permanently.”"
    ),
    "colon_label": (
        "The committee met on Tuesday to discuss the budget.\n\n"
        "The full text:\n\n"
        "“The budget for the coming year shall be balanced, and no new debt shall be issued.”"
    ),
}


def test_a_reported_clause_goes_on_past_a_verb_with_its_own_auxiliary(annotated):
    quote = quote_holding(annotated["goes_on"], "was scheduled to meet Wednesday")
    assert "A grand jury has been convened" in quote.text
    assert quote.speaker is not None and "Magee" in quote.speaker


def test_a_reported_clause_goes_on_past_but_also(annotated):
    quote = quote_holding(annotated["not_only_but_also"], "investigating the shooting")
    assert "also looking for any broad patterns" in quote.text
    assert quote.speaker is not None and "Holder" in quote.speaker


def test_what_the_speaker_did_next_is_not_what_was_said(annotated):
    quote = quote_holding(annotated["own_act"], "should be fired")
    assert "praised" not in quote.text


def test_a_quote_hangs_on_its_verb_where_the_parse_lost_the_subject(annotated):
    item = annotated["lost_subject"]
    nuland = quote_holding(item, "These don’t resolve all my issues")
    assert "We need to resolve this" not in nuland.text  # not one quote with the next sentence's
    assert nuland.speaker is not None and "Nuland" in nuland.speaker
    rhodes = quote_holding(item, "We need to resolve this")
    assert rhodes.speaker is not None and "Rhodes" in rhodes.speaker


def test_a_noun_reports_with_its_that_clause(annotated):
    quote = quote_holding(annotated["noun_by"], "leaving would strengthen the hand of Russia and Iran")
    assert quote.speaker is not None and "Republicans" in quote.speaker
    quote = quote_holding(annotated["complaint_was"], "a world consistent with their authoritarian model")
    assert quote.speaker is not None and "Mattis" in quote.speaker


def test_an_infinitive_that_qualifies_a_noun_is_no_cue(annotated):
    item = annotated["purpose"]
    quote = quote_holding(item, "not putting people back to work")
    assert quote.speaker is not None and "Obama" in quote.speaker
    assert not any(q.cue is not None and q.cue.startswith("reaffirm") for q in item.quotes)


def test_summarized_attributes_a_direct_quote(annotated):
    quote = quote_holding(annotated["summarized"], "completely inconsistent with this latest statement")
    assert quote.speaker is not None and "Senor" in quote.speaker


def test_a_that_clause_hung_on_the_letter_is_what_the_verb_reports(annotated):
    quote = quote_holding(annotated["in_the_letter"], "two prosecutors involved in the investigation")
    assert quote.kind == "indirect"
    assert quote.speaker is not None and "Vega" in quote.speaker


def test_who_issued_a_statement_speaks_through_it(annotated):
    quote = quote_holding(annotated["statement_saying"], "There is no question that America")
    assert quote.speaker is not None and "Steele" in quote.speaker


def test_a_sentence_ending_in_a_colon_introduces_the_quote_of_the_next_paragraph(annotated):
    quote = quote_holding(annotated["colon_before"], "So here’s Rubio’s alleged")
    assert quote.speaker is not None and "Democratic National Committee" in quote.speaker


def test_a_label_with_a_colon_and_no_verb_gives_no_speaker(annotated):
    item = annotated["colon_label"]
    assert all(q.speaker is None for q in item.quotes if "budget for the coming year" in q.text)
