"""Comparing the stories of a corpus: the seed pair ingested into a store, grouped into one story,
compared from the API and from `newsprism compare --db`, the comparison stored and reused."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import newsprism.compare
from newsprism.cli import app
from newsprism.corpus import CompareCounts, compare_stories, compare_story, find_story
from newsprism.errors import InputError
from newsprism.records import COMPARISON_SCHEMA
from newsprism.render import terminal
from newsprism.render.report import write_story_report
from newsprism.store import Store, StoredStory

runner = CliRunner()


@pytest.fixture(scope="module")
def seed_corpus(seed_paths, tmp_path_factory) -> tuple[Path, str]:
    """A store of the seed pair, grouped into stories (no comparison yet), and the id of its one story."""
    db = tmp_path_factory.mktemp("corpus") / "seed.duckdb"
    ingested = runner.invoke(app, ["ingest", *map(str, seed_paths.values()), "--db", str(db)])
    assert ingested.exit_code == 0, ingested.output
    grouped = runner.invoke(app, ["stories", "--db", str(db), "--format", "json"])
    assert grouped.exit_code == 0, grouped.output
    stories = json.loads(grouped.stdout)
    assert [story["outlets"] for story in stories] == [["Reuters", "Xinhua"]]
    return db, stories[0]["id"]


@pytest.fixture
def corpus(seed_corpus, tmp_path) -> tuple[Path, str]:
    """A copy of the seed store of one test's own, so that what one test stores another does not see."""
    db, story_id = seed_corpus
    copy = tmp_path / db.name
    shutil.copy(db, copy)
    return copy, story_id


def _refuse_to_compare(*args, **kwargs):
    raise AssertionError("compared again instead of using the stored comparison")


def test_compare_story_compares_the_story_and_stores_it(corpus):
    db, story_id = corpus
    with Store(db) as store:
        story = find_story(store, story_id)
        comparison = compare_story(store, story_id)
        assert store.comparison(story_id) == comparison
    assert [a.id for a in comparison.articles] == list(story.articles)
    assert {a.outlet for a in comparison.articles} == {"Reuters", "Xinhua"}
    assert any(fact.coverage == "all" for fact in comparison.facts)
    assert {v.speaker for v in comparison.voices} >= {"Thomas Kleine-Brockhoff", "Andrei Kortunov"}


def test_a_stored_comparison_is_reused_until_refresh(corpus, monkeypatch):
    db, story_id = corpus
    with Store(db) as store:
        first = compare_story(store, story_id)
        monkeypatch.setattr(newsprism.compare, "compare", _refuse_to_compare)
        assert compare_story(store, story_id) == first
        with pytest.raises(AssertionError, match="compared again"):
            compare_story(store, story_id, refresh=True)


def test_an_unknown_story_is_an_input_error_naming_the_store(corpus):
    db, _ = corpus
    with Store(db) as store, pytest.raises(InputError, match=r"no-such-story: no such story in .*seed\.duckdb"):
        compare_story(store, "no-such-story")


def test_compare_stories_compares_each_multi_outlet_story_once(corpus):
    db, story_id = corpus
    done = []
    with Store(db) as store:
        counts = compare_stories(store, progress=lambda number, total, story: done.append((number, total, story.id)))
        assert counts == CompareCounts(compared=1)
        assert done == [(1, 1, story_id)]
        batch = store.comparison(story_id)
        # the batch annotates with one pass and links people per story: the same as one story alone
        assert compare_story(store, story_id, refresh=True) == batch
        assert compare_stories(store) == CompareCounts(cached=1)
        assert compare_stories(store, min_outlets=3) == CompareCounts(skipped=1)


