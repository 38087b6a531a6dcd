"""The sentence encoder compare aligns with: a sentence's vector does not depend on the sentences beside it."""

from __future__ import annotations

import numpy as np

from newsprism.models import load_encoder


def test_vectors_do_not_depend_on_the_batch(seed_paths):
    """A claim's vector is the same alone, beside claims of other lengths, and when repeated."""
    lines = [line for line in seed_paths["reuters.txt"].read_text(encoding="utf-8").splitlines() if line.strip()]
    encoder = load_encoder()
    together = encoder.encode([*lines, lines[3]])
    assert together.shape == (len(lines) + 1, 384)
    assert np.allclose(together[-1], together[3])
    for k in (0, 3, len(lines) - 1):
        assert np.allclose(encoder.encode([lines[k]])[0], together[k], atol=1e-4)
    assert encoder.encode([]).shape == (0, 384)


def test_int8_vectors_stay_close_to_the_fp32_model(seed_paths):
    """The int8 products change claim vectors by little: each within cosine 0.97 of the fp32
    all-MiniLM-L6-v2 of sentence-transformers, 0.99 on average; and the products are int8."""
    import onnx
    import pytest

    from newsprism.models import quantized_minilm

    operations = {node.op_type for node in onnx.load(str(quantized_minilm())).graph.node}
    assert "MatMulInteger" in operations
    pytest.importorskip("sentence_transformers")
    from newsprism.models import SentenceTransformerEncoder

    lines = [line for line in seed_paths["xinhua.txt"].read_text(encoding="utf-8").splitlines() if line.strip()]
    cosines = (load_encoder().encode(lines) * SentenceTransformerEncoder("minilm").encode(lines)).sum(axis=1)
    assert cosines.min() > 0.97 and cosines.mean() > 0.99, cosines


def test_quantizing_silences_only_the_quantizer(tmp_path, monkeypatch, caplog):
    """Making the int8 model in a fresh cache drops the quantizer's calibration advice (logged on
    the root logger) and nothing else: a named logger's warning at the same time still shows, and
    the root logger is left as it was."""
    import logging

    import onnxruntime.quantization

    from newsprism import models

    monkeypatch.setenv("NEWSPRISM_CACHE", str(tmp_path))
    quantize = onnxruntime.quantization.quantize_dynamic

    def quantize_and_warn(*args, **kwargs):
        logging.getLogger("newsprism.test").warning("a named logger speaks")
        return quantize(*args, **kwargs)

    monkeypatch.setattr(onnxruntime.quantization, "quantize_dynamic", quantize_and_warn)
    filters = list(logging.getLogger().filters)
    with caplog.at_level(logging.INFO):
        path = models.quantized_minilm()
    assert path.is_file() and str(path).startswith(str(tmp_path))
    assert [record.getMessage() for record in caplog.records] == ["a named logger speaks"]
    assert logging.getLogger().filters == filters
