"""An optional rewriter that polishes the extractive summary through any OpenAI-compatible endpoint
(a local llama.cpp or Ollama server, vLLM, a hosted API) that the user configures.

Off unless `rewriter_url` is set. Each summary sentence is sent with the spans it cites and comes
back reworded; a rewrite is kept only when it is still supported by those spans: the judge finds
no contradiction with any of them, and every number and every capitalised name it uses appears in
them. Otherwise the extractive sentence stays, so a rewriter can polish but never invent. The
endpoint is the user's own choice, so private and loopback addresses are allowed; a timeout bounds
each request and a failure keeps the extractive summary.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import replace

from newsprism.compare.entail import Judge
from newsprism.records import SummarySentence

SYSTEM_PROMPT = (
    "You edit news summaries for neutrality. Rewrite the sentence the user gives in plain, neutral "
    "English, using only facts stated in the sources listed under it. Keep attributions (who said "
    "what). Do not add names, numbers, dates or claims. Answer with the one rewritten sentence only."
)
OPENING_WORDS = frozenset({"The", "A", "An", "It", "Its", "They", "He", "She", "This", "That", "In", "On", "At"})
_SUPPORT_TOKEN = re.compile(r"\d[\d,.]*|\b[A-Z][a-zA-Z'’-]+")


def supported(rewrite: str, sources: Sequence[str], judge: Judge) -> bool:
    """No source contradicts the rewrite, and its numbers and capitalised names all occur in the sources."""
    joined = " ".join(sources)
    lowered = joined.lower()
    for match in _SUPPORT_TOKEN.finditer(rewrite):
        token = match.group().rstrip(".,")
        if token in joined:
            continue
        if match.start() == 0 and (token.lower() in lowered or token in OPENING_WORDS):
            continue  # a sentence's first word is capitalised anyway ("The", "Its", "Talks")
        return False
    return all(judge.judge(source, rewrite).label != "contradicts" for source in sources)


def rewrite_summary(
    sentences: Sequence[SummarySentence],
    judge: Judge,
    *,
    url: str,
    model: str,
    timeout: float = 30.0,
    api_key: str | None = None,
) -> tuple[list[SummarySentence], list[str]]:
    """The summary with supported rewrites in place, and one note per sentence kept as it was."""
    import httpx

    key = api_key or os.environ.get("NEWSPRISM_REWRITER_KEY") or os.environ.get("OPENAI_API_KEY")
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    endpoint = url.rstrip("/") + "/chat/completions"
    result, notes = [], []
    with httpx.Client(timeout=timeout, headers=headers) as client:
        for number, sentence in enumerate(sentences, start=1):
            sources = [c.text for c in sentence.citations]
            prompt = sentence.text + "\n\nSources:\n" + "\n".join(f"- {s}" for s in sources)
            try:
                response = client.post(
                    endpoint,
                    json={
                        "model": model,
                        "temperature": 0,
                        "messages": [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": prompt}],
                    },
                )
                response.raise_for_status()
                text = response.json()["choices"][0]["message"]["content"].strip()
            except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as error:
                notes.append(f"rewriter: sentence {number} kept as extracted ({type(error).__name__}: {error})")
                result.append(sentence)
                continue
            if text and supported(text, sources, judge):
                result.append(replace(sentence, text=text))
            else:
                notes.append(f"rewriter: sentence {number} kept as extracted (the rewrite was not supported)")
                result.append(sentence)
    return result, notes
