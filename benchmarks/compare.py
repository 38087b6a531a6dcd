"""The compare stage on real multi-outlet stories: what it finds, how well it aligns, how neutral
its summary is, and how fast it runs.

Usage::

    python -m benchmarks.compare [--data ../shared/data] [--limit 200] [--events N]
        [--parts events,alignment,summary,speed] [--lexicons FILES] [--json FILE]

Parts (all by default):

* ``events``: every event of BASIL (3 outlets) and NewsWCL50 (5 outlets) through
  ``newsprism.annotate.annotate`` and ``newsprism.compare.compare``: per event its articles, facts by
  coverage (all / some / one) and conflicts, and per outlet its voices (distinct speakers, quotes)
  and framing (scare quotes, loaded words, hedges, omissions); one table per dataset, with totals.
* ``alignment``: the aligned pairs of facts (two members of one fact from two different articles)
  judged by ``newsprism.compare.entail`` (``load_judge().judge(premise, hypothesis)``):
  "equivalent" = it entails both ways.  Beside it, a TF-IDF baseline: each sentence of one
  article and its most similar sentence of another article of the event (cosine of TF-IDF vectors
  fitted on all sentences of the dataset, English stop words out), the strongest pairs kept down to
  the cosine that gives as many pairs as newsprism aligned.  Same judge, same events.
* ``summary``: on ``--limit`` AllSides stories (NeuS raw crawl, left / center / right leads) the
  newsprism summary (its sentences joined) against the editors' neutral roundup: ROUGE-1/2/L F1
  (rouge-score, Porter stemming), beside baselines: the first 3 sentences of the left, the center
  and the right lead alone, and the first sentence of each lead concatenated; and the share of
  loaded words (Recasens et al. 2013 bias lexicon) in each text and in the reference.
* ``speed``: ``annotate`` + ``compare`` of the seed pair (examples/geneva-2022-01-21) warm (median
  of 5 runs after one untimed run), the ``newsprism compare … --format json`` command cold (a new
  process, wall clock), and warm runs on 2, 5, 10 and 20 articles with the growth exponent.

The 20 articles: no dataset here has 20 articles on one event (BASIL 3, NewsWCL50 5, AllSides 3
short leads).  The speed story is the NewsWCL50 events 0 and 2 (North Korea: Pompeo's visit, the
test freeze) and 4 and 9 (the Iran deal: Macron's visit, Netanyahu's files): 20 full articles by
5 outlets within two weeks (2018-04-17 .. 05-01), two topics sharing actors, in that order, so
that 2 and 5 articles are one event and 10 one topic.  Unrelated articles (the 20 nearest in date
from AllSides or BASIL are different events, and AllSides gives leads of ~90 words) would leave
little to align and understate the cost; same-topic articles keep the aligner busy as a real
20-outlet story would.

Network access is blocked in this process for the whole run (the ``newsprism compare`` subprocess
of the cold run is not) and blocked attempts are reported.  A stage that fails on a story is
reported in one line and the run goes on.  Before ``newsprism.compare`` exists, the parts run
what does not need it (annotation, the baselines) and say what is missing.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import re
import resource
import statistics
import subprocess
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

from benchmarks.common import NetworkGuard, result_table, version, wide_console
from benchmarks.datasets import DEFAULT_DATA
from benchmarks.datasets.multi_outlet import RoundupStory, Story, load_allsides, load_basil, load_newswcl50

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "geneva-2022-01-21"
LEXICON = Path("bias-lexicons") / "recasens2013" / "bias-lexicon.txt"
ALL_PARTS = ("events", "alignment", "summary", "speed")
SPEED_EVENTS = ("newswcl50-event-0", "newswcl50-event-2", "newswcl50-event-4", "newswcl50-event-9")
SPEED_SIZES = (2, 5, 10, 20)
SEED_RUNS = 5
SCALE_RUNS = 3
LEAD_SENTENCES = 3

Compare = Callable[..., Any]


# --------------------------------------------------------------------------
# The stages, imported lazily: newsprism.compare may not exist yet
# --------------------------------------------------------------------------


def load_compare(console: Console, lexicons: str | None = None) -> Compare | None:
    """``compare`` with ``settings=None`` (the defaults, newsprism.toml, NEWSPRISM_* variables), or
    with those settings and extra loaded-word `lexicons`; None when newsprism.compare is missing."""
    try:
        from newsprism.compare import compare
    except ImportError as exc:
        console.print(f"[yellow]newsprism.compare is missing[/] ({exc}): its rows are left out", highlight=False)
        return None
    if lexicons is None:
        return lambda annotated: compare(annotated, settings=None)
    from newsprism.settings import Settings

    settings = Settings.load(lexicons=lexicons)
    return lambda annotated: compare(annotated, settings=settings)


def load_judge(console: Console) -> Any | None:
    """The entailment judge compare is configured with (``settings.entailment_model``), or None."""
    try:
        from newsprism.compare.entail import load_judge as load
        from newsprism.settings import Settings
    except ImportError as exc:
        console.print(f"[yellow]newsprism.compare.entail.load_judge is missing[/] ({exc})", highlight=False)
        return None
    try:
        if "settings" in inspect.signature(load).parameters:
            return load(settings=None)
        return load(Settings.load().entailment_model)  # load_judge(model: str | None)
    except Exception as exc:
        console.print(f"[yellow]the entailment judge could not be loaded:[/] {type(exc).__name__}: {exc}")
        return None


def annotate_story(articles: Sequence[Any]) -> list[Any]:
    from newsprism.annotate import annotate

    return list(annotate(articles))


@dataclass
class StoryRun:
    """One story through annotate (and compare when it exists)."""

    story: Story
    annotated: list[Any]
    comparison: Any | None
    annotate_s: float
    compare_s: float | None
    error: str | None = None


def run_story(story: Story, compare: Compare | None) -> StoryRun:
    """Annotate then compare one story; an exception becomes the run's `error`, never a stop."""
    start = time.perf_counter()
    try:
        annotated = annotate_story(story.articles)
    except Exception as exc:
        return StoryRun(story, [], None, time.perf_counter() - start, None, f"annotate: {type(exc).__name__}: {exc}")
    annotate_s = time.perf_counter() - start
    if compare is None:
        return StoryRun(story, annotated, None, annotate_s, None)
    start = time.perf_counter()
    try:
        comparison = compare(annotated)
    except Exception as exc:
        return StoryRun(story, annotated, None, annotate_s, None, f"compare: {type(exc).__name__}: {exc}")
    return StoryRun(story, annotated, comparison, annotate_s, time.perf_counter() - start)


