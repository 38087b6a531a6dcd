"""Main text and metadata of an HTML page, with trafilatura.

The page is parsed once; the metadata (title, author, date, site name) is read from that tree with
trafilatura's own metadata extractors and htmldate, and the main text is extracted from it
without comments. Only what newsprism uses is extracted: categories, tags and licences are not.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import examine_meta, extract_author, extract_meta_json, extract_sitename, extract_title
from trafilatura.utils import load_html

from newsprism.errors import ExtractionError

# trafilatura logs one warning per odd page; a batch reports failures its own way
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@dataclass(frozen=True, slots=True)
class PageText:
    """What trafilatura finds in a page: main text (one paragraph a line) and metadata."""

    text: str
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    url: str | None


def page_metadata(tree: HtmlElement, url: str | None) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    """(title, author, date, site name, canonical URL) from ``<meta>``, JSON-LD and the page itself."""
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # a single token is a handle or a site, not a person
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - trafilatura's JSON-LD reader fails on odd pages; the rest still counts
        pass
    title = meta.title or extract_title(tree)
    author = meta.author or extract_author(tree)
    date = find_date(tree, url=meta.url or url, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    sitename = meta.sitename or extract_sitename(tree)
    return title, author, date, sitename, meta.url or url


def extract_page(html: str | bytes, source: str, *, url: str | None = None) -> PageText:
    """Main text and metadata of one page; raises `ExtractionError` naming `source` when it holds no article."""
    tree = load_html(html)
    if tree is None:
        raise ExtractionError(source, "not parseable as HTML")
    title, author, date, sitename, canonical = page_metadata(tree, url)
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=False, include_comments=False, include_tables=True, deduplicate=False
    )
    text = document.text if document is not None else None
    if not text or not text.strip():
        raise ExtractionError(source, "no article text found in the HTML (a page without an article?)")
    return PageText(text=text, title=title, author=author, date=date, sitename=sitename, url=canonical)
