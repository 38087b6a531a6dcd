"""The common nouns that can speak: people, groups, bodies and the documents news lets speak, read from
PolNeAR train's Sources, and whether a speaker phrase names someone who can (`can_speak`).
`annotate.speakers` lets them speak; `annotate.referents` tells by them a person or a body from a thing
("Huckabee's religion" is no one), and by the nouns of descriptions below ("the presidential hopeful",
"the Senate minority leader") whom a description names again."""

from __future__ import annotations

from spacy.tokens import Span

from newsprism.annotate.marks import inside_quote, paired_in
from newsprism.annotate.sentences import entities_in, sentence_of, title_case

# Common nouns that can be a source of speech, read from the data rather than listed by hand: the heads
# of PolNeAR train's Source spans seen at least twice and tagged as nouns that name no time or number,
# by lemma (benchmarks/quotes.py --word-lists recounts them). People and groups ("official", "prosecutor", "critic"),
# bodies ("committee", "campaign") and the documents news lets speak ("report", "poll", "letter").
SPEAKING_NOUNS = frozenset(
    """
    account activist actor actress ad administration adviser advocate affidavit agency agent agreement
    aide airline ally ambassador analysis analyst anchor army article associate attendee attorney
    audience author authority average backer bank base bill black board book boss boy brother budget
    business businessman cable camp campaign candidacy candidate capitalist caucus chair chairman
    chairwoman challenger chief chorus circle city coalition colleague collection columnist comment
    commentator commission committee community company congressman conservative consultant contender
    contest conversation copy council count country couple course court critic crowd datum daughter
    debate defender delegate department developer diplomat director discussion district document donor
    economist editor editorial elite email employee enforcement establishment evidence executive expert
    eye faction family fan father fellow figure filing finding firm force foundation founder friend
    general generation giant government governor group guard hacker handful head headline historian
    history hopeful host husband incumbent inquiry inside insider institute interview investigation
    investigator investor joke journalist judge justice lady law lawmaker lawsuit lawyer leader
    leadership leading left legislation legislator legislature letter liberal lion list lobbyist lot
    magazine mainstream majority maker man manager material mayor measure medium member memo message
    mind minister minority moderator mogul mother movement movie narrator nation national network
    neurosurgeon newspaper nominee number objector observer office officer official operation operative
    opinion opponent order organization organizer outlet owner page pair panel paper parent partner
    party pastor people percent person personnel petition placard plan platform police policy politician
    poll polling pollster post precedent president presidential prince professor progressive projection
    prominent proponent proposal prosecutor protest protester public publication pundit question ranking
    record release remark report reporter reporting representative research researcher resident result
    return review rival rule scholar school scientist secretary senator senior serie service sign site
    socialist soldier son source speaker speech speechwriter spokesman spokesperson spokeswoman spot
    staff staffer star state statement statistic strategist strategy student study suit summary
    superdelegate supporter surrogate survey system tabloid tally team technologist tracker trader
    transcript trio troop tweet tycoon union user version veteran video viewer voice vote voter wave
    website white wife wing woman word worker writer
    """.split()
)
# PolNeAR train's Source heads seen once, read by hand for those that name a person, a body or a document
# (not "line", "way", "aftermath"): too rare to count, as plain as the counted ones
SPEAKING_NOUNS |= frozenset(
    """
    admiral anthropologist biographer bishop blogger broker bureau caller centrist cleric committeeman
    complaint confidant constituent contributor councilmember counsel counterpart demonstrator detractor
    dissident doctor elder endorser environmentalist federation forecaster fundraiser graduate guest
    heckler indictment insurer interviewer journal jury libertarian loyalist magnate nationalist nurse
    participant physician plaintiff policymaker pontiff pope producer prosecution regulator respondent
    reviewer shareholder spectator spouse unionist watchdog witness
    """.split()
)
# people named by whose they are that PolNeAR's Sources hold too rarely to count ("Mr. Mattis's deputy",
# "his predecessor", "her sister"): people all the same, whoever's they are
RELATED_PEOPLE = frozenset(
    """
    deputy assistant successor predecessor sister child nephew niece cousin girlfriend boyfriend fiancee
    fiance widow lieutenant protege
    """.split()
)
# the nouns of people, bodies and documents that speak or act themselves: what a possessive subject such
# as "Strzok's attorney" stands for, unlike "Huckabee's religion" (`annotate.referents`)
PERSON_OR_BODY_NOUNS = SPEAKING_NOUNS | RELATED_PEOPLE

