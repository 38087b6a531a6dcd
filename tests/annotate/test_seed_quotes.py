"""Every quote of expected.json found with the right speaker and kind; scare quotes are not speech."""

from __future__ import annotations

import pytest

from newsprism import read_articles
from newsprism.annotate import annotate
from newsprism.annotate.people import surname
from newsprism.records import AnnotatedArticle

NAMES = ("reuters.txt", "xinhua.txt")


@pytest.fixture(scope="module")
def annotated(seed_paths) -> dict[str, AnnotatedArticle]:
    articles = list(read_articles([seed_paths[name] for name in NAMES]))
    return {a.article.source.rsplit("/", 1)[-1]: a for a in annotate(articles)}


def _describe(annotated: AnnotatedArticle) -> str:
    return "\n".join(f"  {q.kind:8} {q.speaker!s:25} {q.cue!s:10} {q.text[:60]}" for q in annotated.quotes)


@pytest.mark.parametrize("name", NAMES)
def test_every_expected_quote_is_found(annotated, expected, name):
    article = annotated[name]
    misses = []
    for want in expected["articles"][name]["quotes"]:
        hits = [q for q in article.quotes if want["text_contains"] in q.text]
        right = [
            q for q in hits if q.speaker and surname(q.speaker) == want["speaker"].lower() and q.kind == want["kind"]
        ]
        if not right:
            got = [(q.kind, q.speaker) for q in hits] or "not found"
            misses.append(f"{want['speaker']} {want['kind']} {want['text_contains']!r}: {got}")
    assert not misses, "missed:\n" + "\n".join(misses) + "\nfound:\n" + _describe(article)


@pytest.mark.parametrize("name", NAMES)
def test_spans_point_into_the_body(annotated, name):
    article = annotated[name]
    body = article.article.body
    for quote in article.quotes:
        assert body[quote.start : quote.end] == quote.text
        if quote.speaker_start is not None:
            assert body[quote.speaker_start : quote.speaker_end].strip()
        if quote.cue_start is not None:
            assert body[quote.cue_start :].startswith(quote.cue)
    for sentence in article.sentences:
        assert body[sentence.start : sentence.end].strip()


def test_scare_quotes_are_framing_not_speech(annotated, expected):
    xinhua = annotated["xinhua.txt"]
    assert sorted(s.text for s in xinhua.scare_quotes) == sorted(expected["articles"]["xinhua.txt"]["scare_quotes"])
    spoken = {q.text for a in annotated.values() for q in a.quotes}
    assert not spoken & {"invasion", "invasion.", "invades"}


@pytest.mark.parametrize("name", NAMES)
def test_roles_are_attached(annotated, expected, name):
    article = annotated[name]
    for speaker, role in expected["articles"][name]["speaker_roles"].items():
        people = [p for p in article.people if surname(p.name) == speaker.lower()]
        assert people and people[0].role == role, (speaker, [(p.name, p.role) for p in people])
        quoted = [q for q in article.quotes if q.speaker and surname(q.speaker) == speaker.lower()]
        assert quoted and all(q.role == role for q in quoted)


def test_one_person_one_id_across_the_story(annotated):
    ids = {a: {p.name: p.id for p in annotated[a].people} for a in NAMES}
    assert ids["reuters.txt"]["Antony Blinken"] == ids["xinhua.txt"]["Antony Blinken"]
    assert ids["reuters.txt"]["Sergei Lavrov"] == ids["xinhua.txt"]["Sergei Lavrov"]


def test_pronoun_and_title_speakers_resolve_to_people(annotated):
    reuters, xinhua = annotated["reuters.txt"], annotated["xinhua.txt"]
    move_in = next(q for q in reuters.quotes if q.text == "move in")
    assert move_in.speaker == "Joe Biden" and reuters.article.body[move_in.speaker_start : move_in.speaker_end] == "he"
    # the quoted words stand alone where the reported speech of their verb already shows its sentence
    predicted = next(q for q in reuters.quotes if q.kind == "indirect" and q.cue_start == move_in.cue_start)
    assert predicted.text == 'he predicted Russia would "move in" on Ukraine'  # not "… and said Moscow would …"
    swift = next(q for q in xinhua.quotes if xinhua.article.body[slice(*q.content)].startswith("swift, severe"))
    assert swift.text == 'the U.S. secretary of state warned of a "swift, severe" response'  # from its subject
    assert swift.speaker == "Antony Blinken"
    assert "secretary of state" in xinhua.article.body[swift.speaker_start : swift.speaker_end]


def test_sentences_survive_news_punctuation(annotated):
    reuters = annotated["reuters.txt"]
    texts = [reuters.article.body[s.start : s.end] for s in reuters.sentences]
    assert texts[0].startswith("GENEVA, Jan 21 (Reuters) - The top diplomats")  # the dateline stays
    assert any(t.startswith("U.S. Secretary of State Antony Blinken shook hands") for t in texts)  # "U.S." no end
    assert not any(t.strip() in {'"', "”"} for t in texts)  # ',"' and '."' stay with their sentence
