"""Verbs of saying and of stance, and who speaks: the cue vocabulary `annotate.quotes` reads.

A **cue** is a verb of saying ("said", "warned", "according to"), from the GenderGapTracker
quote-verb list (`data/quote_verbs.txt`, MIT) and a few reporting verbs it lacks; a **stance** verb
reports what someone holds rather than says ("expects", "polls show", "defended"), from the verbs
PolNeAR train marks as attribution cues. `subject_of` finds who speaks for a cue: its subject, the
subject of the verb it hangs from, the name set off right after it ("…, said Eric Schultz, …"), or
the object of "according to".
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Token

from newsprism.annotate.sentences import entities_in, entities_of, sentence_of, text_of
from newsprism.data import word_list

# Verbs that name rather than report: "called the talks "useful"" quotes one word as speech.
NAMING_VERBS = frozenset({"call", "dub", "term", "label", "brand", "describe", "characterize", "characterise"})
# Reporting verbs missing from the GGT list that news uses for attribution.
EXTRA_CUES = frozenset(
    {"call", "accuse", "deny", "dub", "term", "label", "brand", "vow", "pledge", "concede"}
    | {"ask", "answer", "joke", "quip", "urge", "observe", "confess", "recall", "muse", "scoff"}
    | {"summarize", "summarise", "opine", "retort", "counter"}  # ``"…," summarized Senor``
    | {"object"}  # ``objecting that the talking points could be “abused”``
    | {"reason", "posit"}  # ``Pelosi reasoned that while Trump's comments …``, ``"…," he posited``
    | {"hint"}  # ``The president hinted that "direct talks …" had taken place``: a cue in 10 of 14 uses
    # verbs PolNeAR train marks beside a direct quote at least twice ("…," Clinton remarked; "Quiet," he
    # barked): of saying, not of stance
    | {"remark", "shout", "yell", "bark", "chant", "interject"}
)
# verbs PolNeAR train marks beside a direct quote that say something else elsewhere ("charged with fraud",
# "the sign read"): a verb of saying only right after the quote (``"…," Kelly charged``)
BESIDE_QUOTES = frozenset({"charge", "read", "beam", "retaliate"})
# verbs that name through "as" what a quoted word calls someone ("referred to a reporter as a "jackass"")
NAMING_AS = frozenset({"refer"})
PASSIVE_CUES = frozenset({"tell", "ask", "quote", "inform", "advise"})
# Verbs of stance and belief that report what someone holds rather than says ("Trump expects …",
# "polls show …", "she defended the plan"): the lemmas that PolNeAR train marks as an attribution cue
# in at least half of their uses with a clause or object, at least 4 times, over all 1,446 train
# articles (benchmarks/quotes.py's `stance_cues(data, articles=2000)` recounts them; "say", which it
# lists too where a verb of saying is no cue, stays out, as do "remark" and "interject", verbs of saying in
# `EXTRA_CUES`). Lemmas as spaCy gives them ("hop").
# They give indirect speech and govern quoted fragments, but never stand as the cue beside a direct
# quotation, so that "…," she said keeps its "said".
STANCE_CUES = frozenset(
    """agree aim allege anger appear applaud articulate attribute bemoan blame blast brush caution chant
    characterize cite complain congratulate contemplate contend credit decline deem defend detail disclose
    discuss dismiss distance emphasize endorse expect express fear hail hop imply issue judge
    justify lament liken list mock order outline portray post praise prefer promise propose publish
    question quote rattle reaffirm rebuke recite recommend recount reference refuse reiterate relish
    repeat retweete reveal seem show shrug signal slam sound speculate stress tout voice worry""".split()
)
# Verbs PolNeAR train marks as a cue in 40-50% of such uses (`stance_cues(data, 2000, share=0.4)`, less
# the above): they report a clause or an object, but a quoted term they govern is no speech by that
# alone ("he invoked the Catholic teaching of "subsidiarity"" quotes a term, not Ryan).
REPORTING_CUES = frozenset(
    """advocate boast charge compare condemn demand disavow echo hammer invoke name oppose present prohibit
    reject renew rule seek shout thank threaten underscore unveil witness wonder""".split()
)
# Nouns that report what someone said or holds when a "that" clause follows ("Mr. Trump's statement that
# he was bowing out", "the suggestion that …"): the lemmas PolNeAR train marks as a cue in at least 40% of
# such uses, at least 3 times (all 1,446 train articles).
NOMINAL_CUES = frozenset(
    """suggestion claim concern statement complaint assertion hope doubt belief remark assumption confidence
    agreement speculation debate""".split()
)
# what "finds" something as a report does ("a poll found …"): polls, studies and their kin
FINDING_SUBJECTS = frozenset(
    "poll survey study report paper analysis review research audit investigation probe inquiry".split()
)
# verbs that report through a preposition: "…," he said, referring to Condoleezza Rice; "talked about
# the deal"; "asked about Sullivan", "asked the Supreme Court for quick action"; "pointing to the polls"
PREPOSITION_CUES = {"refer": "to", "point": "to", "talk": "about", "ask": "about for"}
# verbs of stance whose subject is part of what is reported ("Christie's stare seemed to reflect sadness")
RAISING_CUES = frozenset({"seem", "appear"})
# verbs of saying only beside a quotation ("…," he continued), never of a report ("continues to distract")
ONLY_WITH_QUOTES = frozenset({"continue"})
# verbs whose object is the one addressed, not what is said ("told reporters", "asked him")
ADDRESSEE_CUES = frozenset({"tell", "ask", "inform", "advise", "assure", "remind", "warn", "brief"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# verbs by which someone puts out what then speaks for them ("issued a statement saying …")
ISSUING_VERBS = frozenset({"issue", "release", "send", "post", "publish", "write", "sign", "put", "tweet"})
# where a name stands that may be a speaker the parse lost: a subject (of another verb, by a misparse) or
# an apposition ("Ernst, a candidate …" hung on the noun before it)
NAMING_DEPS = frozenset({"nsubj", "nsubjpass", "appos", "ROOT"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
# a wire dateline that opens a sentence: "WASHINGTON (AP) — ", "CLEVELAND, July 19 (UPI) — ", "New York (AFP) – "
DATELINE = re.compile(r"[A-Z][\w.,' ]{0,40}\([A-Z][\w ]{0,20}\)\s*[—–-]+\s*")


@cache
def quote_verbs() -> frozenset[str]:
    """Inflected verbs of saying (said, says, told, warned …), from `data/quote_verbs.txt`."""
    return word_list("quote_verbs.txt")


def is_cue(token: Token) -> bool:
    """A verb of saying ("said", "warned", "according to"); a passive one only where it still reports
    ("was told"), not where it means something else ("will never be added as a member"); never an
    infinitive that qualifies a noun ("in order to ensure that …", "his decision to announce …"): a
    purpose or a plan, not speech."""
    if not is_verb(token) and token.lower_ != "according":
        return False
    if _purpose(token):
        return False
    if any(c.dep_ == "auxpass" for c in token.children) and token.lemma_.lower() not in PASSIVE_CUES:
        return False
    before = token.doc[token.i - 1] if token.i else None
    if any(c.dep_ == "poss" for c in token.children) or (before is not None and before.dep_ == "case"):
        return False  # a noun the tagger took for a verb: "A few hours before Mrs. Clinton's remarks, …"
    if token.lemma_.lower() == "shoot":  # ``"…," Trump shot back``
        return any(c.dep_ in {"prt", "advmod"} and c.lower_ == "back" for c in token.children)
    if token.lemma_.lower() == "make":  # "Mr. Trump made clear last week that he would …"
        clauses = [c for c in token.children if c.dep_ == "ccomp" and c.pos_ in {"VERB", "AUX"}]
        return any(c.lower_ == "clear" for c in token.children) and any(marked(c, "that") for c in clauses)
    return token.lower_ in quote_verbs() or token.lemma_.lower() in EXTRA_CUES or token.lower_ == "according"


def is_verb(token: Token) -> bool:
    """A verb, or one the tagger took for a noun where the parse gives it a clause as a verb's ("… to explain
    her motivations and reiterate that she does not condone violence", "reiterate" tagged NN)."""
    if token.pos_ in {"VERB", "AUX"}:
        return True
    return token.tag_ == "NN" and token.dep_ in {"conj", "ROOT"} and any(c.dep_ == "ccomp" for c in token.children)


