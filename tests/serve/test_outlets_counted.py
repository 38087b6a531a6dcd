"""The outlets page says over how many stories its numbers are counted, and how to count the rest."""

from __future__ import annotations

from newsprism.serve import create_app
from newsprism.settings import Settings
from tests.conftest import SEED
from tests.serve.conftest import build_store, local_client


def test_the_outlets_page_says_how_many_stories_it_counts_and_how_to_compare_the_rest(tmp_path):
    db = build_store(tmp_path / "news.duckdb", [SEED / "reuters.txt", SEED / "xinhua.txt"])
    with local_client(create_app(db, Settings())) as client:
        before = client.get("/outlets").text
        assert "the 0 of 1 multi-outlet stories compared so far" in before
        assert f"newsprism outlets --db {db}" in before
        story = client.get("/api/stories").json()["items"][0]
        assert client.get(f"/api/stories/{story['id']}/comparison").status_code == 200
        after = client.get("/outlets").text
        assert "compared so far" not in after
        assert "each counted over all the stories of the corpus" in after
