"""Records to JSON and back: the hand-written `to_dict`/`from_dict` against libraries that generate the
JSON form (and a JSON Schema) from the record definitions: speed, memory and fidelity.

Usage::

    python -m benchmarks.records [--articles 100000] [--annotated N] [--comparisons N]
        [--systems handwritten-json,handwritten-orjson,pydantic,pydantic-json,msgspec,msgspec-json,cattrs]
        [--parts speed,fidelity,schema] [--repeat 3] [--json OUT]

The records are real: the seed pair (examples/geneva-2022-01-21) goes once through newsprism's own
pipeline (`read_articles`, `annotate`, `compare`), then its two articles are replicated and varied
(id, body, headline, raw document with hints, every third without a dateline, every fifth without its
raw document) to `--articles` Articles (with `RawDoc`, credits, removed lines, datelines),
`--annotated` AnnotatedArticles (default articles / 10; people with mentions, quotes, entities, noun
phrases) and `--comparisons` Comparisons of the pair (default articles / 100). AnnotatedArticles and
Comparisons hold their articles without the raw document, as their hand-written JSON never carries it.

Each system does the round trip record -> JSON-ready dict -> JSON bytes -> dict -> record (or, for the
`-json` rows, record -> JSON bytes -> record in the library's own encoder/decoder), in chunks of 1,000
records, on the *current* record classes, unchanged; `--repeat` times, systems interleaved, and the
fastest encoding and decoding are shown, as the machine may be shared:

* ``handwritten-json``: ``to_dict`` / ``from_dict`` with the standard library's json (today's code);
* ``handwritten-orjson``: the same with orjson;
* ``pydantic``: ``TypeAdapter(T).dump_python(mode="json")`` / ``validate_python``, orjson in between;
* ``pydantic-json``: ``TypeAdapter(T).dump_json`` / ``validate_json``;
* ``msgspec``: ``msgspec.to_builtins`` / ``msgspec.convert``, orjson in between;
* ``msgspec-json``: ``msgspec.json.Encoder().encode`` / ``msgspec.json.Decoder(T).decode``;
* ``cattrs``: cattrs' orjson converter, ``unstructure`` / ``structure``.

The corpus is built first and frozen out of the garbage collector's sight (`gc.freeze`), as a process
that streams records through would hold none of them: otherwise the collector's rescans of the corpus,
not the libraries, dominate the decoding times at 100,000 articles. A row whose round trip does not give
back equal records says so. Memory is the peak traced by tracemalloc over one chunk's round trip (what a
library's native code allocates outside Python's allocator is not counted).

Fidelity (`--parts fidelity`): for every record type of `records.py`, `corpus/outlets.py` and `store/`,
each library's generated JSON against the hand-written `to_dict` output (JSON values equal, then key
order), every difference listed by path; whether the library's own round trip gives an equal record;
whether it reads the hand-written JSON (what the store and clients hold today); and which keys that
today's `from_dict` lets older JSON lack it refuses. Schemas (`--parts schema`): the JSON Schema each
library generates for `Comparison` against data/comparison.schema.json: the seed pair's `newsprism
compare … --format json` validated against each (jsonschema, draft 2020-12), and the constraints each
one states. No network is used.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from benchmarks.common import result_table, version, wide_console

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "geneva-2022-01-21"
CHUNK = 1_000
SYSTEMS = ("handwritten-json", "handwritten-orjson", "pydantic", "pydantic-json", "msgspec", "msgspec-json", "cattrs")


# the systems ---------------------------------------------------------------------------------------


@dataclass
class Codec:
    """One way to take records to JSON bytes and back. `to_builtins`/`from_builtins` are None for a
    system that goes straight between records and bytes (`encode`/`decode`)."""

    name: str
    library: str
    encode: Callable[[list[Any], type], list[bytes]]
    decode: Callable[[list[bytes], type], list[Any]]
    to_builtins: Callable[[Any, type], Any] | None = None
    from_builtins: Callable[[Any, type], Any] | None = None


def _json_dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def _hand_to(record: Any, kind: type) -> Any:
    from newsprism.records import Article

    return record.to_dict(with_raw=True) if isinstance(record, Article) else record.to_dict()


def _hand_from(data: Any, kind: type) -> Any:
    reader = getattr(kind, "from_dict", None)
    return reader(data) if reader else kind(**data)


def _via_builtins(name: str, library: str, to: Callable, back: Callable, dumps: Callable, loads: Callable) -> Codec:
    return Codec(
        name,
        library,
        encode=lambda records, kind: [dumps(to(r, kind)) for r in records],
        decode=lambda blobs, kind: [back(loads(b), kind) for b in blobs],
        to_builtins=to,
        from_builtins=back,
    )


def build_codec(name: str) -> Codec:
    """The system `name`; raises ImportError when its library is not installed."""
    if name == "handwritten-json":
        return _via_builtins(name, "json (stdlib)", _hand_to, _hand_from, _json_dumps, json.loads)
    if name == "handwritten-orjson":
        import orjson

        return _via_builtins(name, f"orjson {version('orjson')}", _hand_to, _hand_from, orjson.dumps, orjson.loads)
    if name in ("pydantic", "pydantic-json"):
        from functools import cache

        import orjson
        from pydantic import TypeAdapter

        adapter = cache(TypeAdapter)
        to = lambda record, kind: adapter(kind).dump_python(record, mode="json")  # noqa: E731
        back = lambda data, kind: adapter(kind).validate_python(data)  # noqa: E731
        library = f"pydantic {version('pydantic')}"
        if name == "pydantic":
            return _via_builtins(name, library + " + orjson", to, back, orjson.dumps, orjson.loads)
        return Codec(
            name,
            library,
            encode=lambda records, kind: [adapter(kind).dump_json(r) for r in records],
            decode=lambda blobs, kind: [adapter(kind).validate_json(b) for b in blobs],
            to_builtins=to,
            from_builtins=back,
        )
    if name in ("msgspec", "msgspec-json"):
        from functools import cache

        import msgspec
        import orjson

        to = lambda record, kind: msgspec.to_builtins(record)  # noqa: E731
        back = lambda data, kind: msgspec.convert(data, kind)  # noqa: E731
        library = f"msgspec {version('msgspec')}"
        if name == "msgspec":
            return _via_builtins(name, library + " + orjson", to, back, orjson.dumps, orjson.loads)
        encoder = msgspec.json.Encoder()
        decoder = cache(lambda kind: msgspec.json.Decoder(kind))
        return Codec(
            name,
            library,
            encode=lambda records, kind: [encoder.encode(r) for r in records],
            decode=lambda blobs, kind: [decoder(kind).decode(b) for b in blobs],
            to_builtins=to,
            from_builtins=back,
        )
    if name == "cattrs":
        import orjson
        from cattrs.preconf.orjson import make_converter

        converter = make_converter()
        to = lambda record, kind: converter.unstructure(record, kind)  # noqa: E731
        back = lambda data, kind: converter.structure(data, kind)  # noqa: E731
        return _via_builtins(name, f"cattrs {version('cattrs')} + orjson", to, back, orjson.dumps, orjson.loads)
    raise ValueError(name)


# the records ---------------------------------------------------------------------------------------


@dataclass
class Seed:
    articles: list  # Article, with raw
    annotated: list  # AnnotatedArticle
    comparison: Any  # Comparison


def seed_records() -> Seed:
    """The seed pair through newsprism's own pipeline, once."""
    from newsprism.annotate import annotate
    from newsprism.compare import compare
    from newsprism.pipeline import read_articles

    articles = list(read_articles(sorted(SEED.glob("*.txt")), strict=True))
    annotated = list(annotate(articles, processes=1))
    return Seed(articles, annotated, compare(annotated))


