"""What story clustering reads of an article, computed once per corpus: cheap features, no parse.

* the headline and lead (the first `LEAD_WORDS` words) embedded with static vectors distilled from
  the packaged MiniLM (`models.load_static_encoder`, tens of thousands of texts a second);
* its names: capitalised words and acronyms of the headline and lead;
* the TF-IDF vector of the whole text (English stop words, sublinear term frequency), its document
  frequencies counted over the corpus at hand on top of `PRIOR_DOCUMENTS` background documents
  (`background_documents`), so that a pair scores about the same in a pile of ten articles as in
  a pile of a million;
* its date, in days (NaN when unknown).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import numpy as np
from scipy import sparse

from newsprism.models import Encoder, load_static_encoder
from newsprism.similarity import inverse_frequency

LEAD_WORDS = 60
# Document frequencies start from this many background documents of `BACKGROUND_DOCUMENT_WORDS` words,
# whose words occur as often as in wordfreq's English (Wikipedia, news, books, web, subtitles...):
# a corpus of a few articles then weighs its words as general English does (without them, every
# word of a pile about one event is common there, and two reports of it score far apart), and a big
# corpus outweighs them with its own counts.
PRIOR_DOCUMENTS = 5000
BACKGROUND_DOCUMENT_WORDS = 400
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


BACKGROUND_FLOOR = 1e-7  # rarer words are in under a tenth of a background document: counted in none
_TOKEN = re.compile(r"\w\w+")  # what scikit-learn's vectorizers take for a word


@cache
def background_frequencies() -> dict[str, float]:
    """wordfreq's frequency of each English word (its share of all running words) that is a single
    token, from `BACKGROUND_FLOOR` up: about 96,000 words."""
    from wordfreq import get_frequency_dict

    return {
        word: share
        for word, share in get_frequency_dict("en").items()
        if share >= BACKGROUND_FLOOR and _TOKEN.fullmatch(word)
    }


def background_documents(words: Iterable[str]) -> np.ndarray:
    """How many of the `PRIOR_DOCUMENTS` background documents hold each of `words` (lower-cased
    tokens; 0 for a word wordfreq does not know): a word of frequency f is in about
    `BACKGROUND_DOCUMENT_WORDS` · f of them, at most all."""
    frequency = background_frequencies()
    share = np.array([frequency.get(word, 0.0) for word in words], dtype=np.float64)
    return PRIOR_DOCUMENTS * np.minimum(1.0, BACKGROUND_DOCUMENT_WORDS * share)


@dataclass(frozen=True)
class StoryFeatures:
    """The features of a corpus, row k for its article k."""

    vectors: np.ndarray  # unit static vectors of headline + lead, float32
    names: list[frozenset[str]]  # names of headline + lead
    wording: sparse.csr_matrix  # unit TF-IDF rows of headline + whole body
    days: np.ndarray  # dates in days, NaN when unknown


@dataclass(frozen=True)
class FeatureParts:
    """What each article alone gives of its features, for a part of a corpus: all of `StoryFeatures`
    but the TF-IDF weights, which need the document frequencies of the whole corpus (`join_features`)."""

    vectors: np.ndarray
    names: list[frozenset[str]]
    counts: sparse.csr_matrix  # each row's word counts, a column per word of `vocabulary`
    vocabulary: np.ndarray  # the words of the part, sorted
    days: np.ndarray


def corpus_features(items: Sequence[Item], encoder: Encoder | None = None) -> StoryFeatures:
    """The `StoryFeatures` of `items`; `encoder` defaults to the static MiniLM vectors. A corpus
    without a single word gets all-zero TF-IDF rows."""
    return join_features([feature_parts(items, encoder)])


def feature_parts(items: Sequence[Item], encoder: Encoder | None = None) -> FeatureParts:
    """The `FeatureParts` of `items`, a part of a corpus (a Ray worker makes those of its share)."""
    encoder = encoder or load_static_encoder()
    leads = [lead(item) for item in items]
    counts, vocabulary = word_counts([f"{item.headline}. {item.body}" for item in items])
    return FeatureParts(
        vectors=np.asarray(encoder.encode(leads), dtype=np.float32).reshape(len(items), -1),
        names=[names(text) for text in leads],
        counts=counts,
        vocabulary=vocabulary,
        days=np.array([day_number(item.published) for item in items], dtype=np.float64),
    )


def join_features(parts: Sequence[FeatureParts]) -> StoryFeatures:
    """The `StoryFeatures` of a corpus from the `FeatureParts` of its parts, in order: the same,
    number for number, however the corpus was cut."""
    vocabulary = np.unique(np.concatenate([part.vocabulary for part in parts]))
    rows = [
        sparse.csr_matrix(
            (part.counts.data, np.searchsorted(vocabulary, part.vocabulary)[part.counts.indices], part.counts.indptr),
            shape=(part.counts.shape[0], len(vocabulary)),
        )
        for part in parts
    ]
    counts = sparse.vstack(rows, format="csr") if rows else sparse.csr_matrix((0, 0), dtype=np.float32)
    return StoryFeatures(
        vectors=np.concatenate([part.vectors for part in parts]),
        names=[name for part in parts for name in part.names],
        wording=weighed(counts, vocabulary),
        days=np.concatenate([part.days for part in parts]),
    )


def tf_idf(texts: Sequence[str]) -> sparse.csr_matrix:
    """Unit TF-IDF rows of `texts`: sublinear term frequency, English stop words left out, document
    frequencies over `texts` and the background documents (`background_documents`); all-zero rows
    when there is not a single word."""
    return weighed(*word_counts(texts))


def word_counts(texts: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The word counts of `texts` (English stop words left out), a row each with a column per word,
    and those words, sorted."""
    from sklearn.feature_extraction.text import CountVectorizer

    vocabulary = CountVectorizer(stop_words="english", dtype=np.float32)
    try:
        counts = vocabulary.fit_transform(texts).tocsr()
    except ValueError:  # no words at all
        return sparse.csr_matrix((len(texts), 0), dtype=np.float32), np.array([], dtype=str)
    counts.sort_indices()
    return counts, vocabulary.get_feature_names_out()


def weighed(counts: sparse.csr_matrix, vocabulary: np.ndarray) -> sparse.csr_matrix:
    """Unit TF-IDF rows from word `counts` over `vocabulary` (`tf_idf`); all-zero rows, one column,
    without a word."""
    from sklearn.preprocessing import normalize

    if not len(vocabulary):
        return sparse.csr_matrix((counts.shape[0], 1), dtype=np.float32)
    holding = np.bincount(counts.indices, minlength=counts.shape[1]) + background_documents(vocabulary)
    sublinear = sparse.csr_matrix((1.0 + np.log(counts.data), counts.indices, counts.indptr), shape=counts.shape)
    weights = inverse_frequency(counts.shape[0] + PRIOR_DOCUMENTS, holding).astype(np.float32)
    return normalize(sublinear @ sparse.diags(weights), copy=False).tocsr()
