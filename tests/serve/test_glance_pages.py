"""The pages of issue 27 in headless chromium: a story's digest and timeline, outlets coloured and grouped
by a column of the outlet table (with a legend), the blindspot view, HTML error pages, and API docs that
ask no other site for anything; each at 1366 and 390 px without sideways scrolling.

With NEWSPRISM_SCREENSHOT=1 the pages are saved as docs/serve-*-1366.png and docs/serve-*-390.png.
"""

from __future__ import annotations

import os
import shutil

import httpx
import pytest

from newsprism.corpus.outlet_table import EXAMPLE
from newsprism.serve import create_app
from newsprism.settings import Settings
from tests.conftest import ROOT
from tests.serve.conftest import serve_in_thread

pytestmark = pytest.mark.browser
WIDTHS = {1366: 768, 390: 844}
SEED_HEADLINE = "Top diplomats for U.S., Russia see no breakthrough"


@pytest.fixture(scope="module")
def app_with_table(corpus_db, tmp_path_factory):
    copy = tmp_path_factory.mktemp("glance") / "news.duckdb"
    shutil.copyfile(corpus_db, copy)
    yield from serve_in_thread(create_app(copy, Settings(fetch_timeout=3.0, outlet_table=EXAMPLE)))


@pytest.fixture(scope="module")
def pages(browser, app_with_table):
    """One page per width, each recording every request and every script error."""
    opened = {}
    contexts = []
    for width, height in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
        contexts.append(context)
        page = context.new_page()
        page.problems, page.requests = [], []
        page.on("console", lambda m, p=page: m.type == "error" and p.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda error, p=page: p.problems.append(f"page error: {error}"))
        page.on("request", lambda r, p=page: p.requests.append(r.url))
        opened[width] = page
    yield opened
    for context in contexts:
        context.close()


def visit(page, app, path: str):
    page.requests.clear()
    page.problems.clear()
    answer = page.goto(app.url(path))
    outside = [url for url in page.requests if not url.startswith(app.url("/"))]
    assert outside == [], f"{path} asked another site: {outside}"
    return answer


