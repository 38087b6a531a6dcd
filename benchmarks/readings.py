"""The compare stage scored against hand readings (SPEC.md's six measures), this code beside an older commit.

Usage::

    python -m benchmarks.readings --data ../shared/data                # readings-dev, against 504d98f
    python -m benchmarks.readings --data ../shared/data --set train    # readings-train, for tuning
    python -m benchmarks.readings --data ../shared/data --against HEAD~3 --fresh --json out.json

Each story folder of ``<data>/readings-dev/`` (or ``readings-train/`` with ``--set train``) and the
seed pair ``examples/geneva-2022-01-21`` go through ``read_articles`` → ``annotate`` → ``compare``
twice: with the working tree's ``src/`` ("ours") and with ``--against``'s (default 504d98f, checked
out as a detached worktree in ``/tmp/newsprism-<sha>``, "old").  Each system runs in a subprocess of
this script (``--emit FILE``, with its ``src/`` first on ``PYTHONPATH``) that only writes the
comparisons and quotes as JSON; this process scores both the same way.  The old commit's JSON is
cached in ``bench-out/readings/`` (``--fresh`` redoes it); the working tree's never is.

Scoring is SPEC.md's "How a comparison is scored against a reading": a fact holds an outlet's
snippet when one of its members from that outlet's article covers at least half of the snippet's
span in the body (found ignoring case, quote style and runs of spaces; where it is not in the body,
the member's text must contain it after NFKC, straight quotes, collapsed spaces and lower case).

Prints one line naming the data and the commits, then one table per set (readings and seed pair):
a row per story and TOTAL (found/total) and % rows; each column is a measure (shared, partly, only,
distinct, conflicts, quotes) as "ours | old", then facts, the biggest fact's member count and the
seconds of the story (wall: read + annotate + compare, after an untimed warm-up run).  Then, for this
code only, the voices of the set against the readings (``quotes.py``'s readings mode): quotes and
roles found, speakers that are no person, organisation or group, and every scare quote with its
story (``--no-voices`` leaves it out).  Articles that
cannot be read are reported one line each and left out (their snippets count as missed).
``--json OUT`` writes every number.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from benchmarks.common import NetworkGuard, result_table, wide_console
from benchmarks.datasets import DEFAULT_DATA

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "geneva-2022-01-21"
SETS = {"dev": "readings-dev", "train": "readings-train"}
CACHE = REPO / "bench-out" / "readings"
DEFAULT_AGAINST = "504d98f"
MEASURES = ("shared", "partly", "only", "distinct", "conflicts", "quotes")
EMIT_FORMAT = 2  # bump when what --emit writes changes, so that cached runs are redone


# --------------------------------------------------------------------------
# Emitting: run the stories with whatever newsprism is on PYTHONPATH
# --------------------------------------------------------------------------


def story_folders(data: Path, set_name: str) -> list[Path]:
    """The reading folders of a set (those holding expected.json), by name, then the seed pair."""
    root = data / SETS[set_name]
    if not root.is_dir():
        raise SystemExit(f"{root}: no such folder; pass --data (the folder holding {SETS[set_name]}/)")
    return sorted(p for p in root.iterdir() if (p / "expected.json").is_file()) + [SEED]


def run_story(folder: Path) -> dict[str, Any]:
    """One folder through read_articles, annotate and compare: its articles, failures, comparison,
    quotes and wall seconds.  Outlets come from expected.json (a plain .txt names none)."""
    from newsprism.annotate import annotate
    from newsprism.compare import compare
    from newsprism.pipeline import read_articles
    from newsprism.records import Failed

    reading = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    files = [folder / name for name in reading["articles"]]
    start = time.perf_counter()
    read = list(read_articles([str(p) for p in files]))
    articles = [
        dataclasses.replace(a, outlet=reading["articles"][Path(a.source).name]["outlet"])
        for a in read
        if not isinstance(a, Failed)
    ]
    annotated = list(annotate(articles))
    comparison = compare(annotated).to_dict()
    seconds = time.perf_counter() - start
    return {
        "folder": str(folder),
        "seconds": seconds,
        "failed": [f"{f.source}: {f.stage}: {f.reason}" for f in read if isinstance(f, Failed)],
        "articles": [{"id": a["id"], "source": a["source"], "body": a["body"]} for a in comparison["articles"]],
        "facts": comparison["facts"],
        "conflicts": comparison["conflicts"],
        "quotes": [q.to_dict() for a in annotated for q in a.quotes],
    }


def emit(folders: Sequence[Path], out: Path) -> None:
    """Write the runs of `folders` to `out` as JSON, offline.  The first folder and the seed pair run
    once first, untimed, so that no story is charged for loading the models or starting annotate's
    worker processes (they start on the first story worth them and stay)."""
    import newsprism

    warnings.simplefilter("ignore")
    guard = NetworkGuard()
    guard.install()
    start = time.perf_counter()
    for folder in dict.fromkeys([folders[0], SEED]):
        run_story(folder)
    load_seconds = time.perf_counter() - start
    runs = {folder.name: run_story(folder) for folder in folders}
    result = {
        "format": EMIT_FORMAT,
        "newsprism": newsprism.__file__,
        "folders": [str(f) for f in folders],
        "warm_up_seconds": load_seconds,
        "blocked_network": sum(guard.attempts.values()),
        "stories": runs,
    }
    out.write_text(json.dumps(result), encoding="utf-8")


# --------------------------------------------------------------------------
# Systems: the working tree and an older commit, each run in a subprocess
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class System:
    name: str  # "ours" or "old"
    label: str  # what the data line says about it
    src: Path
    cache: Path | None  # where its run is cached; None: never


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], check=True, capture_output=True, text=True).stdout.strip()


def working_tree() -> System:
    head = git("rev-parse", "--short", "HEAD")
    dirty = ", modified" if git("status", "--porcelain", "--", "src") else ""
    return System("ours", f"working tree (HEAD {head}{dirty})", REPO / "src", None)


def old_commit(rev: str, set_name: str) -> System:
    """The commit `rev` as a detached worktree in /tmp (added when missing)."""
    sha = git("rev-parse", "--verify", f"{rev}^{{commit}}")
    tree = Path(tempfile.gettempdir()) / f"newsprism-{sha[:7]}"
    if not tree.exists():
        git("worktree", "prune")  # a worktree of an earlier session whose /tmp is gone stays registered
        git("worktree", "add", "--detach", str(tree), sha)
    elif (
        subprocess.run(["git", "-C", str(tree), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
        != sha
    ):
        raise SystemExit(f"{tree} exists but is not a checkout of {sha}; remove it (git worktree remove {tree})")
    return System("old", sha[:7], tree / "src", CACHE / f"{sha}-{set_name}.json")


def load_run(system: System, folders: Sequence[Path], fresh: bool, console: Console) -> dict[str, Any]:
    """The system's emitted run of `folders`: from its cache when that holds these folders, else by
    running this script with ``--emit`` in a subprocess whose PYTHONPATH puts the system's src/ first."""
    wanted = [str(f) for f in folders]
    if system.cache and system.cache.is_file() and not fresh:
        run = json.loads(system.cache.read_text(encoding="utf-8"))
        if run.get("format") == EMIT_FORMAT and run["folders"] == wanted:
            console.print(f"[dim]{system.name}: cached run {system.cache.relative_to(REPO)}[/]", highlight=False)
            return run
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run.json"
        # -P keeps the working folder (the system's checkout, with its own benchmarks/) off the import path:
        # newsprism comes from the system's src/, this script from this checkout
        command = [sys.executable, "-P", "-m", "benchmarks.readings", "--emit", str(out), "--stories", *wanted]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(system.src), str(REPO)))}
        with console.status(f"{system.name} ({system.label}): {len(folders)} stories..."):
            done = subprocess.run(command, env=env, cwd=system.src.parent, capture_output=True, text=True)
        if done.returncode != 0:
            console.print(done.stderr[-4000:], markup=False, highlight=False)
            raise SystemExit(f"{system.name}: the --emit run failed (exit {done.returncode})")
        run = json.loads(out.read_text(encoding="utf-8"))
    if not Path(run["newsprism"]).resolve().is_relative_to(system.src.resolve()):
        raise SystemExit(f"{system.name}: imported newsprism from {run['newsprism']}, not from {system.src}")
    if system.cache:
        system.cache.parent.mkdir(parents=True, exist_ok=True)
        system.cache.write_text(json.dumps(run), encoding="utf-8")
    return run


