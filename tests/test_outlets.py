"""Per-outlet profiles: the seed pair (Reuters and Xinhua on one story), three BASIL events (Fox News,
The New York Times and HuffPost), the coverage counts on made-up stories, the CLI and the HTML page."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.corpus.outlets import OutletProfile, SpeakerCount, outlet_profiles, profile_outlets
from newsprism.records import Article, Comparison, Voice
from newsprism.render.html import outlets_html
from newsprism.store import Store, StoredStory
from tests.conftest import shared_data

runner = CliRunner()
BASIL_EVENTS = 3


@pytest.fixture(scope="module")
def seed_db(seed_paths, tmp_path_factory) -> Path:
    """The seed pair in a store, grouped into its one story, compared and profiled once by the CLI."""
    db = tmp_path_factory.mktemp("outlets") / "seed.duckdb"
    for command in (["ingest", *map(str, seed_paths.values())], ["stories"], ["outlets", "--format", "json"]):
        result = runner.invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def seed_profiles(seed_db) -> dict[str, OutletProfile]:
    with Store(seed_db) as store:
        return {p.outlet: p for p in outlet_profiles(store, top_speakers=50)}


def test_both_outlets_cover_the_story_and_each_has_facts_of_its_own(seed_profiles):
    assert list(seed_profiles) == ["Reuters", "Xinhua"]
    for profile in seed_profiles.values():
        assert (profile.stories, profile.missed, profile.compared, profile.articles) == (1, 0, 1, 1)
        assert profile.exclusives > 0 and profile.words > 400


def test_in_a_story_of_two_outlets_one_omits_what_only_the_other_reports(seed_profiles):
    reuters, xinhua = seed_profiles["Reuters"], seed_profiles["Xinhua"]
    assert reuters.omissions == xinhua.exclusives + xinhua.exclusive_details
    assert xinhua.omissions == reuters.exclusives + reuters.exclusive_details


def test_each_outlet_quotes_its_own_expert(seed_profiles):
    speakers = {outlet: {s.speaker: s for s in p.speakers} for outlet, p in seed_profiles.items()}
    assert "Thomas Kleine-Brockhoff" in speakers["Reuters"] and "Thomas Kleine-Brockhoff" not in speakers["Xinhua"]
    assert "Andrei Kortunov" in speakers["Xinhua"] and "Andrei Kortunov" not in speakers["Reuters"]
    kortunov = speakers["Xinhua"]["Andrei Kortunov"]
    assert kortunov.direct == 2 and kortunov.stories == 1
    assert "Russian International Affairs Council" in kortunov.role
    for profile in seed_profiles.values():
        assert profile.quotes >= sum(s.quotes for s in profile.speakers) > 0
        assert 0 < profile.direct_share < 1


def test_framing_markers_are_counted_and_loaded_words_only_with_a_lexicon(seed_profiles, seed_db, tmp_path):
    xinhua = seed_profiles["Xinhua"]
    assert xinhua.scare_quotes > 0 and xinhua.loaded is None
    assert xinhua.attribution_verbs[0] == ("said", max(count for _, count in xinhua.attribution_verbs))
    assert xinhua.stated > 0 and xinhua.attributed > 0
    lexicon = tmp_path / "words.txt"
    lexicon.write_text("breakthrough\n", encoding="utf-8")
    db = shutil.copy(seed_db, tmp_path / "lexicon.duckdb")
    # the stored comparison was made without a lexicon: --refresh makes it again with one
    args = ["outlets", "--db", str(db), "--format", "json", "--lexicons", str(lexicon)]
    stale = {p["outlet"]: p["loaded"] for p in json.loads(runner.invoke(app, args).stdout)}
    result = runner.invoke(app, [*args, "--refresh"])
    assert result.exit_code == 0, result.output
    loaded = {p["outlet"]: p["loaded"] for p in json.loads(result.stdout)}
    with Store(db) as store:
        bodies = {a.outlet: a.body for a in map(store.get_article, next(store.stories()).articles)}
    assert stale == {"Reuters": None, "Xinhua": None}
    assert loaded == {o: len(re.findall(r"\bbreakthrough\b", b, re.IGNORECASE)) for o, b in bodies.items()}
    assert all(loaded.values())


def test_an_outlet_misses_the_multi_outlet_stories_it_does_not_cover():
    def story(id: str, *outlets: str) -> StoredStory:
        return StoredStory(id, None, None, None, len(outlets), outlets, (), "")

    stories = [story("a", "AP", "Reuters"), story("b", "AP", "Xinhua"), story("c", "Xinhua"), story("d", "Reuters")]
    profiles = {p.outlet: p for p in profile_outlets(stories, [])}
    assert {o: (p.stories, p.missed) for o, p in profiles.items()} == {
        "AP": (2, 0),
        "Reuters": (2, 1),  # b; a story of one outlet (c) is nobody's miss
        "Xinhua": (2, 1),
    }
    assert list(profiles) == ["AP", "Reuters", "Xinhua"]


def test_a_profile_round_trips_through_json(seed_profiles):
    for profile in seed_profiles.values():
        data = json.loads(json.dumps(profile.to_dict()))
        assert data["quotes"] == profile.quotes
        assert OutletProfile.from_dict(data) == profile


def test_cli_outlets_json_terminal_and_html(seed_db, seed_profiles, tmp_path):
    as_json = runner.invoke(app, ["outlets", "--db", str(seed_db), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    printed = json.loads(as_json.stdout)
    assert [p["outlet"] for p in printed] == ["Reuters", "Xinhua"]
    assert printed[1]["exclusives"] == seed_profiles["Xinhua"].exclusives
    table = runner.invoke(app, ["outlets", "--db", str(seed_db)])
    assert table.exit_code == 0 and "Kortunov" in table.stdout and "Coverage" in table.stdout
    page = tmp_path / "outlets.html"
    written = runner.invoke(app, ["outlets", "--db", str(seed_db), "--html", str(page)])
    assert written.exit_code == 0 and written.stdout == "" and f"wrote {page}" in written.stderr
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 5 and "Andrei Kortunov" in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_cli_outlets_missing_database_is_one_line(tmp_path):
    result = runner.invoke(app, ["outlets", "--db", str(tmp_path / "absent.duckdb")])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "no such database" in result.stderr and not (tmp_path / "absent.duckdb").exists()


def test_the_page_escapes_every_name():
    hostile = '<img src=x onerror="alert(1)">'
    speaker = SpeakerCount(hostile, hostile, 1, 1, 0, 0, 5)
    profile = OutletProfile(hostile, 1, 0, 1, 1, 100, 1, 0, 0, (speaker,), 1, 0, 0, 0, None, 0, ((hostile, 1),), 1, 0)
    page = outlets_html([profile], title=hostile)
    assert "<img" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


@pytest.fixture(scope="module")
def basil_db(tmp_path_factory) -> Path:
    """The first three BASIL events (one article each of Fox News, The New York Times and HuffPost),
    grouped by their gold story ids so the test does not depend on the clustering."""
    rows = []
    with (shared_data("basil") / "clustering_view.shared.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["story_id"] in {r["story_id"] for r in rows} or len({r["story_id"] for r in rows}) < BASIL_EVENTS:
                rows.append(row)
    folder = tmp_path_factory.mktemp("basil")
    records = folder / "basil.jsonl"
    records.write_text(
        "".join(json.dumps({**r, "id": r["article_id"], "outlet": r["source"]}) + "\n" for r in rows), encoding="utf-8"
    )
    db = folder / "basil.duckdb"
    assert runner.invoke(app, ["ingest", str(records), "--db", str(db)]).exit_code == 0
    story_of = {r["article_id"]: r["story_id"] for r in rows}
    with Store(db) as store:
        store.replace_stories({e.article.id: story_of[e.source_id] for e in store.entries()})
    return db


def test_basil_events_profile_three_outlets(basil_db):
    with Store(basil_db) as store:
        assert [s.size for s in store.stories()] == [3] * BASIL_EVENTS
        profiles = outlet_profiles(store)
    assert len(profiles) == 3
    for profile in profiles:
        assert (profile.stories, profile.missed, profile.compared, profile.articles) == (3, 0, 3, 3)
        assert profile.exclusives > 0 and profile.omissions > 0 and profile.speakers
        assert profile.stated + profile.attributed > 0


def test_the_names_of_one_person_are_one_speaker_across_stories():
    def story(id: str) -> StoredStory:
        return StoredStory(id, None, None, None, 2, ("AP", "Reuters"), (), "")

    def comparison(number: int, *speakers: str) -> Comparison:
        article = Article(f"ap{number}", "ap.txt", "AP", None, None, (), None, "en", "Body.")
        voices = tuple(Voice(article.id, name, None, None, None, 1, 0, 1, 10, True) for name in speakers)
        return Comparison((article,), (), (), voices, (), ())

    comparisons = [
        (story("a"), comparison(1, "Donald Trump", "Joe Biden")),
        (story("b"), comparison(2, "Trump", "Hunter Biden")),
        (story("c"), comparison(3, "Donald J. Trump", "Biden")),
    ]
    (ap,) = [p for p in profile_outlets([s for s, _ in comparisons], comparisons) if p.outlet == "AP"]
    speakers = {s.speaker: (s.stories, s.quotes) for s in ap.speakers}
    assert speakers.pop("Donald Trump") == (3, 6)
    assert speakers == {"Joe Biden": (1, 2), "Hunter Biden": (1, 2), "Biden": (1, 2)}


def test_a_bare_surname_joins_the_person_most_quoted_by_that_name():
    def story(id: str) -> StoredStory:
        return StoredStory(id, None, None, None, 2, ("AP", "Reuters"), (), "")

    def comparison(number: int, *speakers: tuple[str, int]) -> Comparison:
        article = Article(f"ap{number}", "ap.txt", "AP", None, None, (), None, "en", "Body.")
        voices = tuple(Voice(article.id, name, None, None, None, n, 0, 0, 10, True) for name, n in speakers)
        return Comparison((article,), (), (), voices, (), ())

    comparisons = [
        (story("a"), comparison(1, ("Donald Trump", 3), ("Melania Trump", 1), ("Donald Trump Jr.", 1))),
        (story("b"), comparison(2, ("Trump", 5), ("White House aides and allies of Mr. Trump", 1))),
        (story("c"), comparison(3, ("Donald J. Trump", 2), ("Mr. Trump", 1))),
    ]
    (ap,) = [p for p in profile_outlets([s for s, _ in comparisons], comparisons, top_speakers=10) if p.outlet == "AP"]
    assert {s.speaker: (s.stories, s.quotes) for s in ap.speakers} == {
        "Donald Trump": (3, 11),  # shown under its most quoted full name, though "Trump" is quoted more
        "Melania Trump": (1, 1),
        "Donald Trump Jr.": (1, 1),
        "White House aides and allies of Mr. Trump": (1, 1),
    }


def test_one_person_has_one_name_in_every_outlet():
    """Fox writes "Trump" and "Hillary Clinton", the Times "Donald J. Trump", "Trump" and "Hillary
    Rodham Clinton": a reader comparing their columns sees each person under one name."""

    def comparison(story: str, *voices: tuple[str, str, int]) -> tuple[StoredStory, Comparison]:
        articles = tuple(
            Article(f"{story}-{outlet}", "x.txt", outlet, None, None, (), None, "en", "Body.")
            for outlet in ("Fox News", "The New York Times")
        )
        by_outlet = {a.outlet: a.id for a in articles}
        found = tuple(Voice(by_outlet[outlet], name, None, None, None, n, 0, 0, 10, True) for outlet, name, n in voices)
        return StoredStory(story, None, None, None, 2, ("Fox News", "The New York Times"), (), ""), Comparison(
            articles, (), (), found, (), ()
        )

    comparisons = [
        comparison("a", ("Fox News", "Trump", 4), ("The New York Times", "Donald J. Trump", 1)),
        comparison("b", ("The New York Times", "Trump", 3), ("Fox News", "Hillary Clinton", 3)),
        comparison("c", ("The New York Times", "Hillary Rodham Clinton", 2), ("The New York Times", "Mrs. Clinton", 2)),
    ]
    profiles = profile_outlets([s for s, _ in comparisons], comparisons, top_speakers=10)
    quoted = {p.outlet: {s.speaker: s.quotes for s in p.speakers} for p in profiles}
    assert quoted == {
        "Fox News": {"Donald J. Trump": 4, "Hillary Clinton": 3},
        "The New York Times": {"Donald J. Trump": 4, "Hillary Clinton": 4},
    }
