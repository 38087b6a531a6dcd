"""What a reader is shown of reported speech (issue 25): from its verb of saying, since the content alone
may say the opposite ("he had been looking to replace Mattis" of "denied") or nothing ("party members to
hold the line" of "urged"), and from the verb's subject where that stands plainly before it ("Trump denied
that …"), as readers cite it; the content alone stays as `Quote.content`, which PolNeAR scores. Sentences
of readings-train articles and of a BASIL story no reading of dev holds; an attribution that closes the
sentence after what it reports is shown with it ("…, senior officials said."), as readers cite it, and
"according to" before it keeps the content alone."""

from __future__ import annotations

from tests.annotate.passages import quote_holding

PASSAGES = {
    "denied": (
        "Trump denied that he had been looking to replace Mattis, telling reporters that he was “very happy” with him."
    ),
    "verb_group": (
        "Former Vice President Cheney has publicly voiced support for same-sex marriage and, mirroring "
        "Elizabeth’s stance, has reportedly said the matter should be decided on a state-by-state basis."
    ),
    "urged": (
        "At a closed-door Democratic lunch on Thursday, Senators Sheldon Whitehouse of Rhode Island and "
        "Richard J. Durbin of Illinois urged party members to hold the line if he is selected."
    ),
    "called_for": "On Tuesday, Mitt Romney called for Mr. Akin to withdraw from the race.",
    "set_off": (
        "Government officials, who asked not to be identified discussing legal decisions, said that neither "
        "the Justice Department nor the Office of Special Counsel, an agency that looks at violations of the "
        "Hatch Act governing the political conduct of federal employees, is investigating."
    ),
    "after": "His age, 75, could be problematic, senior officials said.",
    "according": "According to the indictment, Hunter spent the campaign money on family vacations.",
    "quoted": (
        "“I ask you as a personal courtesy to me not to engage in any kind of protest on the floor,” Sanders "
        "said, according to CNN."
    ),
}


def _content(item, quote) -> str:
    return item.article.body[slice(*quote.content)]


def test_reported_speech_is_shown_from_its_subject_and_verb_with_the_content_kept(annotated):
    item = annotated["denied"]
    quote = quote_holding(item, "replace Mattis")
    assert quote.kind == "indirect" and quote.speaker == "Trump"
    assert quote.text.startswith("Trump denied that he had been looking to replace Mattis")
    assert (quote.speaker_start, quote.speaker_end) == (0, len("Trump"))
    assert item.article.body[quote.start : quote.end] == quote.text
    assert _content(item, quote).startswith("that he had been looking to replace Mattis")
    assert quote.end == quote.content[1] + 1 and quote.text.endswith("“very happy” with him.")  # its stop


def test_the_verb_keeps_its_auxiliaries_and_adverbs(annotated):
    quote = quote_holding(annotated["verb_group"], "state-by-state")
    assert quote.text.startswith("has reportedly said the matter should be decided")  # its subject is far


def test_a_verb_whose_object_is_who_is_urged_is_shown(annotated):
    item = annotated["urged"]
    quote = quote_holding(item, "hold the line")
    assert quote.text.startswith("Senators Sheldon Whitehouse of Rhode Island and Richard J. Durbin of Illinois urged")
    assert not _content(item, quote).startswith("urged")


def test_an_attribution_after_what_it_reports_closes_what_is_shown(annotated):
    after = quote_holding(annotated["after"], "could be problematic")
    assert after.text == "His age, 75, could be problematic, senior officials said."
    assert annotated["after"].article.body[slice(*after.content)] == "His age, 75, could be problematic"
    according = quote_holding(annotated["according"], "family vacations")
    assert according.text.startswith("Hunter spent") and according.speaker == "indictment"


def test_a_verb_inside_quoted_words_widens_nothing(annotated):
    quotes = annotated["quoted"].quotes
    assert {q.speaker for q in quotes if "personal courtesy" in q.text} == {"Sanders", "CNN"}


def test_a_call_for_someone_to_act_is_reported_speech(annotated):
    quote = quote_holding(annotated["called_for"], "withdraw from the race")
    assert quote.speaker == "Mitt Romney" and quote.text.startswith("Mitt Romney called for Mr. Akin to withdraw")


def test_a_subject_set_off_by_commas_stays_out(annotated):
    quote = quote_holding(annotated["set_off"], "Hatch Act")
    assert quote.speaker == "Government officials" and quote.text.startswith("said that neither")
