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
