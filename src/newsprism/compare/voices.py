"""Voices: who each article quotes, how (direct, partial, indirect), how often and at what length.

A voice is a person (one id across the story), an organisation or group by its name ("the Justice
Department", "NATO"), or an unnamed source by its description ("a senior administration official",
"prosecutors"): unnamed sources are voices too, each description one voice, and no two bodies share
a voice for sharing a last word ("the State Department", "the Justice Department").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from newsprism.records import AnnotatedArticle, Voice

ARTICLES = frozenset({"a", "an", "the"})


def _key(speaker_id: str | None, speaker: str) -> str:
    """One key per voice: the person's id, else the speaker's words without articles or case (an
    organisation's name, an unnamed source's description: "the State Department" is not "the Justice
    Department", and "a senior administration official" is not "an official")."""
    if speaker_id:
        return speaker_id
    return "speaker:" + " ".join(w for w in speaker.lower().replace("’", "'").split() if w not in ARTICLES)


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
            entry["words"] += len(item.article.body[slice(*quote.content)].split())
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
