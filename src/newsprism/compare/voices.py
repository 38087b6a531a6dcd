"""Voices: who each article quotes, how (direct, partial, indirect), how often and at what length."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from newsprism.annotate.speakers import surname
from newsprism.records import AnnotatedArticle, Voice


def _key(speaker_id: str | None, speaker: str) -> str:
    return speaker_id or "name:" + surname(speaker)


def count_voices(annotated: Sequence[AnnotatedArticle]) -> list[Voice]:
    """One `Voice` per speaker per article, most words first within each article."""
    per_article: list[dict[str, dict]] = []
    for item in annotated:
        people = {p.id: p for p in item.people}
        speakers: dict[str, dict] = {}
        for quote in item.quotes:
            if not quote.speaker:
                continue
            key = _key(quote.speaker_id, quote.speaker)
            person = people.get(quote.speaker_id or "")
            entry = speakers.setdefault(
                key,
                {
                    "speaker": person.name if person else quote.speaker,
                    "speaker_id": quote.speaker_id,
                    "role": person.role if person else quote.role,
                    "affiliation": person.affiliation if person else None,
                    "direct": 0,
                    "partial": 0,
                    "indirect": 0,
                    "words": 0,
                },
            )
            entry[quote.kind] += 1
            entry["words"] += len(quote.text.split())
        per_article.append(speakers)
    articles_of: dict[str, set[int]] = defaultdict(set)
    for index, speakers in enumerate(per_article):
        for key in speakers:
            articles_of[key].add(index)
    result = []
    for index, speakers in enumerate(per_article):
        article = annotated[index].article.id
        for key, entry in sorted(speakers.items(), key=lambda kv: -kv[1]["words"]):
            only = len(annotated) > 1 and articles_of[key] == {index}
            result.append(Voice(article=article, only_here=only, **entry))
    return result
