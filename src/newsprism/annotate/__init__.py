"""The annotate stage: clean articles in, sentences, entities, people and quotes out.

`annotate(articles)` runs the spaCy pipeline once over all bodies (`nlp.pipe`, model loaded
once), then finds speech (`annotate.quotes`) and resolves speakers to people
(`annotate.speakers`). Across the articles given together (one story), one person gets one id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from itertools import islice

from newsprism.models import import_spacy_without_torch

import_spacy_without_torch()  # before the first import of spaCy

from spacy.language import Language
from spacy.tokens import Doc

from newsprism.annotate.clauses import clauses_of
from newsprism.annotate.pool import annotate_in_pool, default_processes, worth_it
from newsprism.annotate.quotes import find_speech
from newsprism.annotate.sentences import news_pipeline
from newsprism.annotate.speakers import find_people, link_people, resolve, speaker_quote
from newsprism.records import AnnotatedArticle, Article, Entity, ScareQuote, Sentence
from newsprism.settings import Settings

__all__ = ["annotate", "annotate_doc", "read_prefix", "unread_note"]

# bodies per nlp.pipe batch: large enough to amortise, small enough to stream
BATCH_SIZE = 32
# articles the worker pool takes at a time from a stream (a corpus): a few per worker and chunk
POOL_RUN = 64


def annotate(
    articles: Iterable[Article],
    nlp: Language | None = None,
    *,
    settings: Settings | None = None,
    link: bool = True,
    processes: int | None = None,
) -> Iterator[AnnotatedArticle]:
    """Annotate `articles` with spaCy (`nlp.pipe`); with `link`, people get one id across them (one story).

    Unless `nlp` is given, `processes` worker processes share the work (`annotate.pool`; default:
    the `annotate_processes` setting, or one per core up to 4): the whole story when `link`, else
    the stream of articles in runs of `POOL_RUN`, each run that is long enough (`pool.worth_it`).
    A body longer than `settings.max_article_chars` is read up to `read_prefix` (spans stay offsets
    into the whole body, which the record keeps), so no article costs more than the limit's worth.
    Raises `ModelError` when no spaCy pipeline is installed.
    """
    settings = settings or Settings.load()
    wholes: dict[int, tuple[Article, Article]] = {}
    articles = _within(articles, settings.max_article_chars, wholes)
    if nlp is not None:
        annotated = _annotate_here(articles, nlp)
    else:
        processes = processes or settings.annotate_processes or default_processes()
        if processes > 1:
            stream = iter(articles)
            runs = [list(stream)] if link else iter(lambda: list(islice(stream, POOL_RUN)), [])
            annotated = (item for run in runs for item in _annotate_run(run, settings, processes))
        else:
            annotated = _annotate_here(articles, news_pipeline(settings.spacy_model))
    whole = (_whole(item, wholes) for item in annotated)
    yield from link_people(whole) if link else whole


def read_prefix(body: str, limit: int) -> int:
    """How much of `body` annotate reads: all of it up to `limit` characters, else up to the last line
    end before `limit` (or sentence end, where the last half holds no line end), else `limit`."""
    if len(body) <= limit:
        return len(body)
    for mark in ("\n", ". "):
        end = body.rfind(mark, 0, limit)
        if end >= limit // 2:
            return end + 1
    return limit


def unread_note(article: Article, limit: int) -> str | None:
    """The note that says how much of `article` annotate left unread, or None when it read it all."""
    read = read_prefix(article.body, limit)
    if read == len(article.body):
        return None
    return (
        f"{article.source}: read the first {read:,} of {len(article.body):,} characters "
        f"(the longest article read is max_article_chars = {limit:,})"
    )


def _within(articles: Iterable[Article], limit: int, wholes: dict[int, tuple[Article, Article]]) -> Iterator[Article]:
    """`articles`, each body cut to what annotate reads; `wholes` maps a cut one's id to (cut, as given)."""
    for article in articles:
        read = read_prefix(article.body, limit)
        if read < len(article.body):
            cut = dataclasses.replace(article, body=article.body[:read])
            wholes[id(cut)] = (cut, article)  # holding `cut` keeps its id its own until `_whole`
            article = cut
        yield article


def _whole(item: AnnotatedArticle, wholes: dict[int, tuple[Article, Article]]) -> AnnotatedArticle:
    """`item` with the article as given, where annotate read a cut of it (the spans fit both)."""
    pair = wholes.pop(id(item.article), None)
    return item if pair is None else dataclasses.replace(item, article=pair[1])


def _annotate_run(articles: list[Article], settings: Settings, processes: int) -> Iterable[AnnotatedArticle]:
    if worth_it(articles, processes):
        pooled = annotate_in_pool(articles, settings.spacy_model, processes)
        if pooled is not None:
            return pooled
    return _annotate_here(articles, news_pipeline(settings.spacy_model))


def _annotate_here(articles: Iterable[Article], nlp: Language) -> Iterator[AnnotatedArticle]:
    docs = nlp.pipe(((a.body, a) for a in articles), as_tuples=True, batch_size=BATCH_SIZE)
    return (annotate_doc(article, doc) for doc, article in docs)


def annotate_doc(article: Article, doc: Doc) -> AnnotatedArticle:
    """One article from its parsed body."""
    people = find_people(doc)
    quotes, scare = [], []
    for found in find_speech(doc):
        text = article.body[found.start : found.end]
        if found.kind == "scare":
            scare.append(ScareQuote(article.source, text, found.start, found.end))
            continue
        person, speaker, span = resolve(found.subject, people, doc, found.cue)
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
        clauses=tuple(Sentence(start, end) for start, end in clauses_of(doc)),
    )
