"""One article annotated from its parse: what annotate does in this process or in a worker of the
pool (`annotate.pool`), which imports this module and not the package, so no import cycle hides here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from newsprism.annotate.attribution import reported_span
from newsprism.annotate.clauses import clauses_of
from newsprism.annotate.people import find_people
from newsprism.annotate.quotes import find_speech
from newsprism.annotate.sentences import entities_of
from newsprism.annotate.speaker_ranker import choose_subject, shipped_ranker
from newsprism.annotate.speakers import participle_speaker, resolve, speaker_quote
from newsprism.records import AnnotatedArticle, Article, Entity, Quote, ScareQuote, Sentence

# bodies per nlp.pipe batch: large enough to amortise, small enough to stream
BATCH_SIZE = 32


def annotate_with(articles: Iterable[Article], nlp: Language) -> Iterator[AnnotatedArticle]:
    """`articles` annotated one after another with the loaded pipeline `nlp` (in `BATCH_SIZE` batches)."""
    docs = nlp.pipe(((a.body, a) for a in articles), as_tuples=True, batch_size=BATCH_SIZE)
    return (annotate_doc(article, doc) for doc, article in docs)


def annotate_doc(article: Article, doc: Doc) -> AnnotatedArticle:
    """One article from its parsed body."""
    people = find_people(doc)
    ranker = shipped_ranker()
    quotes, scare = [], []
    for found in find_speech(doc):
        if found.kind == "scare":
            scare.append(ScareQuote(article.source, article.body[found.start : found.end], found.start, found.end))
            continue
        subject = choose_subject(found, doc, people, ranker)
        person, speaker, span = resolve(subject, people, doc, found.cue)
        quotes.append(
            speaker_quote(article.source, article.body, found, reported_span(found, span), person, speaker, span)
        )
    quotes = [participle_speaker(quote, quotes) for quote in quotes]
    quotes = [_unrepeated(quote, quotes, article.body) for quote in quotes]
    return AnnotatedArticle(
        article=article,
        sentences=tuple(Sentence(s.start_char, s.end_char) for s in doc.sents if s.text.strip()),
        entities=tuple(Entity(e.text, e.label_, e.start_char, e.end_char) for e in entities_of(doc)),
        people=tuple(people),
        quotes=tuple(quotes),
        scare_quotes=tuple(scare),
        noun_phrases=tuple(Sentence(c.start_char, c.end_char) for c in doc.noun_chunks),
        clauses=tuple(Sentence(start, end) for start, end in clauses_of(doc)),
    )


def _unrepeated(quote: Quote, quotes: list[Quote], body: str) -> Quote:
    """Quoted words shown as their sentence (`attribution.reported_span`) where the reported speech of the
    same verb already shows it are shown alone: "leave the meeting" beside "he would "leave the meeting"
    if it's not "fruitful."", not the same sentence twice."""
    if quote.kind != "partial" or quote.cue_start is None:
        return quote
    start, end = quote.content
    for other in quotes:
        if other.kind == "indirect" and other.cue_start == quote.cue_start and other.start <= quote.start:
            if quote.end <= other.end + 1:
                return replace(quote, text=body[start:end], start=start, end=end)
    return quote