# the nouns of documents and bodies that speak ("the letter states", "the committee said"), never the role of
# a person however the parse sets them beside a name ("… has sent Ryan, R-Wis., a letter saying …")
NO_ROLES = frozenset(
    """account ad administration agency analysis article bill book budget campaign comment committee company
    complaint department document editorial email filing group indictment interview law lawsuit legislation
    letter magazine memo message newspaper office order organization page paper party petition plan platform
    poll post proposal record release remark report review rule site speech statement study suit survey team
    transcript tweet video website""".split()
)
# the nouns by which news names again a person it has just named, whatever title it gave them ("the
# presidential hopeful said" after Rubio, "the lawmaker said"), and the parties ("The Arizona Republican")
EPITHETS = frozenset(
    """hopeful candidate contender nominee front-runner frontrunner lawmaker legislator politician incumbent
    challenger republican democrat""".split()
)
# the offices by which news names again a person it named without them ("the Senate minority leader said"
# after "Harry M. Reid (D-Nev.)")
OFFICES = frozenset(
    "leader senator governor president congressman congresswoman mayor secretary speaker chairman chairwoman whip".split()
)
# the words for people left unnamed that speak alone, as PolNeAR train's Sources do ("Others say …",
# "Someone called it a "quiet revolution"", "Both have promised …")
PEOPLE_UNNAMED = frozenset({"others", "both", "someone", "somebody", "everyone", "everybody", "anyone", "anybody"})
# the shares of a group that polls let speak ("Nearly a third say", "Almost half of respondents said")
SHARES = frozenset({"half", "third", "quarter", "fifth", "plurality"})
# the words for some of a group that speak with the group named ("Many of the delegates said"; alone,
# "Many said" could be anything: `PEOPLE_UNNAMED` holds the words that are people by themselves)
SOME_PEOPLE = frozenset({"many", "most", "several", "few", "some"})
# labels of the entities that can speak: people, organisations, groups and the states that act as one
SPEAKING_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def can_speak(phrase: Span) -> bool:
    """Whether a speaker phrase names someone who can speak: a person, organisation or group entity,
    a proper noun, or a head noun of `SPEAKING_NOUNS` ("a senior administration official",
    "prosecutors"); never a thing ("the line", "the way") or "it"."""
    if any(e.label_ in SPEAKING_LABELS for e in entities_in(phrase)) or phrase.root.ent_type_ in SPEAKING_LABELS:
        return True
    head = phrase.root
    if head.pos_ == "PROPN" or (head.is_alpha and head.is_upper and len(head) > 2):
        return True  # a proper noun, or a name in capitals as transcripts write it ("BOULDUAN: …")
    if head.pos_ == "NOUN" and head.text[:1].isupper():
        sentence = sentence_of(head)
        if any(t.is_alpha for t in head.doc[sentence.start : head.i]) and not title_case(sentence):
            return True  # a name the tagger took for a common noun: "- Pew notes that …"
    if head.lemma_.lower() in PERSON_OR_BODY_NOUNS or head.lower_ in PERSON_OR_BODY_NOUNS:
        return True
    if head.lower_ in PEOPLE_UNNAMED and head.dep_ in {"nsubj", "nsubjpass"}:
        # a subject outside quotation marks: not "apologized to … "anyone I may have offended""
        return not inside_quote(head.idx, head.idx + len(head), paired_in(head.doc))
    return _share_of_people(phrase)


def _share_of_people(phrase: Span) -> bool:
    """A share of people that speaks, as polls report them: "Two in three said", "Almost half of
    respondents said", "Nearly a third say", "Many of the delegates said": a number or a share, of people
    that can speak or opening its sentence, or some of people that can speak."""
    head = phrase.root
    if not (head.pos_ == "NUM" or head.lemma_.lower() in SHARES or head.lower_ in SOME_PEOPLE):
        return False
    of = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if of:
        return of[0].lemma_.lower() in SPEAKING_NOUNS
    return head.lower_ not in SOME_PEOPLE and phrase[0].text[:1].isupper() and phrase[0].is_sent_start is True
