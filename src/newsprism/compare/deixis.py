"""Words that point at the writer's place and day, made to name them, so that a summary sentence
reads alone: "talks they began in Switzerland on Friday" from a story dated Friday 21 January 2022
becomes "… on Friday (21 January 2022)", "diplomats meeting here" becomes "diplomats meeting in
Geneva", "next week" "in the week of 24 January 2022".

The place is the article's dateline. The day is the dateline's day (the day of the place the
story is filed from), in the year and month of the article's `published` date, else that date
itself. The times are spaCy's DATE entities that are relative ("Friday", "yesterday", "this week",
"next month"); a weekday is the day of the story when it is that weekday (wire copy says "on
Friday" of the day it is filed), else the closest one before it, or after it when the sentence
speaks of what is to come ("will", "is to", "next"). dateparser, measured for this, resolves a
weekday named on that weekday to the week before ("Friday" on Friday 21 January: the 14th), so
the rule is written here. Inside quotation marks nothing changes: a quote is told as it was said.
An article without a date leaves its times as they are (`unresolved` says where that happens, so
the summary can prefer another outlet's sentence).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsprism.compare.claims import inside_quotes
from newsprism.compare.entail import MONTHS, WEEKDAYS, dates, days
from newsprism.records import AnnotatedArticle, published_utc

_HERE = re.compile(r"(?<![\w'’])here(?![\w'’])")
_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_RELATIVE = re.compile(
    r"\b(?:(?P<word>today|tonight|yesterday|tomorrow)"
    r"|(?P<which>this|next|last|earlier this|later this)\s+(?P<unit>week|weekend|month|year)"
    r"|(?:(?P<last>last|next|this)\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"\b(?:will|would|shall|is to|are to|is due|are due|next|plans? to|expected to|scheduled)\b", re.I)


def story_day(item: AnnotatedArticle) -> date | None:
    """The day the article speaks from: its dateline's day in the year of `published`, else the
    day of `published`; None when it has neither."""
    published = published_utc(item.article.published)
    dateline = item.article.dateline
    written = (dateline.date or "") if dateline is not None else ""
    # the dateline's month and day, read as the conflict judge reads dates ("Jan 21", "Jan. 21")
    months, numbers = dates(written, set())["month"], days(written)
    if published is not None and len(months) == 1 and len(numbers) == 1:
        month, day = MONTHS.index(months.pop()) + 1, int(numbers.pop())
        year = published.year  # a dateline of 31 Dec on a story published on 1 Jan is of the year before
        if (month, published.month) == (12, 1):
            year -= 1
        elif (month, published.month) == (1, 12):
            year += 1
        try:
            return date(year, month, day)
        except ValueError:
            pass
    return published.date() if published is not None else None


def told_alone(item: AnnotatedArticle, start: int, end: int) -> str:
    """The text of `item`'s body from `start` to `end` with "here" made the dateline's place and
    relative times made dates, outside quotation marks."""
    body = item.article.body
    text = body[start:end]
    day = story_day(item)
    changes: list[tuple[int, int, str]] = []
    if day is not None:
        for entity in item.entities:
            if entity.label != "DATE" or entity.start < start or entity.end > end:
                continue
            for found in _RELATIVE.finditer(entity.text):
                at = entity.start - start + found.start()
                if not inside_quotes(text, at):
                    named = _named(found, day, future=bool(_FUTURE.search(text)))
                    changes.append((at, at + len(found.group(0)), named))
    dateline = item.article.dateline
    if dateline is not None and dateline.place:
        place = dateline.place.title() if dateline.place.isupper() else dateline.place
        changes += [
            (m.start(), m.end(), f"in {place}") for m in _HERE.finditer(text) if not inside_quotes(text, m.start())
        ]
    for first, last, replacement in sorted(changes, reverse=True):
        text = text[:first] + replacement + text[last:]
    return text


def unresolved(item: AnnotatedArticle, start: int, end: int) -> bool:
    """Whether the span names a relative time outside quotation marks that the article gives no
    day to resolve."""
    if story_day(item) is not None:
        return False
    text = item.article.body[start:end]
    return any(
        entity.label == "DATE"
        and start <= entity.start
        and entity.end <= end
        and _RELATIVE.search(entity.text)
        and not inside_quotes(text, entity.start - start)
        for entity in item.entities
    )


def _named(found: re.Match[str], day: date, *, future: bool) -> str:
    """The relative time `found` as it reads told from `day`."""
    said = found.group(0)
    if found.group("word"):
        return f"on {_written(day + timedelta(days=_DAY_WORDS[found.group('word').lower()]))}"
    if found.group("unit"):
        which, unit = found.group("which").lower(), found.group("unit").lower()
        step = {"next": 1, "last": -1}.get(which, 0)
        lead = {"earlier this": "earlier in ", "later this": "later in "}.get(which, "in ")
        if unit == "week":
            monday = day - timedelta(days=day.weekday()) + timedelta(weeks=step)
            return f"{lead}the week of {_written(monday)}"
        if unit == "weekend":
            saturday = day + timedelta(days=(5 - day.weekday()) % 7) + timedelta(weeks=step)
            return f"{lead.replace('in ', 'on ')}the weekend of {_written(saturday)}"
        if unit == "month":
            month_index = day.year * 12 + day.month - 1 + step
            return f"{lead}{MONTHS[month_index % 12].title()} {month_index // 12}"
        return f"{lead}{day.year + step}"
    weekday = WEEKDAYS.index(found.group("weekday").lower())
    last = (found.group("last") or "").lower()
    ahead = last == "next" or (future and last != "last")
    if ahead:
        shift = (weekday - day.weekday()) % 7 or (7 if last == "next" else 0)
    else:
        shift = -((day.weekday() - weekday) % 7) or (-7 if last == "last" else 0)
    return f"{said} ({_written(day + timedelta(days=shift))})"


def _written(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1].title()} {day.year}"
