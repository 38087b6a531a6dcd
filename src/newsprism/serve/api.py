"""The JSON API under ``/api/``: stories, their comparisons, articles, quotes, outlets, ingest, feeds.

Lists are paginated (``limit``, ``offset``; the answer says how many match in all). An unknown id is
a 404, a malformed body or parameter a 422, a body over the limit a 413, each with a JSON
``{"detail": …}`` that names what was wrong. The OpenAPI schema is at ``/api/openapi.json``.

Every answer is a record of `newsprism.records` (`response_model`), so the answers, their OpenAPI
schemas and the records' own JSON are one definition; only the request bodies are shapes of their own.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from newsprism.clean import clean_all
from newsprism.corpus.follow import ingest_and_update, poll_feed
from newsprism.errors import FetchError, InputError
from newsprism.ingest import read_url
from newsprism.ingest.tables import record_to_raw
from newsprism.records import (
    Article,
    ArticleBrief,
    Comparison,
    Failed,
    FeedState,
    IngestReport,
    OutletList,
    OutletProfile,
    Page,
    Quote,
    RawDoc,
    StoredStory,
    StoryCoverage,
    StoryDetail,
)
from newsprism.serve.corpus import CorpusState
from newsprism.store import StoryQuery

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])

MAX_PAGE = 200
MAX_URLS = 20
MAX_ARTICLES = 500

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="Items to skip.")]


class ArticleIn(BaseModel):
    """One article given as JSON: its text (or the page's HTML) and what is known of it."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, max_length=200)
    text: str | None = Field(None, description="The article's text (give this or html).")
    html: str | None = Field(None, description="The article's web page (give this or text).")
    headline: str | None = None
    outlet: str | None = None
    published: str | None = Field(None, description="ISO 8601.")
    url: str | None = None
    authors: list[str] | None = None


class IngestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    urls: list[str] = Field(default_factory=list, max_length=MAX_URLS, description="Pages or feeds to read.")
    articles: list[ArticleIn] = Field(default_factory=list, max_length=MAX_ARTICLES)


class FeedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(max_length=2000)


def corpus(request: Request) -> CorpusState:
    return request.app.state.corpus


@router.get("/stories", response_model=Page[StoryCoverage], summary="Stories, newest or biggest first")
def list_stories(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Words that must all occur.")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    since: date | None = None,
    until: date | None = None,
    sort: Literal["newest", "biggest"] = "newest",
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[StoryCoverage]:
    state = corpus(request)
    query = StoryQuery(q, outlet, since and since.isoformat(), until and until.isoformat(), sort)
    with state.lock:
        page = state.store.find_stories(query, limit, offset)
        coverage = state.store.coverage(story.id for story in page.stories)
    items = tuple(StoryCoverage.of(story, coverage[story.id]) for story in page.stories)
    return Page(page.total, limit, offset, items)


@router.get("/stories/{story_id}", response_model=StoryDetail, responses={404: {"description": "No such story"}})
def get_story(request: Request, story_id: str) -> StoryDetail:
    state = corpus(request)
    story = _known_story(state, story_id)
    with state.lock:
        coverage = state.store.coverage([story.id])[story.id]
    briefs = tuple(ArticleBrief.of(article) for article in state.articles_of(story))
    return StoryDetail.of(story, coverage, article_briefs=briefs)


@router.get(
    "/stories/{story_id}/comparison",
    response_model=Comparison,
    responses={404: {"description": "No such story"}},
    summary="A story's comparison (schema newsprism.comparison/1)",
)
def get_comparison(request: Request, story_id: str) -> Comparison:
    state = corpus(request)
    comparison, _ = state.comparison(_known_story(state, story_id))
    return comparison


@router.get("/articles", response_model=Page[ArticleBrief], summary="Articles in ingest order")
def list_articles(
    request: Request,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ArticleBrief]:
    state = corpus(request)
    with state.lock:
        total, articles = state.store.find_articles(outlet, limit, offset)
    return Page(total, limit, offset, tuple(ArticleBrief.of(article) for article in articles))


@router.get("/articles/{article_id}", response_model=Article, responses={404: {"description": "No such article"}})
def get_article(request: Request, article_id: str) -> Article:
    """The whole article: clean body, metadata, the lines removed as page furniture."""
    return _known_article(corpus(request), article_id)


@router.get(
    "/articles/{article_id}/quotes", response_model=list[Quote], responses={404: {"description": "No such article"}}
)
def get_quotes(request: Request, article_id: str) -> tuple[Quote, ...]:
    state = corpus(request)
    return state.quotes(_known_article(state, article_id))


@router.get("/outlets", response_model=OutletList, summary="Outlet profiles across stories")
def list_outlets(request: Request) -> OutletList:
    found = corpus(request).profiles()
    return OutletList(found.compared, found.multi_outlet, tuple(found.profiles))


@router.get("/outlets/{name:path}", response_model=OutletProfile, responses={404: {"description": "No such outlet"}})
def get_outlet(request: Request, name: str) -> OutletProfile:
    found = next((profile for profile in corpus(request).profiles().profiles if profile.outlet == name), None)
    if found is None:
        raise HTTPException(404, detail=f"no outlet {name!r}")
    return found


@router.post(
    "/ingest", response_model=IngestReport, summary="Read URLs (pages or feeds) or JSON articles into the store"
)
def ingest(request: Request, body: IngestIn) -> IngestReport:
    """URLs are fetched with the app's limits (private addresses refused unless the app was started
    with --allow-private); each article given as JSON is cleaned like a JSONL record. New articles
    join stories at once. A source that fails is listed under `failures`; the others are kept."""
    state = corpus(request)
    docs: list[RawDoc | Failed] = []
    for index, article in enumerate(body.articles):
        record = article.model_dump(exclude_none=True)
        try:
            docs.append(record_to_raw(record, f"api:articles[{index}]"))
        except InputError as error:
            docs.append(Failed(error.source, "ingest", error.reason))
    for url in body.urls:
        docs.extend(read_url(url, state.settings))
    counts, changed, failures = ingest_and_update(clean_all(docs), state.store, lock=state.lock)
    return IngestReport(counts.new, counts.duplicates, counts.failed, stories_changed=changed, failures=tuple(failures))


@router.get("/feeds", response_model=list[FeedState], summary="Feeds followed")
def list_feeds(request: Request) -> list[FeedState]:
    state = corpus(request)
    with state.lock:
        return state.store.feeds()


@router.post("/feeds", response_model=FeedState, status_code=202, summary="Follow a feed; its first poll starts now")
def add_feed(request: Request, body: FeedIn) -> FeedState | None:
    state = corpus(request)
    try:
        added = state.follow(body.url)
    except FetchError as error:
        raise HTTPException(422, detail=f"{body.url}: {error.reason}") from None
    with state.lock:
        feed = state.store.feed(body.url)
    if added:  # its first poll now; a feed already followed waits for its round
        threading.Thread(target=poll_feed, args=(body.url, state.store, state.settings), kwargs={"lock": state.lock},
                         daemon=True).start()  # fmt: skip
    return feed


def _known_story(state: CorpusState, story_id: str) -> StoredStory:
    story = state.story(story_id)
    if story is None:
        raise HTTPException(404, detail=f"no story {story_id!r}")
    return story


def _known_article(state: CorpusState, article_id: str) -> Article:
    with state.lock:
        article = state.store.get_article(article_id)
    if article is None:
        raise HTTPException(404, detail=f"no article {article_id!r}")
    return article
