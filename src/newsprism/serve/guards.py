"""The guards every request of the web app passes (see `newsprism.serve` for why each exists):
`HostCheck` (the app answers only under its own names), `CrossSiteCheck` (no write from another
site), `BodyLimit` (no body over the limit) and `SecurityHeaders` (a Content-Security-Policy and the
headers that stop framing and sniffing on every answer). Plain ASGI middleware."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 2_000_000  # bytes: the largest request body (500 articles of 4 kB is about that)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")  # the names of this machine's loopback, any port
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})  # those that change nothing


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


class HostCheck:
    """ASGI middleware: a request whose Host header is not one of `allowed_hosts` (names or IP
    addresses, port ignored) gets a 400 naming it. In `allowed_hosts`, "0.0.0.0" admits any IPv4
    address, "::" any IP address (a DNS-rebinding page always sends a name, never an address), and
    "*" turns the check off, for a proxy in front that checks Host itself."""

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.names = {_host_name(host if host.count(":") < 2 else f"[{host.strip('[]')}]") for host in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = Headers(scope=scope).get("host", "")
        if not self._serves(_host_name(given)):
            reason = f"refused: Host {given!r} is not a name this app is served under; open it as http://127.0.0.1"
            await JSONResponse({"detail": reason}, status_code=400)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _serves(self, name: str | None) -> bool:
        if name is None:
            return False
        if name in self.names or "*" in self.names:
            return True
        try:
            address = ipaddress.ip_address(name)
        except ValueError:
            return False
        return "::" in self.names or (address.version == 4 and "0.0.0.0" in self.names)


class CrossSiteCheck:
    """ASGI middleware: a state-changing request (any method but GET, HEAD, OPTIONS, TRACE) that a
    browser marks as coming from another site, or whose Origin is not the request's own
    scheme://host:port, or is "null", gets a 403; under /api/, one whose body is not declared
    application/json gets a 415. A request without Origin or Sec-Fetch-Site (a script, curl) passes:
    the forms ask for a CSRF token besides (`pages.check_form_token`). Runs after `HostCheck`, which
    vouches for the Host the own origin is built from."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        reason, status = _cross_site(scope["scheme"], headers), 403
        media_type = headers.get("content-type", "").partition(";")[0].strip().lower()
        if reason is None and scope["path"].startswith("/api/") and media_type != "application/json":
            # text/plain, form and multipart bodies are what another site can send without a preflight
            reason, status = "refused: the API reads request bodies sent as Content-Type: application/json", 415
        if reason is not None:
            await JSONResponse({"detail": reason}, status_code=status)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """ASGI middleware: every HTTP answer gets `policy` as its Content-Security-Policy (`docs_policy`
    on the paths in `docs_paths`, the API docs, whose pages run an inline script), and
    the headers that forbid framing and MIME sniffing and keep addresses from leaking elsewhere. A
    header the answer already has is kept."""

    def __init__(self, app: ASGIApp, policy: str, docs_policy: str, docs_paths: Sequence[str]) -> None:
        self.app, self.docs_paths = app, frozenset(docs_paths)
        self.headers = [
            (b"x-frame-options", b"DENY"),  # frame-ancestors' older twin, for older browsers
            (b"x-content-type-options", b"nosniff"),
            # not no-referrer: under it browsers send "Origin: null" with the app's own form posts
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),  # no <script src> reads of the API from elsewhere
        ]
        self.policies = {False: policy.encode(), True: docs_policy.encode()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = [(b"content-security-policy", self.policies[scope["path"] in self.docs_paths]), *self.headers]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message = {
                    **message,
                    "headers": [*message.get("headers", []), *(h for h in added if h[0] not in present)],
                }
            await send(message)

        await self.app(scope, receive, with_headers)


def _host_name(host: str) -> str | None:
    """The name in `host` (a Host header: a name, IPv4 address or [IPv6] address, maybe with a
    :port), lower case, without brackets or a final dot; None when it is empty or malformed."""
    if not host or any(c in host for c in "@/\\?# "):  # urlsplit would take "evil@127.0.0.1" as 127.0.0.1
        return None
    try:
        parts = urlsplit("//" + host)
        parts.port  # noqa: B018  (a malformed port raises here)
    except ValueError:
        return None
    return (parts.hostname or "").rstrip(".") or None


def _origin(url: str) -> tuple[str, str | None, int | None] | None:
    """scheme, host and port of `url` (the port filled in for http and https); None when malformed."""
    try:
        parts = urlsplit(url)
        return parts.scheme, parts.hostname, parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return None


def _cross_site(scheme: str, headers: Headers) -> str | None:
    """Why a state-changing request with these headers comes from another site, or None."""
    site = headers.get("sec-fetch-site")
    # a browser says where a request comes from; same-site includes other ports of this host
    if site is not None and site not in ("same-origin", "none"):
        return f"refused: a {site} request cannot change anything here (Sec-Fetch-Site: {site})"
    origin = headers.get("origin")
    if origin is None:
        return None
    if origin == "null":
        return "refused: a page with Origin null (a sandboxed frame, a local file) cannot change anything here"
    ours = _origin(f"{scheme}://{headers.get('host', '')}")
    if ours is None or _origin(origin) != ours:
        return f"refused: a request from {origin} cannot change anything here"
    return None
