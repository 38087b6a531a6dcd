"""The web pages in headless chromium: the story list, its filters, a story's report; all text escaped.

With NEWSPRISM_SCREENSHOT=1 the story list and the story page are saved as docs/serve-*.png.
"""

from __future__ import annotations

import os

import httpx
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser
HOSTILE = "<img src=x onerror=\"document.title='pwned'\">Geneva talks"


@pytest.fixture(scope="module")
def page(browser, live_app):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, reduced_motion="reduce")
    opened = context.new_page()
    problems: list[str] = []
    opened.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    opened.on("request", lambda r: r.url.startswith(live_app.url("/")) or problems.append(f"request: {r.url}"))
    opened.problems = problems
    yield opened
    context.close()


def screenshot(page, name: str, tmp_path) -> None:
    target = ROOT / "docs" / name if os.environ.get("NEWSPRISM_SCREENSHOT") else tmp_path / name
    page.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 10_000


def test_story_list_filters_and_opens_a_story(page, live_app, tmp_path):
    page.goto(live_app.url("/"))
    seed = page.locator("ol.stories li", has_text="Top diplomats for U.S., Russia see no breakthrough")
    assert seed.count() == 1
    assert seed.locator(".bar span").count() == 2, "one coverage segment per outlet"
    assert "Reuters 1, Xinhua 1" in seed.locator(".bar").get_attribute("aria-label")
    screenshot(page, "serve-stories.png", tmp_path)

    page.select_option("select[name=outlet]", "Xinhua")
    page.click("form.filters button")
    page.wait_for_url("**outlet=Xinhua**")
    assert page.locator("ol.stories li a.headline").all_inner_texts() == [
        "Top diplomats for U.S., Russia see no breakthrough at their Ukraine talks"
    ]
    page.fill("input[name=q]", "zzyzx")
    page.click("form.filters button")
    assert "No stories match these filters" in page.locator("ol.stories").inner_text()

    page.goto(live_app.url("/?q=Lavrov"))
    page.click("ol.stories a.headline >> nth=0")
    page.wait_for_selector("#summary", timeout=120_000)
    assert "Reuters" in page.inner_text("body") and "Xinhua" in page.inner_text("body")
    assert page.locator("a.chip").count() >= 1, "summary sentences cite their spans"
    screenshot(page, "serve-story.png", tmp_path)
    page.click("nav.site >> text=Stories")  # the site's navigation, on the report pages too
    page.wait_for_url(live_app.url("/"))
    assert page.problems == []


def test_outlet_pages(page, live_app):
    page.goto(live_app.url("/outlets"))
    assert "multi-outlet stories compared" in page.locator("h1").inner_text()
    assert page.locator("svg").count() >= 1, "the outlets report draws its charts"
    page.goto(live_app.url("/outlets/Xinhua"))
    assert page.locator("h1").inner_text() == "Xinhua"
    assert "Top diplomats for U.S., Russia" in page.inner_text("main")
    assert page.problems == []


def test_article_text_is_escaped_everywhere(page, live_app):
    xinhua = httpx.get(live_app.url("/api/articles"), params={"outlet": "Xinhua"}).json()["items"][0]
    body = httpx.get(live_app.url(f"/api/articles/{xinhua['id']}")).json()["body"]
    paragraphs = body.split("\n\n")
    shorter = "\n\n".join(paragraphs[: len(paragraphs) // 2])  # real text; too short to be a copy of it
    answer = httpx.post(
        live_app.url("/api/ingest"),
        json={"articles": [{"text": shorter, "headline": HOSTILE, "published": "2022-01-21T00:00:00+00:00"}]},
        timeout=60,
    )
    assert answer.json()["new"] == 1
    story = httpx.get(live_app.url("/api/stories"), params={"q": "Lavrov"}).json()["items"][0]
    assert story["headline"] == HOSTILE, "the earliest article names the story"
    for path in ("/?q=Lavrov", f"/stories/{story['id']}"):
        page.goto(live_app.url(path))
        assert page.title() != "pwned", path
        assert page.locator("img").count() == 0, path
        raw = httpx.get(live_app.url(path), timeout=120).text
        assert "<img" not in raw and "&lt;img src=x onerror=" in raw, path
    assert page.problems == []


def test_add_form_refuses_private_addresses(page, live_app):
    page.goto(live_app.url("/add"))
    page.fill("textarea[name=urls]", "http://127.0.0.1:9/feed.xml")
    page.click("form button")
    assert "private or local address" in page.locator(".notice").inner_text()
