"""Speech whose parse goes astray and speakers the article names in other ways (issue 25, sentences of
PolNeAR train, readings-train and held-out readings): a misparse that runs a direct quote's clause on
into its speaker, a participle of saying hung on the reported verb or on remarks, a verb joined to the
reported one, a document as a speaker, a first name alone; with what these rules must leave alone."""

from __future__ import annotations

from tests.annotate.passages import quote_holding

PASSAGES = {
    # PolNeAR train (breitbart, Republican convention): the parse hangs the speaker's name on the quote
    "run_on": (
        "“We’ve had more successful conventions than this one,” Texas delegate Bill Eastland, wearing a "
        "cowboy hat and campaign pins, said matter-of-factly as confetti fluttered."
    ),
    # a cue that introduces a direct quote and a clause of its own in another sentence keeps both
    "own_clause": "“We are done here.” Mr. Smith said the talks would resume in March.",
    # PolNeAR train (AP, Trump on a database): "saying" hung on "keep" inside the reported clause
    "participle": (
        "Trump argued that a database would keep people from coming into the country illegally, saying "
        "it’s “all about management.”"
    ),
    # a participle inside a direct quote is the quote's words, not a report of its speaker
    "participle_in_direct": "“They keep saying it is all about management,” Mr. Smith said.",
    # held-out reading (lepage-stays-2016, Fox): "saying" hung on the relative clause of the remarks
    "remarks_made": (
        "During his news conference Friday, LePage offered more racially charged comments that have drawn "
        'fire, saying, "A bad guy is a bad guy. I don\'t care what color it is."'
    ),
    # remarks someone else made are no more the subject's than before
    "remarks_reported": "The senator cited the mayor's remarks, which said the budget was balanced.",
    # held-out reading (lauten-obama-daughters-2014, Fox): a finite verb joined to the reported one
    "joined": (
        "Elizabeth Lauten wrote in a now-deleted Facebook post Friday that Malia and Sasha Obama, aged 16 and 13 "
        'respectively, should "try showing a little class" and described their outfits as more appropriate for '
        '"a spot at the bar."'
    ),
    "joined_after_subject": "Officials said the plan would fail and warned that costs would rise.",
    # readings-train hunter-indicted-2018 (HuffPost): a document PolNeAR train lets speak once
    "indictment": (
        "“The goal of the conspiracy was for Duncan Hunter and Margaret Hunter to enrich themselves,” the "
        "47-page indictment says."
    ),
    # readings-train rubio-foreign-policy-2015 (HuffPost): a first name alone is the person named in full
    "given_name": "Jeb Bush spoke in Iowa on Monday. Jeb said the invasion had been a mistake.",
    "two_given_names": "Bill Clinton and Bill Gates met on Monday. Bill said the talks went well.",
    # held-out reading (lepage-stays-2016, HuffPost): two people who speak together
    "joint": (
        "“Every day, Paul LePage gives Maine people more evidence that he is unfit for office,” State House "
        "Majority Leader Jeff McCabe (D) and Assistant House Majority Leader Sara Gideon (D) said in a statement."
    ),
    "not_joint": "Jeb Bush met Hillary Clinton in Iowa, and Clinton said the talks had failed.",
    # PolNeAR train: the closing mark the segmenter gave to the sentence of the attribution
    "remarked": (
        '"I’m not sure you know Leo DiCaprio is available, but we’ll see, right?" Clinton remarked, alluding '
        "to the Oscar-nominated actor."
    ),
    # readings-train clinton-trade-deal-2015 (NYT): "remarks" tagged a verb after a possessive
    "remarks_noun": (
        "A few hours before Mrs. Clinton’s remarks, Mr. Sanders repeated his challenge to her.\n\n"
        "“I would hope that the secretary joins Elizabeth Warren and the vast majority of Democrats in the "
        "Congress in saying, ‘No, we have got to defeat this piece of legislation,’ ” Mr. Sanders said."
    ),
    # PolNeAR train: who is led or prompted to say something says it
    "led_to_say": (
        "Even the sleepy timing of the debate led Republicans to say that Democrats were trying to protect "
        "a candidate who sometimes wilts in the spotlight."
    ),
    # PolNeAR train: a question the segmenter ended before its attribution, after another speaker's sentence
    "question": (
        "David Cameron said Trump was divisive and would unite Britain against him if he visited.\n"
        "“It looks like we’re not going to have a very good relationship, who knows?” Trump told Britain’s "
        "ITV television station in an interview."
    ),
    # PolNeAR train (Republican debate): "shot back", and "shot" that is no speech
    "shot_back": 'Jeb Bush attacked the casino plans.\n"Jeb wants to be a tough guy tonight," Donald Trump shot back.',
    "shot": "Police said the man shot back at officers before he fled.",
    # PolNeAR train: a wire dateline the parse made the subject
    "dateline": (
        "New York (AFP) – Vice President Joe Biden on Monday hit the 2016 campaign trail with Hillary Clinton, "
        "trashing Donald Trump as unqualified for the White House and accusing him of endangering US troops."
    ),
    # PolNeAR train: a report of a report, which PolNeAR reads as an attribution around the inner one
    "according_outer": (
        "“I ask you as a personal courtesy to me not to engage in any kind of protest on the floor,” Sanders "
        "said, according to CNN."
    ),
    "reports_outer": (
        "“This platform’s language just says you are no longer welcome,” said Kristen Day, executive director "
        "of Democrats for Life, reports USA Today."
    ),
    "according_plain": "“We will not raise taxes,” according to a statement from the governor's office.",
    # PolNeAR train (NYT): a quote that goes on a partial one of the same paragraph
    "goes_on_partial": (
        "That ''is the thing that saved us,'' said Carole Taylor, the provincial minister of finance at the "
        "time. ''If I had said, 'Give us the carbon tax,' no one would have agreed.''"
    ),
    # PolNeAR train (HuffPost): the tagger runs a headline's name into the words after it
    "headline": (
        "Trump May Not Have Suggested A Muslim Registry, But He Fully Supported One.\n\n"
        "Donald Trump said on Thursday that a registry was a good idea."
    ),
    # PolNeAR train: verbs of saying only right after a quote
    "charged": (
        "Andrea Peyser wrote that the debate was a disaster.\n“You’ve called women you don’t like fat pigs, "
        "dogs, slobs and disgusting animals,” Kelly charged in her now-infamous assault."
    ),
    "charged_elsewhere": "Prosecutors charged the two men with fraud on Monday.",
    # readings-train strzok-fired-2018 (Fox): the tagger took the attorney's name for an organisation
    "titled_name": (
        "Strzok attorney Aitan Goelman said in a statement Monday that his client was fired.\n\n"
        "“This decision should be deeply troubling to all Americans,” the attorney said."
    ),
    "firm_name": "The company hired consulting firm Bain Capital last year, the report said.",
    # held-out reading (steele-rnc-decision-2010, HuffPost): the parse hung the name on the cue
    "hung_name": (
        "At least one GOP insider told the Washington Post that the chairman would be seeking another term.\n\n"
        'Hotline On Call says the nature of the decision is a "closely guarded secret" and reports that "even '
        "his top advisors say they don't know which direction he will take.\""
    ),
    # readings-train rubio-foreign-policy-2015 (Fox): the parse took "the 43-year-old" apart
    "taken_apart": (
        "“Since the end of the Cold War, the threats facing America have changed, but the need for American "
        "strength has not,” Rubio said. “It has only grown more pressing as the world has grown more "
        "interconnected.”\n\n“It takes forethought to design and many years to build the capabilities we may "
        'need at a moment’s notice," the 43-year-old said. "So to restore American strength, my first priority '
        'will be to adequately fund our military."'
    ),
    # PolNeAR train: a title between the verb of saying and the name after it
    "titled_after": (
        '"I\'m not going to say it is a mistake, so forget about it," said retired neurosurgeon Ben Carson, '
        "asked about his claims."
    ),
    # PolNeAR train (AP exit polls): the parse made the share a modifier of the verb
    "share": "About 4 in 10 say they want the next president to have more liberal policies.",
    # held-out reading (braley-farmer-2014, NYT): "anyone" inside quotation marks is no one speaking
    "unnamed_quoted": (
        "Mr. Braley apologized to Senator Charles E. Grassley, Republican of Iowa, and “anyone I may have "
        "offended” after video emerged of him warning that “a farmer from Iowa who never went to law school, "
        "never practiced law” could become chairman of the Judiciary Committee."
    ),
}


