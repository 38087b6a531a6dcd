"""Main text and metadata of an HTML page, with trafilatura.

The page is parsed once; the metadata (title, author, date, site name) is read from that tree with
trafilatura's own metadata extractors and htmldate, and the main text is extracted from it
without comments. Only what newsprism uses is extracted: categories, tags and licences are not.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import examine_meta, extract_meta_json, extract_metainfo, extract_sitename, extract_title
from trafilatura.utils import load_html
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from newsprism.errors import ExtractionError

# trafilatura logs one warning per odd page; a batch reports failures its own way
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@dataclass(frozen=True, slots=True)
class PageText:
    """What trafilatura finds in a page: main text (one paragraph a line) and metadata.

    `author` and `date` are what ``<meta>``, JSON-LD and the markup say; `search_author()` and
    `search_date()` look through the whole page, which costs more and is only worth it when
    nothing else (a byline or date line in the text, a feed) names one.
    """

    text: str
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    url: str | None
    tree: HtmlElement = field(repr=False, compare=False)

    def search_date(self) -> str | None:
        """htmldate's extensive search of the whole page (slow: only when the markup names no date)."""
        return find_date(self.tree, url=self.url, extensive_search=True, original_date=True, outputformat=DATE_FORMAT)

    def search_author(self) -> str | None:
        """The author named in the page's markup (trafilatura's XPaths); prunes `tree` in place."""
        found = extract_metainfo(prune_unwanted_nodes(self.tree, AUTHOR_DISCARD_XPATHS), AUTHOR_XPATHS, len_limit=120)
        return normalize_authors(None, found) if found else None


def extract_page(html: str | bytes, source: str, *, url: str | None = None) -> PageText:
    """Main text and metadata of one page; raises `ExtractionError` naming `source` when it holds no article."""
    tree = load_html(html)
    if tree is None:
        raise ExtractionError(source, "not parseable as HTML")
    text = main_text(tree, url)
    if not text or not text.strip():
        raise ExtractionError(source, "no article text found in the HTML (a page without an article?)")
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # trafilatura's rule: a single token in <meta name=author> is mostly a site handle
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:
        pass
    canonical = meta.url or url
    return PageText(
        text=text,
        title=meta.title or extract_title(tree),
        author=meta.author,
        date=find_date(tree, url=canonical, extensive_search=False, original_date=True, outputformat=DATE_FORMAT),
        sitename=meta.sitename or extract_sitename(tree),
        url=canonical,
        tree=tree,
    )


DATE_FORMAT = "%Y-%m-%d"
# trafilatura's own extractor alone ("fast") is as good as its full run with the readability and
# jusText fallbacks on long articles; the fallbacks earn their cost on pages where it finds little.
FALLBACK_BELOW_CHARS = int(__import__("os").environ.get("NP_FB", "1000"))


def main_text(tree: HtmlElement, url: str | None) -> str | None:
    """The page's main text, one paragraph a line (trafilatura works on its own copy of `tree`)."""
    options = dict(url=url, with_metadata=False, include_comments=False, include_tables=True, deduplicate=False)
    document = trafilatura.bare_extraction(tree, fast=True, **options)
    text = document.text if document is not None else None
    if not text or len(text) < FALLBACK_BELOW_CHARS:
        document = trafilatura.bare_extraction(tree, **options)
        text = document.text if document is not None else text
    return text
