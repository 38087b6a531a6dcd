"""`newsprism serve`: a local web app and JSON API over a corpus store, following feeds as it runs.

    from newsprism.serve import create_app
    app = create_app("news.duckdb")                     # any ASGI server runs it
    run("news.duckdb", host="127.0.0.1", port=8000)     # or let uvicorn do it

Pages: ``/`` (stories), ``/stories/{id}`` (the comparison report), ``/outlets``, ``/outlets/{name}``,
``/add``. API: ``/api/…`` (see `newsprism.serve.api`), documented at ``/docs`` and
``/api/openapi.json``. The app binds 127.0.0.1 unless told otherwise, refuses request bodies over
`max_body` bytes (413), and fetches URLs under the settings' limits, refusing private addresses
unless `settings.allow_private`.

A page on another site must not make the app fetch, ingest or follow anything, nor read it:

- Host (`HostCheck`): every request must name the app by a host it is served under, `LOCAL_HOSTS`
  (127.0.0.1, localhost, [::1], any port) and the one `run` binds; anything else is a 400. A
  DNS-rebinding page reaches 127.0.0.1 under its own name, so this is what keeps it out.
- Cross-site writes (`CrossSiteCheck`, on POST, PUT, PATCH, DELETE): a browser's
  ``Sec-Fetch-Site`` must be same-origin (or none), a present ``Origin`` must be the request's own
  scheme://host:port, and ``Origin: null`` (sandboxed frames, files) is refused: 403. An API body
  must be ``Content-Type: application/json`` (415), which a cross-site form cannot send without a
  CORS preflight, and the app grants none. Scripts and curl send no Origin and pass.
- Forms (`pages.check_form_token`): a form post must also carry the session's CSRF token (double
  submit: a random token in a SameSite=Strict, HttpOnly cookie and in a hidden field, compared in
  constant time), or it is a 403.
- Every answer (`SecurityHeaders`) carries a Content-Security-Policy (scripts: the app's own and the
  report's, by hash; ``frame-ancestors 'none'``), ``X-Frame-Options: DENY``, ``nosniff`` and
  ``Referrer-Policy: same-origin``, so no other site can frame the app (clickjacking).

Refusals are JSON, ``{"detail": "refused: …"}``, one line saying why. So are the API's errors; a page
that is not there or cannot be shown (a GET outside ``/api/``) is a page with the site's navigation
(`pages.error_page`). The API docs (``/docs``) load Swagger UI from the files of the fastapi-offline
package, served at ``/docs-static/``: nothing comes from another site. (No ReDoc page: its bundle
loads its logo from cdn.redoc.ly.)
"""

from __future__ import annotations

import base64
import hashlib
import socket
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from newsprism.errors import Busy, ModelError, NewsprismError
from newsprism.settings import Settings

__all__ = ["LOCAL_HOSTS", "MAX_BODY", "create_app", "run"]

RETRY_AFTER = 30  # seconds: when a visitor of a story still being compared may ask again
SHUTDOWN_GRACE = 5  # seconds a shutdown waits for requests in flight
ANY_ADDRESS = ("0.0.0.0", "::")  # bound to these, the app answers on every address of the machine

try:
    import fastapi_offline
    from fastapi import FastAPI, Request
    from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import HTMLResponse, JSONResponse, Response
    from starlette.exceptions import HTTPException as StarletteHTTPException
except ImportError as missing:  # pragma: no cover - the server extra is not installed
    raise NewsprismError(
        "newsprism serve", f"needs the server extra ({missing.name} is missing): pip install 'newsprism[server]'"
    ) from None

from newsprism.serve import api, pages  # noqa: E402  (after the check that the server extra is there)
from newsprism.serve.corpus import CorpusState  # noqa: E402
from newsprism.serve.guards import LOCAL_HOSTS, MAX_BODY, BodyLimit, CrossSiteCheck, HostCheck, SecurityHeaders  # noqa: E402


def _policies() -> tuple[str, str]:
    """The Content-Security-Policy of the app's pages and that of the API docs pages."""
    from newsprism.render.html import JS

    # the comparison report is a standalone page with its script inline: allowed by its hash, so an
    # injected script would not run; style attributes colour bars and marks, hence unsafe-inline there
    report = base64.b64encode(hashlib.sha256(JS.encode()).digest()).decode()
    common = "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    pages = f"default-src 'self'; script-src 'self' 'sha256-{report}'; style-src 'self' 'unsafe-inline'; {common}"
    # the docs page starts Swagger UI with an inline script; its files are the app's own (/docs-static/)
    docs = (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data:; worker-src 'self' blob:; {common}"
    )
    return pages, docs


