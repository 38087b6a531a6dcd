"""Loader for PolNeAR (Newell et al. 2018): articles and their gold attribution relations.

Reads ``<data>/polnear/<split>/text/*.txt`` and the brat standoff files in
``<split>/attributions/``.  Used by ``benchmarks/quotes.py``; no third-party
imports, so it can be read and tested on its own.

What a relation is here: one ``E`` line.  Its ``Content`` (and, rarely, a
second ``Content2``) are the gold quotes; ``Source`` the speaker (absent for
``Attribution-no-source``); ``Cue`` the verb or colon of saying.  A span may be
discontinuous in brat (``"315 448;463 553"``) and its fragments may even be out
of text order; it is kept as its fragments.  Articles annotated by several
annotators have several ``.ann`` files; the first by name is used.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

POLNEAR_DIR = "polnear"

# Characters that open or close a quotation in this corpus ('' is written as two ').
QUOTE_CHARS = "\"'“”‘’«»„‟‹›`"


@dataclass(frozen=True, slots=True)
class Span:
    """A brat text-bound annotation: one or more ``(start, end)`` fragments of the article text."""

    fragments: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return min(start for start, _ in self.fragments)

    @property
    def end(self) -> int:
        return max(end for _, end in self.fragments)

    @property
    def discontinuous(self) -> bool:
        return len(self.fragments) > 1

    def text(self, body: str) -> str:
        """The fragments' text joined by a space, as brat writes it (in annotation order)."""
        return " ".join(body[start:end] for start, end in self.fragments)


@dataclass(frozen=True, slots=True)
class Relation:
    """One gold attribution: what was said (``content``), by whom (``source``), with which cue."""

    id: str
    content: Span
    source: Span | None
    cue: Span | None
    second: bool = False  # the Content2 of its E line

    def is_direct(self, body: str) -> bool:
        """Direct quote: the content (its first fragment in text order) begins with a quotation mark."""
        first = body[min(self.content.fragments)[0] :].lstrip()[:1]
        return bool(first) and first in QUOTE_CHARS


@dataclass(frozen=True, slots=True)
class Document:
    name: str  # file stem of the .txt
    path: Path
    text: str
    publisher: str | None
    ann_file: str
    relations: tuple[Relation, ...]


@dataclass
class LoadStats:
    """What is odd or worth counting in the loaded annotations."""

    articles: int = 0
    ann_files: int = 0  # .ann files of the loaded articles, all annotators
    multi_annotated: int = 0  # articles with more than one .ann (first by name used)
    no_annotation: int = 0  # articles without any .ann (kept, with no gold)
    counts: Counter[str] = field(default_factory=Counter)


def _parse_offsets(text: str) -> tuple[tuple[int, int], ...]:
    fragments = []
    for part in text.split(";"):
        start, end = part.split()
        fragments.append((int(start), int(end)))
    return tuple(fragments)


def parse_ann(ann: str, body: str, stats: Counter[str] | None = None) -> tuple[Relation, ...]:
    """Relations of one brat ``.ann`` text, in order of their content's start.

    A text-bound annotation whose brat surface text differs from the article text at its offsets
    is counted as ``offset_mismatch`` (and still used).  Relations without a content are dropped.
    """
    stats = stats if stats is not None else Counter()
    spans: dict[str, tuple[str, Span]] = {}
    events: list[tuple[str, dict[str, str]]] = []
    for line in ann.splitlines():
        if line.startswith("T"):
            tid, middle, surface = line.split("\t", 2)
            role, offsets = middle.split(" ", 1)
            span = Span(_parse_offsets(offsets))
            spans[tid] = (role, span)
            if span.text(body) != surface:
                stats["offset_mismatch"] += 1
        elif line.startswith("E"):
            eid, args = line.split("\t", 1)
            roles = {}
            for arg in args.split():
                role, _, ref = arg.partition(":")
                roles[role] = ref
            events.append((eid, roles))

    relations = []
    used_contents = set()
    for eid, roles in events:
        trigger = next((role for role in roles if role.startswith("Attribution")), None)
        stats[f"relation:{trigger}"] += 1
        source = spans[roles["Source"]][1] if "Source" in roles else None
        cue = spans[roles["Cue"]][1] if "Cue" in roles else None
        if source is None:
            stats["relation_without_source"] += 1
        if cue is None:
            stats["relation_without_cue"] += 1
        contents = [(role, ref) for role, ref in roles.items() if role.startswith("Content")]
        if not contents:
            stats["relation_without_content"] += 1
        for role, ref in contents:
            used_contents.add(ref)
            content = spans[ref][1]
            relations.append(Relation(eid, content, source, cue, second=role != "Content"))
            if role != "Content":
                stats["second_content"] += 1
            if content.discontinuous:
                stats["discontinuous_content"] += 1
                if list(content.fragments) != sorted(content.fragments):
                    stats["fragments_out_of_order"] += 1
    for tid, (role, _) in spans.items():
        if role.startswith("Content") and tid not in used_contents:
            stats["content_in_no_relation"] += 1
        if role in ("Discuss", "Discard"):
            stats[f"span:{role}"] += 1
    relations.sort(key=lambda r: (r.content.start, r.content.end))
    stats["contents"] += len(relations)
    stats["direct_contents"] += sum(r.is_direct(body) for r in relations)
    return tuple(relations)


