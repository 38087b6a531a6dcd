"""The JSON API on a live server over real articles: every endpoint, and the bad inputs each refuses."""

from __future__ import annotations

import httpx
import pytest

from newsprism.records import COMPARISON_SCHEMA, comparison_schema


@pytest.fixture(scope="module")
def client(live_app):
    with httpx.Client(base_url=live_app.url(""), timeout=120) as client:
        yield client


def seed_story(client: httpx.Client) -> dict:
    found = client.get("/api/stories", params={"q": "Blinken Lavrov Geneva"}).json()
    assert found["total"] >= 1
    return found["items"][0]


def test_the_seed_pair_is_one_story_with_both_outlets(client):
    story = seed_story(client)
    assert story["outlets"] == ["Reuters", "Xinhua"]
    assert story["coverage"] == {"Reuters": 1, "Xinhua": 1}
    assert story["headline"].startswith("Top diplomats for U.S., Russia see no breakthrough")


def test_story_list_is_paginated_filtered_and_sorted(client):
    everything = client.get("/api/stories", params={"limit": 200}).json()
    assert everything["total"] == len(everything["items"]) >= 1
    first = client.get("/api/stories", params={"limit": 1, "offset": 0}).json()
    second = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert first["total"] == everything["total"] and len(first["items"]) == 1
    if everything["total"] > 1:
        assert first["items"][0]["id"] != second["items"][0]["id"]
    biggest = client.get("/api/stories", params={"sort": "biggest", "limit": 200}).json()["items"]
    assert [s["size"] for s in biggest] == sorted((s["size"] for s in biggest), reverse=True)
    xinhua = client.get("/api/stories", params={"outlet": "Xinhua"}).json()
    assert xinhua["total"] == 1 and "Xinhua" in xinhua["items"][0]["outlets"]
    in_2022 = client.get("/api/stories", params={"since": "2022-01-01", "until": "2022-12-31"}).json()
    assert seed_story(client)["id"] in {s["id"] for s in in_2022["items"]}
    assert client.get("/api/stories", params={"since": "2030-01-01"}).json()["total"] == 0
    assert client.get("/api/stories", params={"q": "zzyzx-not-a-word"}).json()["total"] == 0


def test_story_detail_and_its_comparison(client):
    story = seed_story(client)
    detail = client.get(f"/api/stories/{story['id']}").json()
    assert [brief["outlet"] for brief in detail["article_briefs"]] == ["Reuters", "Xinhua"]
    comparison = client.get(f"/api/stories/{story['id']}/comparison").json()
    assert comparison["schema"] == COMPARISON_SCHEMA
    assert any(fact["coverage"] == "all" for fact in comparison["facts"])
    bodies = {a["id"]: a["body"] for a in comparison["articles"]}
    for sentence in comparison["summary"]:
        for cite in sentence["citations"]:
            assert 0 <= cite["start"] < cite["end"] <= len(bodies[cite["article"]])


def test_articles_and_quotes(client):
    page = client.get("/api/articles", params={"outlet": "Reuters"}).json()
    assert page["total"] == 1
    reuters = client.get(f"/api/articles/{page['items'][0]['id']}").json()
    assert reuters["outlet"] == "Reuters" and "Blinken" in reuters["body"]
    quotes = client.get(f"/api/articles/{reuters['id']}/quotes").json()
    speakers = {quote["speaker"] for quote in quotes}
    assert "Thomas Kleine-Brockhoff" in speakers
    for quote in quotes:
        assert reuters["body"][quote["start"] : quote["end"]] == quote["text"]


def test_outlet_profiles_count_the_stories_compared(client):
    client.get(f"/api/stories/{seed_story(client)['id']}/comparison")  # compared and stored
    outlets = client.get("/api/outlets").json()
    assert outlets["compared"] >= 1 and outlets["multi_outlet_stories"] >= outlets["compared"]
    profiles = {profile["outlet"]: profile for profile in outlets["items"]}
    xinhua = client.get("/api/outlets/Xinhua").json()
    assert xinhua == profiles["Xinhua"]
    assert xinhua["stories"] == 1 and xinhua["exclusives"] > 0 and xinhua["omissions"] > 0
    assert "Andrei Kortunov" in {speaker["speaker"] for speaker in xinhua["speakers"]}
    assert "Dmitry Peskov" in {speaker["speaker"] for speaker in profiles["Reuters"]["speakers"]}
    assert client.get("/api/outlets/Nowhere%20Times").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories/story-0000",
        "/api/stories/story-0000/comparison",
        "/api/articles/0000",
        "/api/articles/0000/quotes",
    ],
)
def test_an_unknown_id_is_a_404_that_names_it(client, path):
    answer = client.get(path)
    assert answer.status_code == 404
    assert "0000" in answer.json()["detail"]


def test_bad_parameters_are_422(client):
    for params in ({"limit": 0}, {"limit": 100000}, {"offset": -1}, {"since": "yesterday"}, {"sort": "random"}):
        assert client.get("/api/stories", params=params).status_code == 422, params


def test_malformed_json_is_422_and_an_oversized_body_413(client):
    malformed = client.post("/api/ingest", content=b'{"articles": [', headers={"content-type": "application/json"})
    assert malformed.status_code == 422
    assert "json" in str(malformed.json()["detail"]).lower()
    unknown_field = client.post("/api/ingest", json={"articles": [{"txt": "a typo"}]})
    assert unknown_field.status_code == 422
    huge = client.post(
        "/api/ingest", content=b"[" + b"0," * 1_500_000 + b"0]", headers={"content-type": "application/json"}
    )
    assert huge.status_code == 413
    assert "limit" in huge.json()["detail"]


