"""`newsprism read` on the seed pair: the JSON of DESIGN.md's public interfaces, failures, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from newsprism.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
PUBLIC_FIELDS = {
    "id",
    "source",
    "outlet",
    "headline",
    "published",
    "authors",
    "dateline",
    "language",
    "body",
    "removed",
}


def test_read_json_has_the_public_fields(seed_paths, expected):
    result = runner.invoke(app, ["read", *map(str, seed_paths.values()), "--format", "json"])
    assert result.exit_code == 0, result.output
    articles = json.loads(result.stdout)
    assert [a["outlet"] for a in articles] == ["Reuters", "Xinhua"]
    for article, name in zip(articles, seed_paths, strict=True):
        assert PUBLIC_FIELDS <= set(article)
        assert article["source"] == str(seed_paths[name])
        assert article["headline"] == expected["articles"][name]["headline"]
        assert {"place": article["dateline"]["place"], "date": article["dateline"]["date"]} == expected["articles"][
            name
        ]["dateline"]


def test_read_jsonl_one_line_per_article(seed_paths):
    result = runner.invoke(app, ["read", *map(str, seed_paths.values()), "--format", "jsonl"])
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["body"] for line in lines)


def test_terminal_view_shows_headline_and_outlet(seed_paths):
    result = runner.invoke(app, ["read", str(seed_paths["xinhua.txt"]), "--removed"])
    assert result.exit_code == 0
    assert "World Insights: Meeting on Ukraine" in result.stdout
    assert "Xinhua" in result.stdout and "[comments] No comments." in result.stdout


def test_bad_inputs_are_one_line_each_and_the_batch_goes_on(seed_paths, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    soup = tmp_path / "soup.html"
    soup.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    args = ["read", str(empty), str(seed_paths["reuters.txt"]), str(binary), str(soup), "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert [a["outlet"] for a in json.loads(result.stdout)] == ["Reuters"]
    lines = [line.strip() for line in result.stderr.splitlines()]
    assert lines[0] == "3 inputs failed:"
    assert lines[1] == f"{empty}: empty input"
    assert lines[2] == f"{binary}: binary data, not text or HTML"
    assert lines[3].startswith(f"{soup}: no article text (only 1 words")
    strict = runner.invoke(app, [*args, "--strict"])
    assert strict.exit_code == 1
    assert [a["outlet"] for a in json.loads(strict.stdout)] == ["Reuters"]


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert re.search(rf"newsprism {name}\b", readme), f"README lacks an example of `newsprism {name}`"
        assert command.callback.__doc__ and "Example:" in command.callback.__doc__, name


QUOTE_FIELDS = {"article", "speaker", "role", "text", "kind", "cue", "start", "end"}


def test_quotes_json_is_the_public_interface(seed_paths):
    result = runner.invoke(app, ["quotes", *map(str, seed_paths.values()), "--format", "json"])
    assert result.exit_code == 0, result.output
    quotes = json.loads(result.stdout)
    assert all(QUOTE_FIELDS <= set(q) for q in quotes)
    assert {q["kind"] for q in quotes} == {"direct", "partial", "indirect"}
    peskov = [q for q in quotes if q["speaker"] == "Dmitry Peskov"]
    assert (
        peskov
        and peskov[0]["role"] == "Kremlin spokesperson"
        and peskov[0]["article"] == str(seed_paths["reuters.txt"])
    )
    assert not any(q["text"] in {"invasion", "invades"} for q in quotes)


def test_quotes_table_per_outlet(seed_paths):
    result = runner.invoke(app, ["quotes", *map(str, seed_paths.values())])
    assert result.exit_code == 0
    assert "Reuters: " in result.stdout and "Xinhua: " in result.stdout
    assert "scare quotes (framing, not speech)" in result.stdout
