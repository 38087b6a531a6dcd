"""The web pages: the story list, a story (its comparison report), outlets, and a form to add news.

Pages are rendered on the server with Jinja2, autoescaping on, so every headline, outlet and piece
of article text reaches the browser escaped; the story page is `render.html.comparison_html`, which
escapes on its own. The story list asks the API every 30 s whether new stories have arrived.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from newsprism.clean import clean_all
from newsprism.errors import FetchError
from newsprism.follow import ingest_and_update, poll_feed
from newsprism.ingest import read_url
from newsprism.records import Failed
from newsprism.render.html import comparison_html, outlets_html
from newsprism.serve.corpus import CorpusState
from newsprism.store import StoryQuery

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(
    env=Environment(loader=PackageLoader("newsprism.serve", "templates"), autoescape=select_autoescape(default=True))
)
PER_PAGE = 30
# the Okabe–Ito colours (safe for colour-blind readers), one per outlet by a hash of its name
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")


def outlet_colour(outlet: str) -> str:
    return PALETTE[hashlib.sha1(outlet.encode()).digest()[0] % len(PALETTE)] if outlet else "#cccccc"


ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M8 1 15 14H1z" fill="#0072B2"/>'
    '<path d="M8 1 11.5 14H4.5z" fill="#E69F00"/><path d="M8 1 9.2 14H6.8z" fill="#009E73"/></svg>'
)


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(ICON, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


@router.get("/", response_class=HTMLResponse)
def story_list(
    request: Request,
    q: Annotated[str | None, Query(max_length=200)] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    sort: Literal["newest", "biggest"] = "newest",
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> HTMLResponse:
    state: CorpusState = request.app.state.corpus
    # the form sends every field, empty ones as ""; a date the browser let through malformed is ignored
    query = StoryQuery(q or None, outlet or None, _date(since), _date(until), sort)
    with state.lock:
        page = state.store.find_stories(query, PER_PAGE, offset)
        coverage = state.store.coverage(story.id for story in page.stories)
        outlets = state.store.outlets()

    def link(to: int) -> str:
        params = {"q": q, "outlet": outlet, "since": since, "until": until, "sort": sort, "offset": max(0, to)}
        return "/?" + urlencode({k: v for k, v in params.items() if v})

    return templates.TemplateResponse(
        request,
        "stories.html",
        {
            "page": page,
            "coverage": coverage,
            "outlets": outlets,
            "query": query,
            "offset": offset,
            "limit": PER_PAGE,
            "link": link,
            "colour": outlet_colour,
        },  # fmt: skip
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    state: CorpusState = request.app.state.corpus
    story = state.story(story_id)
    if story is None:
        raise HTTPException(404, detail=f"no story {story_id!r}")
    comparison, annotated = state.comparison(story)
    return HTMLResponse(_with_back_link(comparison_html(comparison, annotated)))


@router.get("/outlets", response_class=HTMLResponse)
def outlet_list(request: Request) -> HTMLResponse:
    """The outlets report of `newsprism outlets --html`, over the comparisons stored so far."""
    state: CorpusState = request.app.state.corpus
    found = state.profiles()
    title = f"Outlets ({found.compared} of {found.multi_outlet} multi-outlet stories compared)"
    return HTMLResponse(_with_back_link(outlets_html(found.profiles, title=title)))


@router.get("/outlets/{name:path}", response_class=HTMLResponse)  # a name may hold "/"
def outlet_page(request: Request, name: str) -> HTMLResponse:
    state: CorpusState = request.app.state.corpus
    with state.lock:
        articles = dict(state.store.outlets()).get(name)
        if articles is None:
            raise HTTPException(404, detail=f"no outlet {name!r}")
        covered = state.store.find_stories(StoryQuery(outlet=name), PER_PAGE)
        missed = state.store.stories_missed(name, PER_PAGE)
    found = state.profiles()
    profile = next((p for p in found.profiles if p.outlet == name), None)
    return templates.TemplateResponse(
        request,
        "outlet.html",
        {
            "outlet": name,
            "articles": articles,
            "covered": covered,
            "missed": missed,
            "profile": profile,
            "compared": found.compared,
            "several": found.multi_outlet,
        },  # fmt: skip
    )


@router.get("/add", response_class=HTMLResponse)
def add_form(request: Request) -> HTMLResponse:
    return _add_page(request, None)


@router.post("/add", response_class=HTMLResponse)
def add_news(
    request: Request,
    urls: Annotated[str, Form(max_length=20_000)] = "",
    follow: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        # a form posted from another site (cross-site request forgery) does not make this app fetch
        raise HTTPException(403, detail=f"refused: a form from {origin} cannot add news here")
    state: CorpusState = request.app.state.corpus
    given = list(dict.fromkeys(line.strip() for line in urls.splitlines() if line.strip()))[:20]
    if follow:
        polls, failures = [], []
        for url in given:
            try:
                state.follow(url)
            except FetchError as error:
                failures.append(Failed(url, "ingest", error.reason))
                continue
            polls.append(poll_feed(url, state.store, state.settings, lock=state.lock))
        failures += [failure for poll in polls for failure in poll.failures]
        summary = "; ".join(str(poll) for poll in polls) or ("no feed followed" if given else "no URL given")
    else:
        docs = [doc for url in given for doc in read_url(url, state.settings)]
        counts, changed, failures = ingest_and_update(clean_all(docs), state.store, lock=state.lock)
        summary = f"{counts}; {changed} stor{'y' if changed == 1 else 'ies'} changed" if given else "no URL given"
    return _add_page(request, {"summary": summary, "failures": failures})


def _with_back_link(page: str) -> str:
    """A report page (made to stand alone) with a way back to the story list."""
    back = '<nav class="site" style="padding:.6rem 1rem;border-bottom:1px solid #d6d6d6"><a href="/">← all stories</a></nav>'
    return page.replace("<body>", "<body>" + back, 1)


def _date(text: str | None) -> str | None:
    try:
        return date.fromisoformat(text).isoformat() if text else None
    except ValueError:
        return None


def _add_page(request: Request, result: dict | None) -> HTMLResponse:
    state: CorpusState = request.app.state.corpus
    with state.lock:
        feeds = state.store.feeds()
    every = request.app.state.every_text
    return templates.TemplateResponse(request, "add.html", {"result": result, "feeds": feeds, "every": every})
