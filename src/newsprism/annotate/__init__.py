"""The annotate stage: clean articles in, sentences, entities, people and quotes out.

`annotate(articles)` runs the spaCy pipeline once over all bodies (`nlp.pipe`, model loaded
once), then finds speech (`annotate.quotes`) and resolves speakers to people
(`annotate.speakers`). Across the articles given together (one story), one person gets one id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from newsprism.annotate.pool import annotate_in_pool, default_processes, worth_it
from newsprism.annotate.quotes import find_speech
from newsprism.annotate.speakers import find_people, link_people, resolve, speaker_quote
from newsprism.models import load_pipeline
from newsprism.records import AnnotatedArticle, Article, Entity, ScareQuote, Sentence
from newsprism.settings import Settings

__all__ = ["annotate", "annotate_doc"]

# bodies per nlp.pipe batch: large enough to amortise, small enough to stream
BATCH_SIZE = 32


def annotate(
    articles: Iterable[Article],
    nlp: Language | None = None,
    *,
    settings: Settings | None = None,
    link: bool = True,
    processes: int | None = None,
) -> Iterator[AnnotatedArticle]:
    """Annotate `articles` in one `nlp.pipe` pass; with `link`, people get one id across them (one story).

    A story of many words is annotated by `processes` worker processes (`annotate.pool`; default:
    the `annotate_processes` setting, or one per core up to 4), unless `nlp` is given.
    Raises `ModelError` when no spaCy pipeline is installed.
    """
    settings = settings or Settings.load()
    processes = processes or settings.annotate_processes or default_processes()
    if link:
        articles = list(articles)
        if nlp is None and worth_it(articles, processes):
            pooled = annotate_in_pool(articles, settings.spacy_model, processes)
            if pooled is not None:
                yield from link_people(pooled)
                return
    nlp = nlp or load_pipeline(settings.spacy_model)
    docs = nlp.pipe(((a.body, a) for a in articles), as_tuples=True, batch_size=BATCH_SIZE)
    annotated = (annotate_doc(article, doc) for doc, article in docs)
    if link:
        yield from link_people(annotated)
    else:
        yield from annotated


def annotate_doc(article: Article, doc: Doc) -> AnnotatedArticle:
    """One article from its parsed body."""
    people = find_people(doc)
    quotes, scare = [], []
    for found in find_speech(doc):
        text = article.body[found.start : found.end]
        if found.kind == "scare":
            scare.append(ScareQuote(article.source, text, found.start, found.end))
            continue
        person, speaker, span = resolve(found.subject, people, doc)
        quotes.append(
            speaker_quote(article.source, found.kind, found.start, found.end, text, person, speaker, span, found.cue)
        )
    return AnnotatedArticle(
        article=article,
        sentences=tuple(Sentence(s.start_char, s.end_char) for s in doc.sents if s.text.strip()),
        entities=tuple(Entity(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents),
        people=tuple(people),
        quotes=tuple(quotes),
        scare_quotes=tuple(scare),
        noun_phrases=tuple(Sentence(c.start_char, c.end_char) for c in doc.noun_chunks),
    )
