"""The web pages: the story list, a story (its comparison report), outlets, and a form to add news.

Pages are rendered on the server with Jinja2, autoescaping on, so every headline, outlet and piece
of article text reaches the browser escaped; the story page is `render.html.comparison_html`, which
escapes on its own. The story list asks the API every 30 s whether new stories have arrived
(``/stories.js``: a script of the app's own, as the Content-Security-Policy wants).

A form post must carry the session's CSRF token (`check_form_token`, on every page route), besides
the Origin check every state-changing request passes (`newsprism.serve.CrossSiteCheck`).
"""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import date
from importlib.resources import files
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from newsprism.clean import clean_all
from newsprism.corpus.follow import ingest_and_update, poll_feed
from newsprism.errors import FetchError
from newsprism.ingest import read_url
from newsprism.records import Failed
from newsprism.render.assets import OUTLET_COLOURS, outlet_colour, stylesheet
from newsprism.render.html import comparison_html, outlets_html
from newsprism.serve import SAFE_METHODS
from newsprism.serve.corpus import CorpusState
from newsprism.store import StoryQuery

__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "check_form_token", "router"]

CSRF_COOKIE = "newsprism_csrf"
CSRF_FIELD = "csrf_token"
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # what secrets.token_urlsafe(32) makes


async def check_form_token(request: Request) -> None:
    """Refuse (403) a state-changing page request whose form field `CSRF_FIELD` is not the token in
    its `CSRF_COOKIE` cookie (double submit). Another site can make a browser post a form here, but
    cannot read the token, and the SameSite=Strict cookie does not go with its posts. A page on
    another port of this machine could set the cookie (cookies ignore ports); its Origin, checked
    first by `newsprism.serve.CrossSiteCheck`, gives it away."""
    if request.method in SAFE_METHODS:
        return
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = (await request.form()).get(CSRF_FIELD)  # parsed once: FastAPI has read the form already
    if not (TOKEN.fullmatch(cookie) and isinstance(sent, str) and hmac.compare_digest(sent.encode(), cookie.encode())):
        raise HTTPException(
            403, detail="refused: the form's CSRF token is missing or not this session's; reload the form"
        )


router = APIRouter(include_in_schema=False, dependencies=[Depends(check_form_token)])
templates = Jinja2Templates(
    env=Environment(loader=PackageLoader("newsprism.serve", "templates"), autoescape=select_autoescape(default=True))
)
# the pages' CSS, inline: the palette and base rules the reports share (render/static/), then the app's own
APP_CSS = (files("newsprism.serve") / "static" / "app.css").read_text(encoding="utf-8")
STYLE = stylesheet("palette.css", "base.css") + "\n" + APP_CSS
templates.env.globals["style"] = Markup(STYLE)  # package files, not input: no escaping
PER_PAGE = 30
# a prism in the palette's first three colours (the outlets' colours: `outlet_colour`)
ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M8 1 15 14H1z" fill="{}"/>'
    '<path d="M8 1 11.5 14H4.5z" fill="{}"/><path d="M8 1 9.2 14H6.8z" fill="{}"/></svg>'
).format(*OUTLET_COLOURS[:3])


STORIES_JS = (files("newsprism.serve") / "templates" / "stories.js").read_text(encoding="utf-8")


@router.get("/stories.js")
def stories_js() -> Response:
    return Response(STORIES_JS, media_type="text/javascript; charset=utf-8")


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
    # a form from another site never gets here: CrossSiteCheck and check_form_token refuse it
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
    back = '<nav class="site" aria-label="Site"><a href="/">← all stories</a></nav>'  # styled by base.css
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
    # one token per browser session: kept while the cookie lasts, made when it is missing or malformed
    token = request.cookies.get(CSRF_COOKIE, "")
    fresh = not TOKEN.fullmatch(token)
    token = secrets.token_urlsafe(32) if fresh else token
    context = {"result": result, "feeds": feeds, "every": every, "csrf_token": token}
    page = templates.TemplateResponse(request, "add.html", context)
    if fresh:
        secure = request.url.scheme == "https"
        page.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/")
    return page
