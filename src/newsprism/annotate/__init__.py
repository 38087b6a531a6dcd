"""The annotate stage: clean articles in, sentences, entities, people and quotes out.

`annotate(articles)` runs the spaCy pipeline once over all bodies (`nlp.pipe`, model loaded
once), then finds speech (`annotate.quotes`) and resolves speakers to people
(`annotate.speakers`, among the people of `annotate.people`). Across the articles given together (one
story), one person gets one id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from itertools import islice

from newsprism.models import import_spacy_without_torch

import_spacy_without_torch()  # before the first import of spaCy

from spacy.language import Language

from newsprism.annotate.document import annotate_doc, annotate_with
from newsprism.annotate.people import link_people
from newsprism.annotate.pool import annotate_in_pool, default_processes, worth_it
from newsprism.annotate.sentences import news_pipeline
from newsprism.records import AnnotatedArticle, Article
from newsprism.settings import Settings

__all__ = ["annotate", "annotate_doc", "read_prefix", "unread_note"]

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
        annotated = annotate_with(articles, nlp)
    else:
        processes = processes or settings.annotate_processes or default_processes()
        if processes > 1:
            stream = iter(articles)
            runs = [list(stream)] if link else iter(lambda: list(islice(stream, POOL_RUN)), [])
            annotated = (item for run in runs for item in _annotate_run(run, settings, processes))
        else:
            annotated = annotate_with(articles, news_pipeline(settings.spacy_model))
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
    return annotate_with(articles, news_pipeline(settings.spacy_model))
