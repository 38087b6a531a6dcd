"""Fetching URLs against a real HTTP server on 127.0.0.1: refusals, limits, redirects, timeouts."""

from __future__ import annotations

import socket
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from newsprism.errors import FetchError
from newsprism.ingest import read
from newsprism.ingest.fetch import check_address
from newsprism.records import Failed, RawDoc
from newsprism.settings import Settings

SEED = Path(__file__).resolve().parents[2] / "examples" / "geneva-2022-01-21"
PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Top diplomats see no breakthrough</title></head>"
    "<body><nav>Home | World</nav><article><p>GENEVA, Jan 21 (Reuters) - Top U.S. and Russian diplomats "
    "on Friday agreed to keep talking, but Moscow’s demands remained unmet.</p></article></body></html>"
).encode()

LOCAL = Settings(allow_private=True, fetch_timeout=2.0)


def _only(url: str, settings: Settings = LOCAL) -> RawDoc | Failed:
    [result] = read([url], settings)
    return result


def _failed(url: str, settings: Settings = LOCAL) -> Failed:
    result = _only(url, settings)
    assert isinstance(result, Failed), result
    assert result.source == url and result.stage == "ingest"
    assert str(result).startswith(f"{url}: ")
    assert "\n" not in str(result)
    return result


@pytest.mark.network_local
def test_page_is_fetched_when_private_addresses_are_allowed(local_server) -> None:
    url = local_server.page("/world/ukraine-talks", PAGE)
    doc = _only(url)
    assert isinstance(doc, RawDoc)
    assert (doc.source, doc.url, doc.kind, doc.encoding) == (url, url, "html", "utf-8")
    assert doc.content == PAGE.decode()
    assert doc.hint("url") == url


@pytest.mark.network_local
def test_local_page_is_refused_by_default(local_server) -> None:
    url = local_server.page("/world/ukraine-talks", PAGE)
    failed = _failed(url, Settings())
    assert "private or local address (127.0.0.1)" in failed.reason
    assert "--allow-private" in failed.reason


@pytest.mark.parametrize(
    "url",
    ["http://10.1.2.3/news", "http://192.168.0.7/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/"],
)
def test_private_and_local_addresses_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="private or local address"):
        check_address(url, Settings())
    check_address(url, Settings(allow_private=True))


def test_public_address_and_only_http_schemes_are_accepted() -> None:
    check_address("https://8.8.8.8/news", Settings())
    with pytest.raises(FetchError, match="only http and https"):
        check_address("ftp://8.8.8.8/news.txt", Settings(allow_private=True))


@pytest.mark.network_local
def test_http_error_gives_its_status(local_server) -> None:
    assert _failed(local_server.url("/no/such/story")).reason == "HTTP 404 Not Found"
    url = local_server.page("/down", b"oops", content_type="text/plain", status=503)
    assert _failed(url).reason.startswith("HTTP 503")


@pytest.mark.network_local
def test_redirects_are_followed_and_the_final_url_kept(local_server) -> None:
    final = local_server.page("/2022/01/21/talks.html", PAGE)
    local_server.redirect("/amp/talks", "/2022/01/21/talks.html", status=301)
    start = local_server.redirect("/t/abc", local_server.url("/amp/talks"))
    doc = _only(start)
    assert isinstance(doc, RawDoc)
    assert doc.source == start
    assert doc.url == final and doc.hint("url") == final


@pytest.mark.network_local
def test_redirect_loop_is_one_line_reason(local_server) -> None:
    local_server.redirect("/a", "/b")
    url = local_server.redirect("/b", "/a")
    assert _failed(url).reason == f"redirect loop at {url}"


@pytest.mark.network_local
def test_more_redirects_than_allowed_are_refused(local_server) -> None:
    local_server.page("/hop/0", PAGE)
    for n in range(1, 5):
        local_server.redirect(f"/hop/{n}", f"/hop/{n - 1}")
    settings = Settings(allow_private=True, max_redirects=3)
    assert isinstance(_only(local_server.url("/hop/3"), settings), RawDoc)  # exactly three: allowed
    assert _failed(local_server.url("/hop/4"), settings).reason == "more than 3 redirects"


