"""Articles longer than annotate reads (`max_article_chars`): read in part, said so, never a crash.

Over 1,000,000 characters spaCy refuses a text (E088), which killed `compare` and `quotes` with a
traceback and left the other articles uncompared; below it, a 900,000-character article cost minutes.
"""

from __future__ import annotations

import dataclasses

import pytest
from typer.testing import CliRunner

from newsprism.annotate import annotate, read_prefix, unread_note
from newsprism.cli import app
from newsprism.compare import compare
from newsprism.pipeline import read_articles
from newsprism.settings import Settings

GIANT_CHARS = 1_100_000  # past spaCy's max_length of 1,000,000


@pytest.fixture(scope="module")
def giant(seed_paths):
    """The Reuters report, its body repeated to over a million characters (real sentences throughout)."""
    reuters = next(read_articles([seed_paths["reuters.txt"]]))
    body = "\n".join([reuters.body] * (GIANT_CHARS // len(reuters.body) + 1))
    return dataclasses.replace(reuters, id="giant", source="giant.txt", body=body)


def test_compare_reads_a_giant_article_in_part_and_says_so(giant, seed_paths):
    settings = Settings(max_article_chars=20_000)
    xinhua = next(read_articles([seed_paths["xinhua.txt"]]))
    annotated = list(annotate([giant, xinhua], settings=settings))
    assert annotated[0].article is giant  # the record keeps the whole body
    read = read_prefix(giant.body, settings.max_article_chars)
    assert 10_000 < read <= 20_000 and giant.body[read - 1] == "\n"  # cut at a line end
    assert max(s.end for s in annotated[0].sentences) <= read
    comparison = compare(annotated, settings=settings)
    assert unread_note(giant, settings.max_article_chars) in comparison.notes
    assert [f for f in comparison.facts if f.coverage == "all"]  # the two reports still share facts
    for fact in comparison.facts:
        for member in fact.members:
            body = giant.body if member.article in (giant.id, giant.source) else xinhua.body
            assert body[member.start : member.end] == member.text


def test_quotes_command_reads_a_giant_file_and_notes_what_it_left(giant, tmp_path):
    path = tmp_path / "giant.txt"
    path.write_text(giant.body, encoding="utf-8")
    config = tmp_path / "newsprism.toml"
    config.write_text("[newsprism]\nmax_article_chars = 20000\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["quotes", str(path), "--format", "json", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "read the first" in result.stderr and "max_article_chars = 20,000" in result.stderr
    assert '"speaker": "Sergei Lavrov"' in result.stdout


def test_read_prefix_keeps_short_bodies_whole_and_cuts_long_ones_at_a_boundary():
    assert read_prefix("One line.\nTwo.", 100) == len("One line.\nTwo.")
    text = "A sentence. " * 100  # no line ends: cut after a sentence
    cut = read_prefix(text, 500)
    assert cut <= 500 and text[:cut].endswith(".")
    assert read_prefix("x" * 1000, 300) == 300  # no boundary at all
