"""Fixtures for the ingest tests: a real HTTP server on 127.0.0.1 and a WARC writer."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

Route = Callable[[BaseHTTPRequestHandler], None]


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        route = self.server.routes.get(urlsplit(self.path).path)
        if route is None:
            self.send_error(404)
        else:
            route(self)

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Route]

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (timeouts, size limits) breaks the pipe; that is the test


def answer(body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200) -> Route:
    """A route that answers `body` at once, with a Content-Length."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


class LocalServer:
    """Serves `routes` (path -> handler) on 127.0.0.1; `url(path)` gives the full URL."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        self.routes: dict[str, Route] = server.routes

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_port}{path}"

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200) -> str:
        """Serve `body` at `path` with a Content-Length; return its URL."""
        self.routes[path] = answer(body, content_type, status)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(status)
            handler.send_header("Location", location)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        self.routes[path] = route
        return self.url(path)


@pytest.fixture(scope="session")
def _http_server() -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.routes = {}
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def local_server(_http_server: _Server) -> Iterator[LocalServer]:
    """A local HTTP server with no routes; every test adds its own."""
    _http_server.routes.clear()
    yield LocalServer(_http_server)
    _http_server.routes.clear()


def _response(writer: WARCWriter, url: str, headers: StatusAndHeaders, body: bytes) -> object:
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)


@pytest.fixture
def write_warc() -> Callable[..., Path]:
    """Write a WARC of HTML responses (and optionally other records); return its path."""

    def write(path: Path, pages: list[tuple[str, bytes]], *, gzip: bool = True, extra: bool = False) -> Path:
        with path.open("wb") as handle:
            writer = WARCWriter(handle, gzip=gzip)
            if extra:
                writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsprism tests"}))
            for url, body in pages:
                html = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                writer.write_record(_response(writer, url, html, body))
                if extra:
                    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                    writer.write_record(_response(writer, url + ".png", image, b"\x89PNG\r\n\x1a\n" + bytes(200)))
        return path

    return write
