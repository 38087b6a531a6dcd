"""Where the article is on the page: front matter, body and trailer of a scraped text.

A scraped news page, read as lines, has a shape: page furniture and a headline, then a byline, a
date line and perhaps bullet highlights (the front matter); the body, opened by a dateline on wire
copy; and a trailer after the credits line or the end mark ("Enditem"), with share widgets,
comment forms and related links. `read_layout` finds the three parts, labels every line that is
not body with its kind and collects what the labelled lines say (authors, date, outlet, credits).

Every input line ends up either in `Layout.body` or in `Layout.removed`, in input order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsprism.clean.furniture import end_mark, furniture_kind
from newsprism.clean.metadata import parse_byline, parse_credits, parse_date_line, parse_dateline
from newsprism.records import Credit, RemovedLine

# A line this long that ends like a sentence is prose, never front matter.
PROSE_WORDS = 20
# A headline is a short line that does not end like a sentence.
HEADLINE_WORDS = (3, 30)
# Front matter lives near the top: a byline or date line further down is part of the body.
FRONT_LINES = 15
# A standfirst may stand above the byline; a second paragraph of prose means the body has begun, so a
# date further down ("Trump's attack on January 3, 2020, …", "Correction: December 1, 2010") is not front matter.
FRONT_PROSE = 1
# A dateline opens the body; one after this many prose lines is a quote of another story.
DATELINE_AFTER_PROSE = 2
_BULLET = re.compile(r"^\s*[*•·▪►■-]\s+")
_CLOSING_QUOTES = "\"”’'»"
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Share of the words of four letters or more that a title-case line capitalises.
TITLE_CASE = 0.75


@dataclass(frozen=True, slots=True)
class Line:
    """One non-empty input line and what it looks like on its own."""

    text: str
    furniture: str | None
    byline: tuple[list[str], str | None] | None
    date: str | None
    credits: list[Credit] | None
    dateline: bool
    bullet: bool

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def is_meta(self) -> bool:
        """A byline or a date line: the page speaking about the article."""
        return self.byline is not None or (self.date is not None and self.words <= 12)

    @property
    def is_prose(self) -> bool:
        return self.words >= PROSE_WORDS and self.text.rstrip()[-1:] in '.!?"”’'

    @property
    def last_mark(self) -> str:
        """The line's last character inside any closing quotation marks ('… never a “crisis.”' → ".")."""
        return self.text.rstrip().rstrip(_CLOSING_QUOTES)[-1:]

    @property
    def ends_sentence(self) -> bool:
        return self.last_mark in ".!?"

    @property
    def could_be_headline(self) -> bool:
        """Short enough for a headline and nothing else: not prose, furniture, a byline, a date or a bullet."""
        low, high = HEADLINE_WORDS
        return low <= self.words <= high and not (self.is_prose or self.furniture or self.is_meta or self.bullet)

    @property
    def is_headline_like(self) -> bool:
        """A short line that does not end like a sentence ('… never a “crisis.”' does)."""
        return self.could_be_headline and self.last_mark not in ".:;,"

    @property
    def is_headline(self) -> bool:
        """A line to take for the headline: headline-like, or a title-case line with a period, since some
        corpora end every title with one ("President Trump to Visit United Kingdom in July."); a sentence
        capitalises its names only. (Only headline-like lines count as a second headline below it.)"""
        if self.is_headline_like:
            return True
        if not self.could_be_headline or self.text.rstrip()[-1:] != ".":
            return False
        long_words = [w for w in _WORD.findall(self.text) if len(w) >= 4]
        return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= TITLE_CASE * len(long_words)


def read_line(text: str) -> Line:
    stripped = text.strip()
    return Line(
        text=stripped,
        furniture=furniture_kind(stripped),
        byline=parse_byline(stripped),
        date=parse_date_line(stripped),
        credits=parse_credits(stripped),
        dateline=parse_dateline(stripped) is not None,
        bullet=bool(_BULLET.match(stripped)),
    )


@dataclass(slots=True)
class Layout:
    """The parts of one scraped text and what its non-body lines say."""

    body: list[str] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    headline: str | None = None
    authors: list[str] = field(default_factory=list)
    byline_outlet: str | None = None
    published: str | None = None
    credits: list[Credit] = field(default_factory=list)

    def remove(self, text: str, kind: str) -> None:
        self.removed.append(RemovedLine(text, kind))


