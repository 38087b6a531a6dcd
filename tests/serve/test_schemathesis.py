"""Property-based: schemathesis generates requests from the app's OpenAPI schema; none may get a 5xx."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from newsprism.serve import create_app  # noqa: E402
from newsprism.settings import Settings  # noqa: E402
from tests.conftest import SEED  # noqa: E402
from tests.serve.conftest import build_store, serve_in_thread  # noqa: E402


@pytest.fixture(scope="module")
def live_schema(tmp_path_factory):
    """The schema of an app of its own (the fuzzer ingests), over the seed pair."""
    db = build_store(tmp_path_factory.mktemp("fuzz") / "news.duckdb", [SEED / "reuters.txt", SEED / "xinhua.txt"])
    for live in serve_in_thread(create_app(db, Settings(fetch_timeout=2.0))):
        yield schemathesis.openapi.from_url(live.url("/api/openapi.json"))


schema = schemathesis.pytest.from_fixture("live_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case):
    case.call_and_validate(checks=[not_a_server_error])
