"""A `Comparison` as one self-contained HTML page: summary with citations on top, the articles side by side.

    from newsprism.render.html import write_report

    write_report(comparison, "report.html", annotated)   # annotated: the AnnotatedArticles, for quotes

The page is rendered from Jinja templates (render/templates/report.html) with autoescaping on, and
needs nothing beyond the file: the CSS and script files of render/static/ are inlined into it, there
are no fonts, images or scripts from elsewhere. Each summary sentence is followed by one chip per
cited span; a chip is a link to the span in its article column (`#a0-27-198`: article 0, characters
27 to 198), so it works without JavaScript through `:target`, and with it the span is highlighted and
scrolled to. The article bodies are marked up by `html_marks`. The outlets report is `html_outlets`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from markupsafe import Markup

from newsprism.records import LEXICONS_UNCHECKED, AnnotatedArticle, Article, Comparison, Fact, Framing, Span, Voice
from newsprism.render.assets import asset, clip, page, stylesheet, write_page
from newsprism.render.digest import anchor_id, digest
from newsprism.render.html_marks import article_marks, body_html
from newsprism.render.html_outlets import outlets_html, write_outlets_report

__all__ = ["JS", "comparison_html", "outlets_html", "write_outlets_report", "write_report"]

CSS = stylesheet("palette.css", "base.css", "report.css", "digest.css")
# the report's one script, inline; the web app allows it by its hash (newsprism.serve._policies)
JS = asset("report.js")


def comparison_html(comparison: Comparison, annotated: Sequence[AnnotatedArticle] | None = None) -> str:
    """The whole page as a string. `annotated` (the articles the comparison was made from) adds the
    quotes, underlined and labelled by speaker; without it the page has everything else."""
    return _Report(comparison, annotated or ()).render()


def write_report(comparison: Comparison, path: str | Path, annotated: Sequence[AnnotatedArticle] | None = None) -> Path:
    """Write the page to `path` (UTF-8, folders made as needed) and return the path.

    Raises `OSError` when the file cannot be written.
    """
    return write_page(path, comparison_html(comparison, annotated))


@dataclass(frozen=True, slots=True)
class Chip:
    """A link to a span in its article column; `target` is None when the span is in no article body."""

    text: str
    target: str | None
    describe: str


class _Report:
    """What the template shows, worked out from a comparison: labels, chips, columns, cards."""

    def __init__(self, comparison: Comparison, annotated: Sequence[AnnotatedArticle]):
        self.comparison = comparison
        self.articles = comparison.articles
        self.index = {a.id: i for i, a in enumerate(self.articles)}
        self.label = comparison.outlet_names()
        self.quotes = {item.article.id: item.quotes for item in annotated}
        self.facts = {f.id: f for f in comparison.facts}
        self.outlet_count = len({a.outlet or a.id for a in self.articles})

    def render(self) -> str:
        dates = sorted(d for d in (_date(a.published) for a in self.articles) if d)
        span = ""
        if dates:
            first, last = _when(dates[0], time=False), _when(dates[-1], time=False)
            span = first if first == last else f"{first} – {last}"
        return page(
            "report.html",
            css=CSS,
            script=JS,
            title=next((a.headline for a in self.articles if a.headline), None) or "Story",
            dates=span,
            outlet_count=self.outlet_count,
            digest=digest(self.comparison),
            when=_when,
            columns=[self.column(i, a) for i, a in enumerate(self.articles)],
            summary=[{"text": s.text, "chips": self.chips(s.citations, source=True)} for s in self.comparison.summary],
            conflicts=[
                {"kind": c.kind, "fact": c.fact, "what": c.what, "chips": self.chips(c.members)}
                for c in self.comparison.conflicts
            ],
            voices=self.voices(),
            framing=self.framing(),
            schema=self.comparison.schema,
            notes=self.comparison.notes,
        )

    def span_id(self, span: Span) -> str | None:
        """The element id of a span of an article (None when the span is not in any article body)."""
        i = self.index.get(span.article)
        if i is None or not 0 <= span.start < span.end <= len(self.articles[i].body):
            return None
        return anchor_id(i, span)

    def chips(self, spans: Sequence[Span], *, source: bool = False) -> list[Chip]:
        """One chip per span, named by its article's outlet; a second passage of one article is numbered
        ("The Hill (2) #2"). `source` says "Source, …" to a screen reader (a summary's citations)."""
        seen: dict[str, int] = defaultdict(int)
        chips = []
        for span in spans:
            label = self.label.get(span.article, span.article)
            seen[label] += 1
            text = label if seen[label] == 1 else f"{label} #{seen[label]}"
            describe = f"Source, {label}: {clip(span.text, 80)}" if source else clip(span.text, 80)
            chips.append(Chip(text, self.span_id(span), describe))
        return chips

    def column(self, i: int, article: Article) -> dict[str, object]:
        byline = []
        if article.authors:
            byline.append("By " + ", ".join(article.authors))
        if article.dateline:
            byline.append("Dateline " + article.dateline.place)
        url = article.url if article.url and article.url.startswith(("http://", "https://")) else None
        marks, anchors = article_marks(
            self.comparison, i, article, self.quotes.get(article.id, ()), self.label, self.describe_fact
        )
        return {
            "label": self.label[article.id],
            "lang": article.language,
            "headline": article.headline or "(no headline)",
            "published": article.published,
            "when": _when(article.published) if article.published else "",
            "byline": " · ".join(byline),
            "url": url,
            "source": article.source,  # the whole path on hover, its file name shown
            "file": article.source.replace("\\", "/").rsplit("/", 1)[-1] or article.source,
            "body": Markup(body_html(article.body, marks, anchors)),  # escaped piece by piece
        }

    def describe_fact(self, fact: Fact) -> str:
        outlets = list(dict.fromkeys(self.label.get(a, a) for a in fact.articles))
        if fact.coverage == "all":
            return f"fact {fact.id}: reported by every outlet"
        if fact.coverage == "one":
            return f"fact {fact.id}: only {', '.join(outlets)} reports it"
        return f"fact {fact.id}: reported by {len(outlets)} of {self.outlet_count} outlets ({', '.join(outlets)})"

    def voices(self) -> list[dict[str, object]]:
        """One card per article: who it quotes, how, and at what length (bars share one scale)."""
        by_article: dict[str, list[Voice]] = defaultdict(list)
        for voice in self.comparison.voices:
            by_article[voice.article].append(voice)
        most = max((v.words for v in self.comparison.voices), default=0) or 1
        cards = []
        for article in self.articles:
            voices = sorted(by_article.get(article.id, ()), key=lambda v: (-v.words, v.speaker))
            rows = [
                {
                    "speaker": v.speaker,
                    "only_here": v.only_here,
                    "role": v.role,
                    "how": _how(v) or "-",
                    "width": round(100 * v.words / most, 1),
                    "words": v.words,
                }
                for v in voices
            ]
            cards.append({"label": self.label[article.id], "rows": rows})
        return cards

    def framing(self) -> list[dict[str, object]]:
        frames = {f.article: f for f in self.comparison.framing}
        unchecked = LEXICONS_UNCHECKED in self.comparison.notes
        return [
            {"label": self.label[a.id], "frame": self.frame(i, frames[a.id], unchecked) if a.id in frames else None}
            for i, a in enumerate(self.articles)
        ]

    def frame(self, i: int, frame: Framing, unchecked: bool) -> dict[str, object]:
        def terms(found) -> list[dict[str, str]]:
            body = len(self.articles[i].body)
            return [
                {"target": f"a{i}-t-{t.start}-{t.end}", "text": t.text} for t in found if 0 <= t.start < t.end <= body
            ]

        total = frame.stated + frame.attributed
        return {
            "scare_quotes": terms(frame.scare_quotes),
            "loaded": terms(frame.loaded),
            "no_loaded": "not checked: no lexicon configured" if unchecked else "none found",
            "hedges": ", ".join(dict.fromkeys(t.text.lower() for t in frame.hedges)),
            "verbs": ", ".join(f"{verb} ({count})" for verb, count in frame.attribution_verbs),
            "stated": frame.stated,
            "attributed": frame.attributed,
            "stated_pct": round(100 * frame.stated / total, 1) if total else 0,
            "omissions": self.omissions(frame),
        }

    def omissions(self, frame: Framing) -> list[dict[str, object]]:
        """The facts the other outlets report and this one leaves out, each with the others' passages."""
        left_out = []
        for fid in frame.omissions:
            fact = self.facts.get(fid)
            shown = [m for m in fact.members if m.article != frame.article] if fact else []
            left_out.append({"fact": fid, "text": shown[0].text if shown else "", "chips": self.chips(shown)})
        return left_out


def _how(voice: Voice) -> str:
    """``2 direct, 1 indirect``: the kinds of quote there are, with their counts."""
    kinds = ((voice.direct, "direct"), (voice.partial, "partial"), (voice.indirect, "indirect"))
    return ", ".join(f"{n} {kind}" for n, kind in kinds if n)


def _date(published: str | None) -> str | None:
    return published[:10] if published and len(published) >= 10 else published


def _when(published: str, *, time: bool = True) -> str:
    """ISO 8601 as people read it: ``21 Jan 2022, 10:37 UTC``; anything else as given."""
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return published
    day = f"{moment.day} {moment:%b %Y}"
    if not time or len(published) <= 10:
        return day
    offset = moment.utcoffset()
    zone = "" if offset is None else " UTC" if not offset else f" {moment:%z}"
    return f"{day}, {moment:%H:%M}{zone}"
