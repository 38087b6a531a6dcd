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


def test_matching_keeps_one_claim_per_article_and_never_chains():
    """Claims 0, 1 of article 0; 2, 3 of article 1; 4 of article 2. 0-2 and 2-4 match strongly, but
    0 and 4 disagree: the fact keeps 2 with its stronger partner only; 1 matches nothing well."""
    from newsprism.compare.align import match

    p = np.full((5, 5), 0.05)
    for a, b, score in [(0, 2, 0.9), (2, 4, 0.8), (0, 4, 0.1), (1, 3, 0.4), (1, 2, 0.6), (0, 3, 0.3)]:
        p[a, b] = p[b, a] = score
    facts = match(p, [0, 0, 1, 1, 2], threshold=0.5, agree=0.35)
    assert sorted(map(sorted, facts)) == [[0, 2], [1], [3], [4]]
    assert match(p, [0, 0, 1, 1, 2], threshold=0.5, agree=0.05) == [[0, 2, 4], [1], [3]]  # 0 and 4 agree enough


def test_matching_asks_for_mutual_best():
    """2 is 0's best, but 2's best is 1 (same article as 0): 0 stays alone."""
    from newsprism.compare.align import match

    p = np.array([[1, 0.1, 0.7], [0.1, 1, 0.9], [0.7, 0.9, 1]])
    assert match(p, [0, 0, 1], threshold=0.5, agree=0.35) == [[0], [1, 2]]


class _Judge:
    """Says two texts state the same fact when they share their first word; records what it was asked."""

    threshold = 0.5

    def __init__(self):
        self.asked = []

    def same_fact(self, pairs):
        self.asked += pairs
        return np.array([float(a.split()[0] == b.split()[0]) for a, b in pairs], dtype=np.float32)


def test_a_judge_rereads_each_claims_best_candidates_only():
    from newsprism.compare import align

    texts = ["Talks ended", "Troops massed", "Talks over", "Weather fine", "Troops gathered"]
    sources = [0, 0, 1, 1, 1]
    p = np.full((5, 5), 0.2)
    p[0, 3] = p[3, 0] = 0.9  # the logistic's best for "Talks ended" is a wrong one
    judge = _Judge()
    answer = align.judged(p, texts, sources, judge)
    assert answer[0, 2] == 1.0 and answer[0, 3] == 0.0 and answer[1, 4] == 1.0
    assert answer[0, 1] == p[0, 1]  # within one article: the logistic's score stays
    assert len(judge.asked) == len(set(judge.asked)) <= 2 * 3 + 3 * 1  # each pair once, candidates only
    assert align.match(answer, sources, judge.threshold, 0.2) == [[0, 2], [1, 4], [3]]


def test_a_fact_judge_that_is_not_a_folder_is_a_model_error(tmp_path):
    import pytest

    from newsprism.compare.align import load_fact_judge
    from newsprism.errors import ModelError

    with pytest.raises(ModelError, match="fact judge"):
        load_fact_judge(str(tmp_path / "missing"))


def test_matching_lets_a_restatement_join_its_fact_when_second_best_counts():
    """Article 0 states a fact in its lead (0) and again later (1); article 1 states it once (2)."""
    from newsprism.compare.align import match

    p = np.array([[1, 0.7, 0.9], [0.7, 1, 0.8], [0.9, 0.8, 1]])
    assert match(p, [0, 0, 1], threshold=0.5, agree=0.25, mutual=1) == [[0, 2], [1]]
    assert match(p, [0, 0, 1], threshold=0.5, agree=0.25, mutual=2) == [[0, 1, 2]]
