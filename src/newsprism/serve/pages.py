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
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from newsprism.clean import clean_all
from newsprism.corpus.follow import ingest_and_update, poll_feed
from newsprism.corpus.outlet_table import OutletTable, blindspots, load_outlet_table
from newsprism.errors import FetchError
from newsprism.ingest import read_url
from newsprism.records import Failed
from newsprism.render.assets import OUTLET_COLOURS, stylesheet
from newsprism.render.axes import Axis, by_column, by_outlet
from newsprism.render.html import comparison_html, outlets_html
from newsprism.serve.corpus import CorpusState
from newsprism.serve.guards import SAFE_METHODS
from newsprism.store import StoryQuery

__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "check_form_token", "error_page", "router", "wants_page"]

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
# a prism in the palette's first three colours (the outlets' colours: `render.axes`)
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
    by: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    state: CorpusState = request.app.state.corpus
    # the form sends every field, empty ones as ""; a date the browser let through malformed is ignored
    query = StoryQuery(q or None, outlet or None, _date(since), _date(until), sort)
    with state.lock:
        page = state.store.find_stories(query, PER_PAGE, offset)
        coverage = state.store.coverage(story.id for story in page.stories)
        outlets = state.store.outlets()

    table = _outlet_table(state)
    axis = _axis(table, by, [name for name, _ in outlets])

    def link(to: int) -> str:
        params = {"q": q, "outlet": outlet, "since": since, "until": until, "sort": sort, "offset": max(0, to)}
        return "/?" + urlencode({k: v for k, v in params.items() if v} | ({"by": axis.column} if axis.column else {}))

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
            "axis": axis,
            "columns": table.columns if table else (),
        },  # fmt: skip
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    state: CorpusState = request.app.state.corpus
    story = state.story(story_id)
    if story is None:
        raise HTTPException(404, detail=f"no story {story_id!r}")
    comparison, annotated = state.comparison(story)
    return HTMLResponse(_with_site_nav(comparison_html(comparison, annotated)))


@router.get("/outlets", response_class=HTMLResponse)
def outlet_list(request: Request, by: Annotated[str | None, Query(max_length=100)] = None) -> HTMLResponse:
    """The outlets report of `newsprism outlets --html`, over the comparisons stored so far; with an
    outlet table, its coverage chart coloured and grouped by the column `by`."""
    state: CorpusState = request.app.state.corpus
    found = state.profiles()
    table = _outlet_table(state)
    axis = _axis(table, by, [p.outlet for p in found.profiles])
    title = f"Outlets ({found.compared} of {found.multi_outlet} multi-outlet stories compared)"
    page = outlets_html(
        found.profiles,
        title=title,
        axis=axis if axis.column else None,
        columns=table.columns if table else (),
        counted=(found.compared, found.multi_outlet, str(state.store.path)),
    )
    return HTMLResponse(_with_site_nav(page))


@router.get("/blindspots", response_class=HTMLResponse)
def blindspot_list(request: Request, by: Annotated[str | None, Query(max_length=100)] = None) -> HTMLResponse:
    """The stories only one value of a column of the outlet table covered (one side's blindspots)."""
    state: CorpusState = request.app.state.corpus
    table = _outlet_table(state)
    column = by if table and by in table.columns else (table.columns[0] if table and table.columns else None)
    spots, coverage, axis = [], {}, None
    if table and column:
        with state.lock:
            spots = blindspots(state.store, table, column)
            coverage = state.store.coverage(s.id for spot in spots for s in spot.stories[:PER_PAGE])
            axis = by_column(table, column, [name for name, _ in state.store.outlets()])
    context = {"table": table, "column": column, "spots": spots, "coverage": coverage, "axis": axis, "limit": PER_PAGE}
    return templates.TemplateResponse(request, "blindspots.html", context)


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
    table = _outlet_table(state)
    about = [(column, table.value(name, column)) for column in table.columns] if table else []
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
            "about": [(column, value) for column, value in about if value],
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


# the site's navigation (nav.html, which base.html includes): put on the report pages too (styled by base.css)
SITE_NAV = templates.env.get_template("nav.html").render()
API_PATHS = ("/api/", "/docs", "/docs-static/")


def _with_site_nav(page: str) -> str:
    """A report page (made to stand alone) with the site's navigation on top."""
    return page.replace("<body>", "<body>" + SITE_NAV, 1)


def wants_page(request: Request) -> bool:
    """Whether an error for `request` is answered with a page: a GET or HEAD outside the API and its
    docs (the API, form posts and refusals answer JSON)."""
    return request.method in ("GET", "HEAD") and not request.url.path.startswith(API_PATHS)


def error_page(request: Request, status: int, detail: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    """An error as a page with the site's navigation: `status`, what went wrong (`detail`) and where to go."""
    context = {"status": status, "detail": detail}
    return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)


def _outlet_table(state: CorpusState) -> OutletTable | None:
    """The outlet table the settings name (`outlet_table`), read again when the file changes; None when
    no table is set. A bad file raises `InputError`, which the app answers with its one-line reason."""
    path = state.settings.outlet_table
    if not path:
        return None
    try:
        changed = Path(path).stat().st_mtime_ns
    except OSError:
        changed = 0  # the loader says what is wrong with the path
    return _load_table(path, changed)


@lru_cache(maxsize=4)
def _load_table(path: str, changed: int) -> OutletTable:
    return load_outlet_table(path)


def _axis(table: OutletTable | None, by: str | None, outlets: list[str]) -> Axis:
    """Outlets coloured by the column `by` of `table` when it has one, else each by its own colour."""
    return by_column(table, by, outlets) if table and by and by in table.columns else by_outlet(outlets)


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
