"""Records to JSON text and back: this working tree (a JSON form pydantic generates from the record
definitions) beside the previous commit (hand-written `to_dict`/`from_dict`) and peers that generate a
JSON form from the same classes (msgspec, cattrs): speed, memory, fidelity and the published schema.

Usage::

    python -m benchmarks.records                    # 100,000 Articles, 10,000 AnnotatedArticles, 1,000 Comparisons
    python -m benchmarks.records --articles 20000   # a tenth and a hundredth of that in the others
    python -m benchmarks.records --against 5afd6e5 --parts fidelity,schema --json out.json

The records are real and the same for every system: the seed pair (examples/geneva-2022-01-21) goes
once through this tree's pipeline (`read_articles`, `annotate`, `compare`), then its two articles are
replicated and varied (id, body, headline, raw input with hints, every third without a dateline, every
fifth without its raw input) to `--articles` Articles, `--annotated` AnnotatedArticles (default articles
/ 10; people with mentions, quotes, entities, noun phrases, clauses) and `--comparisons` Comparisons of
the pair (default articles / 100). An Article travels whole, with its raw input; the articles inside
AnnotatedArticles and Comparisons have none, as their JSON never carries it.

Each tree runs in a process of its own (this script with ``--emit``, its ``src/`` first on PYTHONPATH,
as ``benchmarks/readings.py`` runs an older commit), which rebuilds the records from their field values
with its own classes and checks that they are the ones the other process built:

* ``ours``: this working tree: ``record.to_json()`` / ``Kind.from_json(text)``; a whole article as
  ``ArticleWithRaw``;
* ``previous``: ``--against`` (default 5afd6e5, the last commit with the hand-written records), checked
  out as a detached worktree in ``/tmp/newsprism-<sha>``: ``json.dumps(record.to_dict())`` /
  ``Kind.from_dict(json.loads(text))``; a whole article as ``to_dict(with_raw=True)``;
* ``msgspec``: ``msgspec.json.Encoder().encode`` / ``msgspec.json.Decoder(Kind).decode``, on this
  tree's classes, in its process;
* ``cattrs``: cattrs' orjson converter, ``dumps`` / ``loads``, likewise.

The peers write a generic form of the fields (a removed line as an object, hints as pairs, no derived
keys), not newsprism's JSON. They are not in requirements.lock (``pip install msgspec cattrs orjson``);
a peer that is not installed loses its rows, with a warning.

Speed: the round trip record -> JSON text -> record, in chunks of 1,000, in `--repeat` rounds (the two
trees' processes take turns, so that a busy spell of the machine hits both), after one untimed round
trip per type (what a library builds once: adapter, decoder, converter); the fastest encoding and
decoding of each system are shown, and "x previous", the previous commit's total time over its own.
Each process builds its records first and freezes them out of the garbage collector's sight
(`gc.freeze`), as a process that streams records through would hold none: otherwise the collector's
rescans of the corpus, not the code, dominate the reading times at 100,000 articles. "equal back":
every record came back equal, raw input included. Memory: the peak that tracemalloc traces over one
chunk's round trip (not what a library's native code allocates outside Python's allocator).

Fidelity (`--parts fidelity`): one real instance of every record type of this tree goes through both
trees: this tree's JSON against the previous commit's JSON of the same record (JSON values, every
difference listed by path; then objects whose keys come in another order), and whether the previous
commit's JSON reads back here to an equal record (field for field the one this tree's own JSON reads
back to). A type the previous commit did not have is marked new.

Schema (`--parts schema`): whether data/comparison.schema.json is what the records generate
(`comparison_schema()`), and the seed Comparison's JSON from each tree validated against it and against
the previous commit's hand-written schema (jsonschema, draft 2020-12), with what each schema states.
``--json OUT`` writes every number. No network is used.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import hashlib
import importlib
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from rich.console import Console

from benchmarks.common import result_table, system_names, version, wide_console
from benchmarks.readings import System, old_commit, working_tree

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "geneva-2022-01-21"
SCHEMA = Path("newsprism") / "data" / "comparison.schema.json"  # under a tree's src/
CHUNK = 1_000
DEFAULT_AGAINST = "5afd6e5"  # the last commit whose records were hand-written (src/newsprism/records.py)
PEERS = ("msgspec", "cattrs")
SYSTEMS = ("ours", "previous", *PEERS)
KINDS = ("Article", "AnnotatedArticle", "Comparison")
# where the previous commit kept its records; this tree has them all in the first
RECORD_MODULES = (
    "newsprism.records",
    "newsprism.corpus.outlets",
    "newsprism.store.articles",
    "newsprism.store.feeds",
    "newsprism.store.stories",
)
WITH_RAW = "Article (raw inside)"  # the older form of a whole article, which this tree still reads


# the records, as either tree builds them --------------------------------------------------------------


def field_values(value: Any) -> Any:
    """`value` with each record replaced by a dict of its class name (``"@"``) and its field values: what
    either tree's classes rebuild it from (`rebuilt`), whatever order their fields come in."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: field_values(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"@": type(value).__name__, **fields}
    if isinstance(value, tuple):
        return tuple(field_values(item) for item in value)
    return value  # no record has a dict or list field


