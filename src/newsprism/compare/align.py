"""Facts: claims of different articles that state the same thing, grouped.

Two claims, each with its anaphoric opening resolved (`anaphora`), are scored on three kinds of
evidence: the cosine of their sentence embeddings
(all-MiniLM-L6-v2), the cosine of their TF-IDF vectors over the story (lexical overlap, words cut
to their first five letters so that "denies" meets "denied"), and the overlap of the named entities
they hold (people by surname, places and groups by stem, so that "Russian" meets "Russia"). A
logistic model turns the three into the probability that the claims report the same thing; its
weights and threshold are calibrated on ECB+ cross-document event coreference
(`benchmarks/train/alignment.py` writes `data/alignment.json`).

Claims are then joined into facts by matching between articles (`match`, the default): for each
pair of articles, a claim is matched only to a claim of the other article among its `MUTUAL` best,
when it is among that claim's best too and the probability reaches `MATCH_THRESHOLD`. Matches join
into one fact strongest first, and only while every two members from different articles reach
`AGREE` (a fact of three outlets needs its members to agree with each other, not through a chain).
A claim left unmatched is a fact of its own article, unless it is a part of a longer claim (a clause
the parse found, `claims.parts_of`), which its whole already states. A missed match costs an "only";
a wrong one a false "all outlets report", so the threshold is set for precision.

The claims are sentences and their parts, so a lead that states four facts can meet four sentences
of other outlets. Tuned on readings-train (`python -m benchmarks.readings --set train`; readings-dev is kept
for measuring): against average-linkage clustering of sentences (`alignment = "clusters"`, the
method before, which chains claims of one topic into blob facts), exclusives kept to their outlet
rise from 63% to 83% and look-alikes kept apart from 84% to 91%, shared facts 35% to 31%, partly
shared 44% to 46%; on readings-dev shared 28% to 34%, partly 44% to 47%, exclusives 61% to 80%,
look-alikes 84% to 84%; the seed pair keeps 7 of 8 shared facts and 12 of 13 exclusives.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import combinations

import numpy as np

from newsprism.compare.anaphora import Resolved
from newsprism.compare.claims import Claim
from newsprism.records import AnnotatedArticle
from newsprism.similarity import inverse_frequency, jaccard

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"})
STEM = 5
_WORD = re.compile(r"[a-z0-9]+(?:[.'’-][a-z0-9]+)*")
FEATURES = ("embedding", "lexical", "entities")
# matching, tuned on readings-train with the parts (benchmarks/readings.py --set train): a match is
# among each other's MUTUAL best and reaches MATCH_THRESHOLD; every two members of a fact reach AGREE
MUTUAL = 2
MATCH_THRESHOLD = 0.65
AGREE = 0.3


@dataclass(frozen=True, slots=True)
class AlignmentModel:
    """Logistic weights over `FEATURES`, an intercept, the decision threshold, and where they came from."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float
    source: str

    def probability(self, features: np.ndarray) -> np.ndarray:
        """`features` has the `FEATURES` on its last axis."""
        logit = features @ np.asarray(self.weights) + self.intercept
        return 1.0 / (1.0 + np.exp(-logit))

    def probability_of(self, arrays: Sequence[np.ndarray]) -> np.ndarray:
        """The same from one array per feature (`feature_arrays`), without stacking them."""
        logit = sum((w * a for w, a in zip(self.weights, arrays, strict=True)), np.asarray(self.intercept))
        return 1.0 / (1.0 + np.exp(-logit))


@cache
def alignment_model() -> AlignmentModel:
    """The calibrated model shipped in `data/alignment.json`."""
    data = json.loads(resources.files("newsprism.data").joinpath("alignment.json").read_text(encoding="utf-8"))
    return AlignmentModel(
        weights=tuple(float(data["weights"][name]) for name in FEATURES),  # type: ignore[arg-type]
        intercept=float(data["intercept"]),
        threshold=float(data["threshold"]),
        source=data["source"],
    )


def stems(text: str) -> list[str]:
    return [word[:STEM] for word in _WORD.findall(text.lower())]


def content_stems(text: str) -> list[str]:
    """The stems of the content words of `text` (stop words left out)."""
    return [word[:STEM] for word in _WORD.findall(text.lower()) if word not in STOPWORDS]


def entity_keys(entities: Iterable[tuple[str, str]]) -> frozenset[str]:
    """Keys of named entities given as (text, label): people by surname, the rest by the stem of
    their last word ("the Kremlin" → "kreml", "Russian" → "russi")."""
    keys = set()
    for text, label in entities:
        if label in ENTITY_LABELS:
            words = stems(text)
            if words:
                keys.add(words[-1])
    return frozenset(keys)


