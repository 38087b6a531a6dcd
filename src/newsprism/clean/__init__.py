"""The clean stage: one `RawDoc` in, one `Article` out, with the page furniture kept aside.

Plain text (a scraped page like the seeds) is read line by line by `clean.layout`; HTML goes
through trafilatura first (`clean.html`) and its main text is then read the same way, so the
same furniture rules, bylines, credits lines and datelines apply to every input.

The outlet is what the page says first: the dateline tag ``(Reuters)``, a byline ``by Reuters``,
the URL's domain, then the site name in the container's record or in the page, and last the title
of the feed the page came in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsprism.clean.html import extract_page
from newsprism.clean.layout import read_layout
from newsprism.clean.metadata import (
    detect_language,
    known_outlet,
    outlet_from_url,
    parse_date_line,
    parse_dateline,
    split_names,
)
from newsprism.errors import ExtractionError, NewsprismError
from newsprism.ingest.decode import content_id, decode
from newsprism.records import Article, Dateline, Failed, RawDoc

__all__ = ["clean_all", "clean_document", "clean_html", "clean_text"]

# Fewer words than this is a page without an article ("Home", a cookie wall), not a news brief.
MIN_BODY_WORDS = 10


def clean_document(raw: RawDoc) -> Article:
    """The clean article of one document; raises `ExtractionError` naming it when there is none."""
    hints = dict(raw.hints)
    url = raw.url or hints.get("url")
    if raw.kind == "html":
        page = extract_page(raw.content, raw.source, url=url)
        layout = read_layout(page.text, headline=hints.get("title") or page.title, front_matter=False)
        site_outlet, url = page.sitename, url or page.url
        page_date = page.date
        page_author = page.author or (None if layout.authors or hints.get("authors") else page.search_author())
        page_authors = _page_authors(page_author)
    else:
        layout = read_layout(raw.content, headline=hints.get("title"))
        site_outlet, page_date, page_authors = None, None, []
    body = "\n\n".join(layout.body)
    words = len(body.split())
    if words < MIN_BODY_WORDS:
        raise ExtractionError(raw.source, f"no article text (only {words} words once page furniture is removed)")
    dateline = _dateline(body)
    hinted_date = parse_date_line(hints["published"]) if hints.get("published") else None
    hinted_authors = split_names(hints.get("authors", ""))
    return Article(
        id=raw.id,
        source=raw.source,
        url=url,
        outlet=_outlet(dateline, layout.byline_outlet, url, hints.get("outlet") or site_outlet or hints.get("feed")),
        headline=layout.headline,
        published=hinted_date or page_date or layout.published,
        authors=tuple(layout.authors or hinted_authors or page_authors),
        dateline=dateline[0] if dateline else None,
        language=detect_language(body),
        body=body,
        removed=tuple(layout.removed),
        credits=tuple(layout.credits),
        raw=raw,
    )


def _page_authors(author: str | None) -> list[str]:
    """Authors named by the page's markup: trafilatura joins several with "; ", and a handle is kept as given."""
    return [name.strip() for name in (author or "").split(";") if name.strip()]


def _dateline(body: str) -> tuple[Dateline, str | None] | None:
    """The dateline opening `body`, with the outlet its tag names."""
    first = body.split("\n", 1)[0]
    parsed = parse_dateline(first)
    if parsed is None:
        return None
    place, date, outlet, end = parsed
    return Dateline(place=place, date=date, start=0, end=end), outlet


def _outlet(
    dateline: tuple[Dateline, str | None] | None, byline: str | None, url: str | None, site: str | None
) -> str | None:
    if dateline and dateline[1]:
        return dateline[1]
    if byline:
        return byline
    from_url = outlet_from_url(url)
    if from_url:
        return from_url
    if site:
        return known_outlet(site) or site.strip()
    return None


def clean_text(text: str, source: str = "<text>", *, url: str | None = None, **hints: str) -> Article:
    """Clean one scraped plain-text article (as read from a file or a page's visible text)."""
    raw = RawDoc(
        id=content_id(text), source=source, content=text, kind="text", url=url, hints=tuple(sorted(hints.items()))
    )
    return clean_document(raw)


def clean_html(html: str | bytes, source: str | None = None, *, url: str | None = None, **hints: str) -> Article:
    """Clean one HTML page: main text and metadata by trafilatura, then the same rules as text."""
    if isinstance(html, bytes):
        html = decode(html, source or url or "<html>", html=True)[0]
    raw = RawDoc(
        id=content_id(html),
        source=source or url or "<html>",
        content=html,
        kind="html",
        url=url,
        hints=tuple(sorted(hints.items())),
    )
    return clean_document(raw)


def clean_all(docs: Iterable[RawDoc | Failed]) -> Iterator[Article | Failed]:
    """Clean a stream; an input that fails becomes a `Failed` and the stream goes on."""
    for doc in docs:
        if isinstance(doc, Failed):
            yield doc
            continue
        try:
            yield clean_document(doc)
        except NewsprismError as exc:
            yield Failed(doc.source, "clean", exc.reason)
