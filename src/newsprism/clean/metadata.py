"""What an article says about itself: outlet, byline, credits, dateline, dates, language.

Each function reads one line (or the body) and returns what it recognises, or None. They hold no
state and never look at other lines; `clean.layout` decides which lines to ask.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from dateutil import parser as dateparser

from newsprism.records import Credit

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_PLACE = r"[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+)*(?:,\s*[A-Z][A-Za-z.'’\-]+(?:\s+[A-Z][A-Za-z.'’\-]+)*)?"
DATELINE = re.compile(
    rf"^(?P<place>{_PLACE})"
    rf"(?:,?\s+(?P<date>{MONTH}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{MONTH}\.?(?:\s+\d{{4}})?))?"
    r"\s*(?:\((?P<tag>[A-Za-z][A-Za-z .&/-]{1,40})\))?"
    r"\s*(?P<dash>-{1,2}|–|—|:)\s+"
)
BYLINE = re.compile(r"^(?:by|von|par|por|di)\s+(?P<names>[^\d@]{3,120})$", re.IGNORECASE)
CREDITS = re.compile(
    r"^\(\s*(?P<inner>(?:reporting|writing|editing|additional reporting|compiled|research|"
    r"writing and reporting|reporting and writing|graphics|produced)\s+by\s+.+)\)\s*\.?$",
    re.IGNORECASE | re.DOTALL,
)
_NAME = re.compile(r"^[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|de|van|von|der|da|al|bin|el|la|le))*$")
_TIMEZONES = {
    "GMT": 0,
    "UTC": 0,
    "BST": 3600,
    "CET": 3600,
    "CEST": 7200,
    "EST": -18000,
    "EDT": -14400,
    "CST": -21600,
    "CDT": -18000,
    "PST": -28800,
    "PDT": -25200,
    "ET": -18000,
}


@cache
def _outlets() -> dict[str, str]:
    table = {}
    text = resources.files("newsprism.data").joinpath("outlets.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            key, name = line.split("\t")
            table[key.lower()] = name.strip()
    return table


def outlet_from_tag(tag: str) -> str:
    """The outlet a dateline tag names: ``Reuters`` → Reuters, ``AP`` → Associated Press."""
    return _outlets().get(tag.strip().lower(), tag.strip())


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    parts = host.split(".")
    for i in range(len(parts) - 1):
        name = _outlets().get(".".join(parts[i:]))
        if name:
            return name
    return None


def known_outlet(name: str) -> str | None:
    """The canonical name if `name` ("Reuters", "Xinhua") is an outlet we know, else None."""
    return _outlets().get(name.strip().lower())


def parse_dateline(line: str) -> tuple[str, str | None, str | None, int] | None:
    """``GENEVA, Jan 21 (Reuters) -`` → (place, date, outlet, end offset), or None.

    A dateline needs an upper-case place and either a date, an outlet tag, or an em dash after a
    place of four letters or more that opens a capitalised sentence (``WASHINGTON — President …``,
    ``WEST PALM BEACH, Fla. — …``), so an ordinary sentence that opens with an acronym and a dash
    ("NATO - the alliance …") is not taken for one.
    """
    match = DATELINE.match(line)
    if not match:
        return None
    place = match["place"].split(",")[0].strip()
    if not (match["date"] or match["tag"] or _place_alone(match, line, place)):
        return None
    if len(place) < 2 or not any(c.isalpha() for c in place):
        return None
    outlet = outlet_from_tag(match["tag"]) if match["tag"] else None
    return match["place"].strip(), match["date"], outlet, match.end()


def _place_alone(match: re.Match[str], line: str, place: str) -> bool:
    """``WASHINGTON — President …``: a dateline of a place alone, as American papers write it."""
    letters = sum(c.isalpha() for c in place)
    return match["dash"] == "—" and letters >= 4 and place.isupper() and line[match.end() : match.end() + 1].isupper()


def split_names(text: str) -> list[str]:
    """``Simon Lewis and Jane Doe, Associated Press`` → names that look like people."""
    names = []
    for part in re.split(r"\s*(?:,|;|&|\band\b|\|)\s*", text):
        part = re.sub(r"\s+(?:in|at|from)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*$", "", part.strip(" ."))
        if part.isupper():
            part = part.title()
        if part and _NAME.match(part) and 2 <= len(part.split()) <= 4 and not known_outlet(part):
            names.append(part)
    return names


def parse_byline(line: str) -> tuple[list[str], str | None] | None:
    """``By Simon Lewis`` → (["Simon Lewis"], None); ``by Reuters`` → ([], "Reuters"); else None."""
    match = BYLINE.match(line.strip())
    if not match:
        return None
    names_text = match["names"].strip()
    outlet = known_outlet(names_text.split(",")[-1].strip())
    names = split_names(names_text)
    if not names and not outlet:
        return None
    return names, outlet


def parse_credits(line: str) -> list[Credit] | None:
    """``(Reporting by A; Editing by B and C)`` → credits with their roles, or None."""
    match = CREDITS.match(line.strip())
    if not match:
        return None
    credits = []
    for part in match["inner"].split(";"):
        role, _, names = part.strip().partition(" by ")
        credits.extend(Credit(role.strip().lower(), name) for name in split_names(names))
    return credits or None


_DATE_FORMS = re.compile(
    rf"\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:\.\d+)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"
    rf"|\b\d{{1,2}}\s+{MONTH}\.?,?\s+\d{{4}}\b"
    rf"|\b{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+(?:[A-Z]{2,4}|[+-]\d{2}:?\d{2}))?\b", re.IGNORECASE
)


def parse_date_line(line: str) -> str | None:
    """A short line that carries a date → ISO 8601: ``Friday, 21 January 2022 10:37 GMT``.

    The date must be written out (``21 January 2022``, ``Jan. 22, 2022``, ``2022-01-22``), so a
    stray number is never taken for one. Returns a date-time with the offset the line gives (so
    that its date stays the outlet's: "May 4, 2022 10:30 PM EDT" is 4 May, where UTC says 5 May) when the
    line has a time next to the date, a bare date otherwise.
    """
    text = line.strip()
    if len(text.split()) > 16:
        return None
    date = _DATE_FORMS.search(text)
    if not date:
        return None
    time = _TIME.search(text, date.end()) if "T" not in date.group(0)[10:11] else None
    if time and text[date.end() : time.start()].strip(" ,|-–—at") != "":
        time = None
    stamp = date.group(0) + (" " + time.group(0) if time else "")
    try:
        parsed = dateparser.parse(stamp, tzinfos=_TIMEZONES, default=_NO_DATE)
    except (ValueError, OverflowError):
        return None
    if not 1990 <= parsed.year <= datetime.now().year + 1:
        return None
    if not time and "T" not in date.group(0) and ":" not in date.group(0):
        return parsed.date().isoformat()
    if parsed.tzinfo is None:
        return parsed.isoformat(timespec="minutes")
    return parsed.isoformat(timespec="seconds")


_NO_DATE = datetime(1, 1, 1)


# py3langid's cost grows with the text; a thousand characters tell the language of a news article
LANGUAGE_SAMPLE = 1000


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text` (py3langid), or None for text too short to tell."""
    if len(text) < 40:
        return None
    import py3langid

    language, _ = py3langid.classify(text[:LANGUAGE_SAMPLE])
    return language