# --------------------------------------------------------------------------
# Matching text: SPEC.md's normalisations
# --------------------------------------------------------------------------

QUOTES = str.maketrans({c: "'" for c in "‘’‚‛′`"} | {c: '"' for c in "“”„‟″«»"})


def folded(text: str) -> tuple[str, list[int]]:
    """`text` lower-cased, quotes straightened, each run of spaces one space; with, for each
    character of the result, the offset of the character it comes from in `text`."""
    chars: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        for c in char.translate(QUOTES).lower():
            chars.append(c)
            where.append(i)
    return "".join(chars), where


def plain(text: str | None) -> str:
    """NFKC, straight quotes, collapsed spaces, lower case: how a text is matched inside another."""
    return " ".join(unicodedata.normalize("NFKC", text or "").translate(QUOTES).split()).lower()


def spans_in(body: str, snippet: str) -> list[tuple[int, int]]:
    """Every span of `body` that reads as `snippet` (ignoring case, quote style and runs of spaces)."""
    text, where = folded(body)
    needle = folded(snippet)[0].strip()
    spans, at = [], text.find(needle) if needle else -1
    while at >= 0:
        spans.append((where[at], where[at + len(needle) - 1] + 1))
        at = text.find(needle, at + 1)
    return spans


# --------------------------------------------------------------------------
# Scoring one story
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    file: str  # the article's file name, e.g. "fox.txt"
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Snippet:
    file: str
    text: str
    spans: tuple[tuple[int, int], ...]  # where it is in the body; empty: match member texts instead

    def held_by(self, members: Iterable[Member]) -> bool:
        """A member of this snippet's article covers half of its span (or contains its text)."""
        mine = [m for m in members if m.file == self.file]
        if not self.spans:
            return any(plain(self.text) in plain(m.text) for m in mine)
        return any(min(e, m.end) - max(s, m.start) >= (e - s) / 2 for m in mine for s, e in self.spans)