def entities_within(annotated: AnnotatedArticle, start: int, end: int) -> list[tuple[str, str]]:
    return [(e.text, e.label) for e in annotated.entities if e.start >= start and e.end <= end]


def pair_features(
    texts: Sequence[str],
    vectors: np.ndarray,
    entities: Sequence[Sequence[tuple[str, str]]],
) -> np.ndarray:
    """An (n, n, 3) array of `FEATURES` for every pair of claims, given each claim's named entities
    as (text, label). The lexical feature leaves the entities' words out: names count once, in
    the entity feature, and a place two claims merely share ("Berlin") does not make them one fact."""
    return np.stack(feature_arrays(texts, vectors, entities), axis=-1)


def feature_arrays(
    texts: Sequence[str], vectors: np.ndarray, entities: Sequence[Sequence[tuple[str, str]]]
) -> tuple[np.ndarray, ...]:
    """`pair_features` as one (n, n) array per feature, in `FEATURES` order (no stacked copy)."""
    embedding = np.clip(vectors @ vectors.T, 0.0, 1.0)
    named = [{w for text, _ in found for w in stems(text)} for found in entities]
    lexical = tfidf_cosine([[w for w in content_stems(t) if w not in named[i]] for i, t in enumerate(texts)])
    keys = [entity_keys(found) for found in entities]
    return embedding, lexical, jaccard(keys)


def tfidf_cosine(documents: Sequence[Sequence[str]]) -> np.ndarray:
    """Cosine of the TF-IDF vectors of tokenised documents, as scikit-learn's
    ``TfidfVectorizer(sublinear_tf=True)`` computes them (smoothed idf, l2 norm; a test checks the two
    agree). Written out because importing scikit-learn costs a second of a cold `newsprism compare`."""
    from scipy.sparse import csr_matrix

    vocabulary: dict[str, int] = {}
    rows, columns, counts = [], [], []
    for row, tokens in enumerate(documents):
        for token, count in Counter(tokens).items():
            rows.append(row)
            columns.append(vocabulary.setdefault(token, len(vocabulary)))
            counts.append(count)
    n = len(documents)
    if not vocabulary:
        return np.zeros((n, n))
    matrix = csr_matrix((np.asarray(counts, dtype=float), (rows, columns)), shape=(n, len(vocabulary)))
    matrix.data = 1.0 + np.log(matrix.data)
    document_frequency = np.bincount(matrix.indices, minlength=len(vocabulary))
    matrix = matrix.multiply(inverse_frequency(n, document_frequency)).tocsr()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
    norms[norms == 0] = 1.0
    matrix = csr_matrix(matrix.multiply(1.0 / norms[:, None]))
    return (matrix @ matrix.T).toarray()


STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its this that
    these those he she they we you i his her their our your him them us said says say told would could will
    has have had not no do does did than then so such also about into over after before which who whom what""".split()
)


def group(probabilities: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage clusters of claims whose mean pairwise probability stays at or above `threshold`."""
    n = len(probabilities)
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = 1.0 - probabilities
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    clusters: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        clusters.setdefault(int(label), []).append(index)
    return sorted(clusters.values(), key=lambda members: members[0])


def match(
    probabilities: np.ndarray, sources: Sequence[int], threshold: float, agree: float, mutual: int = 1
) -> list[list[int]]:
    """Facts as lists of claim indices: matches between the claims of two sources (articles), each
    among the other's `mutual` best and at or above `threshold`, joined strongest first while every
    two members of different sources reach `agree`; each claim is in exactly one fact. With
    `mutual` = 1 a fact keeps one claim per source; above it, an article's restatement of a fact
    (its lead and a later paragraph) may join it too."""
    n = len(sources)
    by_source = _by_source(sources)
    edges = []
    for first, second in combinations(sorted(by_source), 2):
        rows, columns = by_source[first], by_source[second]
        scores = probabilities[np.ix_(rows, columns)]
        # rank of each column for its row, and of each row for its column (0: the best)
        column_rank = np.argsort(np.argsort(-scores, axis=1), axis=1)
        row_rank = np.argsort(np.argsort(-scores, axis=0), axis=0)
        matched = (column_rank < mutual) & (row_rank < mutual) & (scores >= threshold)
        for row, column in zip(*np.nonzero(matched), strict=True):
            edges.append((float(scores[row, column]), rows[row], columns[column]))
    fact_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    source_of = np.asarray(sources)
    for _, a, b in sorted(edges, reverse=True):
        fa, fb = fact_of[a], fact_of[b]
        if fa == fb or (mutual == 1 and {sources[i] for i in members[fa]} & {sources[i] for i in members[fb]}):
            continue
        between = source_of[members[fa]][:, None] != source_of[members[fb]][None, :]
        if (probabilities[np.ix_(members[fa], members[fb])][between] < agree).any():
            continue
        members[fa] += members.pop(fb)
        for i in members[fa]:
            fact_of[i] = fa
    return sorted((sorted(group) for group in members.values()), key=lambda group: group[0])


