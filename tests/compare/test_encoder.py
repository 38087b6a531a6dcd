"""The sentence encoder compare aligns with: batching by length changes no vector."""

from __future__ import annotations

import numpy as np

from newsprism.models import load_encoder, token_batches


def test_token_batches_fit_the_budget_in_order_of_length():
    lengths = [30, 5, 100, 12, 12, 300]
    batches = token_batches(lengths, 64)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    assert [i for batch in batches for i in batch] == sorted(range(len(lengths)), key=lengths.__getitem__)
    for batch in batches:
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 64


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
