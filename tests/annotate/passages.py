"""Short passages annotated together, and the quote that holds some words: what the tests of
speech and speakers on written passages share."""

from __future__ import annotations

from newsprism.annotate import annotate
from newsprism.records import AnnotatedArticle, Quote
from tests.conftest import body_article


def annotate_passages(passages: dict[str, str]) -> dict[str, AnnotatedArticle]:
    """Each passage annotated as an article of its own (in this process), by its name."""
    articles = [body_article(name, f"{name}.txt", body) for name, body in passages.items()]
    return {item.article.id: item for item in annotate(articles, link=False, processes=1)}


def quote_holding(item: AnnotatedArticle, words: str) -> Quote:
    """The first quote of `item` whose text holds `words`; the test fails, listing them all, when none does."""
    found = [q for q in item.quotes if words in q.text]
    assert found, f"no quote holds {words!r}: {[(q.kind, q.speaker, q.text) for q in item.quotes]}"
    return found[0]
