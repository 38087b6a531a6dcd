"""Every field of both seed articles, as `expected.json` reads them."""

from __future__ import annotations

import pytest

from newsprism import Article, read_articles

NAMES = ("reuters.txt", "xinhua.txt")


@pytest.fixture(scope="module")
def articles(seed_paths) -> dict[str, Article]:
    found = {}
    for item in read_articles([seed_paths[name] for name in NAMES]):
        assert isinstance(item, Article), item
        found[item.source.rsplit("/", 1)[-1]] = item
    return found


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("field", ["outlet", "headline", "published", "authors"])
def test_metadata(articles, expected, name, field):
    want = expected["articles"][name][field]
    got = getattr(articles[name], field)
    assert (list(got) if field == "authors" else got) == want


@pytest.mark.parametrize("name", NAMES)
def test_dateline(articles, expected, name):
    dateline = articles[name].dateline
    assert dateline is not None
    assert {"place": dateline.place, "date": dateline.date} == expected["articles"][name]["dateline"]
    # the dateline stays in the body and its offsets point at it
    assert articles[name].body[dateline.start : dateline.end].startswith(dateline.place)


@pytest.mark.parametrize("name", NAMES)
def test_every_boilerplate_line_removed_and_kept(articles, expected, name):
    article = articles[name]
    removed = [line.text for line in article.removed]
    for line in expected["articles"][name]["boilerplate_lines"]:
        assert line not in article.body, f"boilerplate left in the body: {line!r}"
        assert any(line.strip() in kept for kept in removed), f"boilerplate not kept in removed: {line!r}"


@pytest.mark.parametrize("name", NAMES)
def test_body_start_and_end(articles, expected, name):
    article, want = articles[name], expected["articles"][name]
    assert article.body.startswith(want["body_must_start_with"])
    if "body_must_end_with" in want:
        assert article.body.endswith(want["body_must_end_with"])


def test_credits_line_leaves_the_body_and_becomes_metadata(articles, expected):
    article = articles["reuters.txt"]
    start = expected["articles"]["reuters.txt"]["credits_line_starts"]
    assert start not in article.body
    assert [line.kind for line in article.removed if line.text.startswith(start)] == ["credits"]
    assert ("reporting", "Simon Lewis") in {(c.role, c.name) for c in article.credits}
    assert ("editing", "Grant McCool") in {(c.role, c.name) for c in article.credits}
    assert not article.body.rstrip().endswith(")")


def test_highlights_are_kept_aside(articles):
    highlights = articles["reuters.txt"].highlights
    assert len(highlights) == 4
    assert highlights[0].startswith("* Blinken and Lavrov both say")
    assert not any(h in articles["reuters.txt"].body for h in highlights)


@pytest.mark.parametrize("name", NAMES)
def test_nothing_lost(articles, name, seed_paths):
    """Every non-empty input line is in the body or in `removed` (an end mark may close a body line)."""
    article = articles[name]
    kept = article.body + "\n" + "\n".join(line.text for line in article.removed)
    for line in seed_paths[name].read_text(encoding="utf-8").splitlines():
        for piece in line.replace("Enditem", "\n").splitlines():
            assert piece.strip() in kept, piece


@pytest.mark.parametrize("name", NAMES)
def test_language_and_raw(articles, name, seed_paths):
    article = articles[name]
    assert article.language == "en"
    assert article.raw is not None and article.raw.content == seed_paths[name].read_text(encoding="utf-8")
    assert Article.from_dict(article.to_dict()) == article