def _purpose(token: Token) -> bool:
    """An infinitive that qualifies a noun ("in order to ensure that …", "the House vote to reaffirm that …"):
    a purpose or a plan, not speech or stance."""
    return token.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def named_after(cue: Token) -> Token | None:
    """The person (or, after a comma, the organisation) named right after a verb of saying and set off by
    punctuation ("…, said Eric Schultz, a White House spokesman, …"), whatever the parse made of the name;
    None otherwise (``polls show Hillary Clinton leading``, ``told Blinken that``)."""
    doc = cue.doc
    if cue.i + 1 >= len(doc) or cue.lemma_.lower() in ADDRESSEE_CUES or not is_cue(cue):
        return None
    # an organisation too where the cue follows what it reports ("…, reports USA Today.", "…, said the ACLU.");
    # a title may stand between ("…," said retired neurosurgeon Ben Carson)
    labels = {"PERSON", "ORG"} if cue.i > 0 and doc[cue.i - 1].text == "," else {"PERSON"}
    start = cue.i + 1
    while start < min(cue.i + 4, len(doc)) and doc[start].dep_ in {"amod", "compound"} and not doc[start].ent_type_:
        start += 1
    entity = next((e for e in entities_of(doc) if e.start == start and e.label_ in labels), None)
    if entity is None or (entity.end < len(doc) and doc[entity.end].text not in {",", ".", ";", "--", "—", "–"}):
        return None  # `claimed Obama "has …"`: the name begins what is said
    return entity.root


