"""Speech that a name and a colon label, as transcripts and headlines give it: "Matthews: Well,
speculation is bad.", "Ted Cruz: ‘Physically Assaulting A Reporter Is A Fireable Offense’",
"Poll: 3 battleground Senate races are tight" (PolNeAR marks the colon as the cue and the name as the
source), and a paragraph with no marks that a sentence of saying ending in a colon introduces ("Smith
wrote on Twitter:" and the tweet below it). `annotate.quotes` reads these beside the quotes that
quotation marks open."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsprism.annotate.cues import SUBJECTS, is_cue, is_stance
from newsprism.annotate.sentences import sentence_of, text_of

# the most words of a name that labels a line of speech ("Former Secretary Hillary Rodham Clinton:")
LABEL_WORDS = 6
QUOTE_MARKS = '"“”«»„'
NAME_PARTICLES = frozenset({"of", "de", "van", "von", "der", "la", "le", "du", "bin", "al"})


def labelled_lines(doc: Doc, quoted: list[tuple[int, int]]) -> list[tuple[int, int, Token, Token]]:
    """(start, end, colon, speaker) of each line of speech that a name and a colon label and no quotation
    marks open ("Matthews: Well, speculation is bad."): the rest of the line, where no quote in `quoted` is
    and where the line does not report someone else's speech itself ("UPDATE: … Eric Schultz said …")."""
    text, found, line = text_of(doc), [], 0
    while line < len(text):
        end = text.find("\n", line)
        end = len(text) if end < 0 else end
        colon = text.find(":", line, end)
        if 0 <= colon < line + 80:
            start, stop = colon + 1, end
            while start < stop and text[start].isspace():
                start += 1
            while stop > start and text[stop - 1].isspace():
                stop -= 1
            labelled = labelled_speaker(doc, start) if stop > start else None
            if (
                labelled is not None
                and not any(s < stop and start < e for s, e in quoted)
                and not _reported(doc, start, stop)
            ):
                found.append((start, stop, *labelled))
        line = end + 1
    return found


def labelled_speaker(doc: Doc, start: int) -> tuple[Token, Token] | None:
    """(colon, speaker) where the line of `start` opens with a short name and a colon right before it, as
    transcripts and headlines give speech ("Matthews: Well, speculation is bad.", "Ted Cruz: ‘Physically
    Assaulting A Reporter …’", "Poll: 3 battleground Senate races are tight"): the name is the speaker.
    None where the words before the colon are a clause or more than a name ("The result: …")."""
    text = text_of(doc)
    line = text.rfind("\n", 0, start) + 1
    head = text[line:start].rstrip().rstrip("\"“‘'«").rstrip()
    if not head.endswith(":") or not 1 <= len(head[:-1].split()) <= LABEL_WORDS:
        return None
    words = doc.char_span(line, line + len(head) - 1, alignment_mode="expand")
    if words is None or len(words) == 0 or words[-1].i + 1 >= len(doc) or doc[words[-1].i + 1].text != ":":
        return None
    if any(t.pos_ in {"VERB", "AUX", "PRON", "DET"} for t in words) or not all(
        t.text[:1].isupper() or t.is_punct or t.lower_ in NAME_PARTICLES for t in words
    ):
        return None
    return doc[words[-1].i + 1], words.root


def _reported(doc: Doc, start: int, end: int) -> bool:
    """Whether the words from `start` to `end` report someone's speech or stance themselves ("UPDATE: … White
    House spokesman Eric Schultz said …", "UPDATE: …, Edie Windsor hailed the decision as …"), not just
    speak of saying ("Nobody thinks of …")."""
    words = doc.char_span(start, end, alignment_mode="expand")
    return words is not None and any(
        (is_cue(t) or is_stance(t, reporting=True))
        and any(c.dep_ in SUBJECTS and c.pos_ in {"PROPN", "NOUN"} for c in t.children)
        for t in words
    )


def introduced_paragraphs(doc: Doc, quoted: list[tuple[int, int]]) -> list[tuple[int, int, Token, Token]]:
    """(start, end, cue, speaker) of each paragraph with no quotation marks that follows a paragraph ending
    in a colon after a verb of saying with its subject ("Smith wrote on Twitter:", "The campaign said in a
    statement:"): what that paragraph says is the speaker's. None of `quoted` may overlap it."""
    text, found, at = text_of(doc), [], 0
    lines = text.split("\n")
    previous: tuple[int, int] | None = None
    for line in lines:
        start, end = at, at + len(line.rstrip())
        at += len(line) + 1
        if not line.strip():
            continue
        if previous is not None and text[previous[1] - 1] == ":" and not any(m in line for m in QUOTE_MARKS):
            start += len(line) - len(line.lstrip())
            cue = _introducing_cue(doc, previous[1] - 1)
            if cue is not None and not any(s < end and start < e for s, e in quoted):
                subject = next(c for c in cue.children if c.dep_ in SUBJECTS)
                found.append((start, end, cue, subject))
        previous = (start, end)
    return found


def _introducing_cue(doc: Doc, colon: int) -> Token | None:
    """The verb of saying, with its subject and no clause of its own, of the sentence that the colon at
    `colon` ends."""
    words = doc.char_span(colon, colon + 1, alignment_mode="expand")
    if words is None or len(words) == 0 or words[0].text != ":":
        return None
    cues = [t for t in sentence_of(words[0]) if is_cue(t) and any(c.dep_ in SUBJECTS for c in t.children)]
    if not cues or any(c.dep_ in {"ccomp", "xcomp"} for c in cues[-1].children):
        return None  # "Sanders pointed out that veterans' issues were ignored:" says what it reports itself
    return cues[-1]
