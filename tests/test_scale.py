"""`newsprism ingest --ray`: the same articles, failures and order as the local path, read by Ray tasks."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.pipeline import read_articles
from newsprism.store import Store

ray = pytest.importorskip("ray", reason="the ray extra is not installed")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
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
