"""The attacks of the security report, replayed over the wire against a live app on 127.0.0.1: a page on
another site (or a sandboxed iframe, or a DNS-rebinding page) must not make the app ingest or follow
anything, must not read it, and must not frame its form. The app's own form and scripts keep working."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
import shutil

import httpx
import pytest

from newsprism.serve import create_app
from newsprism.settings import Settings
from tests.conftest import SEED
from tests.serve.conftest import local_client, serve_in_thread

pytestmark = pytest.mark.network_local
HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
_cuts = itertools.count(1)


@pytest.fixture(scope="module")
def live(corpus_db, tmp_path_factory):
    """An app of its own (an attack that works ingests), allowed to fetch the local server's pages."""
    copy = tmp_path_factory.mktemp("secured") / "news.duckdb"
    shutil.copyfile(corpus_db, copy)
    yield from serve_in_thread(create_app(copy, Settings(allow_private=True, fetch_timeout=3.0)))


@pytest.fixture
def client(live):
    with httpx.Client(base_url=live.url(""), timeout=30) as client:
        yield client


@pytest.fixture
def news_page(local_server):
    """A real article page not in the store yet, on 127.0.0.1: the Xinhua report with its last
    paragraphs cut, a different number on each call, so each attack that works adds an article."""

    def page() -> str:
        cut = next(_cuts)
        paragraphs = (SEED / "xinhua.txt").read_text(encoding="utf-8").split("\n\n")
        body = "\n\n".join(paragraphs[:-cut]).encode()
        return local_server.page(f"/xinhua-{cut}", body, content_type="text/plain; charset=utf-8")

    return page


def articles(client: httpx.Client) -> int:
    return client.get("/api/articles", params={"limit": 1}).json()["total"]


def feeds(client: httpx.Client) -> list[str]:
    return [feed["url"] for feed in client.get("/api/feeds").json()]


