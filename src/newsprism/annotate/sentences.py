"""Sentence boundaries that survive news punctuation, as a spaCy component run before the parser.

The parser decides most boundaries; this component fixes what news text trips it on:
a paragraph or a bullet always starts a sentence; an abbreviation (``U.S.``, ``Jan.``, ``Dr.``)
does not end one; a closing quotation mark after ``,`` or ``.`` stays with its sentence; a
dateline (``GENEVA, Jan 21 (Reuters) -``) belongs to the sentence it opens.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsprism.clean.metadata import parse_dateline
from newsprism.models import DEFAULT_SPACY_MODEL, load_pipeline

NEWS_SENTENCES = "newsprism_sentences"
_SENTENCE_STARTS = "newsprism_sentence_starts"
_TEXT = "newsprism_text"
_ENTITIES = "newsprism_entities"
ABBREVIATIONS = frozenset(
    """U.S. U.K. U.N. E.U. D.C. Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. Mr. Mrs. Ms. Dr.
    Prof. Gen. Lt. Col. Sgt. Capt. Sen. Rep. Gov. Rev. St. Mt. Ft. Inc. Corp. Co. Ltd. Jr. Sr. No. vs. a.m. p.m.
    approx. Adm. Cmdr. Maj. Pres. Supt. Atty. Calif. Mass. Fla. Ill. Wash. Va. Pa. Mich. Ariz.""".split()
)
CLOSING_QUOTES = frozenset({'"', "”", "’", "'", "»"})
BULLETS = frozenset({"*", "•", "·", "▪", "-", "–", "—"})


def news_pipeline(name: str = DEFAULT_SPACY_MODEL) -> Language:
    """The spaCy pipeline `name` (`models.load_pipeline`) with these sentence rules before its parser:
    the pipeline every stage reads sentences with; loaded once."""
    return load_pipeline(name, (NEWS_SENTENCES,))


@Language.component(NEWS_SENTENCES)
def news_sentences(doc: Doc) -> Doc:
    """Preset the boundaries news punctuation decides; the parser fills in the rest."""
    dateline = parse_dateline(doc.text.split("\n", 1)[0])
    dateline_end = dateline[3] if dateline else -1
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text and not token.is_space:
            token.is_sent_start = True  # a new paragraph or line
        elif token.idx <= dateline_end:
            token.is_sent_start = False
        elif previous.text in ABBREVIATIONS and not token.is_space and not _opens_line(doc, token):
            token.is_sent_start = False
        elif token.text in CLOSING_QUOTES and previous.text[-1:] in {",", ".", "?", "!"}:
            token.is_sent_start = False  # '."' and ',"' close the quote of the sentence before them
        elif previous.text in CLOSING_QUOTES and token.i > 1 and doc[token.i - 2].text == ",":
            token.is_sent_start = False  # '"…," Lavrov said.': the attribution ends the sentence
    for token in doc:
        if token.text in BULLETS and (token.i == 0 or "\n" in doc[token.i - 1].text) and token.i + 1 < len(doc):
            token.is_sent_start = True
    return doc


def _opens_line(doc: Doc, token) -> bool:
    return token.i > 0 and "\n" in doc[token.i - 1].whitespace_


def sentence_of(token: Token) -> Span:
    """`token.sent`, without its cost: spaCy's walks the whole document on every call, this looks the
    sentence up in starts computed once per parsed document."""
    doc = token.doc
    starts = doc.user_data.get(_SENTENCE_STARTS)
    if starts is None:
        starts = [sentence.start for sentence in doc.sents] + [len(doc)]
        doc.user_data[_SENTENCE_STARTS] = starts
    at = bisect_right(starts, token.i) - 1
    return doc[starts[at] : starts[at + 1]]


def text_of(doc: Doc) -> str:
    """`doc.text`, joined once: spaCy joins every token's text again on each access."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def entities_of(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, built once per parsed document: spaCy builds the tuple from every token again on
    each access, and `Span.ents` does so for each span it is asked about."""
    return _entities(doc)[0]


def _entities(doc: Doc) -> tuple[tuple[Span, ...], list[int]]:
    """`doc.ents` and the token index each starts at, kept in the doc's user_data."""
    kept = doc.user_data.get(_ENTITIES)
    if kept is None:
        found = doc.ents
        kept = doc.user_data[_ENTITIES] = (found, [entity.start for entity in found])
    return kept


def entity_of(token: Token) -> Span | None:
    """The entity `token` is part of (from `entities_of`), None when it is in none."""
    found, starts = _entities(token.doc)
    at = bisect_right(starts, token.i) - 1
    return found[at] if at >= 0 and token.i < found[at].end else None


def entities_in(span: Span) -> list[Span]:
    """`span.ents` (the entities wholly inside `span`, in order), from `entities_of`."""
    found, starts = _entities(span.doc)
    first = bisect_right(starts, span.start - 1)
    inside = []
    for entity in found[first:]:
        if entity.start >= span.end:
            break
        if entity.end <= span.end:
            inside.append(entity)
    return inside


def title_case(sentence: Span) -> bool:
    """Whether a sentence is a headline in title case ("Woman Steps Forward With Bombshell Claim")."""
    words = [t for t in sentence if t.is_alpha and len(t) > 3]
    return 2 * sum(t.text[0].isupper() for t in words) > len(words)