def varied_article(base: Any, i: int, *, with_raw: bool = True) -> Any:
    """Copy `i` of a seed article: another id, body and headline, hints in its raw document, every
    third without a dateline, every fifth without a raw document."""
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


def corpus(seed: Seed, articles: int, annotated: int, comparisons: int) -> dict[str, tuple[type, list]]:
    from newsprism.records import AnnotatedArticle, Article, Comparison

    pair = seed.articles
    comparison = replace(seed.comparison, articles=tuple(replace(a, raw=None) for a in seed.comparison.articles))
    return {
        "Article": (Article, [varied_article(pair[i % len(pair)], i) for i in range(articles)]),
        "AnnotatedArticle": (
            AnnotatedArticle,
            [
                replace(seed.annotated[i % len(pair)], article=varied_article(pair[i % len(pair)], i, with_raw=False))
                for i in range(annotated)
            ],
        ),
        "Comparison": (Comparison, [comparison] * comparisons),
    }


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# speed ---------------------------------------------------------------------------------------------


def round_trip(codec: Codec, kind: type, records: list) -> dict[str, Any]:
    """Time `codec` over `records` in chunks; whether all came back equal."""
    encode_s = decode_s = 0.0
    size = 0
    equal = True
    for chunk in chunks(records):
        started = time.perf_counter()
        blobs = codec.encode(chunk, kind)
        encoded = time.perf_counter()
        back = codec.decode(blobs, kind)
        decode_s += time.perf_counter() - encoded
        encode_s += encoded - started
        size += sum(map(len, blobs))
        equal = equal and back == chunk
    return {"encode_s": encode_s, "decode_s": decode_s, "bytes": size, "equal": equal}