def read_layout(text: str, *, headline: str | None = None, front_matter: bool = True) -> Layout:
    """Split `text` into body and removed lines.

    `headline` is the page's title when something (HTML metadata, a feed) already knows it: a line
    equal to it is taken as the headline. `front_matter=False` is for text whose extractor already
    cut the page down to the article (trafilatura): then only meta lines at the very top are taken
    out, never a short first paragraph.
    """
    lines = [read_line(raw) for raw in text.splitlines() if raw.strip()]
    layout = Layout(headline=headline)
    start = _body_start(lines, headline, front_matter)
    stop = _body_stop(lines, start)
    _read_front(lines[:start], layout, headline)
    for line in lines[start:stop]:
        _read_body_line(line, layout)
    _read_trailer(lines[stop:], layout)
    if not layout.authors:  # "(Reporting by Simon Lewis …)" names the authors when no byline does
        layout.authors = [c.name for c in layout.credits if c.role in {"reporting", "writing", "reporting and writing"}]
    return layout


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _body_start(lines: list[Line], headline: str | None, front_matter: bool) -> int:
    """Index of the first body line."""
    prose = 0
    for index, line in enumerate(lines[: FRONT_LINES * 3]):
        if line.dateline and line.furniture is None:
            return index
        prose += line.is_prose
        if prose > DATELINE_AFTER_PROSE:
            break
    top = lines[:FRONT_LINES]
    last_front, prose = -1, 0
    for index, line in enumerate(top):
        prose += line.is_prose and line.furniture is None
        if prose > FRONT_PROSE:
            break
        is_front = line.is_meta or (headline is not None and _same(line.text, headline))
        if front_matter:
            follows_front = index > 0 and (lines[index - 1].is_meta or lines[index - 1].bullet)
            is_front = is_front or (line.bullet and follows_front)
        if is_front:
            last_front = index
        elif not front_matter and line.furniture is None:
            break  # extractor output: only the meta lines right at the top are front matter
    if last_front < 0 and front_matter and len(lines) > 1 and lines[0].is_headline and not lines[1].is_headline_like:
        last_front = 0  # a plain "Headline\n\nBody …" text
    start = last_front + 1
    while start < len(lines) and lines[start].furniture is not None and not lines[start].is_prose:
        start += 1
    if front_matter and 0 <= last_front and _headline_under_date(lines, start, headline):
        start += 1  # "Friday, November 11, 2011" / "Anti Piracy Ops by INS Sukanya" / body
    if front_matter and last_front < 0:  # nothing marks a front matter: page furniture may still lead
        start = 0
        while start < len(lines) and lines[start].furniture is not None:
            start += 1
    return min(start, len(lines))


def _headline_under_date(lines: list[Line], start: int, headline: str | None) -> bool:
    """Whether `lines[start]` is the headline printed under the date or byline: the front holds no headline
    yet, and the line reads as one while the line after it does not."""
    if start + 1 >= len(lines) or any(line.is_headline for line in lines[:start]):
        return False
    if headline is not None and any(_same(line.text, headline) for line in lines[:start]):
        return False
    return lines[start].is_headline and not lines[start + 1].is_headline_like


def _body_stop(lines: list[Line], start: int) -> int:
    """Index after the last body line: the credits line, or the line the end mark closes."""
    for index in range(start, len(lines)):
        line = lines[index]
        if line.credits or (index > start and line.furniture == "endmark"):
            return index
        if end_mark(line.text) and line.furniture is None:
            return index + 1
    return len(lines)


def _read_front(lines: list[Line], layout: Layout, headline: str | None) -> None:
    """Label the lines before the body: headline, byline, date, highlights, furniture."""
    headline_at = None
    if headline is not None:
        headline_at = next((i for i, line in enumerate(lines) if _same(line.text, headline)), None)
    if headline_at is None:
        first_meta = next((i for i, line in enumerate(lines) if line.is_meta), len(lines))
        candidates = [i for i, line in enumerate(lines[:first_meta]) if line.is_headline]
        if not candidates and lines and first_meta == len(lines):  # no byline or date: the front stood above a
            # dateline ("Trump, Emmanuel Macron seek common ground …'insane'." / "WASHINGTON — …"), its short line is the title
            candidates = [i for i, line in enumerate(lines) if line.could_be_headline][:1]
        if not candidates:  # the headline under the date line
            candidates = [i for i, line in enumerate(lines) if i > first_meta and line.is_headline][:1]
        if candidates:
            # the title sits right above the byline; what stands before it is the site's banner
            headline_at = candidates[-1] if first_meta < len(lines) else candidates[0]
    for index, line in enumerate(lines):
        if line.date and not layout.published:
            layout.published = line.date  # a furniture line may carry the date: "Xinhua, January 22, 2022"
        if index == headline_at:
            layout.headline = layout.headline or line.text
            layout.remove(line.text, "headline")
        elif line.byline is not None:
            _take_byline(line, layout)
        elif line.furniture is not None:
            layout.remove(line.text, line.furniture)
        elif line.date is not None and line.is_meta:
            layout.remove(line.text, "date")
        elif line.bullet:
            layout.remove(line.text, "highlight")
        elif headline_at is not None and index > headline_at:
            # the standfirst under the headline: a sentence is the article speaking ("Ten people are killed and
            # about 50 hurt."), a subhead ("Driver Charged With DWI, Vehicular Manslaughter") is kept aside
            if line.ends_sentence:
                layout.body.append(line.text)
            else:
                layout.remove(line.text, "standfirst")
        else:
            layout.remove(line.text, "furniture")


def _take_byline(line: Line, layout: Layout) -> None:
    names, outlet = line.byline  # type: ignore[misc]
    layout.authors.extend(name for name in names if name not in layout.authors)
    layout.byline_outlet = layout.byline_outlet or outlet
    layout.remove(line.text, "byline")


def _read_body_line(line: Line, layout: Layout) -> None:
    if line.furniture is not None and not line.is_prose:
        layout.remove(line.text, line.furniture)
    elif line.byline is not None and not layout.body:
        _take_byline(line, layout)
    else:
        body, mark = _split_end_mark(line.text)
        layout.body.append(body)
        if mark:
            layout.remove(mark, "endmark")


def _split_end_mark(text: str) -> tuple[str, str | None]:
    """``"… proposals. Enditem"`` → (``"… proposals."``, ``"Enditem"``)."""
    match = end_mark(text)
    if not match or match.start() == 0:
        return text, None
    return text[: match.start()].rstrip(), match.group(0).strip()


def _read_trailer(lines: list[Line], layout: Layout) -> None:
    for line in lines:
        if line.credits:
            layout.credits.extend(line.credits)
            layout.remove(line.text, "credits")
        else:
            layout.remove(line.text, line.furniture or "trailer")
