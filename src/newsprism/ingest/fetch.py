"""Fetching URLs safely: timeouts, a size limit, bounded redirects, no private addresses."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from newsprism.errors import FetchError
from newsprism.settings import Settings


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # the final URL, after redirects
    data: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


def is_url(text: str) -> bool:
    return urlsplit(text).scheme in {"http", "https"}


def check_address(url: str, settings: Settings) -> None:
    """Refuse URLs whose host resolves to a private, loopback or otherwise local address."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:  # "http://host:99999/", "http://[::1/"
        raise FetchError(url, f"not a valid URL ({error})") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(url, "only http and https URLs can be fetched")
    if settings.allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchError(url, f"host {parts.hostname!r} not found ({exc.strerror})") from None
    for info in infos:
        address = _ip(info[4][0])
        if not address.is_global:
            raise FetchError(
                url, f"refused: {parts.hostname} is a private or local address ({address}); pass --allow-private"
            )


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The address in `text`, an IPv6 zone ("%eth0") left out."""
    return ipaddress.ip_address(text.split("%")[0])


def _check_peer(response: httpx.Response, url: str, settings: Settings) -> None:
    """Refuse an answer from a private or local address even when the name checked as public: the
    name may resolve again between the check and the connection (DNS rebinding)."""
    if settings.allow_private:
        return
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if not peer:
        return
    address = _ip(str(peer[0]))
    if not address.is_global:
        raise FetchError(url, f"refused: the server answered from a private or local address ({address})")


class _Deadline:
    """Shuts a fetch's connections down when its time is up, from a timer thread.

    httpx's timeouts bound each socket operation, not the answer: a server that sends its status line
    one byte a second never trips them. A socket shut down from outside makes the blocked read (or
    write) return at once, in whichever phase the fetch is. httpcore's ``trace`` extension hands over
    each connection as it is made; a connection reused across redirects was handed over when made.
    """

    _EVENTS = frozenset({"connection.connect_tcp.complete", "connection.start_tls.complete"})

    def __init__(self, seconds: float) -> None:
        self.passed = False  # the deadline passed and the sockets were shut down
        self._sockets: list[socket.socket] = []
        self._over = False  # the fetch has ended: its sockets may be closed, their numbers reused
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def trace(self, event: str, info: dict[str, Any]) -> None:
        stream = info.get("return_value") if event in self._EVENTS else None
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None:
            with self._lock:
                self._sockets.append(sock)
                if self.passed:  # connected just as time ran out
                    _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            if self._over:
                return
            self.passed = True
            for sock in self._sockets:
                _shut(sock)

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:  # after this, _expire touches no socket
            self._over = True
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    try:
        # the plain socket's shutdown, also for a TLS one: no TLS goodbye, only the blocked call woken
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:  # already closed
        pass


def fetch(
    url: str, settings: Settings, *, headers: dict[str, str] | None = None, client: httpx.Client | None = None
) -> Fetched:
    """GET `url`, following at most `settings.max_redirects` redirects, reading at most `max_bytes`.

    Every hop is checked against private addresses, before connecting and on the address reached.
    `settings.fetch_timeout` bounds the whole fetch (connecting, headers, body, every redirect): each
    hop's connect timeout is the time left, and at the deadline the connections are shut down, so a
    server that trickles bytes cannot hold it (name lookups are the system's, outside this bound).
    Returns the final URL's bytes; raises `FetchError` naming `url` ("timed out after N s", "HTTP 404
    Not Found", "too large …", …).
    """
    deadline = time.monotonic() + settings.fetch_timeout
    timed_out = f"timed out after {settings.fetch_timeout:g} s"
    own = client is None
    client = client or httpx.Client(follow_redirects=False)
    watch = _Deadline(settings.fetch_timeout)
    try:
        with watch:
            return _get(url, settings, headers or {}, client, deadline, watch)
    except httpx.HTTPError as exc:
        # a socket shut down at the deadline surfaces as whatever the read or write made of it
        if watch.passed or isinstance(exc, httpx.TimeoutException):
            raise FetchError(url, timed_out) from None
        raise FetchError(url, f"cannot fetch ({type(exc).__name__}: {exc})") from None
    except _TimedOut:
        raise FetchError(url, timed_out) from None
    finally:
        if own:
            client.close()


class _TimedOut(Exception):
    """The deadline passed between two reads."""


def _get(
    url: str, settings: Settings, headers: dict[str, str], client: httpx.Client, deadline: float, watch: _Deadline
) -> Fetched:
    """The hops of `fetch`; raises `_TimedOut`, `FetchError` or httpx's errors."""
    seen: list[str] = []
    current = url
    while True:
        if time.monotonic() > deadline:
            raise _TimedOut
        check_address(current, settings)
        if current in seen:
            raise FetchError(url, f"redirect loop at {current}")
        seen.append(current)
        request_headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate", **headers}
        left = max(deadline - time.monotonic(), 0.001)
        with client.stream(
            "GET", current, headers=request_headers, timeout=left, extensions={"trace": watch.trace}
        ) as response:
            _check_peer(response, url, settings)
            if response.status_code == 304:  # httpx counts a 304 as a redirect: ask first
                return Fetched(current, b"", "", not_modified=True)
            if response.is_redirect:
                if "location" not in response.headers:
                    raise FetchError(url, f"HTTP {response.status_code} redirect without a Location")
                if len(seen) > settings.max_redirects:
                    raise FetchError(url, f"more than {settings.max_redirects} redirects")
                current = urljoin(current, response.headers["location"])
                continue
            if response.status_code >= 400:
                raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}")
            declared = int(response.headers.get("content-length") or 0)
            if declared > settings.max_bytes:
                raise FetchError(url, f"too large ({declared:,} bytes > limit {settings.max_bytes:,})")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                if time.monotonic() > deadline:
                    raise _TimedOut
                size += len(chunk)
                if size > settings.max_bytes:
                    raise FetchError(url, f"too large (over the limit of {settings.max_bytes:,} bytes)")
                chunks.append(chunk)
            if watch.passed:  # a body that ends with the connection ended early: cut off, not complete
                raise _TimedOut
            return Fetched(
                url=current,
                data=b"".join(chunks),
                content_type=response.headers.get("content-type", ""),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
            )