def _by_source(sources: Sequence[int]) -> dict[int, list[int]]:
    """The claim indices of each source (article), in order."""
    by_source: dict[int, list[int]] = {}
    for index, source in enumerate(sources):
        by_source.setdefault(source, []).append(index)
    return by_source


CANDIDATES = 3  # a judge is asked about each claim's this many best-scoring claims of each other article


class FactJudge:
    """A sentence-pair cross-encoder (a local folder) that reads two claims together and gives the
    probability that they state the same fact; `benchmarks/train/pair_judge.py` trains one from the packaged
    MiniLM (none ships: its training data may not be redistributed). Its decision threshold is read
    from ``newsprism.json`` in the folder (``{"threshold": …}``), else 0.5. Raises `ModelError` when
    the folder cannot be loaded."""

    def __init__(self, path: str) -> None:
        from pathlib import Path

        from newsprism.models import load_cross_encoder

        self.name = path
        self.model = load_cross_encoder(path, "fact judge")
        card = Path(path) / "newsprism.json"
        self.threshold = float(json.loads(card.read_text(encoding="utf-8"))["threshold"]) if card.is_file() else 0.5

    def same_fact(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        scores = self.model.predict(list(pairs), batch_size=32, show_progress_bar=False)
        return np.asarray(scores, dtype=np.float32).reshape(len(pairs))


@cache
def load_fact_judge(path: str) -> FactJudge:
    """The fact judge at `path`, loaded once."""
    return FactJudge(path)


def judged(probabilities: np.ndarray, texts: Sequence[str], sources: Sequence[int], judge: FactJudge) -> np.ndarray:
    """`probabilities` with `judge`'s answers between claims of different sources: each claim's
    `CANDIDATES` best-scoring claims of each other source are asked about (once a pair), and every
    other pair of different sources gets 0. Pairs within one source keep their score."""
    n = len(sources)
    answer = probabilities.copy()
    other = np.asarray(sources)[:, None] != np.asarray(sources)[None, :]
    answer[other] = 0.0
    asked: set[tuple[int, int]] = set()
    by_source = _by_source(sources)
    for i in range(n):
        for source, members in by_source.items():
            if source != sources[i]:
                best = sorted(members, key=lambda j: -probabilities[i, j])[:CANDIDATES]
                asked.update((min(i, j), max(i, j)) for j in best)
    pairs = sorted(asked)
    scores = judge.same_fact([(texts[i], texts[j]) for i, j in pairs])
    for (i, j), score in zip(pairs, scores.tolist(), strict=True):
        answer[i, j] = answer[j, i] = score
    return answer


def align_claims(
    claims: Sequence[Claim],
    annotated: Sequence[AnnotatedArticle],
    vectors: np.ndarray,
    resolved: Sequence[Resolved] | None = None,
    method: str = "clusters",
    judge: FactJudge | None = None,
    threshold: float | None = None,
) -> tuple[list[list[int]], np.ndarray]:
    """Groups of claim indices that state the same thing, and the pairwise probabilities. `vectors`
    embed the claims as `resolved` gives them (`anaphora.resolve_claims`; their own text if None).
    `method` is "clusters" (`group`, the default) or "matching" (`match`, at `threshold`, else
    `MATCH_THRESHOLD`); a `judge` rereads each claim's best candidates (`judged`) and its threshold decides."""
    model = alignment_model()
    resolved = resolved if resolved is not None else [Resolved(c.text) for c in claims]
    entities = [
        entities_within(annotated[c.article], c.start, c.end) + ([r.antecedent] if r.antecedent else [])
        for c, r in zip(claims, resolved, strict=True)
    ]
    probabilities = model.probability_of(feature_arrays([r.text for r in resolved], vectors, entities))
    sources = [c.article for c in claims]
    if judge is not None:
        probabilities = judged(probabilities, [r.text for r in resolved], sources, judge)
    if method == "matching":
        threshold = judge.threshold if judge is not None else threshold or MATCH_THRESHOLD
        agree = threshold * AGREE / MATCH_THRESHOLD  # AGREE, scaled to a judge's or an encoder's threshold
        groups = match(probabilities, sources, threshold, agree, MUTUAL)
    else:
        groups = group(probabilities, judge.threshold if judge is not None else model.threshold)
    # a part no other claim joined is no fact of its own: its whole claim already says it
    return [g for g in groups if len(g) > 1 or not claims[g[0]].part], probabilities
