"""Alignment features: the TF-IDF cosine equals scikit-learn's, the entity overlap is a Jaccard index."""

from __future__ import annotations

import numpy as np

from newsprism.compare.align import alignment_model, content_stems, tfidf_cosine
from newsprism.similarity import jaccard


def test_tfidf_cosine_is_scikit_learns(seed_paths):
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [line for line in seed_paths["xinhua.txt"].read_text(encoding="utf-8").splitlines() if line.strip()]
    matrix = TfidfVectorizer(analyzer=content_stems, sublinear_tf=True).fit_transform(texts)
    expected = (matrix @ matrix.T).toarray()
    assert np.allclose(tfidf_cosine([content_stems(t) for t in texts]), expected)


def test_jaccard():
    sets = [frozenset({"blink", "lavro"}), frozenset({"lavro"}), frozenset()]
    assert np.allclose(jaccard(sets), [[1.0, 0.5, 0.0], [0.5, 1.0, 0.0], [0.0, 0.0, 0.0]])


def test_shipped_model_is_calibrated():
    model = alignment_model()
    assert "ECB+" in model.source and 0.0 < model.threshold < 1.0
