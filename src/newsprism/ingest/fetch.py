"""Fetching URLs safely: timeouts, a size limit, bounded redirects, no private addresses."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
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


def fetch(
    url: str, settings: Settings, *, headers: dict[str, str] | None = None, client: httpx.Client | None = None
) -> Fetched:
    """GET `url`, following at most `settings.max_redirects` redirects, reading at most `max_bytes`.

    Every hop is checked against private addresses. `settings.fetch_timeout` bounds the whole fetch,
    not only each read, so a server that trickles bytes cannot hold it. Raises `FetchError` naming the URL.
    """
    deadline = time.monotonic() + settings.fetch_timeout
    timed_out = f"timed out after {settings.fetch_timeout:g} s"
    own = client is None
    client = client or httpx.Client(timeout=settings.fetch_timeout, follow_redirects=False)
    seen: list[str] = []
    current = url
    try:
        while True:
            if time.monotonic() > deadline:
                raise FetchError(url, timed_out)
            check_address(current, settings)
            if current in seen:
                raise FetchError(url, f"redirect loop at {current}")
            seen.append(current)
            request_headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate", **(headers or {})}
            with client.stream("GET", current, headers=request_headers) as response:
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
                        raise FetchError(url, timed_out)
                    size += len(chunk)
                    if size > settings.max_bytes:
                        raise FetchError(url, f"too large (over the limit of {settings.max_bytes:,} bytes)")
                    chunks.append(chunk)
                return Fetched(
                    url=current,
                    data=b"".join(chunks),
                    content_type=response.headers.get("content-type", ""),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
    except httpx.TimeoutException:
        raise FetchError(url, timed_out) from None
    except httpx.HTTPError as exc:
        raise FetchError(url, f"cannot fetch ({type(exc).__name__}: {exc})") from None
    finally:
        if own:
            client.close()