def rebuilt(value: Any, classes: dict[str, type]) -> Any:
    """The records `field_values` took apart, built with `classes` (by name); KeyError for a class they
    lack."""
    if isinstance(value, dict):
        return classes[value["@"]](**{k: rebuilt(v, classes) for k, v in value.items() if k != "@"})
    if isinstance(value, tuple):
        return tuple(rebuilt(item, classes) for item in value)
    return value


def record_classes() -> dict[str, type]:
    """Every record class of the newsprism this process imports, by name."""
    classes: dict[str, type] = {}
    for name in RECORD_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value):
                classes.setdefault(value.__name__, value)
    return classes


def digest(records: list) -> str:
    """A digest of `records`' field values that does not depend on their classes' field order."""
    text = json.dumps(field_values(tuple(records)), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def seed_records() -> tuple[tuple, tuple, Any]:
    """The seed pair through this tree's pipeline, once: its articles (with their raw input), their
    annotations and their comparison."""
    from newsprism.annotate import annotate
    from newsprism.compare import compare
    from newsprism.pipeline import read_articles

    articles = tuple(read_articles(sorted(SEED.glob("*.txt")), strict=True))
    annotated = tuple(annotate(articles, processes=1))
    return articles, annotated, compare(annotated)


def varied_article(base: Any, i: int, *, with_raw: bool = True) -> Any:
    """Copy `i` of a seed article: another id, body and headline, hints in its raw input, every third
    without a dateline, every fifth without a raw input."""
    suffix = f" (copy {i})"
    raw = None
    if with_raw and base.raw is not None and i % 5:
        raw = replace(
            base.raw,
            id=f"{i:08d}-{base.raw.id}",
            source=f"{base.raw.source}#{i}",
            content=base.raw.content + suffix,
            hints=(("feed", f"https://example.org/feed-{i % 7}.xml"), ("title", (base.headline or "") + suffix)),
        )
    return replace(
        base,
        id=f"{i:08d}-{base.id}",
        source=f"{base.source}#{i}",
        headline=(base.headline or "") + suffix,
        body=base.body + suffix,
        url=f"https://example.org/news/{i}",
        dateline=None if i % 3 == 0 else base.dateline,
        raw=raw,
    )


def corpus(seed: tuple[tuple, tuple, Any], sizes: dict[str, int]) -> dict[str, list]:
    """`sizes[kind]` records of each kind of `KINDS`, made from the seed."""
    pair, annotated, comparison = seed
    comparison = replace(comparison, articles=tuple(replace(a, raw=None) for a in comparison.articles))
    n = len(pair)
    return {
        "Article": [varied_article(pair[i % n], i) for i in range(sizes["Article"])],
        "AnnotatedArticle": [
            replace(annotated[i % n], article=varied_article(pair[i % n], i, with_raw=False))
            for i in range(sizes["AnnotatedArticle"])
        ],
        "Comparison": [comparison] * sizes["Comparison"],
    }


def samples(seed: tuple[tuple, tuple, Any]) -> dict[str, Any]:
    """One real instance of every record type of this tree, by type name (`WITH_RAW`: an article with
    its raw input, for the older form of its JSON): the seed pair's own, and the store's, outlet and
    web API records made of them."""
    from newsprism import records as r

    articles, annotated, comparison = seed
    article = varied_article(articles[0], 1)  # with hints in its raw input
    fact = next((f for f in comparison.facts if f.attributed), comparison.facts[0])
    voice, framing = comparison.voices[0], comparison.framing[0]
    speaker = r.SpeakerCount(voice.speaker, voice.role, 1, voice.direct, voice.partial, voice.indirect, voice.words)
    profile = r.OutletProfile(
        outlet=article.outlet or article.source, stories=1, missed=0, compared=1, articles=1, words=450,
        exclusives=3, exclusive_details=2, omissions=len(framing.omissions), speakers=(speaker,), direct=5,
        partial=3, indirect=11, scare_quotes=0, loaded=None, hedges=len(framing.hedges),
        attribution_verbs=framing.attribution_verbs, stated=framing.stated, attributed=framing.attributed,
    )  # fmt: skip
    at = "2026-12-07T07:00:00+00:00"
    story = r.StoredStory(
        "story-1", article.headline, "2022-01-21", "2022-01-21", 2, ("Reuters", "Xinhua"), ("a1", "a2"), at
    )
    brief = r.ArticleBrief.of(article)
    failed = r.Failed("feeds/bad.xml", "ingest", "not UTF-8, Latin-1 or CP-1252; pass --encoding")
    found = [
        article.raw, article.dateline, article.credits[0], article.removed[0], article, failed,
        r.ArticleWithRaw.of(article), annotated[0], annotated[0].sentences[0], annotated[0].entities[0],
        annotated[0].people[0], annotated[0].quotes[0], next((q for a in annotated for q in a.scare_quotes), None),
        comparison, fact, fact.members[0], next(iter(comparison.conflicts), None), voice, framing,
        next((t for f in comparison.framing for t in (*f.hedges, *f.scare_quotes, *f.loaded)), None), comparison.summary[0],
        speaker, profile, r.OutletList(1, 1, (profile,)), r.IngestCounts(2, 1, 0, added=("a1", "a2")),
        r.IngestReport(2, 1, 1, stories_changed=1, failures=(failed,)),
        r.StoredArticle(replace(article, raw=None), "reuters.txt", at),
        r.FeedState("https://example.org/feed.xml", '"abc"', None, at, "200"), story,
        r.StoryCoverage.of(story, {"Reuters": 1, "Xinhua": 1}),
        r.StoryDetail.of(story, {"Reuters": 1, "Xinhua": 1}, article_briefs=(brief,)), brief, r.Page(1, 50, 0, (brief,)),
    ]  # fmt: skip
    return {type(record).__name__: record for record in found if record is not None} | {WITH_RAW: article}


def without_sample(cases: dict[str, Any]) -> list[str]:
    """The record types of this tree that `cases` has no instance of (the seed pair made none)."""
    from newsprism import records as r

    kinds = {n for n in r.__all__ if isinstance(getattr(r, n), type) and issubclass(getattr(r, n), r.Record)}
    return sorted(kinds - {"Record", *cases})


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# the systems -------------------------------------------------------------------------------------------


@dataclass
class Codec:
    """One way to write a record as JSON text (or bytes) and read it back as a `kind`."""

    name: str
    library: str
    write: Callable[[Any], str | bytes]
    read: Callable[[type, str | bytes], Any]


def tree_codec(name: str) -> Codec:
    """The JSON form of the newsprism this process imports: generated (``ours``) or hand-written
    (``previous``); a whole article with its raw input, as each writes one."""
    from newsprism import records

    if name == "ours":
        whole = records.ArticleWithRaw
        return Codec(
            name,
            f"pydantic {version('pydantic')}, generated",
            write=lambda r: (whole.of(r) if isinstance(r, records.Article) else r).to_json(),
            read=lambda kind, text: whole.from_json(text).whole() if kind is records.Article else kind.from_json(text),
        )
    return Codec(
        name,
        "hand-written, json (stdlib)",
        write=lambda r: json.dumps(r.to_dict(with_raw=True) if isinstance(r, records.Article) else r.to_dict(), ensure_ascii=False),
        read=lambda kind, text: kind.from_dict(json.loads(text)),
    )  # fmt: skip


def peer_codec(name: str) -> Codec:
    """A peer, on this tree's classes; ImportError when its library is not installed."""
    if name == "msgspec":
        import msgspec

        decoder = cache(msgspec.json.Decoder)
        encoder = msgspec.json.Encoder()
        return Codec(name, f"msgspec {version('msgspec')}", encoder.encode, lambda kind, b: decoder(kind).decode(b))
    from cattrs.preconf.orjson import make_converter

    converter = make_converter()
    library = f"cattrs {version('cattrs')} + orjson {version('orjson')}"
    return Codec(name, library, converter.dumps, lambda kind, text: converter.loads(text, kind))


def json_text(name: str, record: Any) -> str:
    """The JSON of sample `name` as the newsprism this process imports writes it."""
    if name == WITH_RAW:
        return json.dumps(record.to_dict(with_raw=True), ensure_ascii=False)
    if hasattr(record, "to_json"):  # generated
        return record.to_json()
    return json.dumps(record.to_dict(), ensure_ascii=False)


# one process: a tree (and the peers, beside this one) ------------------------------------------------


def round_trip(codec: Codec, kind: type, records: list) -> dict[str, Any]:
    """Time `codec` over `records` in chunks; whether all came back equal, raw input included."""
    encode_s = decode_s = 0.0
    size = 0
    equal = True
    for chunk in chunks(records):
        started = time.perf_counter()
        texts = [codec.write(record) for record in chunk]
        encoded = time.perf_counter()
        back = [codec.read(kind, text) for text in texts]
        decode_s += time.perf_counter() - encoded
        encode_s += encoded - started
        size += sum(len(text.encode() if isinstance(text, str) else text) for text in texts)
        raws = [getattr(record, "raw", None) for record in chunk]
        equal = equal and back == chunk and [getattr(record, "raw", None) for record in back] == raws
    return {"encode_s": encode_s, "decode_s": decode_s, "bytes": size, "equal": equal}


def peak_memory(codec: Codec, kind: type, records: list) -> float:
    """MiB traced at the peak of one chunk's round trip."""
    tracemalloc.start()
    chunk = records[:CHUNK]
    [codec.read(kind, text) for text in [codec.write(record) for record in chunk]]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def emit(payload: Path, out: Path, names: list[str], first: bool) -> None:
    """One round of the systems `names` (a tree first, then peers) on the payload's records, written to
    `out` as JSON; with `first`, also each one's peak memory and the tree's JSON of every sample."""
    import newsprism

    given = pickle.loads(payload.read_bytes())
    classes = record_classes()
    seed = rebuilt(given["seed"], classes)
    data = corpus(seed, given["sizes"])
    codecs, skipped = [], {}
    for name in names:
        try:
            codecs.append(tree_codec(name) if name in ("ours", "previous") else peer_codec(name))
        except ImportError as error:
            skipped[name] = f"{error} (not in requirements.lock: pip install msgspec cattrs orjson)"
    for codec in codecs:  # untimed: what a library builds once per type (adapter, decoder, converter)
        for kind_name, records in data.items():
            for record in records[:1]:
                codec.read(classes[kind_name], codec.write(record))
    gc.collect()
    gc.freeze()  # the corpus is long-lived: the collector would rescan its millions of objects every few chunks
    runs: dict[str, dict[str, Any]] = {}
    for kind_name, records in data.items():
        runs[kind_name] = {}
        for codec in codecs:
            kind = classes[kind_name]
            try:
                runs[kind_name][codec.name] = round_trip(codec, kind, records)
                if first and records:
                    runs[kind_name][codec.name]["peak_mib"] = peak_memory(codec, kind, records)
            except Exception as error:
                runs[kind_name][codec.name] = {"error": f"{type(error).__name__}: {_first_line(error)}"}
    written: dict[str, dict[str, Any]] = {}
    for name, values in given["samples"].items() if first else ():
        try:
            record = rebuilt(values, classes)
        except KeyError:
            written[name] = {"new": True}  # a type this tree does not have
            continue
        try:
            written[name] = {"json": json_text(name, record)}
        except Exception as error:
            written[name] = {"error": f"{type(error).__name__}: {_first_line(error)}"}
    result = {
        "newsprism": newsprism.__file__,
        "digests": {kind: digest(records[:CHUNK]) for kind, records in data.items()},
        "library": {codec.name: codec.library for codec in codecs},
        "skipped": skipped,
        "runs": runs,
        "json": written,
    }
    out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


def run_round(tree: System, names: list[str], payload: Path, first: bool, console: Console) -> dict[str, Any]:
    """One round of `names` in a process that imports newsprism from `tree`'s src/."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "round.json"
        # -P keeps the working folder (the tree's checkout, with its own benchmarks/) off the import path:
        # newsprism comes from the tree's src/, this script from this checkout
        command = [sys.executable, "-P", "-m", "benchmarks.records", "--emit", str(out), "--payload", str(payload)]
        command += ["--systems", ",".join(names)] + ["--first"] * first
        env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(tree.src), str(ROOT)))}
        with console.status(f"{', '.join(names)} ({tree.label})..."):
            done = subprocess.run(command, env=env, cwd=tree.src.parent, capture_output=True, text=True)
        if done.returncode:
            console.print(done.stderr[-4000:], markup=False, highlight=False)
            raise SystemExit(f"{tree.label}: the --emit run failed (exit {done.returncode})")
        result = json.loads(out.read_text(encoding="utf-8"))
    if not Path(result["newsprism"]).resolve().is_relative_to(tree.src.resolve()):
        raise SystemExit(f"{tree.label}: imported newsprism from {result['newsprism']}, not from {tree.src}")
    return result


def run_rounds(processes: dict[System, list[str]], given: dict[str, Any], repeat: int, console: Console) -> list:
    """`repeat` rounds of each tree's process (the systems it runs) on the records `given`, taking turns:
    a list of rounds per process."""
    rounds: list[list[dict[str, Any]]] = [[] for _ in processes]
    with tempfile.TemporaryDirectory() as tmp:
        payload = Path(tmp) / "records.pickle"
        payload.write_bytes(pickle.dumps(given))
        for round_ in range(repeat):
            for found, (tree, systems) in zip(rounds, processes.items(), strict=True):
                found.append(run_round(tree, systems, payload, round_ == 0, console))
    return rounds


# speed -------------------------------------------------------------------------------------------------


def best_of(runs: list[dict[str, Any]], count: int) -> dict[str, Any]:
    """The fastest encoding and the fastest decoding of `runs` (the machine is shared: the minimum is the
    least disturbed), with every run's total."""
    encode_s = min(run["encode_s"] for run in runs)
    decode_s = min(run["decode_s"] for run in runs)
    return {
        "records": count,
        "runs": len(runs),
        "encode_s": encode_s,
        "decode_s": decode_s,
        "total_s": encode_s + decode_s,
        "totals_s": [run["encode_s"] + run["decode_s"] for run in runs],
        "per_s": count / (encode_s + decode_s),
        "bytes_per_record": runs[0]["bytes"] / count,
        "peak_mib_per_chunk": next((run["peak_mib"] for run in runs if "peak_mib" in run), None),
        "equal": all(run["equal"] for run in runs),
    }


def speed_tables(rounds: list[dict[str, Any]], sizes: dict[str, int], repeat: int, console: Console) -> dict:
    """A table per kind of record, a row per system, from every round of every process."""
    library = {name: label for result in rounds for name, label in result["library"].items()}
    report: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        if not sizes[kind]:
            continue
        runs: dict[str, list[dict[str, Any]]] = {}
        for result in rounds:
            for name, run in result["runs"][kind].items():
                runs.setdefault(name, []).append(run)
        rows = {
            name: next((r for r in found if "error" in r), None) or best_of(found, sizes[kind])
            for name, found in runs.items()
        }
        report[kind] = rows
        previous = rows.get("previous", {}).get("total_s")
        columns = ["system", "JSON by", "to JSON s", "from JSON s", "total s", f"{kind}s/s", "x previous"]
        table = result_table(
            f"Round trip of {sizes[kind]:,} {kind}s (record -> JSON text -> record, chunks of {CHUNK:,}; "
            f"fastest of {repeat} rounds)",
            console,
            [*columns, "bytes each", "peak MiB/chunk", "equal back"],
            left=["system", "JSON by"],
        )
        for name in SYSTEMS:
            row = rows.get(name)
            if row is None:
                continue
            if "error" in row:
                table.add_row(name, library[name], f"[red]{row['error'][:80]}[/]")
                continue
            table.add_row(
                name, library[name], f"{row['encode_s']:.2f}", f"{row['decode_s']:.2f}", f"{row['total_s']:.2f}",
                f"{row['per_s']:,.0f}", f"{previous / row['total_s']:.2f}" if previous else "-",
                f"{row['bytes_per_record']:,.0f}", f"{row['peak_mib_per_chunk']:.1f}",
                "yes" if row["equal"] else "[red]NO[/]",
            )  # fmt: skip
        console.print(table)
    return report


# fidelity ----------------------------------------------------------------------------------------------


def differences(ours: Any, theirs: Any, path: str = "$") -> list[str]:
    """Where the JSON value `theirs` (the previous commit's) differs from `ours`, one line a place, list
    indices collapsed to [*]."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found = [f"{path}.{k}: only ours ({_kind(ours[k])})" for k in ours if k not in theirs]
        found += [f"{path}.{k}: only previous ({_kind(theirs[k])})" for k in theirs if k not in ours]
        for key in ours:
            if key in theirs:
                found += differences(ours[key], theirs[key], f"{path}.{key}")
        return found
    if isinstance(ours, list) and isinstance(theirs, list):
        if len(ours) != len(theirs):
            return [f"{path}: {len(ours)} items ours, {len(theirs)} previous"]
        return [line for a, b in zip(ours, theirs, strict=True) for line in differences(a, b, f"{path}[*]")]
    if type(ours) is not type(theirs) or ours != theirs:
        return [f"{path}: {ours!r:.40} ours, {theirs!r:.40} previous"]
    return []


def _kind(value: Any) -> str:
    if isinstance(value, list):
        inner = {_kind(v) for v in value}
        return f"list of {'/'.join(sorted(inner))}" if inner else "empty list"
    return "object" if isinstance(value, dict) else "null" if value is None else type(value).__name__


def key_orders(ours: Any, theirs: Any, path: str = "$") -> list[str]:
    """Objects whose keys come in another order (the same keys), from the first key that differs."""
    found = []
    if isinstance(ours, dict) and isinstance(theirs, dict):
        if set(ours) == set(theirs) and list(ours) != list(theirs):
            start = next(i for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b)
            found.append(f"{path}: ours …{', '.join(list(ours)[start:])}; previous …{', '.join(list(theirs)[start:])}")
        for key in ours.keys() & theirs.keys():
            found += key_orders(ours[key], theirs[key], f"{path}.{key}")
    elif isinstance(ours, list) and isinstance(theirs, list):
        for a, b in zip(ours, theirs, strict=False):
            found += key_orders(a, b, f"{path}[*]")
    return found


def _fields_equal(a: Any, b: Any) -> bool:
    """Equal including fields with compare=False (Article.raw, IngestCounts.added)."""
    if dataclasses.is_dataclass(a) and type(a) is type(b):
        return all(_fields_equal(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_fields_equal(x, y) for x, y in zip(a, b, strict=True))
    return a == b and type(a) is type(b)


def _first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return " / ".join(lines[:3])[:200]


def fidelity(ours: dict[str, dict], previous: dict[str, dict], cases: dict[str, Any]) -> dict[str, dict]:
    """Per sample: this tree's JSON against the previous commit's (differences, key orders), and whether
    the previous commit's JSON reads back here to the sample, field for field what our own JSON gives."""
    result: dict[str, dict[str, Any]] = {}
    for name, record in cases.items():
        mine, theirs = ours[name], previous[name]
        if "json" not in mine or "json" not in theirs:
            result[name] = {"new": True} if theirs.get("new") else {"error": mine.get("error") or theirs["error"]}
            continue
        ours_json, previous_json = json.loads(mine["json"]), json.loads(theirs["json"])
        row: dict[str, Any] = {"differences": sorted(set(differences(ours_json, previous_json)))}
        row["key_order"] = sorted(set(key_orders(ours_json, previous_json)))
        try:
            read = type(record).from_json(theirs["json"])
            row["reads_back"] = read == record and _fields_equal(read, type(record).from_json(mine["json"]))
        except Exception as error:
            row["reads_back"] = f"{type(error).__name__}: {_first_line(error)}"
        result[name] = row
    return result


def fidelity_table(found: dict[str, dict[str, Any]], against: str, console: Console) -> None:
    table = result_table(
        f"Fidelity: this tree's JSON of each record against the previous commit's ({against}), and the "
        "previous commit's JSON read back here",
        console,
        ["record", "JSON values", "key order", "reads back equal", "differences (ours vs previous)"],
        left=["record", "differences (ours vs previous)"],
    )
    for name, row in found.items():
        if row.get("new"):
            table.add_row(name, "[dim]new[/]", "-", "-", f"[dim]no such record at {against}[/]")
            continue
        if "error" in row:
            table.add_row(name, f"[red]{row['error']}[/]", "-", "-", "-")
            continue
        table.add_row(
            name,
            "equal" if not row["differences"] else f"[red]{len(row['differences'])} diff[/]",
            "same" if not row["key_order"] else f"{len(row['key_order'])} differ",
            "yes" if row["reads_back"] is True else f"[red]{row['reads_back'] or 'not equal'}[/]",
            "\n".join(row["differences"] + [f"(order) {line}" for line in row["key_order"][:2]]) or "-",
        )
    console.print(table)


# schema ------------------------------------------------------------------------------------------------

KEYWORDS = ("required", "additionalProperties", "const", "enum", "minItems", "minimum", "description", "default")


def keyword_counts(schema: Any) -> dict[str, int]:
    """How often each of `KEYWORDS` constrains something in `schema` (not as a property's name)."""
    counts = dict.fromkeys(KEYWORDS, 0)

    def walk(node: Any, in_properties: bool = False) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not in_properties and key in counts and not (key == "additionalProperties" and value is not False):
                    counts[key] += 1
                walk(value, key == "properties" and not in_properties)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema)
    return counts


