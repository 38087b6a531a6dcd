"""Speech that a name and a colon label, as transcripts and headlines give it: "Matthews: Well,
speculation is bad.", "Ted Cruz: ‘Physically Assaulting A Reporter Is A Fireable Offense’",
"Poll: 3 battleground Senate races are tight" (PolNeAR marks the colon as the cue and the name as the
source). `annotate.quotes` reads these beside the quotes that quotation marks open."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsprism.annotate.cues import SUBJECTS, is_cue
from newsprism.annotate.sentences import text_of

# the most words of a name that labels a line of speech ("Former Secretary Hillary Rodham Clinton:")
LABEL_WORDS = 6
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
    """Whether the words from `start` to `end` report someone's speech themselves ("UPDATE: … White House
    spokesman Eric Schultz said …"), not just speak of saying ("Nobody thinks of …")."""
    words = doc.char_span(start, end, alignment_mode="expand")
    return words is not None and any(
        is_cue(t) and any(c.dep_ in SUBJECTS and c.pos_ in {"PROPN", "NOUN"} for c in t.children) for t in words
    )
