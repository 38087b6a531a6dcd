"""Who a speaker mention is (issue 25, third round), on sentences of PolNeAR train and readings-train: a
name set off beside the person a role is for, the place a description names, documents that are nobody's
role, pronouns that never stand for a name their own clause governs, genders the article tells, names the
tagger took for something else, and some of a group."""

from __future__ import annotations

from tests.annotate.passages import quote_holding

PASSAGES = {
    # readings-train hunter-indicted-2018/nyt.txt
    "for_whom": (
        "A spokesman for Mr. Hunter, Michael Harrison, said Tuesday that the congressman "
        "“believes this action is purely politically motivated.”"
    ),
    # PolNeAR train usa-today_2016-06-17: Hollande is no "President"
    "nationality": (
        "President Obama had a talk this week with Francois Hollande. "
        'The French president said the attack was "an act of terror."'
    ),
    "state_fits": (
        "Ohio Gov. John Kasich spoke in Concord on Monday. "
        "The Ohio governor said the U.S. needs to secure the border and create a guest worker program."
    ),
    "state_conflicts": (
        "Sen. Joni Ernst (R-Iowa) endorsed the bill on Monday. "
        "The Florida senator said he would win the nomination after performing well in his home state."
    ),
    # readings-train georgetown-ryan-2012/fox.txt
    "letter": (
        "A group of nearly 90 professors has sent Ryan, R-Wis., a letter saying he has misused Catholic doctrine.\n\n"
        "“We appreciate your willingness to talk about how Catholic social teaching can help inform effective "
        "policy,” the letter states."
    ),
    # readings-train lieberman-fbi-2017/hpo.txt
    "governed": (
        "WASHINGTON ― President Donald Trump is “very close” to selecting an interim candidate to replace "
        "former FBI Director James Comey, he told White House reporters on Thursday."
    ),
    # readings-train benghazi-talking-points-2013/nyt.txt
    "own_subject": (
        "Mr. Morell, officials said, acted on his own. But when the final draft of the talking points was sent "
        "to Mr. Petraeus, he dismissed them, saying “Frankly, I’d just as soon not use this.”"
    ),
    # readings-train trump-cruz-wives-2016/nyt.txt
    "no_own_subject": (
        "But Mr. Trump has continued to express disbelief. After threatening to “spill the beans” on Mr. Cruz’s "
        "wife, Heidi Cruz, he retweeted a post that called her “a disaster.”"
    ),
    "told_gender": (
        "Dan Smith said he would run for the seat. Smith said he had the votes to win.\n\n"
        "Dan Smith met Jane Doe on Monday. “It will be close,” she said."
    ),
    "untold_gender": "Dan Smith met Jane Doe on Monday. “It will be close,” she said.",
    # PolNeAR train politico_2016-01 (Iowa bus tours): the tagger takes O’Donnell for a common noun
    "mistagged": "“It’s taxing on campaign resources,” O’Donnell said. “Big time.”",
    "headline": "Newly Released Document Reveals State Department Knew Security Was Inadequate",
    "some_of_a_group": "Many of the delegates said they would vote for the platform on Tuesday.",
    "others": "Others say a recalibration of the policy is overdue.",
    # BASIL 2016 Bloomberg convention speech (hpo), the example of a speech as the speaker
    "own_words": (
        "Michael R. Bloomberg, the former mayor of New York, endorsed Hillary Clinton on Wednesday. "
        "Bloomberg’s scathing speech seemed designed to chafe Trump’s rawest nerves, mocking Trump’s business prowess."
    ),
    "own_words_by_pronoun": (
        "Senator Jane Doe spoke on Monday. Her statement said the bill “would not pass in this form.”"
    ),
    "body_of_its_own": "Mr. Smith ran in 2012. His campaign said the ad was “a lie from start to finish.”",
}


def test_a_name_beside_the_person_a_role_is_for_is_the_speaker(annotated):
    item = annotated["for_whom"]
    assert quote_holding(item, "purely politically motivated").speaker == "Michael Harrison"
    harrison = next(p for p in item.people if p.name == "Michael Harrison")
    assert harrison.role is not None and "spokesman" in harrison.role


def test_a_nationality_the_person_was_never_given_is_someone_else(annotated):
    assert quote_holding(annotated["nationality"], "an act of terror").speaker != "Barack Obama"
    assert quote_holding(annotated["nationality"], "an act of terror").speaker != "Obama"


def test_a_state_of_the_persons_title_fits_the_description(annotated):
    assert quote_holding(annotated["state_fits"], "secure the border").speaker == "John Kasich"


def test_a_state_other_than_the_persons_party_state_does_not(annotated):
    assert quote_holding(annotated["state_conflicts"], "win the nomination").speaker != "Joni Ernst"


def test_a_letter_is_no_role_of_the_person_it_was_sent_to(annotated):
    speaker = quote_holding(annotated["letter"], "We appreciate your willingness").speaker
    assert speaker is not None and "letter" in speaker


def test_a_pronoun_never_stands_for_a_name_its_clause_governs(annotated):
    assert quote_holding(annotated["governed"], "very close").speaker == "Donald Trump"


def test_a_name_in_a_clause_with_its_own_subject_stays_a_candidate(annotated):
    assert quote_holding(annotated["own_subject"], "just as soon not use this").speaker == "Petraeus"


def test_a_name_in_a_clause_without_its_own_subject_is_governed(annotated):
    item = annotated["no_own_subject"]
    assert quote_holding(item, "spill the beans").speaker in {"Trump", "Mr. Trump"}


def test_pronouns_of_sentences_naming_one_person_tell_their_gender(annotated):
    assert quote_holding(annotated["told_gender"], "It will be close").speaker == "Jane Doe"


def test_an_untold_gender_leaves_the_subject_before(annotated):
    # one sentence and no pronoun of his: nothing says Dan Smith is no "she", so the subject stays his
    assert quote_holding(annotated["untold_gender"], "It will be close").speaker == "Dan Smith"


def test_a_name_the_tagger_took_for_a_noun_speaks(annotated):
    assert quote_holding(annotated["mistagged"], "taxing on campaign resources").speaker == "O’Donnell"


def test_a_headline_in_title_case_is_no_name_by_its_capitals(annotated):
    # the speaking noun "document" is what makes it a speaker, not that the words are capitalised
    assert quote_holding(annotated["headline"], "State Department Knew").speaker == "Newly Released Document"


def test_some_of_a_named_group_speak_and_others_as_a_subject_do(annotated):
    assert quote_holding(annotated["some_of_a_group"], "they would vote").speaker == "Many of the delegates"
    # PolNeAR train's annotators make "Others" a Source wherever it is the subject of a verb of saying
    assert quote_holding(annotated["others"], "a recalibration").speaker == "Others"


def test_a_persons_own_words_speak_for_the_person(annotated):
    assert quote_holding(annotated["own_words"], "business prowess").speaker == "Michael R. Bloomberg"
    assert quote_holding(annotated["own_words_by_pronoun"], "would not pass").speaker == "Jane Doe"


def test_a_body_a_person_owns_speaks_for_itself(annotated):
    # a campaign is a voice of its own (told apart by its owner), not the person
    assert quote_holding(annotated["body_of_its_own"], "a lie from start").speaker == "Smith's campaign"
