"""Loaders that turn the real multi-outlet datasets into stories of `newsprism.records.Article`.

Usage::

    python -m benchmarks.datasets.multi_outlet [--data ../shared/data]

prints what each loader finds.  ``data`` is the folder holding ``basil/``, ``newswcl50/`` and
``neus-allsides/`` (see each one's SOURCE.md).  Used by ``benchmarks/compare.py`` and
``datasets/scale_corpus.py``.

* ``load_basil(data)``: BASIL (Fan et al. 2019), one story per triplet (one event, 3 outlets:
  Fox News, The New York Times, HuffPost, in that order).  The body is the article's paragraphs
  joined by a blank line, a paragraph's sentences by a space, without a first paragraph that only
  repeats the headline (24 files).  ``published`` is the file's date.
* ``load_newswcl50(data)``: NewsWCL50 (Hamborg et al. 2019), one story per event (5 outlets, far
  left to far right: HuffPost, The New York Times, USA Today, Fox News, Breitbart).  The first line
  of a file is its headline, except where it is plainly a first paragraph (more than
  ``HEADLINE_MAX_WORDS`` words: ``0_L.txt`` opens with its dateline).  ``published`` is the date in
  the article's URL (``urls.tsv``), None for the 10 URLs without one (HuffPost's, two Breitbart).
* ``load_allsides(data, limit)``: the NeuS raw AllSides crawl (Lee et al. 2022), one
  `RoundupStory` per AllSides story that has all three sides: the left, center and right leads
  (``newBody``: a few lead paragraphs, the last often cut with "...") as Articles, and the editors'
  neutral roundup as ``reference``.  The roundup's last paragraphs usually describe the coverage
  ("Coverage was mostly balanced across the spectrum…"), not the event; ``reference`` is the first
  paragraph and the ones after it up to the first such coverage paragraph.  On the 288 stories that
  are also in the NeuS probe split, this equals the NeuS target text (up to whitespace and
  punctuation) for 282; in the other 6 NeuS kept a coverage paragraph.  The raw part is used, not
  the probe split, because only it says which lead is left, center or right.  ``published`` is None
  (AllSides gives the date of its story, not of each article).

Whitespace inside a paragraph (tabs, no-break spaces, CRLF) is collapsed to single spaces; no
other change is made to any text.  No third-party imports beyond newsprism's records.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.datasets import DEFAULT_DATA
from newsprism.records import Article

BASIL_DIR = "basil"
NEWSWCL50_DIR = "newswcl50"
ALLSIDES_DIR = "neus-allsides"
ALLSIDES_RAW = "raw_crawled/headline_11_2021-10-19_crawled_all.shared.jsonl"

# BASIL `source` codes (12 files write them in upper case), in story order
BASIL_OUTLETS = {"fox": "Fox News", "nyt": "The New York Times", "hpo": "HuffPost"}
# NewsWCL50 publisher ids, far left to far right (SOURCE.md)
NEWSWCL50_OUTLETS = {
    "LL": "HuffPost",
    "L": "The New York Times",
    "M": "USA Today",
    "R": "Fox News",
    "RR": "Breitbart",
}
# Event names from NewsWCL50's SOURCE.md (the dataset itself names none)
NEWSWCL50_EVENTS = {
    0: "Pompeo's secret North Korea visit / Trump-Abe meeting",
    1: None,  # held out
    2: "North Korea suspends nuclear tests",
    3: "DNC sues Russia, the Trump campaign and WikiLeaks",
    4: "Macron state visit and the Iran deal",
    5: "Trump to visit the UK",
    6: None,  # held out
    7: "Steel and aluminium tariff exemptions extended",
    8: "Mueller's list of questions to Trump",
    9: "Netanyahu's Iran-deal evidence",
}
HEADLINE_MAX_WORDS = 30  # the longest NewsWCL50 headline has 20 words; a first paragraph has more
ALLSIDES_SIDES = ("left", "center", "right")

# AllSides qualifies some outlets by section: "CNN (Online News)", "New York Times (News)".  The
# section is dropped for news; an "(Opinion)" label says something about the text and is kept.
_ALLSIDES_SECTION = re.compile(r"\s*\((?:Online News|News|Online)\)$")
# A roundup paragraph about how outlets covered the story, not about the story itself
_COVERAGE_PARAGRAPH = re.compile(
    r"\b(?:left|right|center)[- ]rated\b|\bcoverage\b|\bcovered\b|\bspectrum\b|\bheadlines\b|\ball sides\b"
    r"|\boutlets\b|\bEditor's Note\b",
    re.IGNORECASE,
)
_URL_DATE = re.compile(r"/(20\d\d)/(\d\d)/(\d\d)/")


@dataclass(frozen=True)
class Story:
    """The articles of one event, as the dataset groups them; `title` names the event (or None)."""

    id: str
    title: str | None
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class RoundupStory(Story):
    """An AllSides story: the leads of its outlets and the editors' neutral roundup.

    `sides` gives each article's side (``left``, ``center``, ``right``), in the order of `articles`.
    """

    reference: str
    sides: tuple[str, ...]

    def by_side(self, side: str) -> Article | None:
        for article, article_side in zip(self.articles, self.sides, strict=True):
            if article_side == side:
                return article
        return None


def _clean(text: str) -> str:
    """One paragraph with its whitespace runs (tabs, no-break spaces, newlines) made single spaces."""
    return " ".join(text.split())


def _body(paragraphs: list[str]) -> str:
    return "\n\n".join(p for p in (_clean(p) for p in paragraphs) if p)


def _require(folder: Path, what: str) -> None:
    if not folder.exists():
        raise FileNotFoundError(f"{folder}: no such file or folder; pass --data (the folder holding {what})")


# --------------------------------------------------------------------------
# BASIL
# --------------------------------------------------------------------------


def _basil_article(path: Path, record: dict) -> Article:
    headline = _clean(record.get("title") or "") or None
    paragraphs = [" ".join(_clean(s) for s in paragraph if s.strip()) for paragraph in record["body-paragraphs"]]
    if paragraphs and headline and paragraphs[0] == headline:  # 24 files repeat the headline as paragraph 1
        paragraphs = paragraphs[1:]
    return Article(
        id=path.stem,
        source=str(path),
        outlet=BASIL_OUTLETS[record["source"].lower()],
        headline=headline,
        published=record.get("date") or None,
        authors=(),
        dateline=None,
        language="en",
        body=_body(paragraphs),
        url=record.get("url") or None,
    )


def load_basil(data: Path) -> list[Story]:
    """One story per BASIL triplet, sorted by its earliest date, then id.

    Article ids are the file names (``<triplet-uuid>_<n>``): three files have an empty ``uuid``.
    Raises FileNotFoundError when ``data/basil/articles`` is absent.
    """
    root = data / BASIL_DIR
    _require(root / "articles", "basil/")
    triplets: dict[str, list[tuple[Path, dict]]] = {}
    for path in sorted((root / "articles").glob("*/*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        triplets.setdefault(record["triplet-uuid"], []).append((path, record))

    order = list(BASIL_OUTLETS)
    stories = []
    for triplet, members in triplets.items():
        members.sort(key=lambda member: (order.index(member[1]["source"].lower()), member[0].name))
        articles = tuple(_basil_article(path, record) for path, record in members)
        # the event name most of its articles give (they differ in 21 triplets; one is empty)
        events = Counter(_clean(record.get("main-event") or "") for _, record in members)
        events.pop("", None)
        title = events.most_common(1)[0][0] if events else None
        stories.append(Story(id=triplet, title=title, articles=articles))
    stories.sort(key=lambda story: (min(a.published or "9999" for a in story.articles), story.id))
    return stories


# --------------------------------------------------------------------------
# NewsWCL50
# --------------------------------------------------------------------------


def _newswcl50_urls(root: Path) -> dict[tuple[int, str], str]:
    urls = {}
    path = root / "urls.tsv"
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            if line.strip():
                event, outlet, url = line.split("\t")[:3]
                urls[(int(event), outlet.strip())] = url.strip()
    return urls


def load_newswcl50(data: Path) -> list[Story]:
    """One story per NewsWCL50 event present, sorted by event number; articles far left to far right.

    Raises FileNotFoundError when ``data/newswcl50/articles`` is absent.
    """
    root = data / NEWSWCL50_DIR
    _require(root / "articles", "newswcl50/")
    urls = _newswcl50_urls(root)
    order = list(NEWSWCL50_OUTLETS)
    events: dict[int, list[Article]] = {}
    for path in sorted((root / "articles").glob("event_*/*.txt")):
        event_text, outlet_id = path.stem.split("_", 1)
        event = int(event_text)
        lines = [_clean(line) for line in path.read_text(encoding="utf-8").splitlines()]
        lines = [line for line in lines if line]
        headline = lines[0] if lines and len(lines[0].split()) <= HEADLINE_MAX_WORDS else None
        paragraphs = lines[1:] if headline is not None else lines
        url = urls.get((event, outlet_id))
        date = _URL_DATE.search(url or "")
        events.setdefault(event, []).append(
            Article(
                id=f"newswcl50-{event}-{outlet_id}",
                source=str(path),
                outlet=NEWSWCL50_OUTLETS[outlet_id],
                headline=headline,
                published="-".join(date.groups()) if date else None,
                authors=(),
                dateline=None,
                language="en",
                body="\n\n".join(paragraphs),
                url=url,
            )
        )
    stories = []
    for event in sorted(events):
        articles = sorted(events[event], key=lambda a: order.index(a.id.rsplit("-", 1)[1]))
        stories.append(
            Story(id=f"newswcl50-event-{event}", title=NEWSWCL50_EVENTS.get(event), articles=tuple(articles))
        )
    return stories


# --------------------------------------------------------------------------
# NeuS / AllSides
# --------------------------------------------------------------------------


def roundup_reference(paragraphs: list[str]) -> str:
    """The editors' neutral text: the first paragraph, and the next ones up to the first about coverage."""
    kept = [p for p in (_clean(p) for p in paragraphs) if p]
    reference = kept[:1]
    for paragraph in kept[1:]:
        if _COVERAGE_PARAGRAPH.search(paragraph):
            break
        reference.append(paragraph)
    return "\n\n".join(reference)