def _unsized(body: bytes, chunk: int = 1000, pause: float = 0.0):
    """A route that sends `body` with no Content-Length, in chunks, then closes."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for start in range(0, len(body), chunk):
            handler.wfile.write(body[start : start + chunk])
            handler.wfile.flush()
            time.sleep(pause)

    return route


@pytest.mark.network_local
def test_body_over_max_bytes_is_refused_from_its_content_length(local_server) -> None:
    big = PAGE + b"<!-- padding -->" * 1000
    url = local_server.page("/big", big)
    settings = Settings(allow_private=True, max_bytes=10_000)
    assert _failed(url, settings).reason == f"too large ({len(big):,} bytes > limit 10,000)"
    assert isinstance(_only(url, Settings(allow_private=True, max_bytes=len(big))), RawDoc)


@pytest.mark.network_local
def test_body_over_max_bytes_is_refused_while_streaming_without_content_length(local_server) -> None:
    local_server.routes["/endless"] = _unsized(PAGE + b"<p>more</p>" * 5000)
    url = local_server.url("/endless")
    failed = _failed(url, Settings(allow_private=True, max_bytes=10_000))
    assert failed.reason == "too large (over the limit of 10,000 bytes)"


def _times_out_at_half_a_second(local_server, path: str, within: float) -> None:
    """Fetching `path` with a 0.5 s fetch timeout fails saying so, within `within` seconds."""
    start = time.perf_counter()
    failed = _failed(local_server.url(path), Settings(allow_private=True, fetch_timeout=0.5))
    assert failed.reason == "timed out after 0.5 s"
    assert time.perf_counter() - start < within


@pytest.mark.network_local
def test_slow_server_times_out(local_server) -> None:
    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)
        handler.send_response(200)
        handler.end_headers()

    local_server.routes["/slow"] = slow
    _times_out_at_half_a_second(local_server, "/slow", within=1.4)


@pytest.mark.network_local
def test_server_trickling_bytes_times_out(local_server) -> None:
    # regression: the timeout bounded each read, so a byte every 0.1 s kept a 0.5 s fetch going for 2 s
    local_server.routes["/trickle"] = _unsized(PAGE[:20], chunk=1, pause=0.1)
    _times_out_at_half_a_second(local_server, "/trickle", within=1.5)


@pytest.mark.network_local
def test_slow_redirect_chain_times_out_as_a_whole(local_server) -> None:
    # each hop answers within the read timeout; together they take longer than the fetch may
    def slow_hop(n: int):
        def route(handler: BaseHTTPRequestHandler) -> None:
            time.sleep(0.3)
            handler.send_response(302)
            handler.send_header("Location", f"/slow-hop/{n - 1}")
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        return route

    local_server.page("/slow-hop/0", PAGE)
    for n in range(1, 5):
        local_server.routes[f"/slow-hop/{n}"] = slow_hop(n)
    _times_out_at_half_a_second(local_server, "/slow-hop/4", within=1.2)  # the hops alone take 1.2 s


def _dead_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_dead_url_gives_a_clear_reason() -> None:
    url = f"http://127.0.0.1:{_dead_port()}/world/talks"
    failed = _failed(url)
    assert failed.reason.startswith("cannot fetch (ConnectError:")
    assert "refused" in failed.reason.lower()


@pytest.mark.network_local
def test_failed_url_does_not_stop_the_batch(local_server) -> None:
    good = local_server.page("/good", PAGE)
    dead = f"http://127.0.0.1:{_dead_port()}/gone"
    sources = [dead, local_server.url("/missing"), str(SEED / "reuters.txt"), good]
    results = list(read(sources, LOCAL))
    assert [type(result) for result in results] == [Failed, Failed, RawDoc, RawDoc]
    assert [result.source for result in results] == sources


@pytest.mark.network_local
def test_fetched_page_without_charset_header_uses_its_meta(local_server) -> None:
    page = "<html><head><meta charset='iso-8859-1'></head><body><p>Les entretiens à Genève</p></body></html>"
    url = local_server.page("/fr", page.encode("latin-1"), content_type="text/html")
    doc = _only(url)
    assert "entretiens à Genève" in doc.content


def test_a_name_that_rebinds_to_a_local_address_is_refused(local_server, monkeypatch) -> None:
    """DNS rebinding: the name checks as public, then resolves to 127.0.0.1 when httpx connects."""
    url = local_server.page("/secret", b"internal", content_type="text/plain")
    port = int(url.split(":")[2].split("/")[0])
    real, answers = socket.getaddrinfo, iter(["93.184.216.34"])

    def rebinding(host, *args, **kwargs):
        if host != "rebind.test":
            return real(host, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers, "127.0.0.1"), port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    [failed] = read([f"http://rebind.test:{port}/secret"], Settings())
    assert isinstance(failed, Failed)
    assert "answered from a private or local address (127.0.0.1)" in failed.reason