def run_stories(
    name: str, stories: Sequence[Story], compare: Compare | None, console: Console, guard: NetworkGuard
) -> list[StoryRun]:
    guard.current = f"{name}"
    console.print(f"[dim]{name}: annotate + compare of {len(stories)} stories...[/]", highlight=False)
    runs = [run_story(story, compare) for story in stories]
    for run in runs:
        if run.error:
            console.print(f"[red]{name} {run.story.id} failed:[/] {run.error}", highlight=False)
    return runs


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


# --------------------------------------------------------------------------
# a. per event: facts, conflicts, voices, framing
# --------------------------------------------------------------------------

OUTLET_COUNTS = ("speakers", "quotes", "scare", "loaded", "hedges", "omissions")


def _article_index(articles: Sequence[Any]) -> dict[str, int]:
    """Article id and source -> position: records may name an article by either."""
    index = {}
    for i, article in enumerate(articles):
        index[article.id] = i
        index[article.source] = i
    return index


def event_counts(run: StoryRun) -> dict[str, Any]:
    """Counts of one compared story: facts by coverage, conflicts, per-article voices and framing."""
    articles = run.story.articles
    comparison = run.comparison
    per_article = [dict.fromkeys(OUTLET_COUNTS, 0) for _ in articles]
    result: dict[str, Any] = {
        "id": run.story.id,
        "title": run.story.title,
        "articles": len(articles),
        "outlets": [a.outlet for a in articles],
        "annotate_s": run.annotate_s,
        "compare_s": run.compare_s,
        "error": run.error,
    }
    if comparison is None:
        result["per_article"] = per_article
        return result
    index = _article_index(articles)
    coverage = Counter(fact.coverage for fact in comparison.facts)
    speakers: list[set[str]] = [set() for _ in articles]
    for voice in comparison.voices:
        i = index.get(voice.article)
        if i is None:
            continue
        speakers[i].add(voice.speaker_id or voice.speaker)
        per_article[i]["quotes"] += voice.direct + voice.partial + voice.indirect
    for i, names in enumerate(speakers):
        per_article[i]["speakers"] = len(names)
    for framing in comparison.framing:
        i = index.get(framing.article)
        if i is None:
            continue
        per_article[i]["scare"] += len(framing.scare_quotes)
        per_article[i]["loaded"] += len(framing.loaded)
        per_article[i]["hedges"] += len(framing.hedges)
        per_article[i]["omissions"] += len(framing.omissions)
    result.update(
        facts=len(comparison.facts),
        all=coverage["all"],
        some=coverage["some"],
        one=coverage["one"],
        conflicts=len(comparison.conflicts),
        conflict_kinds=dict(Counter(c.kind for c in comparison.conflicts)),
        summary_sentences=len(comparison.summary),
        notes=list(comparison.notes),
        per_article=per_article,
    )
    return result