def _allsides_rows(data: Path) -> list[dict]:
    path = data / ALLSIDES_DIR / ALLSIDES_RAW
    _require(path, "neus-allsides/")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_allsides(data: Path, limit: int | None = None) -> list[RoundupStory]:
    """AllSides stories with a left, a center and a right lead, oldest first; the first `limit`.

    Stories lacking a side (29 of the 381 here) are left out: every baseline of
    ``benchmarks/compare.py`` needs all three.  Raises FileNotFoundError when the file is absent.
    """
    path = data / ALLSIDES_DIR / ALLSIDES_RAW
    stories = []
    for row in sorted(_allsides_rows(data), key=lambda row: (row.get("date") or "", int(row["id"]))):
        news = row.get("news") or {}
        if not all(news.get(side) for side in ALLSIDES_SIDES):
            continue
        articles = []
        for side in ALLSIDES_SIDES:
            item = news[side]
            articles.append(
                Article(
                    id=f"allsides-{row['id']}-{side}",
                    source=f"{path}#{row['id']}/{side}",
                    outlet=_ALLSIDES_SECTION.sub("", item["newsSource"]),
                    headline=_clean(item.get("newsTitle") or "") or None,
                    published=None,
                    authors=(),
                    dateline=None,
                    language="en",
                    body=_body(item.get("newBody") or []),
                    url=item.get("newsLink") or None,
                )
            )
        stories.append(
            RoundupStory(
                id=f"allsides-{row['id']}",
                title=_clean(row.get("issue") or "") or None,
                articles=tuple(articles),
                reference=roundup_reference(row.get("roundup") or []),
                sides=ALLSIDES_SIDES,
            )
        )
        if limit is not None and len(stories) >= limit:
            break
    return stories