def test_ingest_json_articles_joins_stories_and_lists_failures(client):
    story = seed_story(client)
    reuters = client.get("/api/articles", params={"outlet": "Reuters"}).json()["items"][0]
    body = client.get(f"/api/articles/{reuters['id']}").json()["body"]
    earlier_version = "\n\n".join(body.split("\n\n")[:-3])  # the same report before its last paragraphs
    answer = client.post(
        "/api/ingest",
        json={
            "articles": [
                {"text": earlier_version, "published": "2022-01-21T09:00:00+00:00", "headline": story["headline"]},
                {"text": "too short"},
            ],
            "urls": ["http://127.0.0.1:9/refused", "ftp://example.org/x"],
        },
    )
    assert answer.status_code == 200
    result = answer.json()
    assert (result["new"], result["failed"], result["stories_changed"]) == (1, 3, 1)
    assert seed_story(client)["id"] == story["id"], "a story keeps its id when an earlier article joins it"
    reasons = " ".join(f["reason"] for f in result["failures"])
    assert "private or local address" in reasons and "no article text" in reasons and "http" in reasons
    again = client.post("/api/ingest", json={"articles": [{"text": earlier_version}]}).json()
    assert (again["new"], again["duplicates"]) == (0, 1)
    grown = seed_story(client)
    assert grown["coverage"] == {"Reuters": 2, "Xinhua": 1}, "the earlier version joins the Geneva story"


def test_feeds_refuse_private_addresses(client):
    answer = client.post("/api/feeds", json={"url": "http://127.0.0.1:9/feed.xml"})
    assert answer.status_code == 422
    assert "private" in answer.json()["detail"]


def test_openapi_schema_lists_every_endpoint(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/comparison", "/api/articles",
                 "/api/articles/{article_id}", "/api/articles/{article_id}/quotes", "/api/outlets", "/api/ingest",
                 "/api/feeds"):  # fmt: skip
        assert path in paths, path
    assert "/" not in paths, "pages stay out of the API schema"


def test_openapi_documents_each_answer_by_its_record(client):
    """The answers are the records themselves (`response_model`), so OpenAPI describes the comparison
    and the article too, from the same definitions as their JSON."""
    openapi = client.get("/api/openapi.json").json()

    def answer(path: str) -> dict:
        return openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]

    assert answer("/api/stories/{story_id}/comparison") == {"$ref": "#/components/schemas/Comparison"}
    assert answer("/api/articles/{article_id}") == {"$ref": "#/components/schemas/Article"}
    components = openapi["components"]["schemas"]
    assert components["Comparison"]["properties"]["schema"]["const"] == COMPARISON_SCHEMA
    assert {"removed", "removed_kinds"} <= set(components["Article"]["required"])


def test_the_comparison_answer_is_valid_against_the_published_schema(client):
    jsonschema = pytest.importorskip("jsonschema")
    comparison = client.get(f"/api/stories/{seed_story(client)['id']}/comparison").json()
    jsonschema.Draft202012Validator(comparison_schema()).validate(comparison)


def test_serve_refuses_a_file_that_is_not_a_store_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from newsprism.cli import app

    text = tmp_path / "notes.duckdb"
    text.write_text("not a database\n" * 100)
    result = CliRunner().invoke(app, ["serve", "--db", str(text), "--port", "0"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: {text}: not a DuckDB database; name a new file or a store written by `newsprism ingest`"
    ]


def test_a_missing_model_is_a_503_that_names_it(corpus_db, tmp_path):
    import shutil

    from newsprism.serve import create_app
    from newsprism.settings import Settings
    from tests.serve.conftest import local_client

    copy = tmp_path / "news.duckdb"
    shutil.copyfile(corpus_db, copy)
    with local_client(create_app(copy, Settings(encoder="/nonexistent/encoder"))) as client:
        story = client.get("/api/stories", params={"q": "Lavrov"}).json()["items"][0]
        answer = client.get(f"/api/stories/{story['id']}/comparison")
    assert answer.status_code == 503
    assert "/nonexistent/encoder" in answer.json()["detail"]


def test_a_chunked_body_over_the_limit_is_413(client):
    def chunks():
        for _ in range(30):
            yield b" " * 100_000

    answer = client.post("/api/ingest", content=chunks(), headers={"content-type": "application/json"})
    assert answer.status_code == 413


def test_malformed_urls_are_failures_not_server_errors(client):
    result = client.post("/api/ingest", json={"urls": ["http://example.com:99999/x", "http://[::1/"]}).json()
    assert result["failed"] == 2 and all("not a valid URL" in f["reason"] for f in result["failures"])
    answer = client.post("/api/feeds", json={"url": "http://example.com:99999/feed"})
    assert answer.status_code == 422 and "not a valid URL" in answer.json()["detail"]
    assert client.get("/", params={"offset": 2**63}).status_code == 422


def test_the_add_form_refuses_a_post_from_another_site(client):
    forged = client.post("/add", data={"urls": "https://example.org/"}, headers={"origin": "https://evil.example"})
    assert forged.status_code == 403
    assert "evil.example" in forged.json()["detail"]