def _publishers(root: Path, split: str) -> dict[str, str]:
    path = root / "metadata.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["filename"]: row["publisher"] for row in rows if row["compartment"] == split}


def load_split(data: Path, split: str, limit: int | None = None) -> tuple[list[Document], LoadStats]:
    """Articles of one compartment (``train``, ``dev``, ``annotator-training``), sorted by name.

    ``data`` is the folder holding ``polnear/``.  Raises FileNotFoundError when the split is absent.
    """
    root = data / POLNEAR_DIR
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    if not text_dir.is_dir():
        raise FileNotFoundError(f"{text_dir}: no such folder; pass --data (the folder holding polnear/)")
    publishers = _publishers(root, split)
    anns: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]  # <article>_<annotatorID>
        anns.setdefault(stem, []).append(ann)

    stats = LoadStats()
    documents = []
    for path in sorted(text_dir.glob("*.txt"))[:limit]:
        name = path.stem
        text = path.read_text(encoding="utf-8")
        files = anns.get(name, [])
        stats.articles += 1
        stats.ann_files += len(files)
        stats.multi_annotated += len(files) > 1
        if not files:
            stats.no_annotation += 1
            relations: tuple[Relation, ...] = ()
        else:
            relations = parse_ann(files[0].read_text(encoding="utf-8"), text, stats.counts)
        documents.append(
            Document(
                name=name,
                path=path,
                text=text,
                publisher=publishers.get(name) or None,
                ann_file=files[0].name if files else "",
                relations=relations,
            )
        )
    return documents, stats


# words that end the head phrase of a Source ("a spokesman for the campaign", "officials who …")
_SOURCE_PHRASE_ENDS = frozenset("of for at in with from on who which that whose , ( — –".split())


def source_nouns(data: Path, split: str = "train", min_count: int = 3) -> frozenset[str]:
    """Common nouns that PolNeAR's annotators mark as the head of a Source at least `min_count` times
    ("official", "campaign", "poll"), singular: what can speak in news, read from the data.

    The head is the last lower-case word of a Source before its first preposition, relative
    pronoun or comma ("a senior administration official" → "official"); a Source of names only
    ("Sen. Lindsey Graham") or a pronoun adds nothing. Reads spaCy's English stop words (lazily).
    """
    from spacy.lang.en.stop_words import STOP_WORDS  # function words ("all", "the") are no heads

    docs, _ = load_split(data, split)
    counts: Counter[str] = Counter()
    for doc in docs:
        for relation in doc.relations:
            if relation.source is not None:
                head = _source_head(relation.source.text(doc.text))
                if head:
                    counts[head] += 1
    return frozenset(
        word
        for word, count in counts.items()
        if count >= min_count and word not in STOP_WORDS and not word.endswith("ed")  # "said", "briefed"
    )


def _source_head(text: str) -> str | None:
    words = []
    for word in text.replace(",", " , ").replace("(", " ( ").split():
        if word.lower() in _SOURCE_PHRASE_ENDS:
            break
        words.append(word)
    lower = [w for w in words if w.isalpha() and w.islower()]
    if not lower or lower[-1] in _PRONOUNS or lower[-1].endswith(("self", "selves")):
        return None
    return singular(lower[-1])


_PRONOUNS = frozenset("i you he she it we they him her them who this that these those one".split())


def singular(word: str) -> str:
    """A plain English singular, enough to fold "officials" into "official" ("ss" stays)."""
    if word.endswith("ies") and not word.endswith("eries") and len(word) > 4:
        return word[:-3] + "y"  # "parties", not "series"
    if word.endswith(("sses", "uses")):
        return word[:-2]  # "witnesses", "caucuses"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