def probe_agreement(data: Path) -> tuple[int, int]:
    """(raw stories also in the NeuS probe train/val split by neutral headline, those whose `reference`
    equals the probe target up to case, whitespace and punctuation): checks `roundup_reference`."""

    def norm(text: str) -> str:
        return " ".join(re.sub(r"\W+", " ", text).lower().split())

    targets: dict[str, str] = {}
    for split in ("train", "val"):
        path = data / ALLSIDES_DIR / "probe" / f"{split}.target"
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            title, sep, text = line.removeprefix("TITLE=>").partition("ARTICLE=>")
            if sep:
                targets.setdefault(norm(title), norm(text))
    matched = equal = 0
    for row in _allsides_rows(data):
        target = targets.get(norm(row.get("issue") or ""))
        if target is not None:
            matched += 1
            equal += norm(roundup_reference(row.get("roundup") or [])) == target
    return matched, equal


# --------------------------------------------------------------------------
# Counts
# --------------------------------------------------------------------------


def describe(name: str, stories: list[Story]) -> dict[str, object]:
    """Counts of one loaded dataset: stories, articles, per outlet, words, missing headlines and dates."""
    articles = [a for story in stories for a in story.articles]
    words = [len(a.body.split()) for a in articles]
    sizes = Counter(len(story.articles) for story in stories)
    return {
        "dataset": name,
        "stories": len(stories),
        "articles": len(articles),
        "articles_per_story": dict(sorted(sizes.items())),
        "outlets": dict(Counter(a.outlet for a in articles).most_common()),
        "outlet_count": len({a.outlet for a in articles}),
        "words": sum(words),
        "words_min_median_max": (min(words), sorted(words)[len(words) // 2], max(words)) if words else (0, 0, 0),
        "without_headline": sum(a.headline is None for a in articles),
        "without_date": sum(a.published is None for a in articles),
        "dates": (min(a.published for a in articles if a.published), max(a.published for a in articles if a.published))
        if any(a.published for a in articles)
        else None,
        "untitled_stories": sum(story.title is None for story in stories),
        "unique_ids": len({a.id for a in articles}) == len(articles),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder holding basil/, newswcl50/, neus-allsides/"
    )
    args = parser.parse_args(argv)
    data = args.data.resolve()

    loaded: list[tuple[str, list[Story]]] = [
        ("basil", load_basil(data)),
        ("newswcl50", load_newswcl50(data)),
        ("neus-allsides", list(load_allsides(data))),
    ]
    for name, stories in loaded:
        info = describe(name, stories)
        outlets = info.pop("outlets")
        print(f"{name}: " + ", ".join(f"{key} {value}" for key, value in info.items() if key != "dataset"))
        shown = list(outlets.items())
        print(
            "  outlets: "
            + ", ".join(f"{outlet} {count}" for outlet, count in shown[:12])
            + (" …" if len(shown) > 12 else "")
        )
    allsides = loaded[2][1]
    rows = _allsides_rows(data)
    refs = [len(story.reference.split()) for story in allsides]  # type: ignore[attr-defined]
    print(
        f"neus-allsides raw file: {len(rows)} stories, {sum(1 for r in rows for s in (r.get('news') or {}).values() if s)} "
        f"leads; {len(allsides)} with all three sides loaded; reference words min/median/max "
        f"{min(refs)}/{sorted(refs)[len(refs) // 2]}/{max(refs)}"
    )
    matched, equal = probe_agreement(data)
    print(
        f"neus-allsides reference = NeuS probe target for {equal} of the {matched} raw stories also in the probe split"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