class Story:
    """One emitted run of a story, its members named by file, ready to score against its reading."""

    def __init__(self, run: dict[str, Any]) -> None:
        folder = Path(run["folder"])
        self.reading = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        self.file = {}  # article id or source -> file name
        self.bodies = {}  # file name -> body as compare read it
        for article in run["articles"]:
            name = Path(article["source"]).name
            self.file[article["id"]] = self.file[article["source"]] = name
            self.bodies[name] = article["body"]
        self.facts = {fact["id"]: self.members(fact["members"]) for fact in run["facts"]}
        self.conflicts = [
            self.members(c["members"]) + self.facts.get(c.get("fact") or "", ()) for c in run["conflicts"]
        ]
        self.quotes = run["quotes"]
        self.seconds = run["seconds"]

    def members(self, members: Iterable[dict[str, Any]]) -> tuple[Member, ...]:
        return tuple(Member(self.file.get(m["article"], "?"), m["start"], m["end"], m["text"]) for m in members)

    def snippet(self, key: str, text: str) -> Snippet:
        """The snippet `text` of the article `key` names: a file name ("fox.txt") or its stem ("fox")."""
        file = key if key.endswith(".txt") else f"{key}.txt"
        body = self.bodies.get(file)
        return Snippet(file, text, tuple(spans_in(body, text)) if body is not None else ())

    def entry(self, item: dict[str, str]) -> list[Snippet]:
        """The snippets of a shared / partly / distinct / conflicts entry (every key but "about")."""
        return [self.snippet(key, text) for key, text in item.items() if key != "about"]

    def holding(self, snippets: Sequence[Snippet]) -> list[tuple[Member, ...]]:
        """The facts that hold every one of `snippets`."""
        return [m for m in self.facts.values() if all(s.held_by(m) for s in snippets)]

    def score(self) -> dict[str, tuple[int, int]]:
        """found/total of each measure."""
        reading = self.reading
        shared = [bool(self.holding(self.entry(i))) for i in reading.get("shared_facts", [])]
        partly = [bool(self.holding(self.entry(i))) for i in reading.get("partly_shared", [])]
        distinct = [not self.holding(self.entry(i)) for i in reading.get("distinct", [])]
        only = [self.alone(self.snippet(f, t)) for f, texts in reading.get("only_in", {}).items() for t in texts]
        conflicts = [
            any(all(s.held_by(c) for s in self.entry(i)) for c in self.conflicts) for i in reading.get("conflicts", [])
        ]
        quotes = [self.quoted(f, q) for f, a in reading["articles"].items() for q in a.get("quotes", [])]
        lists = (shared, partly, only, distinct, conflicts, quotes)
        return {measure: (sum(hits), len(hits)) for measure, hits in zip(MEASURES, lists, strict=True)}

    def alone(self, snippet: Snippet) -> bool:
        """Some fact holds the snippet, and every fact that holds it has members of its outlet only."""
        facts = self.holding([snippet])
        return bool(facts) and all({m.file for m in members} == {snippet.file} for members in facts)

    def quoted(self, file: str, quote: dict[str, str]) -> bool:
        """newsprism gives, for `file`, a quote containing text_contains whose speaker contains the surname."""
        text, surname = plain(quote["text_contains"]), plain(quote["speaker"])
        return any(
            self.file.get(q["article"]) == file and text in plain(q["text"]) and surname in plain(q.get("speaker"))
            for q in self.quotes
        )

    def sizes(self) -> dict[str, float]:
        return {
            "facts": len(self.facts),
            "biggest": max((len(m) for m in self.facts.values()), default=0),
            "seconds": self.seconds,
        }


