"""The digest on top of a story (render.digest): on the seed pair, and in the report in a real browser."""

from __future__ import annotations

import pytest

from newsprism import read_articles
from newsprism.annotate import annotate
from newsprism.compare import compare
from newsprism.records import Comparison
from newsprism.render.digest import digest, specifics
from newsprism.render.html import write_report


@pytest.fixture(scope="module")
def seed(seed_paths) -> Comparison:
    return compare(list(annotate(read_articles([seed_paths["reuters.txt"], seed_paths["xinhua.txt"]]))))


def test_specifics_count_names_once_and_numbers():
    assert specifics("and Western states fear Moscow invaded in 2014 to annex the Crimean peninsula") == 4
    assert specifics("Asked by Deputy Foreign Minister Sergei Ryabkov") == 1, "a run of capitals is one name"
    assert specifics("The talks went on.") == 0, "the opening word is not a name"


def test_seed_digest_names_what_each_outlet_alone_says(seed):
    reuters, xinhua = digest(seed).outlets
    assert (reuters.label, xinhua.label) == ("Reuters", "Xinhua")
    assert reuters.shared == xinhua.shared >= 3, "facts both report"
    assert reuters.shared_first and reuters.shared_first.target.startswith("a0-")
    exclusive = " ".join(e.text for e in reuters.exclusives)
    assert "Ryabkov" in exclusive or "Crimea" in exclusive
    assert not any(e.text.startswith('"') for o in (reuters, xinhua) for e in o.exclusives), "quotes are apart"
    assert len(reuters.exclusives) <= 3 < reuters.exclusive_count
    assert "the Hotel President Wilson" in [d.text for d in reuters.details]
    assert "Thomas Kleine-Brockhoff" in {s.name for s in reuters.speakers if s.only_here}, "the Berlin analyst"
    quoted = {s.name for s in xinhua.speakers}
    assert {"Andrei Kortunov", "Andrei Bystritsky"} <= quoted, "the Russian think-tank heads"
    assert reuters.conflict_count == xinhua.conflict_count >= 1
    assert all(c.others == ("Xinhua",) for c in reuters.conflicts)


def test_every_digest_link_is_its_passage(seed):
    bodies = {i: a.body for i, a in enumerate(seed.articles)}
    for outlet in digest(seed).outlets:
        items = [*outlet.exclusives, *outlet.details, *(c.item for c in outlet.conflicts)]
        for item in items:
            index, start, end = item.target[1:].split("-")
            passage = " ".join(bodies[int(index)][int(start) : int(end)].split())
            assert passage.startswith(item.text.rstrip("…")), item


def test_timeline_orders_outlets_by_publication(seed):
    stamps = digest(seed).timeline
    assert [(s.label, s.position) for s in stamps] == [("Reuters", 0.0), ("Xinhua", 100.0)]


@pytest.mark.browser
def test_report_shows_the_digest_first_and_its_links_jump(seed, browser, tmp_path):
    path = write_report(seed, tmp_path / "seed.html")
    context = browser.new_context(viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(path.as_uri())
    cards = page.locator("#digest .card")
    assert cards.count() == 2
    assert page.locator("#digest").bounding_box()["y"] < page.locator("#summary").bounding_box()["y"]
    assert "Andrei Kortunov" in cards.nth(1).inner_text()
    link = cards.nth(0).locator(".excl a.jump").first
    target = link.get_attribute("href")[1:]
    link.click()
    assert page.evaluate("document.activeElement.id") == target
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scroll at 390 px"
    context.close()
