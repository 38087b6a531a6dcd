"""The models behind the stages: what ships, what is made once, and what a first run prints and imports."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from typer.testing import CliRunner

from newsprism import models
from newsprism.cli import app


def test_static_vectors_ship_in_the_package_and_load_with_an_empty_cache(tmp_path, monkeypatch):
    """A first `newsprism stories` distils nothing: the vectors are the package's, the cache stays untouched."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("NEWSPRISM_CACHE", str(cache))
    models.load_static_encoder.cache_clear()
    try:
        assert models.static_model_dir() == models.PACKAGED_STATIC
        encoder = models.load_static_encoder()
        vectors = encoder.encode(
            [
                "Blinken and Lavrov met in Geneva for talks on Ukraine.",
                "The U.S. and Russian foreign ministers held talks in Geneva about Ukraine.",
                "The city council approved a new budget for road repairs.",
            ]
        )
    finally:
        models.load_static_encoder.cache_clear()
    assert vectors.shape == (3, models.STATIC_DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert not cache.exists()


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_spacy_comes_without_torch_and_torch_stays_importable():
    """thinc imports torch when it is installed (over a second of every cold command); newsprism's
    spaCy pipeline needs none, so the annotate stage imports spaCy without it."""
    pytest.importorskip("torch")
    out = _python(
        "import sys\n"
        "import newsprism.annotate\n"
        "from newsprism.models import load_pipeline\n"
        "assert 'torch' not in sys.modules, 'torch imported with spaCy'\n"
        "doc = load_pipeline()('Blinken met Lavrov in Geneva. They spoke for 90 minutes.')\n"
        "assert len(list(doc.sents)) == 2 and 'torch' not in sys.modules\n"
        "import thinc.compat, torch\n"
        "print(thinc.compat.has_torch, torch.tensor([1.0]).sum().item())\n"
    )
    assert out.split() == ["False", "1.0"]


def test_a_pipeline_package_that_runs_torch_keeps_it_in_thinc():
    """Where a transformer pipeline package is installed, thinc gets torch as usual."""
    pytest.importorskip("torch")
    out = _python(
        "import sys\n"
        "from newsprism import models\n"
        "models.TORCH_PIPELINE_PACKAGES = ('json',)  # an installed package stands in for spacy-transformers\n"
        "import newsprism.annotate, thinc.compat\n"
        "print(thinc.compat.has_torch)\n"
    )
    assert out.split() == ["True"]


def test_loading_a_sentence_transformers_model_prints_nothing(capfd):
    """transformers' weight bar and its load report on the unused `position_ids` key are not for a user."""
    pytest.importorskip("sentence_transformers")
    encoder = models.SentenceTransformerEncoder("minilm")
    assert encoder.encode(["One sentence."]).shape == (1, 384)
    captured = capfd.readouterr()
    assert "LOAD REPORT" not in captured.err and "Loading weights" not in captured.err, captured.err
    assert captured.out == ""


def test_models_command_makes_the_int8_encoder_once_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSPRISM_CACHE", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()
    first = runner.invoke(app, ["models"])
    assert first.exit_code == 0, first.output
    assert "making the int8 sentence encoder" in first.stderr
    assert "made now" in first.stdout and str(tmp_path) in first.stdout
    assert models.quantized_minilm_is_made()
    again = runner.invoke(app, ["models"])
    assert again.exit_code == 0 and "made now" not in again.stdout and again.stderr == ""
    assert str(models.PACKAGED_STATIC) in again.stdout  # the stories vectors: the package's own


def test_models_command_names_a_missing_pipeline_in_one_line(tmp_path):
    config = tmp_path / "newsprism.toml"
    config.write_text('[newsprism]\nspacy_model = "no_such_pipeline"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["models", "--config", str(config)])
    assert result.exit_code == 1
    assert "no_such_pipeline" in result.stderr and len(result.stderr.strip().splitlines()) == 1
