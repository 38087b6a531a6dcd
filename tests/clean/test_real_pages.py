"""The clean stage on real pages of ../shared/data (skipped where the data is absent)."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter

import pytest

from newsprism import ExtractionError, clean_html, clean_text
from newsprism.clean.furniture import furniture_kind
from newsprism.clean.layout import read_layout, read_line
from newsprism.clean.metadata import parse_dateline
from newsprism.records import RemovedLine
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


@pytest.mark.parametrize(
    "key",
    [
        # no date in the markup or the URL: htmldate finds it in the page's text
        "https://creativecommons.org/about/",
        "https://www.zamg.ac.at/cms/de/klima/news/histalp/histalp-oesterreich-jahresbericht-2021",
        # published late in the evening, local time: the date is the outlet's, not the one of UTC
        "https://www.lanacion.com.ar/politica/jugada-del-oficialismo-para-evitar-que-jxc-avance-con-la-boleta-unica-en-",
    ],
)
def test_the_date_of_a_page_is_the_one_it_was_published_on(key):
    root = shared_data("trafilatura-eval")
    gold = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    key = next(k for k in gold if k.startswith(key))
    article = clean_html(gzip.decompress((root / gold[key]["html_gz"]).read_bytes()), url=key)
    assert (article.published or "")[:10] == gold[key]["date"]


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


def _view(dataset: str) -> list[dict]:
    path = shared_data(dataset) / "clustering_view.shared.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _article(dataset: str, opening: str) -> dict:
    """The article of the crawl that opens with `opening` (the probe split's copies are a lead alone)."""
    return next(row for row in _view(dataset) if row["text"].startswith(opening) and "probe-" not in row["story_id"])


def test_a_date_inside_the_prose_does_not_turn_the_paragraphs_above_it_into_front_matter():
    # National Review's third paragraph, "Trump's attack on January 3, 2020, killed …", is short and carries a
    # date; the two paragraphs above it were taken for page furniture and the article had no body left
    row = _article("neus-allsides", "When\xa0then-President Trump ordered a strike")
    article = clean_text(row["text"], "nr.jsonl#L1", title=row["title"])
    assert article.body.startswith("When\xa0then-President Trump ordered a strike")
    assert article.body.rstrip().endswith("killed the Islamic...")
    assert article.removed == ()


def test_a_correction_line_far_down_the_body_is_not_front_matter():
    row = _article("basil", "Democrats in the Senate hoping to pass nonbudget-related legislation")
    article = clean_text(row["text"], "basil.jsonl#L1", title=row["title"])
    assert article.body.startswith("Democrats in the Senate hoping")  # a 30-word sentence, not a headline
    assert "Correction: December 1, 2010" in article.body
    assert article.headline == row["title"]


def test_a_lead_sentence_that_ends_in_a_quote_is_not_taken_for_the_headline():
    row = _article("neus-allsides", "Georgia's secretary of state\xa0said\xa0on Friday that 101,789")
    article = clean_text(row["text"], "axios.jsonl#L1", title=row["title"])
    assert article.headline == row["title"]
    assert article.body.startswith("Georgia's secretary of state")
    assert [line.kind for line in article.removed] == []


def test_the_standfirst_under_the_headline_is_kept():
    sentence = _article("ecbplus", "Earthquake Levels Villages on Iranian Island of Qeshm")
    article = clean_text(sentence["text"], "qeshm.txt", title=sentence["title"])
    assert article.headline == "Earthquake Levels Villages on Iranian Island of Qeshm"
    assert article.body.startswith("Ten people are killed and about 50 hurt.")  # a sentence: the article speaks
    assert article.published == "2005-11-28"
    subhead = _article("ecbplus", "Cops: Queens Woman Killed In Hit - And - Run")
    article = clean_text(subhead["text"], "queens.txt", title=subhead["title"])
    assert RemovedLine("Driver Charged With DWI, Vehicular Manslaughter", "standfirst") in article.removed
    assert article.body.startswith("A 59 - year - old mother of two died")


def test_no_paragraph_of_prose_is_taken_out_of_real_articles():
    # every article of the AllSides crawl, BASIL and ECB+, read as text with its headline: a line of 20 words or
    # more that ends like a sentence is the article itself, whatever metadata it carries (some ECB+ "titles" are
    # the first sentence: that line goes as the headline it was given for)
    lost = []
    for dataset in ("neus-allsides", "basil", "ecbplus"):
        for row in _view(dataset):
            if row["story_id"].startswith("probe-") or not row.get("text"):
                continue
            layout = read_layout(row["text"], headline=row.get("title"))
            lost += [
                (row["story_id"], line.text[:60])
                for line in layout.removed
                if read_line(line.text).is_prose and line.text != row.get("title")
            ]
    assert lost == []


@pytest.mark.parametrize(
    ("name", "headline", "body_starts"),
    [
        # NewsWCL50 ends every title with a period: a title-case line is a headline all the same
        ("event_5/5_RR.txt", "President Trump to Visit United Kingdom in July.", "The President of the United States"),
        (
            "event_4/4_LL.txt",
            "Trump Hates The Iran Deal And May Kill It – Even If He Still Doesn't Understand It.",
            "It looks like Trump took his fellow Republicans",
        ),
        # a sentence-case title above a dateline paragraph is the headline too: the dateline opens the body
        (
            "event_4/4_M.txt",
            "Trump, Emmanuel Macron seek common ground on Iran deal that Trump calls 'insane'.",
            "WASHINGTON — President Trump vowed Tuesday",
        ),
    ],
)
def test_a_headline_that_ends_with_a_period(name, headline, body_starts):
    path = shared_data("newswcl50") / "articles" / name
    article = clean_text(path.read_text(encoding="utf-8"), str(path))
    assert article.headline == headline
    assert article.body.startswith(body_starts)


def test_the_headline_under_the_date_line():
    row = _article("ecbplus", "Friday, November 11, 2011\nAnti Piracy Ops by INS Sukanya")
    article = clean_text(row["text"], "sukanya.txt")
    assert article.headline == "Anti Piracy Ops by INS Sukanya"
    assert article.published == "2011-11-11"
    assert article.body.startswith("Indian Naval Ship Sukanya")


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("WASHINGTON — President Trump vowed Tuesday to look for common ground", "WASHINGTON"),
        ("WEST PALM BEACH, Fla. — President Trump dispatched the C.I.A. director", "WEST PALM BEACH, Fla."),
        ("WASHINGTON— Roger Stone was sentenced to three years", "WASHINGTON"),
    ],
)
def test_a_dateline_of_a_place_alone(opening, place):
    # American papers write the place and an em dash, no date and no agency: NYT, BASIL, NewsWCL50, AllSides
    assert parse_dateline(opening)[:3] == (place, None, None)


@pytest.mark.parametrize(
    "opening",
    [
        "NATO - the alliance met on Friday",
        "NATO — the alliance met on Friday",
        "US: Talks end",
        "UN — It was a long day",
    ],
)
def test_an_acronym_and_a_dash_open_no_dateline(opening):
    assert parse_dateline(opening) is None
