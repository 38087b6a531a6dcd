"""Claims cut from real sentences of the AllSides crawl stand on their own."""

from __future__ import annotations

from newsprism.annotate import annotate
from newsprism.compare.claims import claims_of
from tests.conftest import crawl_articles


def test_a_parenthesis_between_dashes_is_not_cut_out_of_its_sentence():
    # CNN on the qualified-immunity rulings (Oct. 2021): "The rulings -- and the fact that no justice publicly
    # dissented -- suggests that …" was cut at the second dash into "The rulings -- and the fact that no justice
    # publicly dissented" and "suggests that …", and the summary told the first as a sentence
    (article,) = (a for a in crawl_articles({"allsides-5607"}) if a.outlet.startswith("CNN"))
    (annotated,) = annotate([article], link=False)
    texts = [claim.text for claim in claims_of(0, annotated)]
    sentence = next(text for text in texts if text.startswith("The rulings -- and the fact"))
    assert sentence.endswith("how it considers qualified immunity cases.")
    assert not any(text.startswith("suggests that the court") for text in texts)