def peak_memory(codec: Codec, kind: type, records: list) -> float:
    """MiB traced at the peak of one chunk's round trip."""
    tracemalloc.start()
    first = records[:CHUNK]
    codec.decode(codec.encode(first, kind), kind)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def best_of(runs: list[dict[str, Any]], records: list, peak: float) -> dict[str, Any]:
    """The fastest encoding and the fastest decoding of `runs` (the machine is shared: the minimum is the
    least disturbed), with the spread of the totals."""
    encode_s = min(run["encode_s"] for run in runs)
    decode_s = min(run["decode_s"] for run in runs)
    totals = [run["encode_s"] + run["decode_s"] for run in runs]
    return {
        "records": len(records),
        "runs": len(runs),
        "encode_s": encode_s,
        "decode_s": decode_s,
        "total_s": encode_s + decode_s,
        "totals_s": totals,
        "per_s": len(records) / (encode_s + decode_s) if records else 0.0,
        "bytes_per_record": runs[0]["bytes"] / len(records) if records else 0,
        "peak_mib_per_chunk": peak,
        "equal": all(run["equal"] for run in runs),
    }


# fidelity ------------------------------------------------------------------------------------------


def samples(seed: Seed) -> dict[str, tuple[type, Any]]:
    """One real instance of every record type the JSON form covers (outlet and store records built
    from the seed pair's own numbers)."""
    from newsprism.corpus.outlets import OutletProfile, SpeakerCount
    from newsprism.records import Failed
    from newsprism.store.articles import IngestCounts, StoredArticle
    from newsprism.store.feeds import FeedState
    from newsprism.store.stories import StoredStory

    article = varied_article(seed.articles[0], 1)  # with hints in its raw document
    annotated = seed.annotated[0]
    comparison = seed.comparison
    fact = next((f for f in comparison.facts if f.attributed), comparison.facts[0])
    voice = comparison.voices[0]
    framing = comparison.framing[0]
    speaker = SpeakerCount(voice.speaker, voice.role, 1, voice.direct, voice.partial, voice.indirect, voice.words)
    profile = OutletProfile(
        outlet=article.outlet or article.source, stories=1, missed=0, compared=1, articles=1, words=450,
        exclusives=3, exclusive_details=2, omissions=len(framing.omissions), speakers=(speaker,), direct=5,
        partial=3, indirect=11, scare_quotes=0, loaded=None, hedges=len(framing.hedges),
        attribution_verbs=framing.attribution_verbs, stated=framing.stated, attributed=framing.attributed,
    )  # fmt: skip
    found = {
        "RawDoc": article.raw,
        "Dateline": article.dateline,
        "Credit": article.credits[0],
        "RemovedLine": article.removed[0],
        "Article": article,
        "Failed": Failed("feeds/bad.xml", "ingest", "not UTF-8, Latin-1 or CP-1252; pass --encoding"),
        "Sentence": annotated.sentences[0],
        "Entity": annotated.entities[0],
        "Person": annotated.people[0],
        "Quote": annotated.quotes[0],
        "ScareQuote": next((q for a in seed.annotated for q in a.scare_quotes), None),
        "AnnotatedArticle": annotated,
        "Span": fact.members[0],
        "Fact": fact,
        "Conflict": comparison.conflicts[0] if comparison.conflicts else None,
        "Voice": voice,
        "Term": next((t for f in comparison.framing for t in (*f.hedges, *f.scare_quotes, *f.loaded)), None),
        "Framing": framing,
        "SummarySentence": comparison.summary[0],
        "Comparison": comparison,
        "SpeakerCount": speaker,
        "OutletProfile": profile,
        "IngestCounts": IngestCounts(2, 1, 0, added=("a1", "a2")),  # `added` is compare=False
        "StoredArticle": StoredArticle(replace(article, raw=None), "reuters.txt", "2026-12-07T07:00:00+00:00"),
        "FeedState": FeedState("https://example.org/feed.xml", '"abc"', None, "2026-12-07T07:00:00+00:00", "200"),
        "StoredStory": StoredStory(
            "story-1",
            article.headline,
            "2022-01-21",
            "2022-01-21",
            2,
            ("Reuters", "Xinhua"),
            ("a1", "a2"),
            "2026-12-07T07:00:00+00:00",
        ),  # fmt: skip
    }
    return {name: (type(value), value) for name, value in found.items() if value is not None}


