"""Claims cut from real sentences of the AllSides crawl stand on their own."""

from __future__ import annotations

import json

from newsprism.annotate import annotate
from newsprism.compare.claims import claims_of
from newsprism.records import Article
from tests.conftest import shared_data


def test_a_parenthesis_between_dashes_is_not_cut_out_of_its_sentence():
    # CNN on the qualified-immunity rulings (Oct. 2021): "The rulings -- and the fact that no justice publicly
    # dissented -- suggests that …" was cut at the second dash into "The rulings -- and the fact that no justice
    # publicly dissented" and "suggests that …", and the summary told the first as a sentence
    path = shared_data("neus-allsides") / "clustering_view.shared.jsonl"
    row = next(
        row
        for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())
        if row["story_id"] == "allsides-5607" and row["source"].startswith("CNN")
    )
    article = Article(
        id="cnn", source=row["url"], outlet="CNN", headline=row["title"], published=row["date"], authors=(),
        dateline=None, language="en", body=row["text"],
    )  # fmt: skip
    (annotated,) = annotate([article], link=False)
    texts = [claim.text for claim in claims_of(0, annotated)]
    sentence = next(text for text in texts if text.startswith("The rulings -- and the fact"))
    assert sentence.endswith("how it considers qualified immunity cases.")
    assert not any(text.startswith("suggests that the court") for text in texts)
