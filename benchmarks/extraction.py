"""Article-body extraction benchmark: newsprism against common extractors.

Usage::

    python -m benchmarks.extraction [--data ../shared/data] [--limit N]
        [--systems newsprism,trafilatura,readability-lxml,jusText,newspaper4k]
        [--json FILE] [--check-metric]

Two datasets, each scored with the metric its SOURCE.md describes:

1. ``zyte-article-extraction-benchmark/``: gold article bodies, scored with the
   upstream 4-gram "shingle" metric (per-page normalised TP/FP/FN, macro
   precision/recall, F1 of the averages, exact token-list accuracy).
2. ``trafilatura-eval/``: "with"/"without" snippets per page, scored as
   substring hits (micro counts).  A third table compares title/author/date
   metadata of newsprism and trafilatura on the pages of that set that carry
   metadata gold.

Every system is a function ``(html_bytes, url) -> body text``; an exception
counts as empty output.  Only the extraction calls are timed (sum of per-page
``time.perf_counter`` wall time, after one untimed warm-up call per system and
dataset).  Everything runs sequentially in one process.  Network access is
blocked for the whole run (socket connect / DNS lookups raise), and blocked
attempts are counted per system and reported.
"""

from __future__ import annotations

import os

# tldextract (used by newspaper4k) fetches the public suffix list over HTTP on
# first use unless told otherwise; an empty URL list makes it use its bundled
# snapshot.  Must be set before tldextract is imported anywhere.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import argparse
import gzip
import json
import logging
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.common import NetworkGuard, guarded_systems, result_table, system_names, version, wide_console
from benchmarks.datasets import DEFAULT_DATA

ZYTE_DIR = "zyte-article-extraction-benchmark"
EVAL_DIR = "trafilatura-eval"
ALL_SYSTEMS = ("newsprism", "trafilatura", "readability-lxml", "jusText", "newspaper4k")

# Published reference numbers, copied from the datasets' SOURCE.md files.
ZYTE_REFERENCE = {"f1": 0.959, "precision": 0.943, "recall": 0.974, "accuracy": 0.287}
REFERENCE_FOOTNOTE = (
    "Published reference: zyte, trafilatura 2.0.0 stored output on this 136-page shared slice "
    "F1/P/R/acc 0.959/0.943/0.974/0.287 (full 181 pages: 0.958/0.938/0.978/0.293); "
    "trafilatura-eval, trafilatura 2.2.0 standard on the full 990 pages "
    "P 0.906 R 0.943 acc 0.923 F1 0.924 (this run uses the 742-page shared slice)."
)


# --------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Meta:
    """Metadata predicted by a system, for the metadata table."""

    title: str | None
    authors: tuple[str, ...]
    date: str | None


@dataclass(frozen=True)
class System:
    name: str
    fn: Callable[[bytes, str | None], str]
    version: str = ""
    meta: Callable[[bytes, str | None], Meta] | None = None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(html: bytes) -> str:
    """Decode HTML for systems that take ``str`` (the time counts as theirs).

    Valid UTF-8 is decoded as such (a few pages declare latin-1 but are UTF-8);
    otherwise the ``<meta>`` charset is used, else UTF-8; errors are replaced.
    """
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _META_CHARSET.search(html[:8192])
    if match:
        try:
            return html.decode(match.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return html.decode("utf-8", errors="replace")


_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "blockquote", "pre",
    "section", "article", "header", "footer", "figure", "figcaption",
    "h1", "h2", "h3", "h4", "h5", "h6",
)  # fmt: skip