def _normal(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))


def differences(ours: Any, theirs: Any, path: str = "$") -> list[str]:
    """Where the JSON value `theirs` (a library's) differs from `ours` (the hand-written), one line a
    place, list indices collapsed to [*]."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found = [f"{path}.{k}: only hand-written ({_kind(ours[k])})" for k in ours if k not in theirs]
        found += [f"{path}.{k}: only generated ({_kind(theirs[k])})" for k in theirs if k not in ours]
        for key in ours:
            if key in theirs:
                found += differences(ours[key], theirs[key], f"{path}.{key}")
        return found
    if isinstance(ours, list) and isinstance(theirs, list):
        if len(ours) != len(theirs):
            return [f"{path}: {len(ours)} items hand-written, {len(theirs)} generated"]
        found = []
        for a, b in zip(ours, theirs, strict=True):
            found += differences(a, b, f"{path}[*]")
        return found
    if type(ours) is not type(theirs):
        return [f"{path}: {_kind(ours)} hand-written, {_kind(theirs)} generated"]
    return [] if ours == theirs else [f"{path}: {ours!r:.40} hand-written, {theirs!r:.40} generated"]


def _kind(value: Any) -> str:
    if isinstance(value, list):
        inner = {_kind(v) for v in value}
        return f"list of {'/'.join(sorted(inner))}" if inner else "empty list"
    if isinstance(value, dict):
        return "object"
    return "null" if value is None else type(value).__name__


def key_orders(ours: Any, theirs: Any, path: str = "$") -> list[str]:
    """Objects whose keys come in another order (same keys)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found = []
        if set(ours) == set(theirs) and list(ours) != list(theirs):
            found.append(f"{path}: key order {list(theirs)}")
        for key in ours:
            if key in theirs:
                found += key_orders(ours[key], theirs[key], f"{path}.{key}")
        return found
    if isinstance(ours, list) and isinstance(theirs, list):
        return [line for a, b in zip(ours, theirs, strict=False) for line in key_orders(a, b, f"{path}[*]")]
    return []


