"""Who speaks where the name is far or the parse breaks the sentence (issue 25): a chain of "he said"
over many paragraphs goes back to the one name, and no one in a speaker's own words is that speaker; a
paragraph that ends "He added," opens the quote of the next; a line that an editor labels ("UPDATE:") and
that reports someone's stance is theirs; a conjunct set off by a comma is a name in apposition; "that
committee" and "the group" are the organisation named before them; "Grimm's attorney" is the attorney
named further on; a verb a verb of saying reports is no attribution around it; whose a subject is that is no
one ("Huckabee's religion") stands for the sentence's subject; "the spokesperson said" is the source the
article introduced so; a participle after "…, X said," is no part of what X said; a verb of someone's
quoted words reports nothing outside them. Passages of BASIL stories no reading of the dev set holds."""

from __future__ import annotations

from tests.annotate.passages import quote_holding

PASSAGES = {
    "chain": (
        "Glenn Beck, the hero of the political right and the closing speaker of a three-day conservative conference, ripped the roof off a Washington hotel Saturday with a sweeping denunciation of progressivism.\n\n"
        "Progressivism, he told the Conservative Political Action Conference, is a cancer that must be cut out of the system.\n\n"
        "But he aimed his fire at Republicans as well as Democrats, and gave them little quarter, saying he did not know what the Republicans stood for.\n\n"
        "“It’s not enough just to not suck as much as the other side,” he said.\n\n"
        "Noting that he was a recovering alcoholic himself, he said that the party had to admit that it had a problem, which he had not heard it do.\n\n"
        "“Hello, my name is the Republican Party and I have a problem!” he declared. “I’m addicted to spending and big government,” he said, drawing cheers and applause from the thousands of people packed into the hotel ballroom.\n\n"
        "But both parties are to blame, he said. The Democrats tax and spend, while the Republicans just spend.\n\n"
        "People are losing a fundamental belief that things will get better, he said.\n\n"
        "“It is still morning in America,” he posited, “it just happens to be kind of a head-pounding, hung-over, vomiting-for-four-hours kind of morning in America. And it’s shaping up to be kind of a nasty day, but it’s still morning in America.”\n\n"
        "When the audience finished laughing, he asked: “What made us sit there at the john making us vomit for four hours? What are we suffering from?”\n\n"
        "Saying President Obama, he said, was “too simple an answer.”\n\n"
        "The real problem, he said, is progressivism, scrawling the word with chalk on his signature blackboard. “This is the disease in America,” he said."
    ),
    "added": (
        "“Most state income tax regimes begin with federal taxable income as the starting point,” Marvin "
        "Kirsner, a tax lawyer at Greenberg Traurig, said in an e-mail. He added,\n\n"
        "“We will need to see guidance from each nonrecognition state to see how this will be handled.”\n\n"
        "The rule change is likely to provide a small increase for federal revenue, Mr. Williams said."
    ),
    "update": (
        "The Treasury’s actions on Thursday are just the latest in a set of LGBT policies.\n\n"
        "UPDATE: Commenting on the Treasury Department's new policy, Edie Windsor hailed the decision as the "
        "precise remedy that she sought when she challenged the constitutionality of DOMA."
    ),
    "comma_conj": (
        "A Democrat, Representative Adam B. Schiff of California, said Mr. Flynn had declined the panel’s "
        "request for documents."
    ),
    "that_committee": (
        "The House Ethics Committee announced in November that Grimm was under investigation for possible "
        "campaign finance violations. That committee said it would defer its inquiry because of a separate "
        "Department of Justice investigation."
    ),
    "the_group": (
        "The bill was pushed by the Center for Arizona Policy, a social conservative group that opposes abortion "
        "and gay marriage. The group says the proposal simply clarifies existing state law."
    ),
    "named_later": (
        "New York Republican Rep. Michael Grimm's attorney confirmed late Friday that federal prosecutors plan "
        "to file criminal charges against the congressman.\n\n"
        '"We are disappointed by the government\'s decision, but hardly surprised," said the statement from '
        "Grimm's attorney, William McGinley."
    ),
    "owner_of_subject": (
        "But Sen. John McCain (R-Ariz.), won most of the subsequent primaries, and Huckabee withdrew from the "
        "race that March.\n\n"
        "Huckabee's religion has played a prominent role in his political career and shaped him as a staunch "
        'social conservative. He wrote in his memoir, "From Hope to Higher Ground," that his work as a pastor '
        "helps him understand how politics and policy affect people."
    ),
    "there_was": (
        'Gillibrand tweeted: "This is a bad deal."\n\n'
        "Then there was New Jersey Sen. Bob Menendez's response. He bluntly accused Trump of forcing \"a "
        'pointless shutdown" to pay for the border wall.'
    ),
    "introduced_source": (
        'A spokesperson for Google says the company "cares deeply" about the security of users\' data.\n\n'
        '"We disclose user data to government in accordance with the law, and we review all such requests '
        'carefully," the spokesperson said.'
    ),
    "gloss": (
        "Couples do not have to file amended returns if they do not want to, a senior Treasury official said, "
        "meaning that couples who might pay the marriage penalty would not owe back taxes."
    ),
    "tagged_noun": (
        "After news of the photo shoot broke, Griffin took to Twitter to explain her motivations behind the "
        "image and reiterate that she does not condone violence in any way."
    ),
    "of_name": (
        "WASHINGTON -- The U.S. Department of the Treasury announced Thursday that when it comes to taxes, it "
        "will recognize same-sex couples' marriages even if they live in a state that does not."
    ),
    "they_two": (
        '"This is plainly a power grab by a disappointed President," House Speaker Nancy Pelosi and Senate '
        "Democratic Leader Chuck Schumer said in a statement. \"The President's actions clearly violate the "
        'Congress’s exclusive power of the purse."\n\n'
        'They vowed Congress would "defend our constitutional authorities in the Congress, in the Courts, and '
        'in the public, using every remedy available."'
    ),
    "they_again": (
        "On Friday, Mr. Udall and Mr. Wyden released a joint statement.\n\n"
        "“Senior administration officials have stated on multiple occasions that the authority is ‘analogous to "
        "a grand jury subpoena,’ ” they said. They added that the officials were wrong.\n\n"
        "“Now that the fact of bulk collection has been declassified, we believe that more information should "
        "be declassified as well,” they said."
    ),
    "name_after": (
        "Trump Jr. is expected to publicly testify before the Senate Judiciary Committee, according to the "
        "panel’s top Democrat, Sen. Dianne Feinstein of California."
    ),
    "who_said": (
        "Axios cited John Eastman, a constitutional law professor at Chapman University and director of The "
        "Claremont Institute’s Center for Constitutional Jurisprudence, who said the amendment has been "
        "misapplied and was not intended to apply to every person born in the U.S. regardless of parentage."
    ),
    "named_later_in_apposition": (
        "Since the disclosure that Mrs. Clinton used the private account, a spokeswoman for the State Department "
        "has described the request from Mrs. Clinton as part of the department’s larger efforts to improve its "
        "record-keeping. The spokeswoman, Marie Harf, was asked on Tuesday whether there was any concern."
    ),
    "who_he_said": (
        "President Trump said Tuesday that he would end birthright citizenship. He also took aim at former "
        "Senate Democratic Leader Harry Reid, who he said “was right in 1993, before he and the Democrats went "
        "insane.”"
    ),
    "saying_after_reported": (
        "While conservatives have complained for years, the controversy escalated last month when Vice News "
        "reported the issue, saying that accounts from top Republicans were being given limited visibility."
    ),
    "voiced_before": (
        "Meanwhile, Vice President Joe Biden voiced his support of Hillary Thursday evening at the American "
        "Constitution Society's national convention.\n\n"
        '"Anybody who thinks that whoever the next president is -- and God willing, in my view, it will be '
        'Secretary Clinton."'
    ),
    "according_before": (
        "According to Peter Keating at Vanity Fair, $1.1 million is the estimated cost of GOP plans to read the "
        "document on the House floor.\n\n"
        "“The amount I get is nearly $1.1 million. $1,071,872.87, to be exact, though of course this is more "
        "back-of-the-envelope than exact.”"
    ),
    "party_description": (
        "House Speaker Nancy Pelosi is not upset over Michigan Rep. Rashida Tlaib’s vulgar comment on "
        "impeaching President Donald Trump, said just hours after Thursday’s swearing-in ceremony on the House "
        "floor.\n\n"
        "Asked for her reaction to Tlaib’s “colorful language” ― the new Democratic congresswoman vowed to "
        "“impeach that motherfucker,” referring to Trump ― Pelosi said it was a free speech issue."
    ),
    "predicated_office": (
        "Donald Trump assumed the nation’s highest office Friday as the 45th president of the United States, "
        "vowing in a tough inaugural address to restore prosperity.\n\n"
        "In a succinct speech heavy on populist themes, the new president told Americans across the country "
        "they will “never be ignored again” and promised concrete results."
    ),
}


