"""The evidence judge: contradictions a reader can check, and no contradiction from mere rewording."""

from __future__ import annotations

import pytest

from newsprism.compare.entail import EvidenceJudge, Judgement, dates, load_judge
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


def test_a_month_written_short_is_the_same_month():
    # The Daily Wire and NPR on the Jan. 6 committee (AllSides crawl, July 2021): "January 6th" and "Jan. 6"
    # are one date, not a conflict of months, and the 6 of a date is no count beside "five" appointees
    daily_wire = (
        "Republican House Minority Leader Kevin McCarthy (R-CA) abruptly yanked all five Republican appointees from "
        "Speaker of the House Nancy Pelosi’s (D-CA) Democrat-led committee investigating the January 6th Capitol "
        "riot after Pelosi refused to seat Reps. Jim Jordan (R-OH) and Jim Banks (R-IN) over concerns that the two "
        "GOP Members would impact the “integrity of the investigation.”"
    )
    npr = (
        "House Speaker Nancy Pelosi, D-Calif., has vetoed two Republican nominees to the panel set to investigate "
        "the Jan. 6 insurrection at the U.S. Capitol."
    )
    assert judge.judge(daily_wire, npr) == Judgement("entails")
    assert judge.judge("the Jan. 6 panel lost 7 members", "the Jan. 6 panel lost 5 members").reasons == (
        "number: 7 vs 5",
    )


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("asked McCarthy to bring up a privileged motion by July 31", "july"),
        ("the moratorium expired on Sept. 30", "september"),
        ("Jan Egeland said the talks may resume", None),  # a person and a verb, no month
        ("elections on 3 May", "may"),
    ],
)
def test_months_are_read_as_dates(text, month):
    found = dates(text, set())["month"]
    assert found == ({month} if month else set())


def test_numbers_conflict_only_when_they_count_the_same_thing():
    # readings-dev marijuana-lawsuit-2014: "adults over 21" and "Amendment 64" are no conflict of numbers
    assert judge.judge("Colorado allows adults over 21 to buy marijuana", "Amendment 64 passed in 2012").label == (
        "entails"
    )
    assert judge.judge("Mueller, 73, oversees the inquiry", "The list has 49 questions").label == "entails"
    assert judge.judge("five Republican appointees", "two Republican nominees").label == "entails"
    assert judge.judge("12 people were killed in the attack", "14 people died in the attack").reasons == (
        "number: 12 vs 14",
    )
    assert judge.judge("the attack killed 12 of the protesters", "the attack killed 14 protesters").label == (
        "contradicts"
    )


def test_relative_times_of_one_event_conflict():
    # readings-dev aarp-social-security-2011: Fox dates the trustees' warning "last week", the Times "last month"
    fox = "Trustees of the Social Security and Medicare Trust Fund last week warned the fund will be exhausted in 2036"
    nyt = "the fund will be exhausted in 2036, according to projections issued last month"
    assert judge.judge(fox, nyt).reasons == ("when: last week vs last month",)
    assert judge.judge("the trustees warned last week", "the trustees warned earlier this week").label == (
        "contradicts"
    )
    assert judge.judge("the trustees warned last week", "the warning came last week").label == "entails"
