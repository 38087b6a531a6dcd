"""A `Comparison` as Markdown that reads well on GitHub: summary with citations, facts, voices, framing."""

from __future__ import annotations

from newsprism.records import LEXICONS_UNCHECKED, Comparison


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def comparison_markdown(comparison: Comparison) -> str:
    outlets = comparison.outlet_names()
    lines = ["# " + _cell(comparison.articles[0].headline or "Story") if comparison.articles else "# Story", ""]
    lines += ["| outlet | headline | published |", "|---|---|---|"]
    for article in comparison.articles:
        lines.append(f"| {_cell(outlets[article.id])} | {_cell(article.headline or '')} | {article.published or ''} |")
    lines += ["", "## Summary", ""]
    for sentence in comparison.summary:
        cited = ", ".join(sorted({outlets[c.article] for c in sentence.citations}))
        lines.append(f"- {sentence.text} *({cited})*")
    lines += ["", "## Facts", "", "| fact | coverage | outlets | as told |", "|---|---|---|---|"]
    for fact in comparison.facts:
        told = " / ".join(f"**{outlets[m.article]}:** {m.text}" for m in fact.members)
        carried = ", ".join(dict.fromkeys(outlets[a] for a in fact.articles))
        lines.append(f"| {fact.id} | {fact.coverage} | {_cell(carried)} | {_cell(told)} |")
    if comparison.conflicts:
        lines += ["", "## Conflicts", "", "| fact | kind | what differs |", "|---|---|---|"]
        for conflict in comparison.conflicts:
            lines.append(f"| {conflict.fact} | {conflict.kind} | {_cell(conflict.what)} |")
    lines += ["", "## Voices", "", "| outlet | speaker | role | direct | partial | indirect | words |"]
    lines.append("|---|---|---|---:|---:|---:|---:|")
    for v in comparison.voices:
        only = " (only here)" if v.only_here else ""
        lines.append(
            f"| {_cell(outlets[v.article])} | {_cell(v.speaker)}{only} | {_cell(v.role or '')} | {v.direct} | "
            f"{v.partial} | {v.indirect} | {v.words} |"
        )
    lines += ["", "## Framing", ""]
    no_lexicon = (
        "not checked (no lexicon given: --lexicons)" if LEXICONS_UNCHECKED in comparison.notes else "none found"
    )
    for frame in comparison.framing:
        lines.append(f"### {_cell(outlets[frame.article])}")
        scare = ", ".join(f'"{t.text}"' for t in frame.scare_quotes) or "none"
        hedges = ", ".join(dict.fromkeys(t.text.lower() for t in frame.hedges)) or "none"
        verbs = ", ".join(f"{verb} ({count})" for verb, count in frame.attribution_verbs) or "none"
        lines += [
            f"- scare quotes: {scare}",
            f"- loaded words: {', '.join(dict.fromkeys(t.text for t in frame.loaded)) or no_lexicon}",
            f"- hedges: {hedges}",
            f"- attribution verbs: {verbs}",
            f"- claims stated / attributed: {frame.stated} / {frame.attributed}",
            f"- leaves out: {', '.join(frame.omissions) or 'nothing the others share'}",
            "",
        ]
    if comparison.notes:
        lines += ["---", ""] + [f"*{note}*  " for note in comparison.notes]
    return "\n".join(lines) + "\n"