def test_a_direct_quote_is_not_reported_again_with_its_speaker(annotated):
    quotes = annotated["run_on"].quotes
    assert [(q.kind, q.speaker) for q in quotes if "successful conventions" in q.text] == [("direct", "Bill Eastland")]
    assert not any("Eastland" in q.text for q in quotes)


def test_a_cue_of_a_direct_quote_still_reports_its_own_clause(annotated):
    assert quote_holding(annotated["own_clause"], "the talks would resume").speaker == "Smith"


def test_a_participle_inside_a_report_speaks_for_the_reporter(annotated):
    quotes = annotated["participle"].quotes
    assert [(q.speaker, q.cue) for q in quotes if q.kind == "partial"] == [("Trump", "saying")]


def test_a_participle_inside_a_direct_quote_is_no_report(annotated):
    assert [q.speaker for q in annotated["participle_in_direct"].quotes] == ["Smith"]


def test_remarks_without_an_owner_speak_for_who_made_them(annotated):
    assert quote_holding(annotated["remarks_made"], "A bad guy is a bad guy").speaker == "LePage"


def test_remarks_with_an_owner_stay_the_owners(annotated):
    # a relative clause on remarks is no participle of whoever cites them: "senator" is not who said it
    said = [q.speaker for q in annotated["remarks_reported"].quotes if q.cue == "said"]
    assert said and not any("senator" in (speaker or "") for speaker in said)