def validation_errors(schema: dict[str, Any], instance: Any) -> list[str]:
    from jsonschema import Draft202012Validator

    found: dict[str, int] = {}
    for error in Draft202012Validator(schema).iter_errors(instance):
        where = "/".join("*" if isinstance(p, int) else p for p in error.absolute_path) or "$"
        line = f"{where}: fails {error.validator} {json.dumps(error.validator_value)[:70]}"
        found[line] = found.get(line, 0) + 1
    return [f"{line} ({count}x)" for line, count in sorted(found.items())]


def schema_table(comparisons: dict[str, str], trees: dict[str, System], console: Console) -> dict[str, Any]:
    """The published schema against what the records generate; each tree's seed Comparison JSON
    against each tree's published schema."""
    from newsprism.records import comparison_schema

    labels = {"ours": "ours (generated)", "previous": f"previous ({trees['previous'].label}, hand-written)"}
    schemas = {labels[name]: json.loads((tree.src / SCHEMA).read_text("utf-8")) for name, tree in trees.items()}
    generated = schemas[labels["ours"]] == comparison_schema()
    console.print(
        f"data/comparison.schema.json (this tree) is what the records generate: {'yes' if generated else '[red]NO[/]'}",
        highlight=False,
    )
    table = result_table(
        "JSON Schema of Comparison: the seed pair's Comparison JSON of each tree validated, and what each schema "
        "states (keyword counts)",
        console,
        ["published schema", *(f"JSON of {name}" for name in comparisons), *KEYWORDS],
        left=["published schema"],
    )  # fmt: skip
    report: dict[str, Any] = {"published_is_generated": generated, "schemas": {}}
    for label, schema in schemas.items():
        errors = {name: validation_errors(schema, json.loads(text)) for name, text in comparisons.items()}
        counts = keyword_counts(schema)
        report["schemas"][label] = {"errors": errors, "keywords": counts}
        valid = ["valid" if not e else f"[red]{len(e)} errors[/]" for e in errors.values()]
        table.add_row(label, *valid, *map(str, counts.values()))
    console.print(table)
    for label, entry in report["schemas"].items():
        for name, errors in entry["errors"].items():
            for line in errors[:8]:
                console.print(f"  {label}, JSON of {name}: {line}", highlight=False, style="dim")
    return report