def create_app(
    db: str | Path,
    settings: Settings | None = None,
    *,
    follow: Sequence[str] = (),
    every: float = 600.0,
    max_body: int = MAX_BODY,
    allowed_hosts: Sequence[str] = LOCAL_HOSTS,
) -> FastAPI:
    """The web app over the store `db` (created when missing). Feeds in `follow`, and those the
    store already follows, are polled every `every` seconds while the app runs. Requests must name
    the app by one of `allowed_hosts` (see `HostCheck`; a 400 otherwise). A store that cannot be
    opened raises `NewsprismError` here, before anything is served."""
    from newsprism.corpus.follow import follow as follow_feeds

    settings = settings or Settings()
    state = CorpusState.open(db, settings)  # here, so a locked or foreign file fails before serving

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()

        def poll_forever() -> None:
            for _ in follow_feeds(follow, state.store, settings, every=every, stop=stop, lock=state.lock):
                pass

        # feeds added later (the form, the API) join the next round
        poller = threading.Thread(target=poll_forever, name="newsprism-follow", daemon=True)
        poller.start()
        try:
            yield
        finally:
            stop.set()
            poller.join(timeout=settings.fetch_timeout + 5)
            state.close()

    app = FastAPI(
        title="newsprism",
        summary="One story, every outlet, side by side.",
        version=_version(),
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        docs_url=None,  # served below from the package's files, not a CDN
        redoc_url=None,
    )
    app.state.corpus = state
    app.state.every_text = _every_text(every)

    @app.exception_handler(NewsprismError)
    async def newsprism_error(request: Request, error: NewsprismError) -> Response:
        # a model that is not installed, a story still being compared, one that cannot be: say which, not "500"
        if isinstance(error, Busy):
            status, headers = 503, {"Retry-After": str(RETRY_AFTER)}
        else:
            status, headers = (503 if isinstance(error, ModelError) else 422), None
        if pages.wants_page(request):
            return pages.error_page(request, status, str(error), headers)
        return JSONResponse({"detail": str(error)}, status_code=status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if pages.wants_page(request):
            return pages.error_page(request, error.status_code, str(error.detail), error.headers)
        return await http_exception_handler(request, error)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        if pages.wants_page(request):
            where = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in error.errors()[:3])
            return pages.error_page(request, 422, f"this page cannot be shown for this address ({where})")
        return await request_validation_exception_handler(request, error)

    _add_docs(app)

    app.include_router(api.router)
    app.include_router(pages.router)
    # the last added runs first: headers go on every answer, refusals included; Host is checked
    # before the Origin built from it
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(CrossSiteCheck)
    app.add_middleware(HostCheck, allowed_hosts=allowed_hosts)
    policy, docs_policy = _policies()
    app.add_middleware(SecurityHeaders, policy=policy, docs_policy=docs_policy, docs_paths=DOCS_PATHS)
    return app


DOCS_PATHS = ("/docs",)


def _add_docs(app: FastAPI) -> None:
    """The API docs at /docs (Swagger UI), its script and style served from the fastapi-offline package
    at /docs-static/, so the docs work offline and ask no other site for anything."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    files = Path(fastapi_offline.__file__).parent / "static"  # Swagger UI (and ReDoc), as the package ships them
    app.mount("/docs-static", StaticFiles(directory=files), name="docs-static")
    title = f"{app.title} API"

    @app.get(DOCS_PATHS[0], include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "",
            title=title,
            swagger_js_url="/docs-static/swagger-ui-bundle.js",
            swagger_css_url="/docs-static/swagger-ui.css",
            swagger_favicon_url="/favicon.ico",
            swagger_ui_parameters={"validatorUrl": None},  # else a badge from validator.swagger.io
        )


def run(
    db: str | Path, settings: Settings | None = None, *, host: str = "127.0.0.1", port: int = 8000, **app_options
) -> None:
    """Serve `create_app(db, settings, **app_options)` with uvicorn on `host`:`port` until interrupted.
    Unless `app_options` say otherwise, the app answers to `LOCAL_HOSTS` and `host`; bound to every
    address (0.0.0.0, ::), to any IP address of that kind and to this machine's name as well."""
    import uvicorn

    hosts = (*LOCAL_HOSTS, host, *((socket.gethostname(),) if host in ANY_ADDRESS else ()))
    app_options.setdefault("allowed_hosts", hosts)
    # a request still waiting for its story after this many seconds of a shutdown is cancelled
    uvicorn.run(
        create_app(db, settings, **app_options),
        host=host,
        port=port,
        log_level="info",
        timeout_graceful_shutdown=SHUTDOWN_GRACE,
    )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsprism")
    except PackageNotFoundError:
        return "0"


def _every_text(seconds: float) -> str:
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"