def test_a_finite_verb_joined_to_the_reported_one_is_the_speakers_act(annotated):
    assert quote_holding(annotated["joined"], "a spot at the bar").speaker == "Elizabeth Lauten"
    # not the subject of the reported verb ("the plan would fail")
    assert quote_holding(annotated["joined_after_subject"], "costs would rise").speaker == "Officials"


def test_an_indictment_speaks(annotated):
    assert quote_holding(annotated["indictment"], "The goal of the conspiracy").speaker == "47-page indictment"


def test_a_first_name_alone_is_the_one_person_of_that_first_name(annotated):
    assert quote_holding(annotated["given_name"], "the invasion").speaker == "Jeb Bush"
    assert quote_holding(annotated["two_given_names"], "the talks went well").speaker == "Bill"


def test_two_people_joined_by_and_speak_together(annotated):
    quote = quote_holding(annotated["joint"], "more evidence that he is unfit")
    assert (quote.speaker, quote.speaker_id) == ("Jeff McCabe and Sara Gideon", None)
    assert quote_holding(annotated["not_joint"], "the talks had failed").speaker == "Hillary Clinton"


def test_a_closing_mark_in_the_next_sentence_leaves_its_verb_outside_the_quote(annotated):
    quote = quote_holding(annotated["remarked"], "Leo DiCaprio is available")
    assert (quote.speaker, quote.cue) == ("Clinton", "remarked")


def test_a_noun_after_a_possessive_is_no_verb_of_saying(annotated):
    quote = quote_holding(annotated["remarks_noun"], "I would hope that the secretary")
    assert (quote.speaker, quote.cue) == ("Sanders", "said")


def test_who_is_led_to_say_something_says_it(annotated):
    assert quote_holding(annotated["led_to_say"], "Democrats were trying").speaker == "Republicans"


def test_people_left_unnamed_speak_only_outside_quotation_marks(annotated):
    assert all("anyone" not in (q.speaker or "") for q in annotated["unnamed_quoted"].quotes)


def test_a_verb_of_saying_right_after_a_question_is_its_attribution(annotated):
    quote = quote_holding(annotated["question"], "who knows?")
    assert (quote.speaker, quote.cue) == ("Trump", "told")


def test_shot_back_is_speech_only_beside_a_quote(annotated):
    assert quote_holding(annotated["shot_back"], "a tough guy tonight").speaker == "Donald Trump"
    assert [q.cue for q in annotated["shot"].quotes] == ["said"]


def test_the_agency_of_a_dateline_is_no_speaker(annotated):
    assert quote_holding(annotated["dateline"], "endangering US troops").speaker == "Joe Biden"


def test_according_to_over_a_report_of_speech_is_a_report_of_its_own(annotated):
    quotes = annotated["according_outer"].quotes
    assert {(q.speaker, q.cue) for q in quotes if "personal courtesy" in q.text} == {
        ("Sanders", "said"),
        ("CNN", "according"),
    }
    reports = annotated["reports_outer"].quotes
    assert {q.speaker for q in reports if "no longer welcome" in q.text} == {"Kristen Day", "USA Today"}
    # "according to" beside a quote with no verb of saying is that quote's own attribution, not a second one
    assert len([q for q in annotated["according_plain"].quotes if "raise taxes" in q.text]) == 1


def test_an_unattributed_quote_goes_on_the_partial_one_before_it_in_its_paragraph(annotated):
    assert quote_holding(annotated["goes_on_partial"], "no one would have agreed").speaker == "Carole Taylor"


def test_a_name_run_on_in_a_headline_is_the_person_named_in_the_body(annotated):
    item = annotated["headline"]
    assert quote_holding(item, "A Muslim Registry").speaker == "Donald Trump"
    assert [p.name for p in item.people] == ["Donald Trump"]


def test_charged_is_speech_right_after_a_quote_only(annotated):
    assert quote_holding(annotated["charged"], "fat pigs").speaker == "Kelly"
    assert not any(q.kind == "direct" for q in annotated["charged_elsewhere"].quotes)


def test_a_name_after_a_persons_title_is_a_person(annotated):
    assert quote_holding(annotated["titled_name"], "deeply troubling").speaker == "Aitan Goelman"
    assert annotated["firm_name"].people == ()


def test_a_name_the_parse_hung_on_the_cue_before_it_speaks(annotated):
    assert quote_holding(annotated["hung_name"], "closely guarded secret").speaker == "Hotline"


def test_a_noun_phrase_the_parse_took_apart_around_the_cue_speaks(annotated):
    assert quote_holding(annotated["taken_apart"], "So to restore American strength").speaker == "Rubio"


def test_a_title_may_stand_between_the_verb_and_the_name_after_it(annotated):
    assert quote_holding(annotated["titled_after"], "forget about it").speaker == "Ben Carson"


def test_a_share_the_parse_hung_on_the_verb_speaks(annotated):
    assert quote_holding(annotated["share"], "more liberal policies").speaker == "About 4 in 10"