def test_cli_compare_db_prints_the_stored_comparison(corpus):
    db, story_id = corpus
    result = runner.invoke(app, ["compare", "--db", str(db), story_id, "--format", "json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["schema"] == COMPARISON_SCHEMA
    assert [a["outlet"] for a in printed["articles"]] == ["Reuters", "Xinhua"]
    with Store(db) as store:
        assert store.comparison(story_id).to_dict() == printed


def test_cli_compare_db_reuses_the_stored_comparison(corpus):
    db, story_id = corpus
    with Store(db) as store:
        stored = dataclasses.replace(compare_story(store, story_id), notes=("made earlier",))
        store.put_comparison(story_id, stored)
    result = runner.invoke(app, ["compare", "--db", str(db), story_id, "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "made earlier" in result.stdout
    fresh = runner.invoke(app, ["compare", "--db", str(db), story_id, "--format", "json", "--refresh"])
    assert fresh.exit_code == 0, fresh.output
    assert "made earlier" not in json.loads(fresh.stdout)["notes"]


def test_cli_compare_db_html_underlines_the_quotes(corpus, tmp_path):
    db, story_id = corpus
    page = tmp_path / "story.html"
    result = runner.invoke(app, ["compare", "--db", str(db), story_id, "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and f"wrote {page}" in result.stderr
    text = page.read_text(encoding="utf-8")
    assert 'data-who="Thomas Kleine-Brockhoff"' in text and 'data-who="Andrei Kortunov"' in text
    with Store(db) as store:
        stored = store.comparison(story_id)
        # from the stored comparison, the page is the same
        _, again = write_story_report(store, story_id, tmp_path / "again.html")
    assert stored is not None and again.read_text(encoding="utf-8") == text


def test_cli_compare_db_unknown_story_is_one_line_and_status_1(corpus):
    db, _ = corpus
    result = runner.invoke(app, ["compare", "--db", str(db), "story-0000"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error: story-0000: no such story in {db}; `newsprism stories --db {db}` lists them"
    ]


def test_cli_compare_db_missing_database_is_one_line_and_creates_nothing(tmp_path):
    db = tmp_path / "absent.duckdb"
    result = runner.invoke(app, ["compare", "--db", str(db), "story-0000"])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "no such database" in result.stderr
    assert not db.exists()


def test_cli_compare_db_takes_one_story_id(corpus):
    db, story_id = corpus
    result = runner.invoke(app, ["compare", "--db", str(db), story_id, story_id])
    assert result.exit_code == 2
    assert "one story id" in result.output


def test_story_progress_counts_on_a_terminal_and_is_quiet_when_piped():
    screen, pipe = io.StringIO(), io.StringIO()
    story = StoredStory("story-1", None, None, None, 2, ("Reuters", "Xinhua"), (), "")
    with terminal.story_progress(Console(file=screen, force_terminal=True, width=100)) as advance:
        advance(1, 2, story)
        advance(2, 2, story)
    with terminal.story_progress(Console(file=pipe, force_terminal=False)) as advance:
        advance(1, 1, story)
    assert "2/2" in screen.getvalue() and pipe.getvalue() == ""


def test_the_stories_table_keeps_ids_and_dates_whole_in_a_narrow_terminal(seed_corpus):
    """`compare` takes the id the table shows: an 80-column terminal must not cut it short."""
    db, story_id = seed_corpus
    screen = io.StringIO()
    with Store(db) as store:
        terminal.show_stories(store.stories(), Console(file=screen, width=80))
    shown = screen.getvalue()
    assert story_id in shown and "2022-01-21" in shown
    assert "…" not in shown.replace("2022-01-21 …", "")  # nothing else is cut short either


def test_an_earlier_version_of_an_article_is_a_copy_not_another_voice(seed_paths, tmp_path):
    """The Reuters report as it stood before its last paragraphs (real text, one article in two
    versions): `stories` links the two, the story's outlets stay two, and compare reads the longer."""
    from newsprism.corpus import stories_with_articles, story_articles
    from newsprism.pipeline import read_articles

    db = tmp_path / "news.duckdb"
    reuters = next(iter(read_articles([seed_paths["reuters.txt"]])))
    paragraphs = reuters.body.split("\n\n")
    earlier = tmp_path / "reuters-earlier.jsonl"
    earlier.write_text(
        json.dumps({"text": "\n\n".join(paragraphs[:-2]), "outlet": "Reuters", "published": "2022-01-21T09:00:00Z"})
        + "\n",
        encoding="utf-8",
    )
    sources = [str(seed_paths["reuters.txt"]), str(seed_paths["xinhua.txt"]), str(earlier)]
    assert CliRunner().invoke(app, ["ingest", *sources, "--db", str(db)]).exit_code == 0
    assert CliRunner().invoke(app, ["stories", "--db", str(db)]).exit_code == 0
    with Store(db) as store:
        [story] = store.stories()
        assert story.size == 3 and story.outlets == ("Reuters", "Xinhua")
        [(copy, original)] = store.copies().items()
        assert {copy, original} <= set(story.articles)
        assert original == story.articles[0], "a group of copies is named after its earliest version"
        compared = story_articles(store, story)
        assert [a.outlet for a in compared] == ["Reuters", "Xinhua"]
        assert compared[0].body == reuters.body, "the longer version is the one compared"
        assert list(stories_with_articles(store, [story])) == [(story, compared)], "a batch reads the same"


def test_ingest_groups_what_it_adds_and_stories_groups_what_is_in_none(seed_paths, tmp_path):
    """`serve` right after `ingest` must list the stories: ingest groups them; `--no-stories` leaves
    them to `stories` (or the app's start), which groups only the articles in no story."""
    from newsprism.corpus import group_ungrouped

    grouped, later = tmp_path / "grouped.duckdb", tmp_path / "later.duckdb"
    sources = [str(path) for path in seed_paths.values()]
    assert runner.invoke(app, ["ingest", *sources, "--db", str(grouped)]).exit_code == 0
    assert runner.invoke(app, ["ingest", *sources, "--db", str(later), "--no-stories"]).exit_code == 0
    with Store(grouped) as store:
        [story] = store.stories()
        assert store.ungrouped() == [] and group_ungrouped(store) == (0, 0)
    with Store(later, read_only=True) as store:
        assert list(store.stories()) == [] and len(store.ungrouped()) == 2
    listed = runner.invoke(app, ["stories", "--db", str(later), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert [item["id"] for item in json.loads(listed.stdout)] == [story.id]


def test_stories_csv_has_a_header_and_json_cells(corpus):
    import csv

    db, story_id = corpus
    result = runner.invoke(app, ["stories", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["id"] == story_id and row["size"] == "2"
    assert json.loads(row["outlets"]) == ["Reuters", "Xinhua"]


def test_stories_says_how_many_more_and_how_to_see_them(corpus, monkeypatch):
    import newsprism.cli.options

    db, story_id = corpus
    with Store(db) as store:  # two stories of one article each, so that one of them is left over
        store.replace_stories(dict(zip(find_story(store, story_id).articles, ("story-a", "story-b"), strict=True)))
    monkeypatch.setattr(newsprism.cli.options, "SHOWN", 1)
    shown = runner.invoke(app, ["stories", "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert "story-a" in shown.stdout and "story-b" not in shown.stdout
    assert "1 of 2 stories shown; 1 more: --offset 1 for the next, --limit 2 for all" in shown.stderr
    rest = runner.invoke(app, ["stories", "--db", str(db), "--offset", "1"])
    assert "story-b" in rest.stdout and "more" not in rest.stderr
    every = runner.invoke(app, ["stories", "--db", str(db), "--format", "jsonl"])  # scripts get every story
    assert len(every.stdout.splitlines()) == 2


def test_export_writes_every_table_and_the_facts_as_parquet_and_csv(corpus, tmp_path):
    import duckdb

    db, story_id = corpus
    with Store(db) as store:
        comparison = compare_story(store, story_id)
    folder = tmp_path / "export"
    result = runner.invoke(app, ["export", "--db", str(db), str(folder)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("articles: articles.parquet ")
    con = duckdb.connect()
    for table in ("articles", "stories", "story_articles", "comparisons", "facts"):
        from_parquet = con.execute(f"SELECT * FROM '{folder / table}.parquet'").fetchall()
        from_csv = con.execute(f"SELECT * FROM read_csv('{folder / table}.csv', all_varchar=true)").fetchall()
        assert len(from_parquet) == len(from_csv) > 0, table
    columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM '{folder}/articles.parquet'").fetchall()]
    assert "raw" not in columns and "body" in columns  # the raw page only with --raw
    bodies = dict(con.execute(f"SELECT id, body FROM '{folder}/articles.parquet'").fetchall())
    facts = con.execute(
        f"SELECT story_id, fact, article_id, start, \"end\", text FROM '{folder}/facts.parquet'"
    ).fetchall()
    assert len(facts) == sum(len(fact.members) for fact in comparison.facts)
    for story, _, article, start, end, text in facts:
        assert story == story_id and bodies[article][start:end] == text


def test_the_comparison_fits_80_columns_with_its_headline_and_whole_headers(corpus):
    db, story_id = corpus
    with Store(db) as store:
        comparison = compare_story(store, story_id)
    console = Console(record=True, width=80, file=io.StringIO())
    terminal.show_comparison(comparison, console)
    lines = console.export_text().splitlines()
    assert lines[0].strip() == "Top diplomats for U.S., Russia see no breakthrough at their Ukraine talks"
    assert lines[1].startswith("Reuters 2022-01-21")
    assert max(map(len, lines)) <= 80
    headers = "\n".join(line for line in lines if line.startswith("┃"))
    assert "…" not in headers
    for word in ("direct", "other", "words", "attributed", "omits", "coverage", "outlets"):
        assert word in headers, word


def test_status_shows_on_a_terminal_and_is_quiet_when_piped():
    screen, pipe = io.StringIO(), io.StringIO()
    with terminal.status(Console(file=screen, force_terminal=True, width=100), "comparing 2 articles"):
        pass
    with terminal.status(Console(file=pipe, force_terminal=False), "comparing 2 articles"):
        pass
    assert "comparing 2 articles" in screen.getvalue() and pipe.getvalue() == ""
