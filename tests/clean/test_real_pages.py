"""The clean stage on real pages of ../shared/data (skipped where the data is absent)."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter

import pytest

from newsprism import ExtractionError, clean_html
from newsprism.clean.furniture import furniture_kind
from tests.conftest import shared_data

_TOKEN = re.compile(r"\w+")


def _shingle_f1(gold: str, predicted: str, n: int = 4) -> float:
    def shingles(text: str) -> Counter:
        tokens = _TOKEN.findall(text)
        return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)

    a, b = shingles(gold), shingles(predicted)
    overlap = sum((a & b).values())
    return 2 * overlap / (sum(a.values()) + sum(b.values())) if a or b else 1.0


def test_zyte_pages_give_their_article_body():
    root = shared_data("zyte-article-extraction-benchmark")
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    scores = []
    for key in sorted(truth)[:25]:
        html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        article = clean_html(html, url=truth[key]["url"])
        assert article.headline, key
        scores.append(_shingle_f1(truth[key]["articleBody"], article.body))
    assert sum(scores) / len(scores) > 0.9
    assert min(scores) > 0.4


def test_furniture_patterns_spare_article_text_and_catch_boilerplate():
    """Measured on trafilatura-eval: snippets that must stay vs. snippets that must go."""
    gold = json.loads((shared_data("trafilatura-eval") / "evaldata.json").read_text(encoding="utf-8"))
    keep = [s for page in gold.values() for s in page["with"]]
    drop = [s for page in gold.values() for s in page["without"]]
    wrongly_flagged = [s for s in keep if furniture_kind(s)]
    caught = [s for s in drop if furniture_kind(s)]
    assert len(wrongly_flagged) <= len(keep) // 1000, wrongly_flagged
    assert len(caught) >= 80


def test_eval_pages_metadata():
    root = shared_data("trafilatura-eval")
    gold = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    dated = [key for key in sorted(gold) if gold[key].get("date") and key.startswith("http")][:60]
    right = 0
    for key in dated:
        try:
            article = clean_html(gzip.decompress((root / gold[key]["html_gz"]).read_bytes()), url=key)
        except ExtractionError:
            continue
        right += (article.published or "")[:10] == gold[key]["date"]
    assert right / len(dated) > 0.75


REUTERS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Top diplomats for U.S., Russia see no breakthrough at their Ukraine talks | Reuters</title>
<meta property="og:title" content="Top diplomats for U.S., Russia see no breakthrough at their Ukraine talks">
<meta property="article:published_time" content="2022-01-21T10:37:00Z">
</head><body><nav><a href="/world">World</a> <a href="/business">Business</a></nav>
<article><h1>Top diplomats for U.S., Russia see no breakthrough at their Ukraine talks</h1>
<p>By Simon Lewis</p>
{paragraphs}
<p>Share this article</p>
</article><footer><p>Our Standards: The Thomson Reuters Trust Principles.</p></footer></body></html>"""


def test_html_page_takes_the_same_rules_as_text(seed_paths):
    text = seed_paths["reuters.txt"].read_text(encoding="utf-8")
    body = text[text.index("GENEVA, Jan 21") : text.index("Our Standards")]
    paragraphs = "\n".join(f"<p>{p.strip()}</p>" for p in body.split("\n\n") if p.strip())
    article = clean_html(REUTERS_PAGE.replace("{paragraphs}", paragraphs), url="https://www.reuters.com/world/x")
    assert article.outlet == "Reuters"
    assert article.headline == "Top diplomats for U.S., Russia see no breakthrough at their Ukraine talks"
    assert article.published == "2022-01-21"
    assert article.authors == ("Simon Lewis",)
    assert article.dateline is not None and article.dateline.place == "GENEVA"
    assert article.body.startswith("GENEVA, Jan 21 (Reuters) - The top diplomats")
    assert article.body.endswith("The U.S.-led alliance has rejected that.")
    assert "(Reporting by Simon Lewis" not in article.body
    assert {"credits"} <= {line.kind for line in article.removed}
    assert "Share this article" not in article.body


def test_page_without_article_is_an_extraction_error():
    with pytest.raises(ExtractionError, match="no article text"):
        clean_html(b"<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>", "nav.html")