def form_token(client: httpx.Client) -> str | None:
    """The CSRF token of the /add form, as a browser gets it (the cookie lands in the client's jar)."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/add").text)
    return found and found.group(1)


def test_a_form_post_with_origin_null_is_refused(client, news_page):
    # what a sandboxed iframe on another site sends
    url, before = news_page(), articles(client)
    answer = client.post("/add", data={"urls": url, "follow": "1"}, headers={"origin": "null"})
    assert answer.status_code == 403
    assert "Origin null" in answer.json()["detail"]
    assert articles(client) == before and url not in feeds(client)


def test_a_form_post_with_no_origin_and_no_token_is_refused(client, news_page):
    url, before = news_page(), articles(client)
    answer = client.post("/add", data={"urls": url})
    assert answer.status_code == 403
    assert "token" in answer.json()["detail"]
    assert articles(client) == before


def test_a_form_post_with_a_token_that_is_not_the_cookies_is_refused(client, live, news_page):
    token = form_token(client)
    url, before = news_page(), articles(client)
    for sent in ("", "x" * 43, (token or "")[::-1]):
        answer = client.post("/add", data={"urls": url, "csrf_token": sent}, headers={"origin": live.url("")})
        assert answer.status_code == 403, sent
    with httpx.Client(base_url=live.url(""), timeout=30) as stranger:  # the token, without its cookie
        answer = stranger.post("/add", data={"urls": url, "csrf_token": token or ""}, headers={"origin": live.url("")})
        assert answer.status_code == 403
    assert articles(client) == before


def test_a_dns_rebinding_page_can_neither_read_nor_add(client, live, news_page):
    # attacker.example resolved to 127.0.0.1 for the page: its requests carry its own Host and Origin
    forged = f"attacker.example:{live.port}"
    rebound = {"host": forged, "origin": f"http://{forged}"}
    for path in ("/", "/add", "/api/stories"):
        answer = client.get(path, headers=rebound)
        assert answer.status_code == 400, path
        assert "attacker.example" in answer.text and len(answer.text.splitlines()) == 1, path
    token = form_token(client)  # had the page read the form, it would have had a token too
    url, before = news_page(), articles(client)
    answer = client.post("/add", data={"urls": url, "follow": "1", "csrf_token": token or ""}, headers=rebound)
    assert answer.status_code == 400
    assert articles(client) == before and url not in feeds(client)


def test_the_hosts_the_app_is_served_under_are_accepted(corpus_db, tmp_path):
    copy = tmp_path / "news.duckdb"
    shutil.copyfile(corpus_db, copy)
    with local_client(create_app(copy, allowed_hosts=("127.0.0.1", "localhost", "::1", "news.lan"))) as client:
        for host in ("127.0.0.1:8000", "localhost", "LOCALHOST:80", "[::1]:8000", "news.lan:8000"):
            assert client.get("/api/stories", headers={"host": host}).status_code == 200, host
        for host in ("news.lan.attacker.example", "127.0.0.1.nip.io", "[::2]", ""):
            assert client.get("/api/stories", headers={"host": host}).status_code == 400, host


def test_run_admits_the_host_it_binds_and_no_other_name(corpus_db, tmp_path, monkeypatch):
    import uvicorn

    from newsprism.serve import run

    copy = tmp_path / "news.duckdb"
    shutil.copyfile(corpus_db, copy)
    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(app))
    run(copy, host="192.168.1.5")
    run(copy, host="0.0.0.0")
    cases = [
        (served[0], {"192.168.1.5:8000": 200, "localhost:8000": 200, "10.0.0.1:8000": 400, "attacker.example": 400}),
        (served[1], {"10.0.0.1:8000": 200, "127.0.0.1": 200, "[fe80::1]": 400, "attacker.example": 400}),
    ]
    for app, expected in cases:
        with local_client(app) as client:
            got = {host: client.get("/api/stories", headers={"host": host}).status_code for host in expected}
        assert got == expected


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"origin": "null"},
        {"origin": "http://127.0.0.1:1"},  # another port of this machine is another origin
        {"sec-fetch-site": "cross-site"},  # a browser that says so, even without an Origin
    ],
    ids=["foreign", "null", "other-port", "sec-fetch-site"],
)
def test_a_cross_site_api_post_is_refused(client, news_page, headers):
    url, before = news_page(), articles(client)
    ingest = client.post("/api/ingest", json={"urls": [url]}, headers=headers)
    follow = client.post("/api/feeds", json={"url": url}, headers=headers)
    assert (ingest.status_code, follow.status_code) == (403, 403)
    assert "refused" in ingest.json()["detail"]
    assert articles(client) == before and url not in feeds(client)


def test_an_api_body_that_is_not_json_is_refused(client, news_page):
    # a cross-site form can send text/plain without a preflight; only JSON is read
    url = news_page()
    answer = client.post("/api/feeds", content=json.dumps({"url": url}), headers={"content-type": "text/plain"})
    assert answer.status_code == 415
    assert "application/json" in answer.json()["detail"]
    assert url not in feeds(client)


def test_the_form_with_its_token_adds_news(client, live, news_page):
    token = form_token(client)
    assert token, "the form carries a token"
    url, before = news_page(), articles(client)
    answer = client.post("/add", data={"urls": url, "csrf_token": token}, headers={"origin": live.url("")})
    assert answer.status_code == 200
    assert "1 new" in answer.text and articles(client) == before + 1
    assert form_token(client) == token, "the answer's form carries the same token"
    # a script without an Origin but with the token and its cookie (curl -b) may post too
    again = client.post("/add", data={"urls": url, "csrf_token": token})
    assert again.status_code == 200 and "1 duplicate" in again.text


def test_the_token_cookie_is_strict_and_hidden_from_scripts(live):
    with httpx.Client(base_url=live.url(""), timeout=30) as fresh:
        cookie = fresh.get("/add").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie


@pytest.mark.parametrize(
    "path", ["/", "/add", "/outlets", "/outlets/Xinhua", "/api/stories", "/api/openapi.json", "/api/stories/none"]
)
def test_every_response_carries_the_security_headers(client, path):
    answer = client.get(path)
    for name, value in HEADERS.items():
        assert answer.headers.get(name) == value, name
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_a_refusal_carries_the_security_headers_too(client, live):
    answer = client.get("/", headers={"host": f"attacker.example:{live.port}"})
    assert answer.status_code == 400
    assert answer.headers.get("x-frame-options") == "DENY"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_the_policy_allows_the_pages_own_scripts_and_no_others(client):
    for path in ("/", "/add", "/outlets"):
        page = client.get(path)
        policy = dict(part.strip().split(" ", 1) for part in page.headers["content-security-policy"].split(";"))
        assert "'unsafe-inline'" not in policy["script-src"]
        for script in re.findall(r"<script>(.*?)</script>", page.text, re.S):
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy["script-src"], path
        assert not re.search(r"<[a-z][^>]*\son[a-z]+=", page.text), f"{path}: an inline handler the policy blocks"
        for src in re.findall(r'<script src="([^"]+)"', page.text):
            assert client.get(src).status_code == 200, src


@pytest.mark.browser
def test_the_add_form_cannot_be_framed(browser, live, local_server):
    framing = local_server.page("/frame", f'<!doctype html><iframe src="{live.url("/add")}"></iframe>'.encode())
    context = browser.new_context()
    page = context.new_page()
    answered: list[int] = []
    page.on("response", lambda r: r.url == live.url("/add") and answered.append(r.status))
    try:
        page.goto(framing, wait_until="load", timeout=30_000)
        assert answered == [200], "the browser fetched the form"
        assert page.frame_locator("iframe").locator("textarea[name=urls]").count() == 0, "and refused to show it"
    finally:
        context.close()
