"""What story clustering reads of an article, computed once per corpus: cheap features, no parse.

* the headline and lead (the first `LEAD_WORDS` words) embedded with static vectors distilled from
  the packaged MiniLM (`models.load_static_encoder`, tens of thousands of texts a second);
* its names: capitalised words and acronyms of the headline and lead;
* the TF-IDF vector of the whole text (English stop words, sublinear term frequency), fitted on the
  corpus at hand;
* its date, in days (NaN when unknown).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from scipy import sparse

from newsprism.models import Encoder, load_static_encoder

LEAD_WORDS = 60
_NAME = re.compile(r"\b(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?|[A-Z]{2,}(?:\.[A-Z])*)\b")
COMMON_CAPITALS = frozenset(
    """The A An In On At For And But Or If As It Its He She They We I This That These Those His Her Their Our
    After Before When While With From By To Of Mr Mrs Ms Dr New Monday Tuesday Wednesday Thursday Friday Saturday
    Sunday January February March April May June July August September October November December""".split()
)


@dataclass(frozen=True, slots=True)
class Item:
    """What clustering reads of an article."""

    id: str
    headline: str
    body: str
    published: datetime | None = None


def lead(item: Item) -> str:
    """The headline and the first `LEAD_WORDS` words of the body."""
    return f"{item.headline}. " + " ".join(item.body.split()[:LEAD_WORDS])


def names(text: str) -> frozenset[str]:
    """The names of `text` (lower-cased capitalised words and acronyms, common capitals left out)."""
    return frozenset(m.lower() for m in _NAME.findall(text) if m not in COMMON_CAPITALS)


def day_number(moment: datetime | None) -> float:
    """A date as days since the epoch (NaN for None), the unit of the lateness penalty; a naive date
    is UTC (as `item_of` gives it), never the machine's time zone."""
    if moment is None:
        return np.nan
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp() / 86400


@dataclass(frozen=True)
class StoryFeatures:
    """The features of a corpus, row k for its article k."""

    vectors: np.ndarray  # unit static vectors of headline + lead, float32
    names: list[frozenset[str]]  # names of headline + lead
    wording: sparse.csr_matrix  # unit TF-IDF rows of headline + whole body
    days: np.ndarray  # dates in days, NaN when unknown


def corpus_features(items: Sequence[Item], encoder: Encoder | None = None) -> StoryFeatures:
    """The `StoryFeatures` of `items`; `encoder` defaults to the static MiniLM vectors. A corpus
    without a single word gets all-zero TF-IDF rows."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    encoder = encoder or load_static_encoder()
    leads = [lead(item) for item in items]
    try:
        wording = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float32).fit_transform(
            [f"{item.headline}. {item.body}" for item in items]
        )
    except ValueError:  # no words at all
        wording = sparse.csr_matrix((len(items), 1), dtype=np.float32)
    return StoryFeatures(
        vectors=np.asarray(encoder.encode(leads), dtype=np.float32),
        names=[names(text) for text in leads],
        wording=sparse.csr_matrix(wording),
        days=np.array([day_number(item.published) for item in items], dtype=np.float64),
    )