def _hand_dict(record: Any) -> Any:
    from newsprism.records import Article

    return record.to_dict(with_raw=record.raw is not None) if isinstance(record, Article) else record.to_dict()


def fidelity(codec: Codec, cases: dict[str, tuple[type, Any]]) -> dict[str, dict[str, Any]]:
    """Per record type: the differences from the hand-written JSON, whether the library's own round
    trip gives an equal record, and whether it reads the hand-written JSON back to an equal record."""
    result = {}
    for name, (kind, record) in cases.items():
        hand = _normal(_hand_dict(record))
        row: dict[str, Any] = {}
        try:
            generated = _normal(codec.to_builtins(record, kind))
            row["differences"] = sorted(set(differences(hand, generated)))
            row["key_order"] = sorted(set(key_orders(hand, generated)))
        except Exception as error:
            row["differences"], row["key_order"] = [f"cannot generate: {type(error).__name__}: {error}"], []
        try:
            back = codec.decode(codec.encode([record], kind), kind)[0]
            row["round_trip"] = back == record and _fields_equal(back, record)
        except Exception as error:
            row["round_trip"] = f"{type(error).__name__}: {str(error)[:120]}"
        try:
            read = codec.from_builtins(hand, kind)
            row["reads_handwritten"] = read == record and _fields_equal(read, record)
        except Exception as error:
            row["reads_handwritten"] = f"{type(error).__name__}: {_first_line(error)}"
        result[name] = row
    return result


def _fields_equal(a: Any, b: Any) -> bool:
    """Equal including fields with compare=False (Article.raw)."""
    if dataclasses.is_dataclass(a) and type(a) is type(b):
        return all(_fields_equal(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_fields_equal(x, y) for x, y in zip(a, b, strict=True))
    return a == b and type(a) is type(b)


def _first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return " / ".join(lines[:3])[:200]


def older_data(codec: Codec, cases: dict[str, tuple[type, Any]]) -> dict[str, dict[str, list[str]]]:
    """Per record type, the keys today's `from_dict` lets a JSON lack (older stored data): which of them
    the library refuses when they are missing from its own JSON."""
    found = {}
    for name, (kind, record) in cases.items():
        if not hasattr(kind, "from_dict"):
            continue
        hand = _normal(_hand_dict(record))
        optional = []
        for key in hand:
            try:
                kind.from_dict({k: v for k, v in hand.items() if k != key})
                optional.append(key)
            except Exception:
                pass
        own = _normal(codec.to_builtins(record, kind))
        refused = []
        for key in optional:
            if key in own:
                try:
                    codec.from_builtins({k: v for k, v in own.items() if k != key}, kind)
                except Exception:
                    refused.append(key)
        if optional:
            found[name] = {"optional_today": optional, "refused": refused}
    return found


# schemas -------------------------------------------------------------------------------------------

KEYWORDS = ("required", "additionalProperties", "const", "enum", "minItems", "minimum", "description", "default")


def generated_schemas() -> dict[str, dict[str, Any]]:
    from newsprism.records import Comparison

    schemas: dict[str, dict[str, Any]] = {}
    schemas["hand-written"] = json.loads((ROOT / "src/newsprism/data/comparison.schema.json").read_text())
    try:
        from pydantic import TypeAdapter

        adapter = TypeAdapter(Comparison)
        schemas["pydantic (serialization)"] = adapter.json_schema(mode="serialization")
        schemas["pydantic (validation)"] = adapter.json_schema(mode="validation")
    except ImportError:
        pass
    try:
        import msgspec

        schemas["msgspec"] = msgspec.json.schema(Comparison)
    except ImportError:
        pass
    return schemas


def keyword_counts(schema: Any) -> dict[str, int]:
    counts = dict.fromkeys(KEYWORDS, 0)

    def walk(node: Any, in_properties: bool = False) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not in_properties and key in counts:
                    if key == "additionalProperties" and value is not False:
                        pass
                    else:
                        counts[key] += 1
                walk(value, key == "properties" and not in_properties)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema)
    return counts