def test_a_chain_of_he_said_goes_back_to_the_name(annotated):
    item = annotated["chain"]
    assert item.article.body.index("The real problem") > 1200  # beyond a pronoun's reach of the name
    for words in ("It’s not enough", "What made us sit there", "too simple an answer", "progressivism"):
        assert quote_holding(item, words).speaker == "Glenn Beck", words


def test_no_one_in_a_speakers_own_words_is_the_speaker(annotated):
    # "Saying President Obama, he said, was …": Obama is what Beck said, not who said it
    assert quote_holding(annotated["chain"], "too simple an answer").speaker != "Obama"


def test_he_added_at_a_paragraphs_end_opens_the_next(annotated):
    assert quote_holding(annotated["added"], "We will need to see guidance").speaker == "Marvin Kirsner"


def test_an_editors_label_is_no_speaker(annotated):
    quote = quote_holding(annotated["update"], "precise remedy")
    assert quote.speaker == "Edie Windsor"


def test_a_name_the_parse_joined_with_a_comma_is_apposed(annotated):
    quote = quote_holding(annotated["comma_conj"], "declined the panel")
    assert quote.speaker == "Adam B. Schiff"
    # "declined the panel's request" is what Schiff said, no attribution around "A Democrat, … said"
    assert not [q for q in annotated["comma_conj"].quotes if q.cue == "declined" and "Schiff" in q.text]


