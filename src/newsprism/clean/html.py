"""Main text and metadata of an HTML page, with trafilatura and htmldate.

The page is parsed once. trafilatura extracts the main text from its own copy of the tree; the
metadata (title, author, date, site name) is then read from the untouched tree with trafilatura's
metadata readers and htmldate. Only what newsprism uses is extracted: no categories, tags or
licences. Where the page's markup and URL give no date, htmldate searches its text too
(trafilatura's default): that costs about 5 ms a page on average, and lifts date accuracy on the
trafilatura evaluation pages from 0.827 to 0.875, since a story without dates cannot be placed in time.

Two limits keep a hostile page from costing minutes or losing its text: a page of more than
`MAX_ELEMENTS` elements is refused (`ExtractionError`), and one nested deeper than `FLAT_DEPTH`
is flattened before extraction (lxml would drop everything past 256 levels).
"""

from __future__ import annotations

import logging
from copy import deepcopy
from dataclasses import dataclass, field
from html.parser import HTMLParser

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import examine_meta, extract_meta_json, extract_metainfo, extract_sitename, extract_title
from trafilatura.utils import decode_file, load_html
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from newsprism.errors import ExtractionError

# trafilatura logs one warning per odd page; a batch reports failures its own way
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

# trafilatura's own extractor alone ("fast") is as good as its full run with the readability and
# jusText fallbacks on long articles; the fallbacks earn their cost on pages where it finds little.
# Chosen on the shared slices of zyte and trafilatura-eval (benchmarks/extraction.py).
FALLBACK_BELOW_CHARS = 1000
# A byline sits next to the headline: the author is looked for within this many levels above <h1>.
BYLINE_LEVELS = 3
# The largest of the 1,014 trafilatura-eval and Zyte pages has 9,748 elements; trafilatura's time
# grows faster than their number (100,000 tiny ones: 2 s and 260 MB; a million: 95 s and 1.3 GB).
MAX_ELEMENTS = 100_000
# libxml2 stops parsing at 256 levels of nesting, and all text past that point is lost. The deepest
# real page above is 41 levels deep; a page reaching this depth is flattened to it first.
FLAT_DEPTH = 200
_REACHES_FLAT_DEPTH = etree.XPath("boolean(" + "/".join(["*"] * (FLAT_DEPTH - 1)) + ")")
_COUNT_ELEMENTS = etree.XPath("count(//*)")
# elements that never have an end tag
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


@dataclass(frozen=True, slots=True)
class PageText:
    """What trafilatura finds in a page: main text (one paragraph a line) and metadata.

    `author` is what ``<meta>`` and JSON-LD say; `search_author()` also reads the visible byline
    near the headline, which costs more and is only worth it when nothing else names one.
    """

    text: str
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    url: str | None
    tree: HtmlElement = field(repr=False, compare=False)

    def search_author(self) -> str | None:
        """The author the page's markup names near its headline (trafilatura's author XPaths)."""
        region = _headline_region(self.tree)
        if region is None:
            return None
        found = extract_metainfo(prune_unwanted_nodes(region, AUTHOR_DISCARD_XPATHS), AUTHOR_XPATHS, len_limit=120)
        return normalize_authors(None, found) if found else None


def _headline_region(tree: HtmlElement) -> HtmlElement | None:
    """A copy of the part of the page around the headline: the <article>, else a few levels above <h1>.

    trafilatura's author XPaths test a regular expression on every element; on this region
    instead of the whole page they cost a tenth.
    """
    region = tree.find(".//article")
    if region is None:
        region = tree.find(".//h1")
        for _ in range(BYLINE_LEVELS):
            if region is None or region.getparent() is None:
                break
            region = region.getparent()
    if region is None or region is tree:
        return None
    return deepcopy(region)


def main_text(tree: HtmlElement, url: str | None) -> str | None:
    """The page's main text, one paragraph a line (trafilatura works on its own copy of `tree`)."""
    options = {"url": url, "with_metadata": False, "include_comments": False, "include_tables": True}
    document = trafilatura.bare_extraction(tree, fast=True, **options)
    text = document.text if document is not None else None
    if not text or len(text) < FALLBACK_BELOW_CHARS:
        document = trafilatura.bare_extraction(tree, **options)
        text = document.text if document is not None else text
    return text


class _Flattener(HTMLParser):
    """Writes a page back out without the tags nested deeper than `FLAT_DEPTH`; their text stays
    where it was, so it is read as part of the element at that depth (Python's tokenizer has no
    depth limit, and no tree to build)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if len(self._open) < FLAT_DEPTH:
            self.out.append(self.get_starttag_text() or "")
        if tag not in _VOID:
            self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        if len(self._open) < FLAT_DEPTH:
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._open:
            return  # a stray end tag
        # an end tag closes the elements left open inside it (<li> without </li>), as a browser does
        while True:
            depth, name = len(self._open), self._open.pop()
            if name == tag:
                break
        if depth <= FLAT_DEPTH:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")


def _flatten(html: str | bytes) -> str:
    flattener = _Flattener()
    flattener.feed(html if isinstance(html, str) else decode_file(html))
    flattener.close()
    return "".join(flattener.out)


def _parse_page(html: str | bytes, source: str) -> HtmlElement:
    """The page's tree, flattened below `FLAT_DEPTH`; raises `ExtractionError` naming `source` when it is
    not HTML or has more than `MAX_ELEMENTS` elements (extracting from those takes minutes)."""
    tree = load_html(html)
    if tree is not None and _REACHES_FLAT_DEPTH(tree):
        tree = load_html(_flatten(html))
    if tree is None:
        raise ExtractionError(source, "not parseable as HTML")
    elements = int(_COUNT_ELEMENTS(tree))
    if elements > MAX_ELEMENTS:
        raise ExtractionError(
            source,
            f"too many HTML elements to extract an article from ({elements:,} > {MAX_ELEMENTS:,}; a news page "
            "has a few thousand): save the article's own page, or its text",
        )
    return tree


def extract_page(html: str | bytes, source: str, *, url: str | None = None) -> PageText:
    """Main text and metadata of one page; raises `ExtractionError` naming `source` when it holds no
    article, is not HTML or is too big to extract from (`_parse_page`)."""
    tree = _parse_page(html, source)
    text = main_text(tree, url)
    if not text or not text.strip():
        raise ExtractionError(source, "no article text found in the HTML (a page without an article?)")
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # trafilatura's rule: a single token in <meta name=author> is mostly a site handle
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:
        logging.getLogger(__name__).debug("JSON-LD unreadable in %s", source)
    canonical = meta.url or url
    return PageText(
        text=text,
        title=meta.title or extract_title(tree),
        author=meta.author,
        date=find_date(tree, url=canonical, extensive_search=True, original_date=True, outputformat="%Y-%m-%d"),
        sitename=meta.sitename or extract_sitename(tree),
        url=canonical,
        tree=tree,
    )