def seed_comparison_json() -> tuple[Any, str]:
    """`newsprism compare examples/geneva-2022-01-21/*.txt --format json`, as the CLI writes it."""
    command = [sys.executable, "-m", "newsprism", "compare", *map(str, sorted(SEED.glob("*.txt"))), "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)
    if done.returncode:
        raise SystemExit(f"newsprism compare failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout), " ".join(["newsprism", *command[3:]])


def validation_errors(schema: dict[str, Any], instance: Any) -> list[str]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema)
    found: dict[str, int] = {}
    for error in validator.iter_errors(instance):
        where = "/".join("*" if isinstance(p, int) else p for p in error.absolute_path) or "$"
        line = f"{where}: fails {error.validator} {json.dumps(error.validator_value)[:70]}"
        found[line] = found.get(line, 0) + 1
    return [f"{line} ({count}x)" for line, count in sorted(found.items())]


# main ----------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000, help="Articles in the round trip")
    parser.add_argument("--annotated", type=int, help="AnnotatedArticles (default: articles / 10)")
    parser.add_argument("--comparisons", type=int, help="Comparisons of the seed pair (default: articles / 100)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated, of: " + ", ".join(SYSTEMS))
    parser.add_argument("--parts", default="speed,fidelity,schema", help="comma-separated: speed, fidelity, schema")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each system; the fastest is shown")
    parser.add_argument("--json", type=Path, help="write every number here")
    args = parser.parse_args(argv)
    from benchmarks.common import system_names

    console = wide_console(160)
    codecs = []
    for name in system_names(parser, args.systems, SYSTEMS):
        try:
            codecs.append(build_codec(name))
        except ImportError as error:
            console.print(f"[yellow]warning:[/] skipping {name}: {error}", highlight=False)

    started = time.perf_counter()
    seed = seed_records()
    console.print(f"seed pair through the pipeline: {time.perf_counter() - started:.1f} s", style="dim")
    annotated = args.annotated if args.annotated is not None else args.articles // 10
    comparisons = args.comparisons if args.comparisons is not None else max(1, args.articles // 100)
    parts = {part.strip() for part in args.parts.split(",")}
    data = corpus(seed, args.articles, annotated, comparisons) if "speed" in parts else {}
    gc.collect()
    gc.freeze()  # the corpus is long-lived: the collector would rescan its millions of objects every few chunks
    report: dict[str, Any] = {
        "python": sys.version.split()[0],
        "versions": {d: version(d) for d in ("pydantic", "pydantic-core", "msgspec", "cattrs", "orjson")},
        "counts": {name: len(records) for name, (_, records) in data.items()},
        "speed": {},
    }

    for name, (kind, records) in data.items():
        table = result_table(
            f"Round trip of {len(records):,} {name}s (record -> JSON bytes -> record, chunks of {CHUNK:,}; "
            f"fastest of {args.repeat} runs)",
            console,
            [
                "system",
                "library",
                "to JSON s",
                "from JSON s",
                "total s",
                f"{name}s/s",
                "bytes each",
                "peak MiB/chunk",
                "equal back",
            ],  # fmt: skip
            left=["system", "library"],
        )
        report["speed"][name] = {}
        runs: dict[str, list[dict[str, Any]]] = {codec.name: [] for codec in codecs}
        for _ in range(args.repeat):  # systems interleaved, so that a busy spell of the machine hits them all
            for codec in codecs:
                if codec.name in report["speed"][name]:
                    continue  # failed before
                try:
                    runs[codec.name].append(round_trip(codec, kind, records))
                except Exception as error:
                    reason = f"{type(error).__name__}: {_first_line(error)}"
                    console.print(f"[yellow]{codec.name} failed on {name}:[/] {reason}", highlight=False)
                    report["speed"][name][codec.name] = {"error": reason}
        for codec in codecs:
            if not runs[codec.name]:
                continue
            row = best_of(runs[codec.name], records, peak_memory(codec, kind, records))
            report["speed"][name][codec.name] = row
            table.add_row(
                codec.name, codec.library, f"{row['encode_s']:.2f}", f"{row['decode_s']:.2f}", f"{row['total_s']:.2f}",
                f"{row['per_s']:,.0f}", f"{row['bytes_per_record']:,.0f}", f"{row['peak_mib_per_chunk']:.1f}",
                "yes" if row["equal"] else "[red]NO[/]",
            )  # fmt: skip
        console.print(table)

    cases = samples(seed)
    report["fidelity"], report["older_data"] = {}, {}
    seen_libraries = set()
    for codec in codecs if "fidelity" in parts else ():
        if codec.name.startswith("handwritten") or codec.library.split()[0] in seen_libraries:
            continue
        seen_libraries.add(codec.library.split()[0])
        library = codec.library.split(" + ")[0]
        found = fidelity(codec, cases)
        report["fidelity"][library] = found
        table = result_table(
            f"Fidelity of {library} (generic, on the current classes) against the hand-written to_dict / from_dict",
            console, ["record", "JSON equal", "round trip", "reads today's JSON", "differences (generated vs hand-written)"],
            left=["record", "differences (generated vs hand-written)"],
        )  # fmt: skip
        for name, row in found.items():
            table.add_row(
                name,
                "yes" if not row["differences"] else f"[red]{len(row['differences'])} diff[/]",
                "yes" if row["round_trip"] is True else f"[red]{row['round_trip'] or 'not equal'}[/]",
                "yes"
                if row["reads_handwritten"] is True
                else f"[red]{str(row['reads_handwritten'] or 'not equal')[:60]}[/]",
                "\n".join(row["differences"] + [f"(order) {line}" for line in row["key_order"][:2]]) or "-",
            )
        console.print(table)
        refused = older_data(codec, cases)
        report["older_data"][library] = refused
        console.print(
            f"{library}: keys the hand-written from_dict lets older JSON lack, refused when missing: "
            + ("; ".join(f"{n}: {', '.join(v['refused'])}" for n, v in refused.items() if v["refused"]) or "none"),
            highlight=False,
        )

    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if "schema" not in parts:
        return 0
    schemas = generated_schemas()
    seed_json, command = seed_comparison_json()
    report["schemas"] = {}
    table = result_table(
        f"JSON Schema of Comparison: `{command}` validated, and what each schema states (keyword counts)",
        console, ["schema", "seed JSON", *KEYWORDS], left=["schema"],
    )  # fmt: skip
    for name, schema in schemas.items():
        errors = validation_errors(schema, seed_json)
        counts = keyword_counts(schema)
        report["schemas"][name] = {"errors": errors, "keywords": counts}
        table.add_row(name, "valid" if not errors else f"[red]{len(errors)} errors[/]", *map(str, counts.values()))
    console.print(table)
    for name, entry in report["schemas"].items():
        for line in entry["errors"][:8]:
            console.print(f"  {name}: {line}", highlight=False, style="dim")
    # the libraries' own Comparison JSON against the hand-written schema
    from newsprism.records import Comparison

    for codec in codecs:
        if codec.name in ("pydantic", "msgspec", "cattrs"):
            own = _normal(codec.to_builtins(seed.comparison, Comparison))
            errors = validation_errors(schemas["hand-written"], own)
            report["schemas"][f"{codec.name} JSON vs hand-written schema"] = {"errors": errors}
            console.print(
                f"{codec.name}'s own Comparison JSON against data/comparison.schema.json: "
                + (f"{len(errors)} errors, e.g. {errors[0]}" if errors else "valid"),
                highlight=False,
            )

    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        console.print(f"wrote {args.json}", style="dim")
    return 0


if __name__ == "__main__":
    sys.exit(main())