def _html_fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment with a line break after every block element."""
    import lxml.html

    if not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _make_newsprism() -> System:
    from newsprism import clean_html
    from newsprism.errors import NewsprismError

    def body(html: bytes, url: str | None) -> str:
        try:
            return clean_html(html, url=url).body or ""
        except NewsprismError:  # page judged to hold no article: empty output
            return ""

    def meta(html: bytes, url: str | None) -> Meta:
        try:
            record = clean_html(html, url=url)
        except NewsprismError:
            return Meta(None, (), None)
        return Meta(record.headline, tuple(record.authors or ()), record.published)

    return System("newsprism", body, version("newsprism"), meta)


def _make_trafilatura() -> System:
    import trafilatura

    def body(html: bytes, url: str | None) -> str:
        # Default settings = the "standard" mode of the published numbers.
        return trafilatura.extract(html, url=url) or ""

    def meta(html: bytes, url: str | None) -> Meta:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        if doc is None:
            return Meta(None, (), None)
        # trafilatura joins several authors with "; " in one string.
        return Meta(doc.title, (doc.author,) if doc.author else (), doc.date)

    return System("trafilatura", body, trafilatura.__version__, meta)


def _make_readability() -> System:
    from readability import Document

    def body(html: bytes, url: str | None) -> str:
        summary = Document(decode_html(html), url=url).summary()
        return _html_fragment_to_text(summary)

    return System("readability-lxml", body, version("readability-lxml"))


def _make_justext() -> System:
    import justext

    # The English stoplist for every page, although trafilatura-eval is mostly
    # German (~20-30% other languages): no language guessing, on purpose.
    stoplist = justext.get_stoplist("English")

    def body(html: bytes, url: str | None) -> str:
        paragraphs = justext.justext(html, stoplist)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return System("jusText", body, version("jusText"))


def _make_newspaper() -> System:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "nltk is not installed" (NLP features unused)
        import newspaper

    config = newspaper.Config()
    config.fetch_images = False  # True downloads candidate images to measure them
    config.follow_meta_refresh = False  # would download the refresh target

    def body(html: bytes, url: str | None) -> str:
        article = newspaper.Article(url or "", config=config)
        article.download(input_html=decode_html(html))
        article.parse()
        return article.text or ""

    return System("newspaper4k", body, newspaper.__version__)


SYSTEM_FACTORIES: dict[str, Callable[[], System]] = {
    "newsprism": _make_newsprism,
    "trafilatura": _make_trafilatura,
    "readability-lxml": _make_readability,
    "jusText": _make_justext,
    "newspaper4k": _make_newspaper,
}


# --------------------------------------------------------------------------
# Running systems
# --------------------------------------------------------------------------


@dataclass
class Page:
    key: str
    url: str | None
    html: bytes


@dataclass
class RunResult:
    outputs: dict[str, str]
    seconds: float
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / max(1, len(self.outputs))

    @property
    def pages_per_second(self) -> float:
        return len(self.outputs) / self.seconds if self.seconds else float("inf")

    @property
    def n_empty(self) -> int:
        return sum(1 for text in self.outputs.values() if not text.strip())


def run_system(system: System, pages: list[Page], guard: NetworkGuard) -> RunResult:
    guard.current = system.name
    if pages:  # untimed warm-up (lazy imports, caches, compiled regexes)
        try:
            system.fn(pages[0].html, pages[0].url)
        except Exception:
            pass
    result = RunResult({}, 0.0)
    for page in pages:
        start = time.perf_counter()
        try:
            text = system.fn(page.html, page.url)
        except Exception as exc:
            text = ""
            result.errors[type(exc).__name__] += 1
        result.seconds += time.perf_counter() - start
        result.outputs[page.key] = text if isinstance(text, str) else ""
    return result


# --------------------------------------------------------------------------
# Zyte shingle metric
# --------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
SHINGLE_N = 4


def _tokens(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def _shingles(tokens: list[str], n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    # As upstream: a text shorter than n tokens still gives one (shorter)
    # shingle of all its tokens; an empty text gives none.
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def _shingle_tp_fp_fn(gold: str, pred: str) -> tuple[float, float, float]:
    gold_sh, pred_sh = _shingles(_tokens(gold)), _shingles(_tokens(pred))
    tp = sum((gold_sh & pred_sh).values())
    fp = sum((pred_sh - gold_sh).values())
    fn = sum((gold_sh - pred_sh).values())
    total = tp + fp + fn
    if total:  # normalise so that long pages do not weigh more
        return tp / total, fp / total, fn / total
    return 0.0, 0.0, 0.0


def _ratio(tp: float, fp: float, fn: float, other: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == 0:
        return 0.0
    return tp / (tp + other)


def score_zyte(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    """Upstream article-extraction-benchmark metric over the pages of ``predicted``."""
    counts = [_shingle_tp_fp_fn(gold[key], predicted.get(key) or "") for key in predicted]
    precisions = [_ratio(tp, fp, fn, fp) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [_ratio(tp, fp, fn, fn) for tp, fp, fn in counts if tp + fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = sum(_tokens(gold[key]) == _tokens(predicted.get(key)) for key in predicted)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "accuracy": exact / len(predicted) if predicted else 0.0,
        "n": len(predicted),
    }


# --------------------------------------------------------------------------
# trafilatura-eval snippet metric
# --------------------------------------------------------------------------

_WS_RE = re.compile(r"\s+")


def _ws(text: str) -> str:
    return _WS_RE.sub(" ", text).strip()


def score_snippets(gold: dict[str, dict[str, Any]], predicted: dict[str, str]) -> dict[str, float]:
    """Upstream trafilatura eval metric (micro counts) over the pages of ``predicted``."""
    tp = fp = tn = fn = 0
    for key, output in predicted.items():
        with_, without = gold[key]["with"], gold[key]["without"]
        text = _ws(output or "")
        if not text:  # empty output or crash: every "with" snippet is missed
            fn += len(with_)
            tn += len(without)
            continue
        hits = sum(_ws(snippet) in text for snippet in with_)
        false_hits = sum(_ws(snippet) in text for snippet in without)
        tp, fn = tp + hits, fn + len(with_) - hits
        fp, tn = fp + false_hits, tn + len(without) - false_hits
    total = tp + fp + tn + fn
    return {
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        "accuracy": (tp + tn) / total if total else 0.0,
        "tp": tp, "fp": fp, "tn": tn, "fn": fn,
        "n": len(predicted),
    }  # fmt: skip


# --------------------------------------------------------------------------
# Metadata (trafilatura-eval)
# --------------------------------------------------------------------------

# Author names are split on ";", ",", "&", " and " and " und " (German is the
# main language of the set), each name casefolded and whitespace-normalised,
# and the page counts as correct when the two *sets* of names are equal.
_AUTHOR_SPLIT = re.compile(r"[;,&]|\s+and\s+|\s+und\s+", re.IGNORECASE)


def _norm(text: str | None) -> str:
    return _ws(text or "").casefold()


def _author_set(names: Iterable[str] | str | None) -> frozenset[str]:
    if names is None:
        return frozenset()
    if isinstance(names, str):
        names = [names]
    parts = (_norm(part) for name in names for part in _AUTHOR_SPLIT.split(name or ""))
    return frozenset(part for part in parts if part)


def metadata_correct(field_name: str, gold: Any, meta: Meta) -> bool:
    if field_name == "title":
        return bool(meta.title) and _norm(meta.title) == _norm(gold)
    if field_name == "author":
        predicted = _author_set(meta.authors)
        return bool(predicted) and predicted == _author_set(gold)
    if field_name == "date":  # compare the YYYY-MM-DD prefix
        return bool(meta.date) and str(meta.date)[:10] == str(gold)[:10]
    raise ValueError(field_name)


METADATA_FIELDS = ("title", "author", "date")


def score_metadata(
    system: System, gold: dict[str, dict[str, Any]], pages: list[Page], guard: NetworkGuard
) -> dict[str, dict[str, float]]:
    assert system.meta is not None
    guard.current = f"{system.name} (metadata)"
    correct: Counter[str] = Counter()
    total: Counter[str] = Counter()
    errors = 0
    for page in pages:
        fields = [f for f in METADATA_FIELDS if gold[page.key].get(f)]
        if not fields:
            continue
        try:
            meta = system.meta(page.html, page.url)
        except Exception:
            meta, errors = Meta(None, (), None), errors + 1
        for f in fields:
            total[f] += 1
            correct[f] += metadata_correct(f, gold[page.key][f], meta)
    scores = {
        f: {"accuracy": correct[f] / total[f] if total[f] else 0.0, "n": total[f], "correct": correct[f]}
        for f in METADATA_FIELDS
    }
    scores["errors"] = {"n": errors}  # type: ignore[dict-item]
    return scores


# --------------------------------------------------------------------------
# Data loading
# --------------------------------------------------------------------------


def load_zyte(data: Path, limit: int | None) -> tuple[dict[str, str], list[Page]]:
    root = data / ZYTE_DIR
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit]
    pages = [
        Page(key, truth[key].get("url"), gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()))
        for key in keys
    ]
    return {key: truth[key].get("articleBody") or "" for key in truth}, pages


def load_eval(data: Path, limit: int | None) -> tuple[dict[str, dict[str, Any]], list[Page]]:
    root = data / EVAL_DIR
    gold = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(gold)[:limit]:
        # A few keys are file labels ("hard::site.html"), not URLs.
        url = key if key.startswith(("http://", "https://")) else None
        pages.append(Page(key, url, gzip.decompress((root / gold[key]["html_gz"]).read_bytes())))
    return gold, pages


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------


def _table(title: str, console: Console) -> Table:
    columns = ("system", "version", "precision", "recall", "F1", "accuracy", "pages/s", "ms/page")
    columns += ("time vs trafilatura", "errors", "empty")
    return result_table(title, console, columns, left=("system", "version"))


def _body_rows(
    table: Table, systems: list[System], scores: dict[str, dict[str, float]], runs: dict[str, RunResult]
) -> None:
    reference = runs.get("trafilatura")
    for system in systems:
        score, run = scores[system.name], runs[system.name]
        ratio = f"{run.ms_per_page / reference.ms_per_page:.2f}x" if reference and reference.ms_per_page else "-"
        table.add_row(
            system.name,
            system.version,
            f"{score['precision']:.3f}",
            f"{score['recall']:.3f}",
            f"{score['f1']:.3f}",
            f"{score['accuracy']:.3f}",
            f"{run.pages_per_second:.1f}",
            f"{run.ms_per_page:.1f}",
            ratio,
            str(sum(run.errors.values())),
            str(run.n_empty),
        )


def _run_json(run: RunResult) -> dict[str, Any]:
    return {
        "seconds": run.seconds,
        "ms_per_page": run.ms_per_page,
        "pages_per_second": run.pages_per_second,
        "errors": dict(run.errors),
        "empty": run.n_empty,
    }


def evaluate_dataset(
    label: str,
    systems: list[System],
    pages: list[Page],
    scorer: Callable[[dict[str, str]], dict[str, float]],
    guard: NetworkGuard,
    console: Console,
) -> tuple[dict[str, dict[str, float]], dict[str, RunResult]]:
    scores, runs = {}, {}
    for system in systems:
        console.print(f"[dim]{label}: running {system.name} on {len(pages)} pages...[/]", highlight=False)
        runs[system.name] = run_system(system, pages, guard)
        scores[system.name] = scorer(runs[system.name].outputs)
    return scores, runs


def check_metric(data: Path, console: Console) -> None:
    gold, _ = load_zyte(data, None)
    stored = json.loads((data / ZYTE_DIR / "output" / "trafilatura.json").read_text(encoding="utf-8"))
    predicted = {key: (value or {}).get("articleBody") or "" for key, value in stored["output"].items()}
    predicted = {key: predicted.get(key, "") for key in gold}
    score = score_zyte(gold, predicted)
    console.print(
        f"zyte metric on stored output/trafilatura.json (version {stored.get('version')}, {score['n']} pages): "
        f"F1 {score['f1']:.3f}  P {score['precision']:.3f}  R {score['recall']:.3f}  acc {score['accuracy']:.3f}"
    )
    console.print(
        "expected (SOURCE.md):  " + "  ".join(f"{name} {value:.3f}" for name, value in ZYTE_REFERENCE.items())
    )
    for name, expected in ZYTE_REFERENCE.items():
        assert round(score[name], 3) == expected, f"{name}: {score[name]:.4f} != {expected}"
    console.print("metric check: OK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding both datasets")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each dataset")
    parser.add_argument(
        "--systems", default=",".join(ALL_SYSTEMS), help="comma-separated, from: " + ", ".join(ALL_SYSTEMS)
    )
    parser.add_argument("--json", type=Path, default=None, help="also write all numbers to this JSON file")
    parser.add_argument("--check-metric", action="store_true", help="verify the zyte metric against SOURCE.md and exit")
    args = parser.parse_args(argv)

    console = wide_console(140)
    data = args.data.resolve()

    if args.check_metric:
        check_metric(data, console)
        return 0

    names = system_names(parser, args.systems, ALL_SYSTEMS)

    logging.getLogger().setLevel(logging.ERROR)  # extractors log per-page warnings
    warnings.simplefilter("ignore")  # e.g. dateutil's UnknownTimezoneWarning inside newspaper4k
    guard, systems = guarded_systems(SYSTEM_FACTORIES, names, console)
    if not systems:
        return 1

    report: dict[str, Any] = {"systems": {s.name: s.version for s in systems}, "python": sys.version.split()[0]}

    zyte_gold, zyte_pages = load_zyte(data, args.limit)
    zyte_scores, zyte_runs = evaluate_dataset(
        "zyte", systems, zyte_pages, lambda out: score_zyte(zyte_gold, out), guard, console
    )
    eval_gold, eval_pages = load_eval(data, args.limit)
    eval_scores, eval_runs = evaluate_dataset(
        "trafilatura-eval", systems, eval_pages, lambda out: score_snippets(eval_gold, out), guard, console
    )
    meta_systems = [s for s in systems if s.meta is not None]
    meta_scores = {}
    for system in meta_systems:
        console.print(f"[dim]trafilatura-eval metadata: running {system.name}...[/]", highlight=False)
        meta_scores[system.name] = score_metadata(system, eval_gold, eval_pages, guard)

    console.print()
    table = _table(f"Zyte article-extraction-benchmark, shingle metric ({len(zyte_pages)} pages)", console)
    _body_rows(table, systems, zyte_scores, zyte_runs)
    console.print(table)

    totals = Counter()
    for page in eval_pages:
        totals["with"] += len(eval_gold[page.key]["with"])
        totals["without"] += len(eval_gold[page.key]["without"])
    table = _table(
        f"trafilatura-eval, snippet metric ({len(eval_pages)} pages, "
        f"{totals['with']} with / {totals['without']} without snippets)",
        console,
    )
    _body_rows(table, systems, eval_scores, eval_runs)
    console.print(table)
    console.print(REFERENCE_FOOTNOTE, style="dim")

    if meta_systems:
        table = result_table(
            "trafilatura-eval metadata accuracy",
            console,
            ("field", "n", *(system.name for system in meta_systems)),
            left=("field",),
        )
        table.caption = "exact match after normalisation (our metric, not upstream's)"
        for f in METADATA_FIELDS:
            n = meta_scores[meta_systems[0].name][f]["n"]
            cells = (f"{meta_scores[s.name][f]['accuracy']:.3f}" if n else "-" for s in meta_systems)
            table.add_row(f, str(n), *cells)
        console.print(table)
        console.print(
            "title/author: casefold + whitespace-normalised; authors compared as sets of names split on "
            "';' ',' '&' ' and ' ' und '; date: YYYY-MM-DD prefix. Missing output counts as wrong.",
            style="dim",
        )

    # Anything surprising: crashes by exception type, blocked network attempts.
    for label, runs in (("zyte", zyte_runs), ("trafilatura-eval", eval_runs)):
        for name, run in runs.items():
            if run.errors:
                console.print(f"{label}: {name} raised {dict(run.errors)}", highlight=False)
    for name, run in meta_scores.items():
        if run["errors"]["n"]:
            console.print(f"metadata: {name} raised on {run['errors']['n']} pages", highlight=False)
    guard.report(console)

    report["zyte"] = {name: {**zyte_scores[name], **_run_json(zyte_runs[name])} for name in zyte_scores}
    report["trafilatura-eval"] = {name: {**eval_scores[name], **_run_json(eval_runs[name])} for name in eval_scores}
    report["metadata"] = meta_scores
    report["network_attempts"] = dict(guard.attempts)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, sort_keys=True), encoding="utf-8")
        console.print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
