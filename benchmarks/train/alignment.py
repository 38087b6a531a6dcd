"""Calibrate the claim-alignment model of `newsprism.compare.align` on ECB+ and write it to the package.

Pairs of sentences from different articles of one ECB+ topic are labelled "same event" when they
mention one cross-document event instance (`benchmarks/datasets/ecbplus_pairs.py`). Each pair gets
the three features compare uses (MiniLM cosine, TF-IDF cosine over the topic, named-entity overlap
from the same spaCy pipeline), computed as compare computes them for a claim: each sentence is parsed with
the sentences before it and its anaphoric opening resolved (`newsprism.compare.anaphora`;
``--no-anaphora`` scores the sentences as written, for comparison). A logistic regression is
fitted on the train topics, and the threshold that maximises F0.5 on train (precision weighed over
recall) is kept. The dev topics report precision/recall/F1 for the model, for the
embedding alone and for TF-IDF alone (each with its own threshold tuned on train).

    python -m benchmarks.train.alignment --data ../shared/data            # prints, writes nothing
    python -m benchmarks.train.alignment --data ../shared/data --write    # updates data/alignment.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from importlib import resources
from pathlib import Path

import numpy as np
from rich.console import Console

from benchmarks.common import result_table
from benchmarks.datasets import DEFAULT_DATA
from benchmarks.datasets.ecbplus_pairs import Pair, document_sentences, load_pairs
from newsprism.annotate.sentences import news_pipeline
from newsprism.compare.align import FEATURES, pair_features
from newsprism.compare.anaphora import WINDOW, Resolved, resolve_opening
from newsprism.models import load_encoder

BETA = 0.5


def features(pairs: list[Pair], data: Path, anaphora: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(n, 3) features and (n,) labels; TF-IDF is fitted per topic, as compare fits it per story.

    Each sentence is parsed with the `WINDOW` sentences before it in its document, as compare parses
    a whole article, and (with `anaphora`) its opening resolved as compare resolves a claim's."""
    keys = sorted({(s.doc, s.sentence) for p in pairs for s in (p.a, p.b)})
    index = {key: i for i, key in enumerate(keys)}
    documents = document_sentences(data, {doc for doc, _ in keys})
    contexts, offsets = [], []
    for doc, number in keys:
        earlier = [n for n in sorted(documents[doc]) if n < number][-WINDOW:]
        before = " ".join(documents[doc][n] for n in earlier)
        offsets.append(len(before) + 1 if before else 0)
        contexts.append(f"{before} {documents[doc][number]}" if before else documents[doc][number])
    nlp = news_pipeline()
    texts, entities = [], []
    for context, offset, doc in zip(contexts, offsets, nlp.pipe(contexts, disable=["lemmatizer"]), strict=True):
        found = [(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]
        resolved = (
            resolve_opening(
                context, offset, len(context), 0, [(c.start_char, c.end_char) for c in doc.noun_chunks], found
            )
            if anaphora
            else Resolved(context[offset:])
        )
        texts.append(resolved.text)
        own = [(t, label) for t, label, start, _ in found if start >= offset]
        entities.append(own + ([resolved.antecedent] if resolved.antecedent else []))
    vectors = load_encoder().encode(texts)
    by_topic: dict[str, list[int]] = defaultdict(list)
    for k, pair in enumerate(pairs):
        by_topic[pair.topic].append(k)
    out = np.zeros((len(pairs), len(FEATURES)))
    for members in by_topic.values():
        local = sorted({index[(s.doc, s.sentence)] for k in members for s in (pairs[k].a, pairs[k].b)})
        where = {g: i for i, g in enumerate(local)}
        matrix = pair_features([texts[g] for g in local], vectors[local], [entities[g] for g in local])
        for k in members:
            a, b = (where[index[(s.doc, s.sentence)]] for s in (pairs[k].a, pairs[k].b))
            out[k] = matrix[a, b]
    return out, np.array([p.label for p in pairs])


def best_threshold(scores: np.ndarray, labels: np.ndarray, beta: float = BETA) -> float:
    """The threshold of best F-beta: beta < 1 weighs precision, since a false "shared fact" hides an
    exclusive from the reader, while a missed paraphrase only shows one fact twice."""
    best, best_f = 0.5, -1.0
    for threshold in np.unique(np.round(scores, 3)):
        p, r, _ = prf(scores >= threshold, labels)
        f = (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0
        if f > best_f:
            best, best_f = float(threshold), f
    return best


def prf(predicted: np.ndarray, labels: np.ndarray) -> tuple[float, float, float]:
    tp = float(np.sum(predicted & labels))
    p = tp / max(1, predicted.sum())
    r = tp / max(1, labels.sum())
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--negatives-per-positive", type=int, default=2)
    parser.add_argument("--no-anaphora", action="store_true", help="score sentences as written (for comparison)")
    parser.add_argument("--write", action="store_true", help="write src/newsprism/data/alignment.json")
    args = parser.parse_args(argv)
    console = Console()
    from sklearn.linear_model import LogisticRegression

    started = time.perf_counter()
    train = load_pairs(args.data, "train", negatives_per_positive=args.negatives_per_positive, seed=0)
    dev = load_pairs(args.data, "dev", negatives_per_positive=args.negatives_per_positive, seed=0)
    x_train, y_train = features(train, args.data, anaphora=not args.no_anaphora)
    x_dev, y_dev = features(dev, args.data, anaphora=not args.no_anaphora)
    model = LogisticRegression(C=1.0).fit(x_train, y_train)
    p_train = model.predict_proba(x_train)[:, 1]
    threshold = best_threshold(p_train, y_train)

    table = result_table(
        f"ECB+ same-event sentence pairs: train {len(train)} ({int(y_train.sum())} same), "
        f"dev {len(dev)} ({int(y_dev.sum())} same); thresholds tuned on train, scored on dev",
        console,
        ("scorer", "threshold", "dev P", "dev R", "dev F1"),
        left=("scorer",),
    )
    rows = {"newsprism (logistic over all three)": (p_train, model.predict_proba(x_dev)[:, 1])}
    for k, name in enumerate(FEATURES):
        rows[f"{name} alone"] = (x_train[:, k], x_dev[:, k])
    results = {}
    for name, (train_scores, dev_scores) in rows.items():
        t = threshold if name.startswith("newsprism") else best_threshold(train_scores, y_train)
        p, r, f1 = prf(dev_scores >= t, y_dev)
        results[name] = {"threshold": t, "p": p, "r": r, "f1": f1}
        table.add_row(name, f"{t:.3f}", f"{100 * p:.1f}", f"{100 * r:.1f}", f"{100 * f1:.1f}")
    console.print(table)
    weights = dict(zip(FEATURES, (float(w) for w in model.coef_[0]), strict=True))
    console.print(f"weights {weights}, intercept {model.intercept_[0]:.3f}, threshold {threshold:.3f}")
    p, r, f1 = prf(p_train >= threshold, y_train)
    anaphora = "as written" if args.no_anaphora else "anaphoric openings resolved"
    console.print(f"newsprism on train: P/R/F1 {100 * p:.1f}/{100 * r:.1f}/{100 * f1:.1f} (sentences {anaphora})")
    console.print(f"[dim]{time.perf_counter() - started:.1f} s[/]")
    if args.write:
        ours = results[next(iter(rows))]
        calibrated = {
            "weights": {k: round(v, 4) for k, v in weights.items()},
            "intercept": round(float(model.intercept_[0]), 4),
            "threshold": round(threshold, 4),
            "source": (
                f"benchmarks/train/alignment.py: logistic regression on ECB+ train topics "
                f"({len(train)} same-event sentence pairs and negatives), threshold = best F0.5 on train; "
                f"dev P/R/F1 {100 * ours['p']:.1f}/{100 * ours['r']:.1f}/{100 * ours['f1']:.1f}"
            ),
        }
        target = Path(str(resources.files("newsprism.data").joinpath("alignment.json")))
        target.write_text(json.dumps(calibrated, indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