# --------------------------------------------------------------------------
# Totals, tables, JSON
# --------------------------------------------------------------------------


def story_numbers(story: Story) -> dict[str, Any]:
    return {**{m: list(v) for m, v in story.score().items()}, **story.sizes()}


def total(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Summed measures, all facts, the biggest fact, mean seconds per story."""
    sums = {m: [sum(r[m][0] for r in rows), sum(r[m][1] for r in rows)] for m in MEASURES}
    return {
        **sums,
        "percent": {m: round(100 * f / t, 1) if t else None for m, (f, t) in sums.items()},
        "facts": sum(r["facts"] for r in rows),
        "biggest": max((r["biggest"] for r in rows), default=0),
        "seconds": sum(r["seconds"] for r in rows) / len(rows) if rows else 0.0,
    }


def score_set(runs: dict[str, dict[str, Any]], names: Sequence[str]) -> dict[str, Any]:
    """Per story and in total, per system, of the stories `names`."""
    stories = {n: {s: story_numbers(Story(run["stories"][n])) for s, run in runs.items()} for n in names}
    totals = {s: total([stories[n][s] for n in names]) for s in runs}
    return {"stories": stories, "total": totals}


def fraction(value: Sequence[int]) -> str:
    return f"{value[0]}/{value[1]}"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def cells(numbers: dict[str, Any], measures: Sequence[str]) -> list[tuple[str, str]]:
    """The (ours, old) texts of one row: each measure's found/total, facts, biggest, seconds."""
    ours, old = numbers["ours"], numbers["old"]
    row = [(fraction(ours[m]), fraction(old[m])) for m in measures]
    row += [(str(ours[k]), str(old[k])) for k in ("facts", "biggest")]
    return row + [(f"{ours['seconds']:.1f}", f"{old['seconds']:.1f}")]


def aligned(rows: list[list[tuple[str, str]]]) -> list[list[str]]:
    """Each (ours, old) as "ours | old", padded so that the bars of a column line up."""
    widths = [(max(len(r[i][0]) for r in rows), max(len(r[i][1]) for r in rows)) for i in range(len(rows[0]))]
    return [
        [f"{a:>{w}} | {b:>{v}}" if a or b else "" for (a, b), (w, v) in zip(row, widths, strict=True)] for row in rows
    ]


def print_table(title: str, scored: dict[str, Any], console: Console) -> None:
    """One row per story, then TOTAL and % (when there are several stories); measures no reading of
    the set has (total 0) are left out."""
    totals = scored["total"]
    measures = [m for m in MEASURES if totals["ours"][m][1]]
    table = result_table(title, console, ["story", *measures, "facts", "biggest", "s/story"], left=["story"])
    names = list(scored["stories"])
    last_story = names[-1]
    rows = [cells(scored["stories"][name], measures) for name in names]
    if len(names) > 1:
        names.append("TOTAL")
        rows.append(cells(totals, measures))
    rows.append([(percent(totals["ours"]["percent"][m]), percent(totals["old"]["percent"][m])) for m in measures])
    rows[-1] += [("", "")] * 3
    for name, row in zip([*names, "%"], aligned(rows), strict=True):
        table.add_row(name, *row, end_section=name == last_story)
    console.print(table)


def report_failures(runs: dict[str, dict[str, Any]], console: Console) -> None:
    for system, run in runs.items():
        for story in run["stories"].values():
            for line in story["failed"]:
                console.print(f"[yellow]{system}: article left out:[/] {line}", highlight=False)
        if run["blocked_network"]:
            console.print(f"[yellow]{system}: {run['blocked_network']} network attempts blocked[/]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding readings-dev/")
    parser.add_argument("--set", default="dev", choices=tuple(SETS), help="readings-dev (default) or readings-train")
    parser.add_argument("--against", default=DEFAULT_AGAINST, help=f"the older commit (default {DEFAULT_AGAINST})")
    parser.add_argument("--fresh", action="store_true", help="rerun the older commit instead of reading its cache")
    parser.add_argument("--json", type=Path, default=None, help="also write all numbers to this JSON file")
    parser.add_argument("--no-voices", action="store_true", help="leave out the voices table (roles, non-speakers)")
    parser.add_argument("--emit", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stories", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.emit:
        emit(args.stories, args.emit)
        return 0

    console = wide_console(200)
    data = args.data.resolve()
    folders = story_folders(data, args.set)
    systems = (working_tree(), old_commit(args.against, args.set))
    runs = {s.name: load_run(s, folders, args.fresh, console) for s in systems}
    report_failures(runs, console)
    names = [f.name for f in folders if f != SEED]
    sets = {SETS[args.set]: score_set(runs, names), "seed pair": score_set(runs, [SEED.name])}

    console.print(
        f"data: {data / SETS[args.set]} ({len(names)} stories) and {SEED.relative_to(REPO)}; "
        + "; ".join(f"{s.name}: {s.label}" for s in systems),
        highlight=False,
    )
    for label, scored in sets.items():
        print_table(f"{label}: ours | old ({systems[1].label}), found/total", scored, console)
    for name, run in runs.items():
        console.print(f"[dim]{name}: warm-up (models, workers) {run['warm_up_seconds']:.1f} s, not counted[/]")
    if not args.no_voices:  # this code's voices: roles, speakers that are none, every scare quote (quotes.py)
        from benchmarks.quotes import print_readings, readings_report

        print_readings(args.set, readings_report(data, args.set), console)
    if args.json:
        systems_json = {s.name: {"label": s.label, "src": str(s.src)} for s in systems}
        args.json.write_text(json.dumps({"data": str(data), "systems": systems_json, "sets": sets}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