def fits(page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"sideways scroll at {width} px"


def shown_whole(page, name: str, tmp_path) -> None:
    """The page as it is now: its screenshot taken, no sideways scroll, no script error."""
    screenshot(page, name, tmp_path)
    fits(page)
    assert page.problems == []


def screenshot(page, name: str, tmp_path) -> None:
    width = page.viewport_size["width"]
    folder = ROOT / "docs" if os.environ.get("NEWSPRISM_SCREENSHOT") else tmp_path
    target = folder / f"serve-{name}-{width}.png"
    page.screenshot(path=str(target), full_page=False)
    try:  # a 256-colour palette keeps the docs' screenshots small; text stays sharp without dithering
        from PIL import Image

        with Image.open(target) as shot:
            shot.convert("RGB").quantize(256, dither=Image.Dither.NONE).save(target, optimize=True)
    except ImportError:
        pass
    assert target.stat().st_size > 5_000


def seed_story(app) -> str:
    return httpx.get(app.url("/api/stories"), params={"q": "Lavrov"}).json()["items"][0]["id"]


@pytest.mark.parametrize("width", WIDTHS)
def test_home_page_colours_outlets_by_a_column_with_a_legend(pages, app_with_table, width, tmp_path):
    page = pages[width]
    visit(page, app_with_table, "/")
    screenshot(page, "home", tmp_path)
    fits(page)
    visit(page, app_with_table, "/?by=country")
    legend = page.locator("main ul.legend")
    assert legend.count() == 1
    assert {"United Kingdom", "China"} <= set(legend.locator("li").all_inner_texts())
    seed = page.locator("ol.stories li", has_text=SEED_HEADLINE)
    label = seed.locator(".bar").get_attribute("aria-label")
    assert "Reuters 1 (United Kingdom)" in label and "Xinhua 1 (China)" in label
    colours = {
        text: sw.evaluate("e => getComputedStyle(e).backgroundColor")
        for text, sw in ((li.inner_text(), li.locator(".sw")) for li in legend.locator("li:has(.sw)").all())
    }
    segments = seed.locator(".bar span").evaluate_all("s => s.map(e => getComputedStyle(e).backgroundColor)")
    assert segments == [colours["United Kingdom"], colours["China"]], "segments in the legend's colours and order"
    assert page.locator("select[name=by]").input_value() == "country"
    fits(page)
    assert page.problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_story_page_opens_with_its_digest_and_timeline(pages, app_with_table, width, tmp_path):
    page = pages[width]
    visit(page, app_with_table, f"/stories/{seed_story(app_with_table)}")
    page.wait_for_selector("#digest", timeout=120_000)
    cards = page.locator("#digest .card")
    assert cards.count() == 2
    assert "Andrei Kortunov" in cards.nth(1).inner_text()
    assert page.locator("#digest .timeline .stamps li").count() == 2
    assert page.locator("nav.site a", has_text="Outlets").count() == 1, "the site's navigation"
    link = cards.nth(0).locator("a.jump").first
    link.click()
    assert page.evaluate("document.activeElement.id") == link.get_attribute("href")[1:]
    page.evaluate("window.scrollTo(0, 0)")
    shown_whole(page, "story-digest", tmp_path)


@pytest.mark.parametrize("width", WIDTHS)
def test_outlets_page_groups_coverage_by_the_chosen_column(pages, app_with_table, width, tmp_path):
    page = pages[width]
    httpx.get(app_with_table.url(f"/stories/{seed_story(app_with_table)}"), timeout=120)  # compared: profiled
    visit(page, app_with_table, "/outlets?by=country")
    chart = page.locator("#chart-axis-c")
    assert chart.inner_text() == "Stories covered, by country"
    figure = page.locator("figure:has(#chart-axis-c)")
    assert {"United Kingdom", "China"} <= set(figure.locator(".legend li").all_inner_texts())
    assert page.locator("select[name=by]").input_value() == "country"
    if width < 600:  # the title and form fill a phone's first screen; show the grouped chart
        page.locator("#charts").scroll_into_view_if_needed()
    shown_whole(page, "outlets-by-country", tmp_path)


@pytest.mark.parametrize("width", WIDTHS)
def test_blindspots_list_the_stories_one_side_alone_covered(pages, app_with_table, width, tmp_path):
    page = pages[width]
    visit(page, app_with_table, "/blindspots?by=ownership")
    headings = page.locator("section.spot h2").all_inner_texts()
    assert any(h.startswith("Only listed company") for h in headings)
    assert any(h.startswith("Only state agency: 0 stories") for h in headings), "Xinhua's story is Reuters' too"
    listed = page.locator("section.spot", has_text="Only listed company")
    assert SEED_HEADLINE not in listed.inner_text(), "the seed story has both ownerships"
    shown_whole(page, "blindspots", tmp_path)


def test_an_unknown_page_is_a_page_with_the_site_navigation(pages, app_with_table):
    page = pages[390]
    for path, says in (("/stories/story-0000", "no story 'story-0000'"), ("/no/such/page", "Not Found")):
        answer = visit(page, app_with_table, path)
        assert answer.status == 404, path
        assert answer.headers["content-type"].startswith("text/html")
        assert page.locator("h1").inner_text() == "Not found"
        assert says in page.locator("main").inner_text()
        assert page.locator("nav.site a").count() >= 5
        fits(page)
    api = httpx.get(app_with_table.url("/api/stories/story-0000"))
    assert api.status_code == 404 and "story-0000" in api.json()["detail"], "the API keeps answering JSON"


def test_api_docs_make_no_request_outside_the_app(pages, app_with_table):
    page = pages[1366]
    visit(page, app_with_table, "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "newsprism" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock").count() >= 5, "the operations are listed"
    outside = [url for url in page.requests if not url.startswith(app_with_table.url("/"))]
    assert outside == [], outside
    assert app_with_table.url("/api/openapi.json") in page.requests
    assert page.problems == []


def test_add_form_fits_a_phone(pages, app_with_table):
    page = pages[390]
    visit(page, app_with_table, "/add")
    assert page.locator("textarea[name=urls]").bounding_box()["width"] <= 390
    fits(page)


def test_an_outlet_page_says_what_the_table_gives_it(pages, app_with_table):
    page = pages[390]
    visit(page, app_with_table, "/outlets/Xinhua")
    about = page.locator("dl.about").inner_text()
    assert "China" in about and "state agency" in about
    assert page.locator("dl.about a", has_text="state agency").get_attribute("href") == "/blindspots?by=ownership"
    fits(page)
    assert page.problems == []
