"""Shared fixtures: the seed pair (bundled in examples/) and the real datasets of ../shared/data."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Collection, Iterator
from pathlib import Path

import pytest

from newsprism.records import Article

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "geneva-2022-01-21"
SHARED_DATA = Path(os.environ.get("NEWSPRISM_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads((SEED / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_paths() -> dict[str, Path]:
    return {name: SEED / name for name in ("reuters.txt", "xinhua.txt")}


def body_article(id: str, source: str, body: str, outlet: str | None = None) -> Article:
    """An article that is only its body: no headline, date, byline or dateline."""
    return Article(
        id=id, source=source, outlet=outlet, headline=None, published=None, authors=(), dateline=None,
        language="en", body=body,
    )  # fmt: skip


def view_article(row: dict, *, id: str, source: str, outlet: str, url: str | None = None) -> Article:
    """An article from a row of a dataset's clustering view (title, text, date): no byline or dateline."""
    return Article(
        id=id,
        source=source,
        outlet=outlet,
        headline=row["title"],
        published=row.get("date"),
        authors=(),
        dateline=None,
        language="en",
        body=row["text"],
        url=url,
    )


def crawl_articles(story_ids: Collection[str] | None = None) -> list[Article]:
    """The dated AllSides crawl of ../shared/data (July–October 2021) as articles with the id
    ``<story id>/<stance>``, in file order; only the stories of `story_ids` where given."""
    path = shared_data("neus-allsides") / "clustering_view.shared.jsonl"
    rows = [row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if row.get("date")]
    return [
        view_article(row, id=f"{row['story_id']}/{row['stance']}", source=row["url"], outlet=row["source"])
        for row in rows
        if story_ids is None or row["story_id"] in story_ids
    ]


def shared_data(name: str) -> Path:
    """A dataset folder of ../shared/data, or skip the test where this checkout has none."""
    path = SHARED_DATA / name
    if not path.is_dir():
        pytest.skip(f"{path} not present (set NEWSPRISM_DATA)")
    return path


# the ECB+ topics of the official dev split (its SOURCE.md), as benchmarks/stories.py reports them
ECB_DEV_TOPICS = frozenset({"2", "5", "12", "18", "21", "23", "34", "35"})


def ecb_dev_items() -> tuple[list, list[str]]:
    """The ECB+ dev topics' articles as story items (undated), and their gold story ids."""
    from newsprism.stories import Item

    rows = [json.loads(line) for line in (shared_data("ecbplus") / "clustering_view.shared.jsonl").open()]
    rows = [row for row in rows if str(row["topic"]) in ECB_DEV_TOPICS]
    items = [Item(row["doc_id"], row.get("title") or "", row["text"], None) for row in rows]
    return items, [row["story_id"] for row in rows]


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, through playwright (each context gets a fresh profile); the test
    is skipped, with the reason, where either is missing (`scripts/install` installs both)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install -y chromium; scripts/install does it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
