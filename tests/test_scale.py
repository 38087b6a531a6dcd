"""Ray: `newsprism ingest --ray` reads the same articles, failures and order as the local path; comparing
every story on Ray actors stores the same comparisons as the local path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.pipeline import read_articles
from newsprism.store import Store

ray = pytest.importorskip("ray", reason="the ray extra is not installed")


@pytest.fixture(scope="module")
def local_ray():
    from newsprism.scale import RayCluster, start_ray

    start_ray(RayCluster(workers=2))
    yield
    ray.shutdown()


def test_ray_reads_what_the_local_path_reads(local_ray, seed_paths, tmp_path):
    from newsprism.scale import read_articles_on_ray

    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "not closed\n', encoding="utf-8")
    sources = [
        str(seed_paths["reuters.txt"]),
        str(tmp_path / "missing.txt"),
        str(broken),
        str(seed_paths["xinhua.txt"]),
    ]
    on_ray = list(read_articles_on_ray(sources))
    assert on_ray == list(read_articles(sources))
    assert [type(item).__name__ for item in on_ray] == ["Article", "Failed", "Failed", "Article"]


def test_cli_ingest_on_ray_stores_the_same_corpus(local_ray, seed_paths, tmp_path):
    sources = [str(path) for path in seed_paths.values()]
    for name, extra in (("local", []), ("ray", ["--ray"])):
        result = CliRunner().invoke(app, ["ingest", *sources, "--db", str(tmp_path / f"{name}.duckdb"), *extra])
        assert result.exit_code == 0, result.output
        assert "2 new, 0 duplicates, 0 failed" in result.output
    with (
        Store(tmp_path / "local.duckdb", read_only=True) as local,
        Store(tmp_path / "ray.duckdb", read_only=True) as on_ray,
    ):
        assert [a.to_dict(with_raw=True) for a in local.articles(with_raw=True)] == [
            a.to_dict(with_raw=True) for a in on_ray.articles(with_raw=True)
        ]


def test_ray_data_keeps_its_info_lines_off_the_console(local_ray, seed_paths, capfd):
    from newsprism.scale import read_articles_on_ray

    assert len(list(read_articles_on_ray([str(path) for path in seed_paths.values()]))) == 2
    printed = capfd.readouterr().err
    assert "Starting execution" not in printed, printed
    assert "Progress bars disabled" not in printed, printed


# comparing every story ---------------------------------------------------------------------------

CRAWL_STORIES = 5  # AllSides crawl stories beside the seed pair: leads of three outlets each


@pytest.fixture(scope="module")
def stories_store(seed_paths, tmp_path_factory) -> Path:
    """A store of the seed pair and the first `CRAWL_STORIES` stories of the AllSides crawl, each
    article in its gold story, nothing compared yet."""
    from tests.conftest import crawl_articles

    crawl = crawl_articles()
    firsts = list(dict.fromkeys(article.id.split("/")[0] for article in crawl))[:CRAWL_STORIES]
    crawl = [article for article in crawl if article.id.split("/")[0] in firsts]
    seed = list(read_articles([str(path) for path in seed_paths.values()]))
    db = tmp_path_factory.mktemp("stories") / "stories.duckdb"
    with Store(db) as store:
        store.ingest([*seed, *crawl])
        gold = {article.id: article.id.split("/")[0] for article in crawl} | {article.id: "seed" for article in seed}
        store.replace_stories({entry.article.id: gold[entry.source_id] for entry in store.entries()})
    return db


def _compared_copy(db: Path, folder: Path, name: str, **how) -> dict:
    """The comparisons `compare_stories(**how)` stores in a copy of `db`, by story id, as dicts."""
    from newsprism.corpus import compare_stories

    copy = folder / f"{name}.duckdb"
    shutil.copy(db, copy)
    with Store(copy) as store:
        counts = compare_stories(store, **how)
        assert counts.compared == CRAWL_STORIES + 1 and not counts.failed, counts
        return {story_id: comparison.to_dict() for story_id, comparison in store.comparisons().items()}


def test_ray_actors_store_the_comparisons_the_local_path_stores(local_ray, stories_store, tmp_path, monkeypatch):
    from newsprism.scale import RayCluster

    # runs of two articles: the local path annotates the next run while it compares this one
    monkeypatch.setattr("newsprism.annotate.POOL_RUN", 2)
    local = _compared_copy(stories_store, tmp_path, "local")
    on_ray = _compared_copy(stories_store, tmp_path, "ray", ray=RayCluster(workers=2))
    assert len(local) == CRAWL_STORIES + 1
    assert on_ray == local
    seed = local["seed"]
    assert [article["outlet"] for article in seed["articles"]] == ["Reuters", "Xinhua"]


def test_map_on_ray_gives_every_result_and_raises_a_workers_error_as_itself(local_ray):
    from newsprism.errors import InputError
    from newsprism.scale import RayCluster, map_on_ray

    cluster = RayCluster(workers=2)
    assert sorted(map_on_ray(_squarer, range(9), cluster)) == [n * n for n in range(9)]
    with pytest.raises(InputError, match="seven"):
        list(map_on_ray(_refuse_seven, range(9), cluster))


def _squarer():
    return lambda n: n * n


def _refuse_seven():
    from newsprism.errors import InputError

    def work(n: int) -> int:
        if n == 7:
            raise InputError(str(n), "seven is refused")
        return n

    return work


def test_cli_outlets_on_ray_profiles_the_corpus(local_ray, seed_paths, tmp_path):
    """The seed pair alone (no dataset needed): ingest groups it into one story, `outlets --ray`
    compares it on an actor and profiles both outlets."""
    db = str(tmp_path / "cli.duckdb")
    assert CliRunner().invoke(app, ["ingest", *map(str, seed_paths.values()), "--db", db]).exit_code == 0
    result = CliRunner().invoke(app, ["outlets", "--db", db, "--ray", "--workers", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    profiles = {row["outlet"]: row for row in json.loads(result.stdout)}
    assert set(profiles) == {"Reuters", "Xinhua"}
    assert all(row["stories"] == 1 for row in profiles.values())
    with Store(db, read_only=True) as store:
        assert len(store.comparisons()) == 1


# grouping --------------------------------------------------------------------------------------


def test_ray_groups_the_stories_and_copies_the_local_path_groups(local_ray, tmp_path, monkeypatch):
    """The AllSides crawl and a wire copy of one of its articles (another site, a word changed),
    regrouped here and on Ray in shares of 50 articles: the same stories, the same copy."""
    import dataclasses

    from newsprism.corpus import group_stories
    from newsprism.scale import RayCluster
    from tests.conftest import crawl_articles

    crawl = crawl_articles()
    original = crawl[3]
    copy = dataclasses.replace(
        original,
        id="copy",
        source="https://copies.example/1",
        outlet="Copies",
        body=original.body.replace(" the ", " a ", 1),
    )
    monkeypatch.setattr("newsprism.scale.FEATURE_SHARE", 50)  # many shares, each on whichever actor is free
    grouped = {}
    for name, ray_cluster in (("local", None), ("ray", RayCluster(workers=2))):
        with Store(tmp_path / f"{name}.duckdb") as store:
            store.ingest([*crawl, copy])
            group_stories(store, ray=ray_cluster)
            stories = [story.to_dict() | {"updated_at": None} for story in store.stories()]  # all but when
            grouped[name] = (stories, store.copies())
    assert len(crawl) > 10 * 50
    assert grouped["ray"] == grouped["local"]
    stories, copies = grouped["local"]
    assert len(copies) == 1  # the copy points at the article it copies
    assert len(stories) > 100


def test_cli_stories_on_ray_groups_the_seed_pair(local_ray, seed_paths, tmp_path):
    """The seed pair alone (no dataset needed): `stories --ray` regroups it into its one story."""
    db = str(tmp_path / "cli.duckdb")
    assert (
        CliRunner().invoke(app, ["ingest", *map(str, seed_paths.values()), "--db", db, "--no-stories"]).exit_code == 0
    )
    result = CliRunner().invoke(app, ["stories", "--db", db, "--ray", "--workers", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    (story,) = json.loads(result.stdout)
    assert len(story["articles"]) == 2
