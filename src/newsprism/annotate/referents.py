"""Who a mention that names no one stands for: a pronoun ("he said"), a definite description ("the
attorney said", "the department said"), a role set off beside a name ("A spokesman for the DNC, Brad
Woodhouse, said"). `annotate.speakers.resolve` reads these to give a quote its speaker.

The rules are the ones news writing follows: a pronoun refers back to a person named outside the
quoted words, preferably the subject of the last sentence that names one; "the <role>" refers to the
last person the article gave that role ("Strzok's attorney, Aitan Goelman" … "the attorney said"), and
"the presidential hopeful" or "The Arizona Republican", which no role names, to the person just spoken of.
Genders are told in `annotate.genders`, the roles given to each person gathered in `annotate.titles`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from newsprism.annotate.cues import quote_verbs
from newsprism.annotate.genders import PRONOUN_GENDER, ROLE_GENDER, genders
from newsprism.annotate.marks import inside_quote, paired_in
from newsprism.annotate.nouns import EPITHETS, NO_ROLES, OFFICES, PERSON_OR_BODY_NOUNS
from newsprism.annotate.sentences import entities_of, entity_of, sentence_of
from newsprism.annotate.titles import PLACES, given_roles, place_fits, same_role
from newsprism.records import Person

# how far back (in characters) a pronoun or a description may reach for its person
PRONOUN_REACH = 1200
# how far a description may reach for the person or body it names again ("the attorney", "the group")
DESCRIPTION_REACH = 2 * PRONOUN_REACH
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# the dependencies that open a clause of its own inside another
CLAUSE_DEPS = frozenset({"advcl", "ccomp", "relcl", "acl", "xcomp", "pcomp", "csubj", "conj", "parataxis"})
# how many pronouns a pronoun may follow back to its person ("He said … "…," he said"), each within reach
# of the one before, however far the name
MAX_HOPS = 10
# what someone writes or says in their own name, whose owner speaks through it ("Mr. Mattis's letter
# condemned …", "Bloomberg's speech called Trump …", "The group's first ad called …"), unlike a body that
# speaks for itself ("his campaign said")
OWN_WORDS = frozenset(
    "ad speech remark remarks statement tweet post letter email memo message testimony interview comment op-ed".split()
)
# the prepositions of a medium ("on Twitter", "via Twitter"): what the tagger takes for a person there is none
MEDIUM_PREPOSITIONS = frozenset({"on", "via"})
_MEDIA = "newsprism_media"


def antecedent(
    offset: int, people: Sequence[Person], doc: Doc | None = None, pronoun: str = "", _hops: int = 0
) -> Person | None:
    """The person a pronoun at `offset` stands for, among those mentioned within reach before it and
    outside quotation marks (in ``"Chairman Steele needs to apologize," he said`` "he" is not Steele),
    of the pronoun's gender where an honorific tells it ("Ms. Nuland" is no "he"): the last one mentioned
    in its own sentence ("Biden's comments, in which he predicted"), else the subject of the main clause
    of the last sentence that has a person or a pronoun of the same gender for subject ("Graham suggested
    Trump might want to think twice. "…," he said" is Graham; "He said Grassley would … "…," he said"
    is whoever the first "he" is), else the one mentioned last."""
    mentions = [
        (start, end, person)
        for person in people
        for start, end in person.mentions
        if start < offset and offset - start <= PRONOUN_REACH
    ]
    if doc is None:
        return max(mentions, key=lambda m: m[0])[2] if mentions else None
    quoted = paired_in(doc)
    media = _media(doc, people)
    mentions = [
        m
        for m in mentions
        if (not inside_quote(m[0], m[1], quoted) or inside_quote(offset, offset, quoted)) and m[2].id not in media
    ]
    wanted = PRONOUN_GENDER.get(pronoun.lower())
    if wanted is not None:
        told = genders(doc, people)
        mentions = [m for m in mentions if told.get(m[2].id, wanted) == wanted]
    if not mentions and wanted is None:
        return None
    token = doc.char_span(offset, offset + 1, alignment_mode="expand")
    sentence_start = sentence_of(token[0]).start_char if token is not None and len(token) else offset
    own = [m for m in mentions if m[0] >= sentence_start]
    if own and token is not None and len(token):
        own = _own_candidates(token[0], own, doc)
    if own:
        return max(own, key=lambda m: m[0])[2]
    # (sentence start, depth, -offset, person or pronoun) of every subject before the pronoun's sentence
    subjects: list[tuple[int, int, int, Person | Token]] = []
    for start, end, person in mentions:
        span = doc.char_span(start, end, alignment_mode="expand")
        depth = _subject_depth(span)
        if depth is not None:
            subjects.append((sentence_of(span[0]).start, depth, -start, person))
    if wanted is not None and _hops < MAX_HOPS:
        first = doc.char_span(max(0, offset - PRONOUN_REACH), offset, alignment_mode="contract")
        for other in first if first is not None else ():
            if other.idx >= sentence_start or inside_quote(other.idx, other.idx, quoted):
                continue
            if PRONOUN_GENDER.get(other.lower_) == wanted:
                depth = _subject_depth(other.doc[other.i : other.i + 1])
                if depth is not None:
                    subjects.append((sentence_of(other).start, depth, -other.idx, other))
            elif other.dep_ == "nsubj" and other.tag_ == "NN":
                # "Strzok's attorney blasted the bureau … He added, …": the person the description is
                described = described_person(other, people, doc)
                depth = _subject_depth(other.doc[other.i : other.i + 1])
                if described is not None and depth is not None:
                    subjects.append((sentence_of(other).start, depth, -other.idx, described))
    if subjects:
        last = max(item[0] for item in subjects)
        chosen = min((item for item in subjects if item[0] == last), key=lambda item: (item[1], item[2]))[3]
        if isinstance(chosen, Person):
            return chosen
        return antecedent(chosen.idx, people, doc, chosen.lower_, _hops + 1)
    return max(mentions, key=lambda m: m[0])[2] if mentions else None


def _own_candidates(pronoun: Token, own: list[tuple[int, int, Person]], doc: Doc) -> list[tuple[int, int, Person]]:
    """The mentions of a pronoun's own sentence it may stand for: never one in its own clause that is no
    subject there ("To replace FBI Director James Comey, he told" is not Comey: a subject pronoun never
    stands for a name it governs), and a subject before any other ("Perez hammered Trump, …, whom he
    described" is Perez)."""
    clause = pronoun.head if pronoun.dep_ in {"nsubj", "nsubjpass"} else None
    said = _said_before(clause) if clause is not None else set()
    kept, subjects = [], []
    for mention in own:
        span = doc.char_span(mention[0], mention[1], alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        root = _mention_root(span)
        is_subject = root.dep_ in {"nsubj", "nsubjpass"}
        if clause is not None and not is_subject and _governed(root, clause):
            continue
        if root.i in said:
            continue
        if clause is not None and clause.dep_ == "relcl" and clause.head.i == root.i:
            continue  # "Harry Reid, who he said "was right in 1993"": the one the clause is about is not "he"
        kept.append(mention)
        if is_subject:
            subjects.append(mention)
    return subjects or kept


def _said_before(clause: Token) -> set[int]:
    """The tokens of what the verb of a pronoun's clause reports before it: the clause an inserted "he said"
    interrupts ("Saying President Obama, he said, was "too simple an answer"") and a reported clause ahead
    of it ("Obama was the problem, he said"); a speaker is none of the people in their own words."""
    if clause.lower_ not in quote_verbs():
        return set()
    said = {t.i for c in clause.children if c.dep_ == "ccomp" and c.i < clause.i for t in c.subtree}
    if clause.dep_ == "parataxis":
        said |= {t.i for t in clause.head.subtree} - {t.i for t in clause.subtree}
    return said


def _governed(token: Token, clause: Token) -> bool:
    """Whether `token` stands in `clause` itself or in a clause without a subject of its own, whose subject
    is the clause's ("On Wednesday, he said" and "After threatening Mr. Cruz's wife, he retweeted" govern
    Wednesday and Cruz), not in a clause with its own subject ("When the draft was sent to Mr. Petraeus,
    he dismissed it" does not govern Petraeus)."""
    node = token
    while node.i != clause.i:
        if node.head.i == node.i:
            return False
        if node.dep_ in CLAUSE_DEPS and any(c.dep_ in SUBJECTS for c in node.children):
            return False
        node = node.head
    return True


def _mention_root(span: Span) -> Token:
    """The token that stands for a mention in its clause: the head of its name ("Sen. Marco Rubio"), or the
    noun it is set off beside ("the attorney, Aitan Goelman"); never a common noun it merely qualifies ("a
    Twitter official" is no Twitter)."""
    root = span.root
    while root.head.i != root.i and (root.dep_ == "appos" or (root.dep_ == "compound" and root.head.pos_ == "PROPN")):
        root = root.head
    return root


def _subject_depth(span: Span | None) -> int | None:
    """How deep in its sentence's parse a mention stands as the subject of a clause (0: of the main
    clause; -1: of an inserted "X said", whose main clause is what X said: "By failing to act, Mr. McCulloch
    said, the governor “undermines …”"); None where it is no subject. A person a sentence presents without
    a subject of its own ("Enter Ms. Lauten — …") and the owner of a subject or object that is no one
    (`_stands_for_owner`: "Mr. Mattis's letter did not single out any decision", "Huckabee's religion has
    played a prominent role") stand as that subject."""
    if span is None or len(span) == 0:
        return None
    root = _mention_root(span)
    if root.dep_ == "poss" and _stands_for_owner(root.head):
        root = root.head
    if root.dep_ in {"dobj", "attr"} and root.head.dep_ == "ROOT":
        if not any(c.dep_ in {"nsubj", "nsubjpass", "csubj"} for c in root.head.children):
            return 0
    if root.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    if root.head.dep_ == "parataxis" and root.head.lower_ in quote_verbs():
        return -1
    depth, node = 0, root.head
    while node.head.i != node.i and depth < 50:
        node, depth = node.head, depth + 1
    return depth


def _stands_for_owner(noun: Token) -> bool:
    """Whether a possessed noun puts its owner where it stands: their own words ("Mr. Mattis's letter did
    not single out …") or a thing of theirs that is no one ("Huckabee's religion has played a prominent
    role", "Then there was Sen. Bob Menendez's response"), not a person, body or document of theirs that
    can speak ("Strzok's attorney blasted …" is the attorney)."""
    if noun.dep_ not in {"nsubj", "nsubjpass", "attr", "dobj"} or noun.pos_ != "NOUN":
        return False
    lemma = noun.lemma_.lower()
    return lemma in OWN_WORDS or (lemma not in PERSON_OR_BODY_NOUNS and noun.lower_ not in PERSON_OR_BODY_NOUNS)


def _media(doc: Doc, people: Sequence[Person]) -> set[str]:
    """The ids of the "people" that are a medium: named after "on" or "via" at least once and otherwise
    only as a modifier of a common noun ("via Twitter", "a Twitter official", "Twitter's policy"), never
    where a person acts; no pronoun stands for them ("a fiery response from Fox, also on Twitter, as he
    called" is Fox)."""
    cached = doc.user_data.get(_MEDIA)
    if cached is not None and cached[0] == [p.id for p in people]:
        return cached[1]
    media: set[str] = set()
    for person in people:
        kinds: list[str] = []
        for start, end in person.mentions:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or len(span) == 0:
                kinds.append("other")
                continue
            root = _mention_root(span)
            if root.dep_ == "pobj" and root.head.lower_ in MEDIUM_PREPOSITIONS:
                kinds.append("medium")
            elif root.dep_ in {"compound", "poss"} and root.head.pos_ == "NOUN":
                kinds.append("modifier")
            else:
                kinds.append("other")
        if "medium" in kinds and "other" not in kinds:
            media.add(person.id)
    doc.user_data[_MEDIA] = ([p.id for p in people], media)
    return media


# prepositions by which a description says whose role it is: "the spokesman for the campaign"
OWNING_PREPOSITIONS = frozenset({"of", "for", "from", "at", "with", "to"})
PARTIES = {"republican": "r", "democrat": "d", "democratic": "d", "gop": "r"}
AGE = re.compile(r"\d{1,3}-year-old")


def apposed_name(subject: Token) -> Span | None:
    """The name set off beside a described subject: "A spokesman for the Democratic National Committee,
    Brad Woodhouse, said", "Alabama's state auditor, Jim Ziegler, told": the person's entity, or the
    proper nouns of a name the tagger took for something else ("Brad Woodhouse" as an organisation);
    None where there is none. The parse may hang the name on the person the role is for ("A spokesman
    for Mr. Hunter, Michael Harrison, said": two names side by side are two people), so a person's name
    in apposition to the object of "for" or "of" is the described speaker's too."""
    children = list(subject.children)
    for prep in children:
        if prep.dep_ == "prep" and prep.lower_ in {"for", "of", "to"}:
            for owner in (g for g in prep.children if g.dep_ == "pobj" and g.ent_type_ == "PERSON"):
                children += [c for c in owner.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
    for child in children:
        if not (child.dep_ == "appos" or _comma_conj(child)) or child.i < subject.i or child.pos_ != "PROPN":
            continue
        if child.left_edge.i > 0 and child.doc[child.left_edge.i - 1].text == "(":
            continue  # "CLEVELAND, July 19 (UPI) — …": a dateline's agency, no name of the speaker
        entity = entity_of(child)
        if entity is not None and entity.label_ in {"PERSON", "ORG"}:
            return entity
        words = [t for t in child.subtree if t.i <= child.i and t.pos_ == "PROPN"]
        return child.doc[words[0].i : child.i + 1] if words else None
    return _name_after_comma(subject)


def _name_after_comma(subject: Token) -> Span | None:
    """A person's name the parse hung elsewhere right after a description and a comma, ending the clause
    ("according to the panel's top Democrat, Sen. Dianne Feinstein of California.")."""
    doc, end = subject.doc, subject.right_edge.i + 1
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    entity = next((e for e in entities_of(doc) if e.start in {end + 1, end + 2} and e.label_ == "PERSON"), None)
    if entity is None or entity.root.head.i in {t.i for t in entity}:
        return None
    after = entity.root.right_edge.i + 1
    return entity if after >= len(doc) or doc[after].text in {",", ".", ";"} else None


def _comma_conj(child: Token) -> bool:
    """Whether a conjunct is an apposition the parse took for one ("A Democrat, Representative Adam B.
    Schiff of California, said"): set off by a comma, with no "and" or "or" before it."""
    head = child.head
    if child.dep_ != "conj" or child.left_edge.i == 0 or child.doc[child.left_edge.i - 1].text != ",":
        return False
    if any(c.dep_ in {"cc", "conj"} for c in child.children):
        return False  # "The group, Planned Parenthood and the ACLU said": a list, whose "and" hangs here
    return not any(c.dep_ == "cc" and head.i < c.i < child.i for c in head.children)


def described_person(subject: Token, people: Sequence[Person], doc: Doc) -> Person | None:
    """The person a definite description stands for: "the attorney said" is the last person mentioned
    before it whom the article gave that role ("Strzok's attorney, Aitan Goelman"); a possessive one must
    name the same other person ("Mr. Strzok's lawyer" is the lawyer of Strzok, however far back, or the
    one named so further on where none was before: "Rep. Michael Grimm's attorney confirmed"). A
    description by an epithet, party or age that no role names ("the presidential hopeful", "The Arizona
    Republican", "the 43-year-old") is the person a pronoun there would be, where nothing said of them
    gainsays it and the article called no one unnamed so before ("a presidential hopeful who asked not to
    be named"). None for an indefinite or plural one ("a senior official", "the scholars"), one that says
    whose it is in a phrase of its own ("the spokesman for the campaign"), and where no such person was
    mentioned (a possessive one: named anywhere)."""
    noun = _described_noun(subject)
    if noun is None or noun in NO_ROLES:
        return None
    if any(c.dep_ == "prep" and c.lower_ in OWNING_PREPOSITIONS for c in subject.children):
        return None
    possessor = next((c for c in subject.children if c.dep_ == "poss"), None)
    article = determiner(subject)
    if possessor is None and article not in {"the", "this"}:
        return None
    head = same_role(noun)
    owner = None
    places = described_places(subject)
    if possessor is not None:
        if possessor.pos_ != "PROPN":
            return None
        country = entity_of(possessor)
        if country is not None and country.label_ in PLACES:  # "Israel's prime minister": a place's office
            places.append((country.text.lower(), country.label_))
        else:
            owner = same_role(possessor.lower_)
    roles = given_roles(doc, people)
    best: tuple[int, Person] | None = None
    named_later: list[tuple[int, Person]] = []
    for person in people:
        heads, words, said = roles.get(person.id, (set(), set(), set()))
        if head not in heads or (owner is not None and owner not in words):
            continue
        if _party_gainsays(subject, person, roles.get(person.id)):
            continue
        # whose role it is makes it plain however far back: "Mr. Strzok's lawyer" is the one named as such
        reach = len(doc.text) if owner is not None else DESCRIPTION_REACH
        before = [s for s, _ in person.mentions if s < subject.idx and subject.idx - s <= reach]
        fits = [(place_fits(place, said), label) for place, label in places]
        if any(fit is False or (fit is None and label == "NORP") for fit, label in fits):
            continue  # "The Florida senator" is not "Sen. Joni Ernst (R-Iowa)", nor "the French president" Obama
        if (
            before
            and any(fit is None for fit, _ in fits)
            and _unnamed_between(person, people, max(before), subject.idx)
        ):
            continue
        if before and (best is None or max(before) > best[0]):
            best = (max(before), person)
        if (owner is not None or possessor is not None and fits[-1][0] is True) and not before:
            named_later += [(s, person) for s, _ in person.mentions[:1] if s > subject.idx]
    if best is not None:
        return best[1]
    if named_later:  # "Rep. Michael Grimm's attorney confirmed …": the one named so further on
        return min(named_later, key=lambda mention: mention[0])[1]
    # "Harry M. Reid (D-Nev.) blasted Rubio …. "…," the Senate minority leader said": an office no one of
    # the article was given names, like an epithet, the person just spoken of
    unheld_office = head in OFFICES and not any(head in heads for heads, _, _ in roles.values())
    if article == "the" and possessor is None and (head in EPITHETS or AGE.fullmatch(head) or unheld_office):
        return None if _introduced(subject, head, people) else _salient(subject, head, people, doc)
    return None


def determiner(subject: Token) -> str | None:
    """The article of a description: its own ("the attorney"), else the word before an age whose article
    the parse hung on the verb ("the 43-year-old said")."""
    article = next((c.lower_ for c in subject.children if c.dep_ == "det"), None)
    if article is None and subject.lower_ == "old" and subject.left_edge.i > 0:
        article = subject.doc[subject.left_edge.i - 1].lower_
    return article


def _described_noun(subject: Token) -> str | None:
    """What a description calls a person: its singular head noun ("the attorney"), a party ("The Arizona
    Republican") or an age ("the 43-year-old"); None for anything else ("the scholars", "Republicans")."""
    if subject.pos_ == "NOUN" and subject.tag_ == "NN":
        return subject.lemma_.lower()
    if subject.tag_ == "NNP" and subject.text.islower():  # a common noun the tagger took for a name
        return subject.lower_
    if subject.tag_ == "NNP" and subject.lower_ in PARTIES:
        return subject.lower_
    number = next((t for t in subject.subtree if t.like_num and t.i < subject.i), None)
    if subject.lower_ == "old" and number is not None:
        age = subject.doc[number.i : subject.i + 1].text
        return age if AGE.fullmatch(age) else None
    return None


def _salient(subject: Token, noun: str, people: Sequence[Person], doc: Doc) -> Person | None:
    """The person a description that no role of the article names stands for, as a pronoun would: the
    subject of the last sentence that has a person for subject ("Rubio said. … the presidential hopeful
    said" is Rubio), where what it says of them fits what the article says (`_suits`); else None."""
    person = antecedent(subject.idx, people, doc)
    if person is None or not _suits(person, noun, subject, given_roles(doc, people).get(person.id)):
        return None
    told = genders(doc, people).get(person.id)
    return None if told is not None and ROLE_GENDER.get(noun, told) != told else person


def _suits(person: Person, noun: str, subject: Token, roles: tuple[set[str], set[str], set[str]] | None) -> bool:
    """Whether nothing the article says of `person` gainsays a description: its places are theirs ("The
    Arizona Republican" is "Sen. John McCain, R-Ariz."), its party and age are not another ("the Democrat"
    is no "R-Fla.", "the 43-year-old" no "Smith, 70")."""
    heads, _, said = roles or (set(), set(), set())
    if any(place_fits(place, said) is not True for place, _ in described_places(subject)):
        return False
    party = PARTIES.get(noun)
    parties = _parties(person, roles)
    if party is not None and parties and party not in parties:
        return False
    ages = {w for w in heads if AGE.fullmatch(w)}
    return not (AGE.fullmatch(noun) and ages and noun not in ages)


def _parties(person: Person, roles: tuple[set[str], set[str], set[str]] | None) -> set[str]:
    """The parties the article gives a person ("R-Fla.", "Republican Sen."), as "r", "d" or "i"."""
    _, words, said = roles or (set(), set(), set())
    parties = {w[0] for w in said if re.match(r"[rdi]-", w)} | {PARTIES[w] for w in words if w in PARTIES}
    return parties | {PARTIES[w] for w in re.findall(r"[a-z]+", (person.role or "").lower()) if w in PARTIES}


def _party_gainsays(subject: Token, person: Person, roles: tuple[set[str], set[str], set[str]] | None) -> bool:
    """Whether a party a description names before its head is not the person's ("the Republican senator"
    of a Democrat)."""
    named = {PARTIES[c.lower_] for c in subject.children if c.i < subject.i and c.lower_ in PARTIES}
    parties = _parties(person, roles)
    return bool(named and parties and not named & parties)


def _introduced(subject: Token, noun: str, people: Sequence[Person]) -> bool:
    """Whether the article called someone by the noun of a description before without naming who ("a
    senior official … the official said"): a noun phrase of that noun (or age) set beside no one's name."""
    doc = subject.doc
    named = set()
    for person in people:
        for start, end in person.mentions:
            named.update(t.i for t in doc.char_span(start, end, alignment_mode="expand") or ())
    for token in doc[: subject.i]:
        modifier = token.dep_ in {"amod", "compound"}
        if _described_noun(token) != noun or (modifier and not AGE.fullmatch(noun)):
            continue
        phrase = token.head if modifier else token
        if _predicated(phrase, named):
            continue  # "Donald Trump assumed the nation's highest office as the 45th president": his, named
        beside = {phrase.i, phrase.head.i, *(c.i for c in phrase.children if c.dep_ in {"appos", "compound"})}
        if not beside & named:
            return True
    return False


def _predicated(phrase: Token, named: set[int]) -> bool:
    """Whether a noun phrase is said of a named subject: after "as" on its verb ("Trump assumed office as
    the 45th president") or after "is" ("Trump is the president")."""
    if phrase.dep_ == "attr":
        verb = phrase.head
    elif phrase.dep_ == "pobj" and phrase.head.lower_ == "as":
        verb = phrase.head.head
    else:
        return False
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.i in named for c in verb.children)


def described_places(subject: Token) -> list[tuple[str, str]]:
    """The places and peoples a description names before its head ("The Florida senator", "the French
    president"): (text in lower case, label) of those entities; a party is none ("the new Democratic
    congresswoman")."""
    found = []
    for child in subject.children:
        if child.i < subject.i and child.dep_ in {"compound", "amod", "nmod"}:
            entity = entity_of(child)
            if entity is not None and entity.label_ in PLACES and entity.text.lower() not in PARTIES:
                found.append((entity.text.lower(), entity.label_))
    return list(dict.fromkeys(found))


def _unnamed_between(person: Person, people: Sequence[Person], start: int, end: int) -> bool:
    """Whether someone the article gave no role is mentioned between `start` and `end` (whom a description
    with a place may be introducing: "President Obama had a talk with Francois Hollande. The French
    president …")."""
    return any(p.role is None and p is not person and any(start < s < end for s, _ in p.mentions) for p in people)