def test_a_demonstrative_or_generic_noun_names_the_organisation_before(annotated):
    assert quote_holding(annotated["that_committee"], "defer its inquiry").speaker == "The House Ethics Committee"
    assert quote_holding(annotated["the_group"], "clarifies existing").speaker == "the Center for Arizona Policy"


def test_a_possessive_description_may_be_named_further_on(annotated):
    assert quote_holding(annotated["named_later"], "criminal charges").speaker == "William McGinley"


def test_whose_a_subject_is_stands_for_it(annotated):
    assert quote_holding(annotated["owner_of_subject"], "work as a pastor").speaker == "Huckabee"
    assert quote_holding(annotated["there_was"], "pointless shutdown").speaker == "Bob Menendez"


def test_the_source_named_again_is_the_one_introduced(annotated):
    quote = quote_holding(annotated["introduced_source"], "We disclose user data")
    assert quote.speaker == "spokesperson for Google"
    # "disclose", a verb of the spokesperson's quoted words, reports no "the spokesperson said"
    assert [q.text for q in annotated["introduced_source"].quotes if q.cue == "disclose"] == []


def test_a_participle_after_the_attribution_is_no_part_of_what_was_said(annotated):
    quote = quote_holding(annotated["gloss"], "amended returns")
    assert quote.speaker == "senior Treasury official" and "meaning" not in quote.text


def test_a_verb_the_tagger_took_for_a_noun_still_reports(annotated):
    quote = quote_holding(annotated["tagged_noun"], "does not condone violence")
    assert quote.speaker == "Griffin" and quote.text.startswith("reiterate that")


def test_an_organisations_name_keeps_its_of_part(annotated):
    quote = quote_holding(annotated["of_name"], "recognize same-sex couples")
    assert quote.speaker == "The U.S. Department of the Treasury"


def test_they_after_two_people_who_spoke_together_is_both(annotated):
    assert quote_holding(annotated["they_two"], "defend our constitutional").speaker == "Nancy Pelosi and Chuck Schumer"
    # through "They added" back to the two who released the statement
    assert quote_holding(annotated["they_again"], "bulk collection").speaker == "Udall and Wyden"


def test_a_name_the_parse_hung_elsewhere_after_a_description_speaks(annotated):
    assert quote_holding(annotated["name_after"], "publicly testify").speaker == "Dianne Feinstein"


def test_who_after_a_description_set_beside_a_name_is_that_name(annotated):
    item = annotated["who_said"]
    said = [q for q in item.quotes if q.cue == "said" and "has been misapplied" in q.text]
    assert [q.speaker for q in said] == ["John Eastman"] and said[0].text.startswith("who said the amendment")
    role = next(p.role for p in item.people if p.name == "John Eastman")
    assert role.startswith("constitutional law professor") and "who said" not in role


def test_an_indefinite_source_named_further_on_is_that_person(annotated):
    assert quote_holding(annotated["named_later_in_apposition"], "record-keeping").speaker == "Marie Harf"


def test_he_inside_a_clause_on_a_name_is_not_that_name(annotated):
    assert quote_holding(annotated["who_he_said"], "was right in 1993").speaker == "Trump"


def test_a_participle_of_saying_goes_on_from_the_verb_of_saying_before_it(annotated):
    assert quote_holding(annotated["saying_after_reported"], "limited visibility").speaker == "Vice News"


def test_a_quote_paragraph_with_no_attribution_is_whoever_voiced_a_view_before_it(annotated):
    assert quote_holding(annotated["voiced_before"], "Anybody who thinks").speaker == "Joe Biden"
    assert "Keating" in quote_holding(annotated["according_before"], "The amount I get").speaker


def test_a_party_before_an_office_is_no_place(annotated):
    # "the new Democratic congresswoman": "Democratic" is her party, not a place that Michigan gainsays
    assert quote_holding(annotated["party_description"], "impeach that").speaker == "Rashida Tlaib"


def test_an_office_said_of_a_named_subject_introduces_no_one(annotated):
    # "as the 45th president" is Trump's, so "the new president" is Trump, not someone left unnamed
    assert quote_holding(annotated["predicated_office"], "never be ignored again").speaker == "Donald Trump"
