"""`newsprism compare`: JSON, Markdown and terminal views of the seed pair, and what it does with bad input."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newsprism.cli import app

runner = CliRunner()


def test_json_is_a_comparison(seed_paths):
    result = runner.invoke(app, ["compare", *map(str, seed_paths.values()), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "newsprism.comparison/1"
    assert [a["outlet"] for a in data["articles"]] == ["Reuters", "Xinhua"]
    assert {f["coverage"] for f in data["facts"]} == {"all", "one"}
    assert data["summary"] and all(s["citations"] for s in data["summary"])


def test_markdown_and_terminal(seed_paths):
    md = runner.invoke(app, ["compare", *map(str, seed_paths.values()), "--format", "md"])
    assert md.exit_code == 0, md.output
    assert "## Summary" in md.stdout and "| Xinhua |" in md.stdout and '"invasion"' in md.stdout
    view = runner.invoke(app, ["compare", *map(str, seed_paths.values())])
    assert view.exit_code == 0, view.output
    for heading in ("Summary", "Facts", "Voices", "Framing"):
        assert heading in view.stdout


def test_a_bad_input_is_reported_and_the_rest_compared(seed_paths, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["compare", str(empty), *map(str, seed_paths.values()), "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["articles"]) == 2
    assert f"{empty}: empty input" in result.stderr


def test_nothing_readable_is_one_clear_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["compare", str(empty)])
    assert result.exit_code == 1
    assert "nothing to compare" in result.stderr


def test_a_missing_lexicon_is_named(seed_paths, tmp_path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["compare", *map(str, seed_paths.values()), "--lexicons", str(missing)])
    assert result.exit_code == 1
    assert str(missing) in result.stderr and "cannot read lexicon" in result.stderr


def test_a_lexicon_marks_loaded_words(seed_paths, tmp_path):
    lexicon = tmp_path / "mine.txt"
    lexicon.write_text("# test list\nhysteria\nmonstrous\n")
    result = runner.invoke(
        app, ["compare", *map(str, seed_paths.values()), "--lexicons", str(lexicon), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    loaded = {t["text"] for f in json.loads(result.stdout)["framing"] for t in f["loaded"]}
    assert loaded == {"hysteria", "monstrous"}