# main --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000, help="Articles in the round trip")
    parser.add_argument("--annotated", type=int, help="AnnotatedArticles (default: articles / 10)")
    parser.add_argument("--comparisons", type=int, help="Comparisons of the seed pair (default: articles / 100)")
    parser.add_argument("--against", default=DEFAULT_AGAINST, help=f"the previous commit (default {DEFAULT_AGAINST})")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated, of: " + ", ".join(SYSTEMS))
    parser.add_argument("--parts", default="speed,fidelity,schema", help="comma-separated: speed, fidelity, schema")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of each system; the fastest is shown")
    parser.add_argument("--json", type=Path, help="write every number here")
    parser.add_argument("--emit", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--payload", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--first", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    names = system_names(parser, args.systems, SYSTEMS)
    if args.emit:
        emit(args.payload, args.emit, names, args.first)
        return 0

    console = wide_console(160)
    parts = {part.strip() for part in args.parts.split(",")}
    speed = "speed" in parts
    sizes = {
        "Article": args.articles,
        "AnnotatedArticle": args.annotated if args.annotated is not None else args.articles // 10,
        "Comparison": args.comparisons if args.comparisons is not None else max(1, args.articles // 100),
    }
    sizes = {kind: size if speed else 0 for kind, size in sizes.items()}
    trees = {"ours": working_tree()}
    if "previous" in names:
        trees["previous"] = old_commit(args.against, "records")  # its worktree (readings' cache path unused)
    console.print("; ".join(f"{name}: {tree.label}" for name, tree in trees.items()), highlight=False)
    # a process per tree, the previous commit's first in each round; the peers run in ours, on its classes
    processes = {"previous": ["previous"]} if "previous" in names else {}
    if ours := [name for name in names if name != "previous"]:
        processes["ours"] = ours

    started = time.perf_counter()
    seed = seed_records()
    cases = samples(seed)
    console.print(f"seed pair through the pipeline: {time.perf_counter() - started:.1f} s", style="dim")
    if missing := without_sample(cases):
        console.print(f"[yellow]warning:[/] no sample of {', '.join(missing)}", highlight=False)
    given = {"seed": field_values(seed), "samples": {n: field_values(r) for n, r in cases.items()}, "sizes": sizes}
    rounds = run_rounds(
        {trees[name]: systems for name, systems in processes.items()}, given, args.repeat if speed else 1, console
    )
    first = dict(zip(processes, (found[0] for found in rounds), strict=True))
    for name, reason in {n: r for result in first.values() for n, r in result["skipped"].items()}.items():
        console.print(f"[yellow]warning:[/] skipping {name}: {reason}", highlight=False)
    same = len({json.dumps(result["digests"]) for result in first.values()}) == 1
    console.print(f"the same records in every process: {'yes' if same else '[red]NO[/]'}", highlight=False)
    report: dict[str, Any] = {
        "python": sys.version.split()[0],
        "systems": {name: tree.label for name, tree in trees.items()},
        "versions": {d: version(d) for d in ("pydantic", "pydantic-core", "msgspec", "cattrs", "orjson")},
        "sizes": sizes,
        "same_records": same,
    }
    if speed:
        report["speed"] = speed_tables([r for found in rounds for r in found], sizes, args.repeat, console)
    written = {name: result["json"] for name, result in first.items()}
    if "fidelity" in parts and len(written) == 2:
        report["fidelity"] = fidelity(written["ours"], written["previous"], cases)
        fidelity_table(report["fidelity"], trees["previous"].label, console)
    if "schema" in parts:
        comparisons = {name: written[name]["Comparison"]["json"] for name in ("ours", "previous") if name in written}
        report["schema"] = schema_table(comparisons, trees, console)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        console.print(f"wrote {args.json}", style="dim")
    return 0


if __name__ == "__main__":
    sys.exit(main())
