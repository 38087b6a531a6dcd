"""Labelled cross-document sentence pairs from ECB+ (Cybulska & Vossen, LREC 2014).

Calibration data for a sentence-alignment scorer: "do these two sentences, from different news
articles, report the same event?".  Reads ``<data>/ecbplus/xml/<topic>/<topic>_<n><ecb|ecbplus>.xml``
and ``ECBplus_coreference_sentences.shared.csv``.  The loader uses the standard library only, so it
can be read and tested on its own; ``main`` prints with rich.

The labelling rule
    Only the validated sentences (the CSV) are used: the release says coreference was annotated
    for them, and mentions elsewhere may be missing.  A sentence's *event instances* are the
    cross-document chains (``CROSS_DOC_COREF`` relations) of the event mentions it holds.  A
    chain is named by the ``instance_id`` of its target markable (the relation's ``note`` repeats
    it); it is an event chain when that target is tagged ``ACTION_*`` or ``NEG_ACTION_*`` (the
    release gives the instance's tag precedence over its mentions' tags).  Two sentences from
    different documents of the same topic form a pair, labelled True when they share at least one
    event instance (``Pair.instances``), False otherwise.

    * Within a subtopic (``ecb``: the seminal event of the original ECB, ``ecbplus``: a different
      event of the same kind) every pair of sentences from different documents is taken.
    * Across the two subtopics of a topic every (ecb, ecbplus) pair is taken too
      (``Pair.subtopic == "cross"``): the *hard negatives*, same kind of event, different
      instance.  A few are positives: some ecbplus articles recall the ecb event (topic 28's
      Watergate, topic 13's earlier church fire), and the rule labels those pairs True.

    Mentions linked to no chain get no instance, so they never make a positive; a chain seen in
    one document only makes no pair.  This release marks no chain as a singleton (every instance id
    is ``ACT``/``NEG``/``HUM``/``LOC``/``NON``/``TIM`` + digits), so no chain is dropped for that.
    ``INTRA_DOC_COREF`` chains are within one document and play no part.

    Caveat: a within-subtopic negative means "no shared *annotated* event instance", not
    "different event".  The annotators split one story into fine instances (topic 24: ``heist``
    vs ``stole`` / ``making_off`` / ``smash_window``), so two headlines about the same robbery can be
    a negative; and a few validated sentences have no event mention linked at all.  The
    cross-subtopic negatives are the clean ones.

Text
    Tokens are joined with spaces, then the spacing is repaired: no space before , . ; : ! ? ) ]
    ' 's n't 're ... and closing quotes, none after ( [ $ and opening quotes; `` and '' become ".
    The ecbplus files split hyphenated words ("high - profile") and curly apostrophes
    ("NFL ’ s"); there a single ``-`` or ``/`` between two word characters is joined, so a rare
    spaced dash becomes a hyphen ("the case-one for each defendant").  In the ecb files words keep
    their hyphens and a lone ``-`` is a dash, left spaced.  Straight ``"`` is opened and
    closed in turn within a sentence.  Sentence 0 of an ecbplus file is its source URL and is
    skipped.

Licence
    The annotation is CC BY 3.0 (Cybulska & Vossen; see ``LICENSEDATA.TXT``).  The texts were
    found through Google Search and remain the outlets' copyright (the release's README says
    otherwise; we take the careful reading).  Nothing from the corpus is copied into this
    repository: the texts are read from the shared data folder at run time.

Run ``python -m benchmarks.datasets.ecbplus_pairs --split train`` for the counts and a few examples.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.datasets import DEFAULT_DATA

ECBPLUS_DIR = "ecbplus"
SENTENCES_CSV = "ECBplus_coreference_sentences.shared.csv"

# Official split of Cybulska & Vossen 2015 (as in Barhom et al. 2019), restricted to the shared
# topics: 15 and 17 are not in the release, the test topics 36-45 are held out.
TRAIN_TOPICS: tuple[int, ...] = (1, 3, 4, 6, 7, 8, 9, 10, 11, 13, 14, 16, 19, 20, 22, *range(24, 34))
DEV_TOPICS: tuple[int, ...] = (2, 5, 12, 18, 21, 23, 34, 35)
SPLITS: dict[str, tuple[int, ...]] = {"train": TRAIN_TOPICS, "dev": DEV_TOPICS}

SUBTOPICS = ("ecb", "ecbplus")
CROSS = "cross"  # Pair.subtopic of a pair with one sentence from each subtopic
EVENT_TAGS = ("ACTION_", "NEG_ACTION_")

_DOC_NAME = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)$")


@dataclass(frozen=True, slots=True)
class SentenceText:
    """One validated sentence: document id (file name without ``.xml``), sentence number, text."""

    doc: str
    sentence: int
    text: str


@dataclass(frozen=True, slots=True)
class Pair:
    """Two sentences from different documents of one topic and whether they share an event instance.

    ``subtopic`` is ``"ecb"`` or ``"ecbplus"`` when both sentences come from that subtopic, and
    ``"cross"`` when ``a`` is from ecb and ``b`` from ecbplus.  ``instances`` are the shared
    cross-document event instance ids, sorted; empty for a negative.
    """

    topic: str
    subtopic: str
    a: SentenceText
    b: SentenceText
    label: bool
    instances: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Sentence:
    topic: int
    subtopic: str
    text: SentenceText
    events: frozenset[str]


# --- reading ----------------------------------------------------------------------------------


def _corpus_dir(data: Path) -> Path:
    """``data/ecbplus``, or ``data`` itself when it is the ECB+ folder."""
    for folder in (Path(data) / ECBPLUS_DIR, Path(data)):
        if (folder / "xml").is_dir() and (folder / SENTENCES_CSV).is_file():
            return folder
    raise FileNotFoundError(
        f"{data}: no {ECBPLUS_DIR}/xml and {ECBPLUS_DIR}/{SENTENCES_CSV}; "
        "pass the folder that holds ecbplus/ (the shared data folder)"
    )


def _doc_key(doc: str) -> tuple[int, str, int]:
    """Sort key of a document id: topic, subtopic, number (so 1_2ecb comes before 1_10ecb)."""
    match = _DOC_NAME.match(doc)
    if match is None:
        raise ValueError(f"{doc}: not an ECB+ document name (<topic>_<n><ecb|ecbplus>)")
    return int(match[1]), match[3], int(match[2])


def _validated(root: Path, topics: set[int]) -> dict[str, set[int]]:
    """Document id -> the numbers of its validated sentences, for the topics given."""
    validated: dict[str, set[int]] = {}
    with open(root / SENTENCES_CSV, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if int(row["Topic"]) in topics:
                validated.setdefault(f"{row['Topic']}_{row['File']}", set()).add(int(row["Sentence Number"]))
    return validated


def _xml_files(root: Path, topics: Iterable[int]) -> list[Path]:
    missing = [str(topic) for topic in topics if not (root / "xml" / str(topic)).is_dir()]
    if missing:
        raise FileNotFoundError(
            f"{root / 'xml'}: no folder for topic(s) {', '.join(missing)} "
            "(15 and 17 are not in ECB+; the test topics 36-45 are held out)"
        )
    return sorted(
        (path for topic in topics for path in (root / "xml" / str(topic)).glob("*.xml")),
        key=lambda path: _doc_key(path.stem),
    )


_CLITICS = {"'s", "'re", "'m", "'ve", "'d", "'ll", "n't", "'S", "'RE", "'M", "'VE", "'D", "'LL", "N'T"}
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "'", "’", "”", "%", "...", "…", "''", *_CLITICS}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "“", "‘", "#", "``"}
_LETTER = re.compile(r"[A-Za-z]")
_THOUSANDS = re.compile(r"\$?\d{1,3}")
_PTB_QUOTES = {"``": '"', "''": '"'}
_APOSTROPHE_TAILS = {"s", "t", "d", "m", "re", "ve", "ll"}  # NFL ’ s, can ’ t (ecbplus tokenization)


def detokenize(tokens: list[str], *, split_hyphens: bool = False) -> str:
    """One sentence's tokens as text, with the spacing of ordinary prose (see the module docstring).

    ``split_hyphens``: the tokenizer split hyphenated words (the ecbplus files), so a ``-`` or
    ``/`` between two word characters is joined to both; in the ecb files such a ``-`` is a dash.
    """
    merged: list[str] = []
    for token in tokens:
        if token == "-" and merged and merged[-1] in ("-", "--"):  # "- -" is a dash in ecbplus files
            merged[-1] = "--"
        else:
            merged.append(token)
    glue_before = [False] * len(merged)  # no space between token i-1 and token i
    quote_open = False
    for i, token in enumerate(merged):
        prev = merged[i - 1] if i else ""
        nxt = merged[i + 1] if i + 1 < len(merged) else ""
        if token in _NO_SPACE_BEFORE:
            glue_before[i] = True
        if token in ("'", "’") and i and not prev[-1:].isalnum() and nxt[:1].isalnum():  # opening: , 'Deep Throat'
            glue_before[i] = False
            glue_before[i + 1] = True
        if prev in _NO_SPACE_AFTER:
            glue_before[i] = True
        if split_hyphens and token in ("-", "/") and prev[-1:].isalnum() and nxt[:1].isalnum():
            glue_before[i] = True
            if i + 1 < len(merged):
                glue_before[i + 1] = True
        after = merged[i + 2] if i + 2 < len(merged) else ""
        if split_hyphens and token == "." and _LETTER.fullmatch(prev) and _LETTER.fullmatch(nxt) and after == ".":
            glue_before[i + 1] = True  # a . m . -> a.m., U . S . -> U.S.
        if split_hyphens and prev[-1:].isdigit() and nxt[:1].isdigit():  # $2 . 6 million, £1 . 7m, 2 , 116
            if token == "." or (token == "," and _THOUSANDS.fullmatch(prev) and nxt.isdigit() and len(nxt) == 3):
                glue_before[i + 1] = True
        if token == ":" and prev.isdigit() and nxt[:1].isdigit():  # 8 : 30pm
            glue_before[i + 1] = True
        if token in ("’", "'") and nxt.lower() in _APOSTROPHE_TAILS:
            glue_before[i + 1] = True
        if token == '"':
            rest_is_punct = all(not t[:1].isalnum() for t in merged[i + 1 :])
            closing = quote_open or (i > 0 and rest_is_punct)
            if closing:
                glue_before[i] = True
            elif i + 1 < len(merged):
                glue_before[i + 1] = True
            quote_open = not closing
        elif token.startswith('"') and not token.endswith('"'):
            quote_open = True
        elif token.endswith('"') and not token.startswith('"'):
            quote_open = False
    parts = []
    for i, token in enumerate(merged):
        if i and not glue_before[i]:
            parts.append(" ")
        parts.append(_PTB_QUOTES.get(token, token))
    return "".join(parts).strip()


def _read_doc(path: Path, keep: set[int]) -> tuple[dict[int, str], dict[int, set[str]]]:
    """The validated sentences of one file (number -> text) and their event instances."""
    doc = path.stem
    root = ET.parse(path).getroot()
    tokens: dict[int, list[str]] = {}
    token_sentence: dict[str, int] = {}
    for token in root.iter("token"):
        sentence = int(token.get("sentence", "-1"))
        if sentence in keep and not (sentence == 0 and doc.endswith("ecbplus")):
            tokens.setdefault(sentence, []).append(token.text or "")
            token_sentence[token.get("t_id", "")] = sentence
    split_hyphens = doc.endswith("ecbplus")
    texts = {number: detokenize(words, split_hyphens=split_hyphens) for number, words in sorted(tokens.items())}

    markables = root.find("Markables")
    anchors: dict[str, list[str]] = {}
    instances: dict[str, str] = {}  # m_id of an instance descriptor -> instance id, events only
    for markable in markables if markables is not None else ():
        m_id = markable.get("m_id", "")
        instance = markable.get("instance_id")
        if instance is not None:
            if markable.tag.startswith(EVENT_TAGS):
                instances[m_id] = instance
        else:
            anchors[m_id] = [anchor.get("t_id", "") for anchor in markable.iter("token_anchor")]

    events: dict[int, set[str]] = {}
    relations = root.find("Relations")
    for relation in relations if relations is not None else ():
        if relation.tag != "CROSS_DOC_COREF":
            continue
        target = relation.find("target")
        instance = instances.get(target.get("m_id", "")) if target is not None else None
        if instance is None:
            continue
        for source in relation.iter("source"):
            for t_id in anchors.get(source.get("m_id", ""), ()):
                if t_id in token_sentence:
                    events.setdefault(token_sentence[t_id], set()).add(instance)
    return texts, events


def _load(data: Path, topics: Iterable[int]) -> list[_Sentence]:
    root = _corpus_dir(data)
    topics = tuple(int(topic) for topic in topics)
    validated = _validated(root, set(topics))
    sentences = []
    for path in _xml_files(root, topics):
        topic, subtopic, _ = _doc_key(path.stem)
        texts, events = _read_doc(path, validated.get(path.stem, set()))
        for number, text in texts.items():
            sentences.append(
                _Sentence(topic, subtopic, SentenceText(path.stem, number, text), frozenset(events.get(number, ())))
            )
    return sentences


# --- public API -------------------------------------------------------------------------------


def load_sentences(data: Path, topics: Iterable[int]) -> dict[str, dict[int, str]]:
    """The validated sentences of the topics given: document id -> sentence number -> text.

    ``data`` is the folder that holds ``ecbplus/`` (or the ``ecbplus`` folder itself).  Documents
    without a validated sentence are left out (20_10ecbplus and 34_5ecb in this release).  Raises
    ``FileNotFoundError`` when the corpus or a topic's folder is missing.
    """
    result: dict[str, dict[int, str]] = {}
    for sentence in _load(data, topics):
        result.setdefault(sentence.text.doc, {})[sentence.text.sentence] = sentence.text.text
    return result


ALL_SENTENCES = 10_000  # more than any ECB+ document has


def document_sentences(data: Path, docs: set[str]) -> dict[str, dict[int, str]]:
    """Every sentence (number -> text) of the ECB+ documents named, validated or not."""
    root = _corpus_dir(data)
    topics = sorted({_doc_key(doc)[0] for doc in docs})
    return {
        path.stem: _read_doc(path, set(range(ALL_SENTENCES)))[0]
        for path in _xml_files(root, topics)
        if path.stem in docs
    }


def _pairs_of_topic(sentences: list[_Sentence]) -> list[Pair]:
    by_subtopic = {name: [s for s in sentences if s.subtopic == name] for name in SUBTOPICS}
    pairs = []

    def pair(a: _Sentence, b: _Sentence, subtopic: str) -> Pair:
        shared = tuple(sorted(a.events & b.events))
        return Pair(str(a.topic), subtopic, a.text, b.text, bool(shared), shared)

    for name, group in by_subtopic.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.text.doc != b.text.doc:
                    pairs.append(pair(a, b, name))
    for a in by_subtopic["ecb"]:
        for b in by_subtopic["ecbplus"]:
            pairs.append(pair(a, b, CROSS))
    return pairs


def load_pairs(
    data: Path, split: str = "train", *, negatives_per_positive: int | None = None, seed: int = 0
) -> list[Pair]:
    """The labelled sentence pairs of one split (``"train"`` or ``"dev"``), by topic then subtopic.

    Every positive is kept.  With ``negatives_per_positive=k`` each topic keeps at most ``k``
    times its positives in negatives, drawn uniformly (within-subtopic and cross-subtopic alike)
    with ``random.Random(seed)``, in their original order; ``None`` keeps them all.  Raises
    ``ValueError`` for an unknown split or a negative ``k``, ``FileNotFoundError`` when the corpus
    is missing.
    """
    if split not in SPLITS:
        raise ValueError(f"split {split!r}: expected one of {', '.join(SPLITS)}")
    if negatives_per_positive is not None and negatives_per_positive < 0:
        raise ValueError(f"negatives_per_positive={negatives_per_positive}: expected 0 or more, or None")
    by_topic: dict[int, list[_Sentence]] = {}
    for sentence in _load(data, SPLITS[split]):
        by_topic.setdefault(sentence.topic, []).append(sentence)
    rng = random.Random(seed)
    result: list[Pair] = []
    for topic in sorted(by_topic):
        pairs = _pairs_of_topic(by_topic[topic])
        if negatives_per_positive is not None:
            negatives = [i for i, p in enumerate(pairs) if not p.label]
            budget = negatives_per_positive * (len(pairs) - len(negatives))
            if budget < len(negatives):
                dropped = set(negatives) - set(rng.sample(negatives, budget))
                pairs = [p for i, p in enumerate(pairs) if i not in dropped]
        result.extend(pairs)
    return result


# --- script -----------------------------------------------------------------------------------


def _cut(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder that holds ecbplus/")
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    parser.add_argument("--negatives-per-positive", type=int, default=None, metavar="K")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    console = Console()

    splits = list(SPLITS) if args.split == "all" else [args.split]
    table = Table(title="ECB+ cross-document sentence pairs (validated sentences)")
    for column in (
        "split",
        "topics",
        "docs",
        "sents",
        "pos within",
        "pos cross",
        "neg within",
        "neg cross",
        "load s",
    ):
        table.add_column(column, justify="left" if column == "split" else "right")
    examples: list[Pair] = []
    for split in splits:
        start = time.perf_counter()
        sentences = load_sentences(args.data, SPLITS[split])
        pairs = load_pairs(args.data, split, negatives_per_positive=args.negatives_per_positive, seed=args.seed)
        seconds = time.perf_counter() - start
        table.add_row(
            split,
            str(len(SPLITS[split])),
            str(len(sentences)),
            str(sum(len(numbers) for numbers in sentences.values())),
            *(
                str(sum(p.label == label and (p.subtopic == CROSS) == cross for p in pairs))
                for label in (True, False)
                for cross in (False, True)
            ),
            f"{seconds:.2f}",
        )
        examples.extend(pairs)
    console.print(table)

    rng = random.Random(args.seed)
    positives = [p for p in examples if p.label]
    hard = [p for p in examples if not p.label and p.subtopic == CROSS]
    for title, chosen in (("positives", positives), ("hard negatives (across subtopics)", hard)):
        console.print(f"\n[bold]5 {title}[/]")
        for p in rng.sample(chosen, min(5, len(chosen))):
            shared = f"  shares {', '.join(p.instances)}" if p.instances else ""
            console.print(f"topic {p.topic} {p.subtopic}{shared}", style="dim", highlight=False)
            for sentence in (p.a, p.b):
                console.print(f"  {sentence.doc}:{sentence.sentence}  {escape(_cut(sentence.text))}", highlight=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