def events_table(name: str, runs: list[StoryRun], console: Console) -> list[dict[str, Any]]:
    events = [event_counts(run) for run in runs]
    compared = [e for e in events if "facts" in e]
    n_articles = sum(e["articles"] for e in events)
    table = result_table(
        f"{name}: {len(events)} events, {n_articles} articles — facts, conflicts, voices and framing per outlet",
        console,
        ("event", "art", "all", "some", "one", "confl", "outlet", *OUTLET_COUNTS, "s"),
        left=("event", "outlet"),
    )
    outlet_totals: dict[str, Counter[str]] = {}
    for event in events:
        label = f"{event['id'][:8] if name == 'basil' else event['id'].rsplit('-', 1)[1]} {event['title'] or ''}"
        has = "facts" in event
        seconds = event["annotate_s"] + (event["compare_s"] or 0.0)
        for i, outlet in enumerate(event["outlets"]):
            counts = event["per_article"][i]
            outlet_totals.setdefault(outlet, Counter()).update(counts)
            first = i == 0
            table.add_row(
                label[:38] if first else "",
                str(event["articles"]) if first else "",
                *((str(event[k]) if has else "-") if first else "" for k in ("all", "some", "one", "conflicts")),
                outlet,
                *(str(counts[k]) if has else "-" for k in OUTLET_COUNTS),
                _fmt(seconds) if first else "",
            )
        table.add_section()
    for i, (outlet, counts) in enumerate(outlet_totals.items()):
        first = i == 0
        event_cells = [
            str(sum(e[k] for e in compared)) if compared else "-" for k in ("all", "some", "one", "conflicts")
        ]
        table.add_row(
            "total" if first else "",
            str(n_articles) if first else "",
            *(event_cells if first else [""] * 4),
            outlet,
            *(str(counts[k]) if compared else "-" for k in OUTLET_COUNTS),
            _fmt(sum(e["annotate_s"] + (e["compare_s"] or 0.0) for e in events)) if first else "",
            style="bold",
        )
    console.print(table)
    console.print(
        "all / some / one = facts carried by every article, several, one; confl = conflicts; per outlet: speakers = "
        "distinct people quoted, quotes = direct + partial + indirect, scare = scare quotes, loaded = loaded words, "
        "hedges, omissions = facts the others share and this outlet leaves out; s = annotate + compare seconds.",
        style="dim",
    )
    notes = Counter(note for e in compared for note in e["notes"])
    for note, count in notes.items():
        console.print(f"note ({count} events): {note}", style="dim", highlight=False)
    kinds = Counter()
    for e in compared:
        kinds.update(e["conflict_kinds"])
    if kinds:
        console.print("conflict kinds: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()), style="dim")
    return events


# --------------------------------------------------------------------------
# b. alignment quality: fact pairs vs a TF-IDF baseline, same judge
# --------------------------------------------------------------------------


@dataclass
class PairScore:
    pairs: int = 0
    equivalent: int = 0  # entails both ways
    one_way: int = 0  # entails in at least one direction
    contradicts: int = 0  # contradicts in either direction
    other: Counter[str] = field(default_factory=Counter)  # verdicts outside the three
    seconds: float = 0.0

    def row(self) -> dict[str, Any]:
        share = (lambda n: 100 * n / self.pairs) if self.pairs else (lambda n: None)
        return {
            "pairs": self.pairs,
            "equivalent_pct": share(self.equivalent),
            "one_way_pct": share(self.one_way),
            "contradicts_pct": share(self.contradicts),
            "other_verdicts": dict(self.other),
            "judge_seconds": self.seconds,
        }


def judge_pairs(judge: Any, pairs: Sequence[tuple[str, str]]) -> PairScore:
    score = PairScore()
    start = time.perf_counter()
    for a, b in pairs:
        # a verdict is a label, or a record with one (`Judgement.label`)
        forward, backward = (getattr(v, "label", v) for v in (judge.judge(a, b), judge.judge(b, a)))
        for verdict in (forward, backward):
            if verdict not in ("entails", "neutral", "contradicts"):
                score.other[str(verdict)] += 1
        score.pairs += 1
        score.equivalent += forward == "entails" and backward == "entails"
        score.one_way += forward == "entails" or backward == "entails"
        score.contradicts += forward == "contradicts" or backward == "contradicts"
    score.seconds = time.perf_counter() - start
    return score


def fact_pairs(runs: Sequence[StoryRun]) -> list[tuple[str, str]]:
    """Every pair of members of one fact that come from two different articles (each pair once)."""
    pairs = []
    for run in runs:
        if run.comparison is None:
            continue
        seen = set()
        for fact in run.comparison.facts:
            members = fact.members
            for i in range(len(members)):
                for j in range(i + 1, len(members)):
                    a, b = members[i], members[j]
                    if a.article == b.article:
                        continue
                    key = tuple(sorted(((a.article, a.start, a.end), (b.article, b.start, b.end))))
                    if key not in seen:
                        seen.add(key)
                        pairs.append((a.text, b.text))
    return pairs


def sentence_texts(annotated: Any) -> list[str]:
    body = annotated.article.body
    return [body[s.start : s.end] for s in annotated.sentences]


def tfidf_candidates(runs: Sequence[StoryRun]) -> list[tuple[float, str, str]]:
    """(cosine, sentence, sentence): for each sentence of each article, its best match in each other
    article of the event; a pair found from both sides once.  Sorted by cosine, best first."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    stories = [[sentence_texts(a) for a in run.annotated] for run in runs if run.annotated]
    corpus = [s for story in stories for sentences in story for s in sentences]
    if not corpus:
        return []
    vectorizer = TfidfVectorizer(stop_words="english").fit(corpus)
    best: dict[tuple[int, tuple[int, int], tuple[int, int]], tuple[float, str, str]] = {}
    for k, story in enumerate(stories):
        matrices = [vectorizer.transform(sentences) if sentences else None for sentences in story]
        for i, mi in enumerate(matrices):
            for j, mj in enumerate(matrices):
                if i == j or mi is None or mj is None:
                    continue
                cosines = (mi @ mj.T).toarray()  # rows are L2-normalised: dot = cosine
                for si, row in enumerate(cosines):
                    sj = int(row.argmax())
                    cos = float(row[sj])
                    if cos <= 0:
                        continue
                    first, second = sorted(((i, si), (j, sj)))
                    best[(k, first, second)] = (cos, story[first[0]][first[1]], story[second[0]][second[1]])
    return sorted(best.values(), key=lambda item: -item[0])


def alignment(
    datasets: dict[str, list[StoryRun]], console: Console, guard: NetworkGuard, compared: bool
) -> dict[str, Any]:
    guard.current = "judge"
    judge = load_judge(console)
    result: dict[str, Any] = {}
    table = result_table(
        "Alignment: share of aligned pairs the entailment judge calls equivalent, %",
        console,
        ("dataset", "system", "pairs", "cosine ≥", "equivalent", "one way", "contradicts", "judge s"),
        left=("dataset", "system"),
    )
    for name, runs in datasets.items():
        pairs = fact_pairs(runs)
        candidates = tfidf_candidates(runs)
        if not compared:
            console.print(
                f"[yellow]{name}:[/] no newsprism pairs (newsprism.compare missing); "
                f"{len(candidates)} TF-IDF candidate pairs ready",
                highlight=False,
            )
            result[name] = {"tfidf_candidates": len(candidates)}
            continue
        chosen = candidates[: len(pairs)]
        threshold = chosen[-1][0] if chosen else None
        if len(candidates) < len(pairs):
            console.print(
                f"{name}: TF-IDF gives at most {len(candidates)} pairs (one best match per sentence and other "
                f"article) against newsprism's {len(pairs)}: all of them are kept",
                style="dim",
                highlight=False,
            )
        entry: dict[str, Any] = {"tfidf_candidates": len(candidates), "tfidf_threshold": threshold}
        if judge is None:
            entry["newsprism"] = {"pairs": len(pairs)}
            entry["tfidf"] = {"pairs": len(chosen)}
            table.add_row(name, "newsprism facts", str(len(pairs)), "-", "-", "-", "-", "-")
            table.add_row(name, "TF-IDF best match", str(len(chosen)), _fmt(threshold, 3), "-", "-", "-", "-")
        else:
            ours = judge_pairs(judge, pairs)
            theirs = judge_pairs(judge, [(a, b) for _, a, b in chosen])
            entry["newsprism"], entry["tfidf"] = ours.row(), theirs.row()
            for system, score, cut in (("newsprism facts", ours, None), ("TF-IDF best match", theirs, threshold)):
                row = score.row()
                table.add_row(
                    name,
                    system,
                    str(score.pairs),
                    _fmt(cut, 3),
                    _fmt(row["equivalent_pct"]),
                    _fmt(row["one_way_pct"]),
                    _fmt(row["contradicts_pct"]),
                    _fmt(score.seconds),
                )
                if score.other:
                    console.print(f"[yellow]{name} {system}: unexpected verdicts[/] {dict(score.other)}")
        result[name] = entry
        table.add_section()
    if compared:
        console.print(table)
        if judge is not None:
            console.print(f"judge: {getattr(judge, 'name', type(judge).__name__)}", style="dim", highlight=False)
        console.print(
            "pairs = two members of one fact from different articles (newsprism), or a sentence and its most "
            "TF-IDF-similar sentence of another article of the event, the strongest kept down to the cosine that "
            "gives as many pairs. equivalent = the judge says 'entails' both ways; one way = in at least one "
            "direction; contradicts = in either. The judge is newsprism's own: where compare aligns with it, "
            "newsprism's share measures agreement with itself, the TF-IDF share the judge's view of a plain baseline.",
            style="dim",
        )
    return result


# --------------------------------------------------------------------------
# c. neutral summary on AllSides: ROUGE and loaded words
# --------------------------------------------------------------------------

_WORD_RE = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")


def load_lexicon(data: Path) -> frozenset[str]:
    path = data / LEXICON
    lines = (line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def simple_lemmas(word: str) -> set[str]:
    """The word and what it is with a regular inflection taken off (-s, -es, -ies, -ed, -ing)."""
    forms = {word}
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        forms.add(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.add(word[:-1])
    if word.endswith("'s") or word.endswith("’s"):
        forms.add(word[:-2])
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            forms.update({stem, stem + "e"})
            if suffix == "ed" and stem.endswith("i"):
                forms.add(stem[:-1] + "y")  # "denied" -> "deny"
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])  # "banned" -> "ban"
    return forms


def loaded_counts(text: str, lexicon: frozenset[str]) -> tuple[int, int]:
    """(loaded word tokens, word tokens) of `text`."""
    words = [w.lower() for w in _WORD_RE.findall(text)]
    return sum(1 for w in words if simple_lemmas(w) & lexicon), len(words)


def summary_systems(story: RoundupStory, annotated: list[Any]) -> dict[str, str]:
    """The baseline texts of one story, from the annotated leads' sentences."""
    by_id = {a.article.id: a for a in annotated}
    sentences = {
        side: sentence_texts(by_id[article.id]) for side, article in zip(story.sides, story.articles, strict=True)
    }
    texts = {f"lead-{LEAD_SENTENCES} {side}": " ".join(sentences[side][:LEAD_SENTENCES]) for side in story.sides}
    texts["first sentence of each"] = " ".join(sentences[side][0] for side in story.sides if sentences[side])
    return texts


def summaries(
    stories: list[RoundupStory], data: Path, compare: Compare | None, console: Console, guard: NetworkGuard
) -> dict[str, Any]:
    from rouge_score import rouge_scorer

    lexicon = load_lexicon(data)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    runs = run_stories("neus-allsides", stories, compare, console, guard)
    systems: dict[str, dict[str, list[float]]] = {}
    loaded: dict[str, list[int]] = {}
    failed = 0

    def add(system: str, text: str, reference: str | None) -> None:
        entry = systems.setdefault(system, {"rouge1": [], "rouge2": [], "rougeL": [], "words": []})
        if reference is not None:
            scores = scorer.score(reference, text)
            for key in ("rouge1", "rouge2", "rougeL"):
                entry[key].append(100 * scores[key].fmeasure)
        entry["words"].append(len(text.split()))
        hits, words = loaded_counts(text, lexicon)
        totals = loaded.setdefault(system, [0, 0])
        totals[0] += hits
        totals[1] += words

    for story, run in zip(stories, runs, strict=True):
        if run.error or len(run.annotated) != len(story.articles):
            failed += 1
            continue
        if run.comparison is not None:
            add("newsprism", " ".join(s.text for s in run.comparison.summary), story.reference)
        for system, text in summary_systems(story, run.annotated).items():
            add(system, text, story.reference)
        add("reference (editors)", story.reference, None)

    scored = len(stories) - failed
    table = result_table(
        f"Neutral summary: {scored} AllSides stories (left/center/right leads) vs the editors' roundup",
        console,
        ("system", "R-1 F1", "R-2 F1", "R-L F1", "words", "loaded %"),
        left=("system",),
    )
    result: dict[str, Any] = {"stories": len(stories), "scored": scored, "failed": failed, "systems": {}}
    for system, entry in systems.items():
        mean = {k: statistics.fmean(v) if v else None for k, v in entry.items()}
        hits, words = loaded[system]
        share = 100 * hits / words if words else None
        table.add_row(
            system,
            _fmt(mean["rouge1"]),
            _fmt(mean["rouge2"]),
            _fmt(mean["rougeL"]),
            _fmt(mean["words"], 0),
            _fmt(share, 2),
            style="dim" if system.startswith("reference") else None,
        )
        result["systems"][system] = {**mean, "loaded_pct": share, "loaded_words": hits, "word_tokens": words}
    if compare is None:
        console.print("[yellow]no newsprism row:[/] newsprism.compare is missing", highlight=False)
    console.print(table)
    console.print(
        f"ROUGE F1 (rouge-score {version('rouge-score')}, Porter stemming), mean over stories, against the editors' "
        f"neutral roundup (its first paragraph and the next ones up to the one about coverage). words = mean length; "
        f"ROUGE F1 favours outputs near the reference's length. loaded % = word tokens whose lowercase form or "
        f"regular-inflection lemma is in the Recasens et al. 2013 bias lexicon ({len(lexicon)} lemmas) / word "
        f"tokens, over all stories. Sentences are newsprism.annotate's; a lead is AllSides' excerpt "
        f"(a few paragraphs, often cut with '...').",
        style="dim",
    )
    return result


# --------------------------------------------------------------------------
# d. speed
# --------------------------------------------------------------------------


def _timed_runs(articles: Sequence[Any], compare: Compare, runs: int) -> tuple[list[float], list[float]]:
    """Untimed warm-up, then `runs` times (annotate seconds, total seconds)."""
    run_story(Story("warm-up", None, tuple(articles)), compare)
    annotate_times, totals = [], []
    for _ in range(runs):
        run = run_story(Story("timed", None, tuple(articles)), compare)
        if run.error:
            raise RuntimeError(run.error)
        annotate_times.append(run.annotate_s)
        totals.append(run.annotate_s + (run.compare_s or 0.0))
    return annotate_times, totals


def speed_articles(data: Path) -> list[Any]:
    by_id = {story.id: story for story in load_newswcl50(data)}
    return [article for event in SPEED_EVENTS if event in by_id for article in by_id[event].articles]


def growth_exponent(sizes: Sequence[int], seconds: Sequence[float]) -> float | None:
    """Least-squares slope of log(seconds) on log(articles)."""
    points = [(math.log(n), math.log(t)) for n, t in zip(sizes, seconds, strict=True) if t > 0]
    if len(points) < 2:
        return None
    mx = statistics.fmean(x for x, _ in points)
    my = statistics.fmean(y for _, y in points)
    var = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / var if var else None


def speed(data: Path, compare: Compare | None, console: Console, guard: NetworkGuard) -> dict[str, Any]:
    from newsprism import read_articles
    from newsprism.records import Article

    guard.current = "speed"
    result: dict[str, Any] = {}
    table = result_table(
        "Speed: annotate + compare, seconds (warm = models loaded, median)",
        console,
        ("input", "articles", "words", "runs", "annotate s", "compare s", "total s", "articles/s"),
        left=("input",),
    )

    seed_paths = sorted(SEED.glob("*.txt"))
    seed = [a for a in read_articles(seed_paths) if isinstance(a, Article)]
    rows: list[tuple[str, list[Any], int]] = [("seed pair (Geneva)", seed, SEED_RUNS)]
    pool = speed_articles(data)
    sizes = [n for n in SPEED_SIZES if n <= len(pool)]
    rows += [(f"NewsWCL50 speed story, first {n}", pool[:n], SCALE_RUNS) for n in sizes]

    scale: list[float] = []
    for label, articles, runs in rows:
        words = sum(len(a.body.split()) for a in articles)
        if compare is None:
            table.add_row(label, str(len(articles)), f"{words:,}", "-", "-", "-", "-", "-")
            continue
        console.print(f"[dim]speed: {label} ({len(articles)} articles, {runs} runs)...[/]", highlight=False)
        try:
            annotate_times, totals = _timed_runs(articles, compare, runs)
        except Exception as exc:
            console.print(f"[red]speed {label} failed:[/] {type(exc).__name__}: {exc}", highlight=False)
            continue
        median = statistics.median(totals)
        compare_times = [total - annotated for total, annotated in zip(totals, annotate_times, strict=True)]
        table.add_row(
            label,
            str(len(articles)),
            f"{words:,}",
            str(runs),
            _fmt(statistics.median(annotate_times), 2),
            _fmt(statistics.median(compare_times), 2),
            _fmt(median, 2),
            _fmt(len(articles) / median if median else None, 1),
        )
        result[label] = {
            "articles": len(articles),
            "words": words,
            "annotate_s": annotate_times,
            "compare_s": compare_times,
            "total_s": totals,
            "median_s": median,
        }
        if label.startswith("NewsWCL50"):
            scale.append(median)

    cli = cold_cli(seed_paths)
    result["cli_cold"] = cli
    table.add_row(
        "seed pair, `newsprism compare --format json`, cold process",
        str(len(seed_paths)),
        f"{sum(len(a.body.split()) for a in seed):,}",
        "1",
        "-",
        "-",
        _fmt(cli["seconds"], 2) if cli["returncode"] == 0 else f"failed ({cli['returncode']})",
        "-",
    )
    console.print(table)
    exponent = growth_exponent(sizes[: len(scale)], scale) if len(scale) == len(sizes) else None
    result["growth_exponent"] = exponent
    result["sizes"] = sizes
    if compare is None:
        console.print("[yellow]no timings:[/] newsprism.compare is missing", highlight=False)
    if exponent is not None:
        console.print(
            f"growth: time ∝ articles^{exponent:.2f} (least-squares slope of log time on log articles, "
            f"{', '.join(str(n) for n in sizes)} articles)",
            highlight=False,
        )
    if cli["returncode"] != 0:
        console.print(f"[red]cold CLI run failed[/] (exit {cli['returncode']}): {cli['stderr_tail']}", highlight=False)
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = f"{cli['rss_mb']:,.0f} MB" if cli["rss_mb"] is not None else "-"
    result["peak_rss_mb"] = {"benchmark_process": self_mb, "cli_process": cli["rss_mb"]}
    console.print(
        f"The speed story is NewsWCL50 events {', '.join(e.rsplit('-', 1)[1] for e in SPEED_EVENTS)} in that order "
        f"(North Korea x2, the Iran deal x2; 5 outlets each), so 2 and 5 articles are one event, 10 one topic. "
        f"Warm = one untimed run first, then the median; annotate s is part of total s. Cold = a new "
        f"`newsprism` process, imports and model loading included (wall clock; not network-guarded). Peak RSS: "
        f"this process {self_mb:,.0f} MB (all parts so far), the CLI process {child}.",
        style="dim",
        highlight=False,
    )
    return result


# Runs the command given, stdout to /dev/null, and prints its wall time and peak RSS (KiB) as JSON.
# A child forked from this benchmark process would report this process's (large) peak RSS as its own.
_LAUNCHER = (
    "import json, resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
    "seconds = time.perf_counter() - start\n"
    "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(json.dumps({'seconds': seconds, 'rss_kib': rss, 'returncode': done.returncode, 'stderr': done.stderr}))\n"
)


def cold_cli(paths: Sequence[Path]) -> dict[str, Any]:
    """``newsprism compare PATHS --format json > /dev/null`` in a new process: wall seconds, peak RSS."""
    command = [str(Path(sys.executable).with_name("newsprism")), "compare", *map(str, paths), "--format", "json"]
    result: dict[str, Any] = {"command": "newsprism " + " ".join(command[1:]), "seconds": None, "rss_mb": None}
    try:
        done = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, *command], capture_output=True, text=True, timeout=600, check=True
        )
        measured = json.loads(done.stdout)
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        return {**result, "returncode": -1, "stderr_tail": f"{type(exc).__name__}: {exc}"}
    stderr = measured["stderr"].strip().splitlines()
    return {
        **result,
        "returncode": measured["returncode"],
        "seconds": measured["seconds"],
        "rss_mb": measured["rss_kib"] / 1024,
        "stderr_tail": " / ".join(line.strip(" │╭╮╰╯─") for line in stderr[-3:] if line.strip(" │╭╮╰╯─")),
    }


# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder holding basil/, newswcl50/, neus-allsides/"
    )
    parser.add_argument("--limit", type=int, default=200, help="AllSides stories for the summary part (default 200)")
    parser.add_argument("--events", type=int, default=None, help="only the first N events of BASIL and of NewsWCL50")
    parser.add_argument("--parts", default=",".join(ALL_PARTS), help="comma-separated, from: " + ", ".join(ALL_PARTS))
    parser.add_argument(
        "--lexicons",
        default=None,
        help="loaded-word lexicon files for compare (':'-separated; default: none beyond the settings)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write all numbers to this JSON file")
    args = parser.parse_args(argv)
    parts = [part.strip() for part in args.parts.split(",") if part.strip()]
    unknown = [part for part in parts if part not in ALL_PARTS]
    if unknown:
        parser.error(f"unknown parts: {', '.join(unknown)}; choose from {', '.join(ALL_PARTS)}")

    console = wide_console(160)
    data = args.data.resolve()
    warnings.simplefilter("ignore")
    guard = NetworkGuard()
    guard.install()
    compare = load_compare(console, args.lexicons)
    report: dict[str, Any] = {
        "python": sys.version.split()[0],
        "newsprism": version("newsprism"),
        "compare_available": compare is not None,
        "lexicons": args.lexicons,
        "parts": parts,
    }

    datasets: dict[str, list[StoryRun]] = {}
    if "events" in parts or "alignment" in parts:
        for name, loader in (("basil", load_basil), ("newswcl50", load_newswcl50)):
            stories = loader(data)[: args.events]
            datasets[name] = run_stories(name, stories, compare, console, guard)
    if "events" in parts:
        report["events"] = {}
        for name, runs in datasets.items():
            console.print()
            report["events"][name] = events_table(name, runs, console)
    if "alignment" in parts:
        console.print()
        report["alignment"] = alignment(datasets, console, guard, compare is not None)
    if "summary" in parts:
        console.print()
        report["summary"] = summaries(load_allsides(data, args.limit), data, compare, console, guard)
    if "speed" in parts:
        console.print()
        report["speed"] = speed(data, compare, console, guard)

    console.print()
    guard.report(console)
    report["network_attempts"] = dict(guard.attempts)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, sort_keys=True, default=str), encoding="utf-8")
        console.print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
