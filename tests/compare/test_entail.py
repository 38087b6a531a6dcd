"""The evidence judge: contradictions a reader can check, and no contradiction from mere rewording."""

from __future__ import annotations

import pytest

from newsprism.compare.entail import EvidenceJudge, load_judge
from newsprism.errors import ModelError

judge = EvidenceJudge()


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        (
            "Russia has massed 100,000 troops on its borders.",
            "Russia has massed 60,000 troops on its borders.",
            "number",
        ),
        ("The talks began in Geneva on Friday.", "The talks began in Geneva on Thursday.", "weekday"),
        ("Russia is planning an attack on Ukraine.", "Russia is not planning an attack on Ukraine.", "negation"),
        ("NATO accepted the demand from Moscow.", "NATO rejected the demand from Moscow.", "antonym"),
    ],
)
def test_checkable_differences_contradict(a, b, kind):
    judgement = judge.judge(a, b)
    assert judgement.label == "contradicts"
    assert any(reason.startswith(kind) for reason in judgement.reasons), judgement.reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the seed pair's shared facts, worded differently by Reuters and Xinhua
        ("Russia denies it is planning an attack", "Russia denied the accusation"),
        (
            "Lavrov told Blinken he did not expect a breakthrough at the Geneva talks.",
            "top U.S. and Russian diplomats meeting here on Friday achieved no major breakthrough as expected.",
        ),
        ("The U.S.-led alliance has rejected that.", "NATO has said that it rebuffed Moscow's chief demand."),
    ],
)
def test_rewording_is_not_a_contradiction(a, b):
    assert judge.judge(a, b).label == "entails"


def test_default_judge_is_the_evidence_judge():
    assert isinstance(load_judge(None), EvidenceJudge)


def test_a_missing_entailment_model_is_named(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(ModelError, match="no-such-model"):
        load_judge(str(missing))
