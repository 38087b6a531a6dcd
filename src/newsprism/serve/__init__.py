"""`newsprism serve`: a local web app and JSON API over a corpus store, following feeds as it runs.

    from newsprism.serve import create_app
    app = create_app("news.duckdb")                     # any ASGI server runs it
    run("news.duckdb", host="127.0.0.1", port=8000)     # or let uvicorn do it

Pages: ``/`` (stories), ``/stories/{id}`` (the comparison report), ``/outlets``, ``/outlets/{name}``,
``/add``. API: ``/api/…`` (see `newsprism.serve.api`), documented at ``/docs`` and
``/api/openapi.json``. The app binds 127.0.0.1 unless told otherwise, refuses request bodies over
`max_body` bytes (413), and fetches URLs under the settings' limits, refusing private addresses
unless `settings.allow_private`.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from newsprism.errors import ModelError, NewsprismError
from newsprism.settings import Settings

__all__ = ["MAX_BODY", "create_app", "run"]

MAX_BODY = 2_000_000  # bytes: the largest request body (500 articles of 4 kB is about that)

try:
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse
    from starlette.types import ASGIApp, Message, Receive, Scope, Send
except ImportError as missing:  # pragma: no cover - the server extra is not installed
    raise NewsprismError(
        "newsprism serve", f"needs the server extra ({missing.name} is missing): pip install 'newsprism[server]'"
    ) from None


class BodyLimit:
    """ASGI middleware: a request whose body exceeds `limit` bytes gets a 413, whether it says its
    length up front or streams it in chunks."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen, over, answered = 0, False, False

        async def counted() -> Message:
            nonlocal seen, over
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                over = True
                raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            # once the body ran over, whatever the app answers (FastAPI turns the error into a 400)
            # gives way to the 413
            nonlocal answered
            if over:
                if not answered:
                    answered = True
                    await self._refuse(scope, receive, send)
                return
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not answered:
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        answer = JSONResponse({"detail": f"request body over the limit of {self.limit:,} bytes"}, status_code=413)
        await answer(scope, receive, send)


class _TooLarge(Exception):
    pass


def create_app(
    db: str | Path,
    settings: Settings | None = None,
    *,
    follow: Sequence[str] = (),
    every: float = 600.0,
    max_body: int = MAX_BODY,
) -> FastAPI:
    """The web app over the store `db` (created when missing). Feeds in `follow`, and those the
    store already follows, are polled every `every` seconds while the app runs."""
    from newsprism.follow import follow as follow_feeds
    from newsprism.serve import api, pages
    from newsprism.serve.corpus import CorpusState

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
    )
    app.state.corpus = state
    app.state.every_text = _every_text(every)

    @app.exception_handler(NewsprismError)
    async def newsprism_error(request: Request, error: NewsprismError) -> JSONResponse:
        # a model that is not installed, a story that cannot be compared: say which, not "500"
        status = 503 if isinstance(error, ModelError) else 422
        return JSONResponse({"detail": str(error)}, status_code=status)

    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(BodyLimit, limit=max_body)
    return app


def run(
    db: str | Path, settings: Settings | None = None, *, host: str = "127.0.0.1", port: int = 8000, **app_options
) -> None:
    """Serve `create_app(db, settings, **app_options)` with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(db, settings, **app_options), host=host, port=port, log_level="info")


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