def reported_clause(noun: Token) -> Token | None:
    """The "that" clause a reporting noun (`NOMINAL_CUES`) introduces ("his claim that the vote was rigged");
    None for a relative clause ("the claim that he made") or a noun of another kind."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in NOMINAL_CUES:
        return None
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if is_cue(verb):
        return None  # "said in a statement that …": the verb reports it
    for child in noun.children:
        if child.dep_ in {"acl", "ccomp"} and marked(child, "that"):
            return child
    if noun.dep_ == "nsubj" and noun.head.lemma_ == "be":  # "Mr. Mattis's core complaint was that …"
        return next((c for c in noun.head.children if c.dep_ in {"ccomp", "attr"} and marked(c, "that")), None)
    return None


def marked(verb: Token, word: str) -> bool:
    """Whether a clause opens with `word` as its mark: "that the vote was rigged", "for Mr. Akin to withdraw"."""
    return any(c.dep_ == "mark" and c.lower_ == word for c in verb.children)


def subject_of(cue: Token) -> Token | None:
    """Who speaks: the cue's subject, the subject of the verb it is coordinated with, the object of "according
    to", or whose a reporting noun is ("Mr. Trump's statement that …"); never the place or agency of a
    dateline the parse made the subject ("CLEVELAND, July 19 (UPI) — Former Attorney General Michael
    Mukasey told …": the first name after the dateline speaks)."""
    subject = _subject_of(cue)
    if subject is None:
        return None
    sentence = sentence_of(subject)
    dateline = DATELINE.match(text_of(cue.doc), sentence.start_char, sentence.end_char)
    if dateline is None or subject.idx >= dateline.end():
        return subject
    after = dateline.end()
    named = [e for e in entities_in(sentence) if e.start_char >= after and e.label_ in {"PERSON", "ORG", "NORP"}]
    return named[0].root if named and named[0].start < cue.i else None


def _subject_of(cue: Token) -> Token | None:
    # whose: "Mr. Trump's statement that …", "Teck issued a statement that …"
    if cue.pos_ == "NOUN" and not is_verb(cue):
        owner = next((c for c in cue.children if c.dep_ == "poss"), None)
        if owner is None:  # "the concern by many Republicans that …", "a statement from the campaign that …"
            by = [c for c in cue.children if c.dep_ == "prep" and c.lower_ in {"by", "from"}]
            owner = next((g for c in by for g in c.children if g.dep_ == "pobj"), None)
        verb = cue.head.head if cue.dep_ == "pobj" else cue.head
        if owner is None and cue.dep_ in {"dobj", "pobj"} and verb.pos_ == "VERB":
            owner = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        return owner
    if cue.lower_ == "according":
        for child in cue.children:
            if child.dep_ == "prep":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        return None
    named = named_after(cue)
    if named is not None:
        return named
    reporter = _reporting_before(cue)
    if reporter is not None:
        return reporter
    if cue.lemma_.lower() in ADDRESSEE_CUES and _passive(cue):
        # "Ryan was asked whether …", "Asked if he would …, Johnson said": who is asked or told is not
        # who speaks; the one who asks is the agent ("by Rep. Michael McCaul"), else no one named
        agent = next((c for c in cue.children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    verb = cue
    # a finite verb joined to the reported one with no subject of its own is the speaker's own act, as
    # `attribution` reads it ("Lauten wrote … that they should "try showing a little class" and described
    # their outfits as …"): past the reported clause, who says it is the cue's subject
    joined = cue.tag_ in {"VBD", "VBZ", "VBP"} and cue.dep_ == "conj"
    for _ in range(6):
        if joined and verb is not cue and verb.dep_ == "ccomp" and is_cue(verb.head):
            verb = verb.head  # not the reported verb's subject: "Officials said the plan would fail and warned …"
            continue
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        # the nearest, where a misparse gives two: "an accusation Romney has -- the nominee acknowledged"
        subject = min(subjects, key=lambda c: abs(c.i - verb.i), default=None)
        if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            # "Barkley, who said …": the speaker is who "who" stands for; "John Eastman, a constitutional
            # law professor …, who said": the name the description is set beside
            head = verb.head
            while head.dep_ == "appos" and head.head.i != head.i:
                head = head.head
            return head if head.ent_type_ == "PERSON" else verb.head
        if subject is not None and verb is not cue and _object_of(cue, subject):
            # "Mr. Trump contended that Mr. Strzok targeted the president and accused Mr. Strzok of …": a
            # misparse hangs the cue on the reported verb; who is accused is not who accuses
            verb = verb.head
            continue
        if subject is not None:
            return subject
        told = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i] if verb.dep_ == "xcomp" else []
        if told:
            return told[0]  # "led Republicans to say", "prompted Anderson Cooper to accuse": who is led speaks
        if verb.dep_ in {"conj", "advcl", "xcomp", "relcl", "acomp"} and verb.head.i != verb.i:
            verb = verb.head  # "Yellen is likely to stress that …": who is likely stresses
        elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep":  # "…, the governor said, before clarifying"
            verb = verb.head.head
        elif verb.dep_ in {"dobj", "attr"} and verb.pos_ == "NOUN" and verb.i != cue.i:
            verb = verb.head  # "the campaign took the unusual step of criticizing …"
        else:
            break
    if cue.dep_ == "acl" and cue.head.dep_ == "dobj" and cue.head.head.lemma_.lower() in ISSUING_VERBS:
        # "Steele issued a statement saying: "…"": who issued it speaks through it
        issuer = next((c for c in cue.head.head.children if c.dep_ == "nsubj"), None)
        if issuer is not None:
            return issuer
    if cue.dep_ == "relcl" or cue.dep_ == "acl":
        return cue.head
    # a name the parse hung on the cue as a modifier ("Hotline On Call says …": npadvmod), or a noun phrase
    # it took apart, whose determiner hangs on the cue too ("the 43-year-old said": "the", "old")
    before = [c for c in cue.children if c.i < cue.i]
    hung = next((c for c in before if c.dep_ in {"npadvmod", "dep"} and c.pos_ == "PROPN"), None)
    if hung is None:  # a share the parse made a modifier of the verb: "About 4 in 10 say …"
        hung = next((c for c in before if c.dep_ in {"nummod", "quantmod"} and c.pos_ == "NUM"), None)
    if hung is None and any(c.dep_ == "det" for c in before):
        hung = next((c for c in reversed(before) if c.dep_ in {"amod", "compound", "npadvmod"}), None)
    return hung if hung is not None else _named_before(cue)


def _reporting_before(cue: Token) -> Token | None:
    """The subject of a verb of saying that a participle of saying goes on from, where the parse hung both on
    another verb ("the controversy escalated when Vice News reported the issue, saying that …": Vice News
    says); None for any other cue. (`speakers.participle_speaker` serves a participle the parse hung inside
    what a report says, once speakers are known; this one a participle beside the report, by the parse.)"""
    if cue.tag_ != "VBG" or cue.dep_ != "advcl" or any(c.dep_ in SUBJECTS for c in cue.children):
        return None
    # the nearest verb before the participle: one after the verb both hang on ("As the Huffington Post
    # reported, historians have approached it with yawns, noting …" is the historians noting)
    before = [c for c in cue.head.children if c.dep_ in {"advcl", "conj"} and cue.head.i < c.i < cue.i and is_cue(c)]
    return next((c for c in before[-1].children if c.dep_ == "nsubj"), None) if before else None


def _object_of(cue: Token, subject: Token) -> bool:
    """Whether the cue's own object names the same one as `subject` ("accused Mr. Strzok")."""
    return any(c.dep_ == "dobj" and c.lower_ == subject.lower_ for c in cue.children)


def _passive(cue: Token) -> bool:
    """Whether a verb is passive: "was asked", or a participle with no subject ("Asked about it, …",
    "When told that …")."""
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in cue.children):
        return True
    return cue.tag_ == "VBN" and not any(c.dep_ in {"nsubj", "aux"} for c in cue.children)


def _named_before(cue: Token) -> Token | None:
    """Who speaks where the parse gives the cue no subject: the last person named before it in its
    sentence, where it stands as a subject or a name set off by commas ("Rep. Bobby Scott, D-Va., one of
    the nine lawmakers to vote against the resolution, said", "Joni Ernst, a candidate …, announced");
    None where there is no such name or the last one is an object ("a video of him mocking Sen. Grassley")
    or stands inside quotation marks."""
    sentence = sentence_of(cue)
    names = [e for e in entities_in(sentence) if e.label_ == "PERSON" and e.end <= cue.i]
    if not names:
        return None
    root = names[-1].root
    before = text_of(cue.doc)[sentence.start_char : root.idx]
    quoted = sum(before.count(mark) for mark in '"“”') % 2 == 1
    return root if root.dep_ in NAMING_DEPS and not quoted else None


def is_finding(token: Token) -> bool:
    """ "found" as a report: a finding stated as a clause ("the lawyers found that …"), or whatever a poll,
    a survey, a study or a report finds ("A survey by the organization found Mrs. Clinton with a lead …");
    never "police found the body"."""
    if token.lemma_.lower() != "find" or token.pos_ != "VERB" or any(c.dep_ == "auxpass" for c in token.children):
        return False
    if any(c.dep_ == "ccomp" for c in token.children):
        return True
    subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
    return subject is not None and subject.lemma_.lower() in FINDING_SUBJECTS


def is_stance(token: Token, *, reporting: bool = False) -> bool:
    """A verb of stance or belief (`STANCE_CUES`; with `reporting`, `REPORTING_CUES` too) in the active voice."""
    lemma = token.lemma_.lower()
    return (
        is_verb(token)
        and token.pos_ != "AUX"
        and (lemma in STANCE_CUES or (reporting and lemma in REPORTING_CUES))
        and not any(c.dep_ == "auxpass" for c in token.children)
        and not _purpose(token)
    )


def names_as(token: Token) -> bool:
    """A verb that names someone or something through "as" (`NAMING_AS`: ``referred to a reporter as a
    "jackass"``): what it names them is the subject's word."""
    return (
        token.pos_ == "VERB"
        and token.lemma_.lower() in NAMING_AS
        and any(c.dep_ == "prep" and c.lower_ == "as" for c in token.children)
    )


def judges_as(token: Token) -> bool:
    """A verb that can say through "as" what its object is (``slammed the proposal as "reprehensible"``,
    ``dismissing O'Donnell as "a disgruntled former employee"``): one with an object of its own, not a
    participle on a noun ("the agreement made by …", "the hacker known as …"). Words quoted after its
    "as" are its subject's, as PolNeAR train reads them (`annotate.quotes`)."""
    return token.pos_ == "VERB" and token.dep_ != "acl" and any(c.dep_ == "dobj" for c in token.children)


def preposition_content(cue: Token) -> Token | None:
    """The object of the preposition through which a verb reports ("referring to the two Trump resorts"),
    None where the verb takes none of its `PREPOSITION_CUES` or is no verb."""
    wanted = PREPOSITION_CUES.get(cue.lemma_.lower())
    if wanted is None or cue.pos_ != "VERB":
        return None
    prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ in wanted.split() and c.i > cue.i), None)
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
