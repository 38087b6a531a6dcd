"""Records: every type's JSON round trip on the seed pair, the odd shapes of today's JSON, older JSON
read, and the published Comparison schema held to what the records generate."""

from __future__ import annotations

import copy
import dataclasses
import json
from importlib import resources

import pytest
from pydantic import ValidationError

import newsprism.records as records
from newsprism.annotate import annotate
from newsprism.compare import compare
from newsprism.corpus import group_stories
from newsprism.corpus.outlets import profile_outlets
from newsprism.pipeline import read_articles
from newsprism.records import (
    AnnotatedArticle,
    Article,
    ArticleBrief,
    ArticleWithRaw,
    Comparison,
    IngestCounts,
    OutletProfile,
    Page,
    Record,
    StoredArticle,
    adapter,
    comparison_schema,
)
from newsprism.records.__main__ import main as records_main
from newsprism.records.__main__ import schema_text
from newsprism.store import Store

RECORD_TYPES = {
    getattr(records, name)
    for name in records.__all__
    if isinstance(getattr(records, name), type) and issubclass(getattr(records, name), Record)
} - {Record}


@pytest.fixture(scope="module")
def seed(seed_paths, tmp_path_factory) -> dict:
    """The seed pair through the pipeline and a store: one real instance (or more) of every record."""
    articles = list(read_articles([seed_paths["reuters.txt"], seed_paths["xinhua.txt"]], strict=True))
    annotated = list(annotate(articles, processes=1))
    comparison = compare(annotated)
    with Store(tmp_path_factory.mktemp("records") / "news.duckdb") as store:
        counts = store.ingest(articles)
        group_stories(store)
        store.follow_feed("https://example.org/feed.xml")
        store.record_poll(records.FeedState("https://example.org/feed.xml", '"abc"', "Fri, 21 Jan 2022 10:00:00 GMT"))
        stored = list(store.entries(with_raw=True))
        [story] = store.stories()
        coverage = store.coverage([story.id])[story.id]
        feeds = store.feeds()
    profiles = profile_outlets([story], [(story, comparison)])
    briefs = tuple(ArticleBrief.of(entry.article) for entry in stored)
    # records.X: the types no other test here names, made only to have an instance of every one
    found = [
        *articles,
        *(article.raw for article in articles),
        *(ArticleWithRaw.of(article) for article in articles),
        *annotated,
        *(part for a in annotated for part in (*a.sentences, *a.entities, *a.people, *a.quotes, *a.scare_quotes)),
        *(part for a in articles for part in (a.dateline, *a.credits, *a.removed) if part is not None),
        comparison,
        *comparison.facts,
        *comparison.conflicts,
        *comparison.voices,
        *comparison.framing,
        *(term for frame in comparison.framing for term in (*frame.hedges, *frame.scare_quotes, *frame.loaded)),
        *comparison.summary,
        *(member for fact in comparison.facts for member in fact.members),
        records.Failed("feeds/bad.xml", "ingest", "not UTF-8, Latin-1 or CP-1252; pass --encoding"),
        counts,
        records.IngestReport(counts.new, counts.duplicates, counts.failed, stories_changed=1, failures=(records.Failed("x", "clean", "empty"),)),
        *stored,
        story,
        *feeds,
        *profiles,
        *(speaker for profile in profiles for speaker in profile.speakers),
        records.OutletList(1, 1, tuple(profiles)),
        *briefs,
        records.StoryCoverage.of(story, coverage),
        records.StoryDetail.of(story, coverage, article_briefs=briefs),
        Page(len(briefs), 50, 0, briefs),
    ]  # fmt: skip
    return {"records": found, "comparison": comparison, "articles": articles, "annotated": annotated}


def _json(record: Record) -> dict:
    return json.loads(json.dumps(record.to_dict(), ensure_ascii=False))


def test_every_record_type_round_trips_through_json_on_the_seed_pair(seed):
    assert {type(record) for record in seed["records"]} == RECORD_TYPES, "a record type without a real instance"
    for record in seed["records"]:
        kind = Page[ArticleBrief] if isinstance(record, Page) else type(record)  # a generic page says its items
        assert adapter(kind).validate_python(_json(record)) == record, type(record).__name__
        if not isinstance(record, Page):
            assert type(record).from_dict(_json(record)) == record, type(record).__name__
            assert type(record).from_json(record.to_json()) == record, type(record).__name__


def test_every_record_is_frozen_and_slotted(seed):
    for record in seed["records"]:
        assert type(record).__dataclass_params__.frozen, type(record).__name__
        assert not hasattr(record, "__dict__"), type(record).__name__
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.__setattr__(dataclasses.fields(record)[0].name, None)


def test_the_raw_input_travels_beside_the_article_not_in_its_json(seed):
    article = seed["articles"][0]
    assert article.raw is not None and "raw" not in article.to_dict()
    back = ArticleWithRaw.from_json(ArticleWithRaw.of(article).to_json()).whole()
    assert back == article and back.raw == article.raw
    assert back.raw.content == article.raw.content
    assert Article.from_dict(article.to_dict(with_raw=True)).raw == article.raw, "the older form, raw inside"


def test_the_json_keeps_its_odd_shapes(seed):
    """What readers of today's JSON rely on: each shape that is not "the fields as they are"."""
    article, annotated = seed["articles"][0], seed["annotated"][0]
    data = _json(article)
    assert data["removed"] == [line.text for line in article.removed]
    assert data["removed_kinds"] == [line.kind for line in article.removed]
    assert list(data)[:3] == ["id", "source", "url"]
    hinted = dataclasses.replace(article.raw, hints=(("title", "T"), ("feed", "F")))
    assert _json(hinted)["hints"] == {"title": "T", "feed": "F"}
    assert type(hinted).from_dict(_json(hinted)).hints == (("feed", "F"), ("title", "T")), "read back sorted"
    person = next(p for p in annotated.people if p.mentions)
    assert _json(person)["mentions"] == [list(mention) for mention in person.mentions]
    framing = seed["comparison"].framing[0]
    assert list(_json(framing)["attribution_verbs"].items()) == list(framing.attribution_verbs), "in their order"
    assert list(_json(seed["comparison"]))[0] == "schema"
    assert _json(IngestCounts(2, 1, 0, added=("a", "b"))) == {"new": 2, "duplicates": 1, "failed": 0}
    stored = StoredArticle(article, "reuters.txt", "2022-01-21T10:37:00+00:00")
    assert _json(stored) == {**data, "source_id": "reuters.txt", "ingested_at": "2022-01-21T10:37:00+00:00"}


def test_outlet_profiles_write_their_derived_numbers_and_read_them_back(seed):
    profile = next(r for r in seed["records"] if isinstance(r, OutletProfile) and r.quotes)
    data = _json(profile)
    assert data["quotes"] == profile.direct + profile.partial + profile.indirect
    assert data["direct_share"] == (profile.direct + profile.partial) / profile.quotes
    assert data["speakers"][0]["quotes"] == profile.speakers[0].quotes
    assert OutletProfile.from_dict(data) == profile


def test_older_json_still_reads(seed):
    """JSON written before `removed_kinds`, `url`, `credits`, a comparison's `notes`, a fact's
    `attributed`/`detail_of` and the annotations' noun phrases and clauses reads as it always did."""
    article = _json(seed["articles"][1])
    old = {key: value for key, value in article.items() if key not in ("removed_kinds", "url", "credits", "outlet")}
    read = Article.from_dict(old)
    assert {line.kind for line in read.removed} == {"furniture"} and read.outlet is None and read.credits == ()
    comparison = _json(seed["comparison"])
    del comparison["notes"], comparison["schema"]
    for fact in comparison["facts"]:
        del fact["attributed"], fact["detail_of"]
    assert Comparison.from_dict(comparison).schema == records.COMPARISON_SCHEMA
    annotated = _json(seed["annotated"][0])
    del annotated["noun_phrases"], annotated["clauses"]
    assert AnnotatedArticle.from_dict(annotated).noun_phrases == ()


# the published schema -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published() -> dict:
    return json.loads(resources.files("newsprism.data").joinpath("comparison.schema.json").read_text("utf-8"))


def test_the_published_schema_is_what_the_records_generate(published):
    assert published == comparison_schema(), "run: python -m newsprism.records --write-schema"
    text = resources.files("newsprism.data").joinpath("comparison.schema.json").read_text("utf-8")
    assert text == schema_text()
    assert records_main(["--check"]) == 0


def test_the_seed_comparison_is_valid_against_the_published_schema(seed, published):
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(published)
    jsonschema.Draft202012Validator(published).validate(_json(seed["comparison"]))


def _first_member_starts_before_the_text(data):
    data["facts"][0]["members"][0]["start"] = -1


def _a_dateline_starts_before_the_text(data):
    data["articles"][0]["dateline"]["start"] = -5


def _schema_two(data):
    data["schema"] = "newsprism.comparison/2"


def _a_fact_without_members(data):
    data["facts"][0]["members"] = []


def _a_conflict_of_one_member(data):
    data["conflicts"][0]["members"] = data["conflicts"][0]["members"][:1]


def _a_summary_sentence_without_citations(data):
    data["summary"][0]["citations"] = []


def _coverage_most(data):
    data["facts"][0]["coverage"] = "most"


def _an_unknown_key_in_an_article(data):
    data["articles"][0]["paywall"] = True


def _an_attribution_verb_used_zero_times(data):
    data["framing"][0]["attribution_verbs"]["said"] = 0


def _a_voice_without_its_speaker(data):
    del data["voices"][0]["speaker"]


@pytest.mark.parametrize(
    "break_it",
    [
        _first_member_starts_before_the_text,
        _a_dateline_starts_before_the_text,
        _schema_two,
        _a_fact_without_members,
        _a_conflict_of_one_member,
        _a_summary_sentence_without_citations,
        _coverage_most,
        _an_unknown_key_in_an_article,
        _an_attribution_verb_used_zero_times,
        _a_voice_without_its_speaker,
    ],
)
def test_a_broken_comparison_is_refused_by_the_schema_and_by_the_reader(seed, published, break_it):
    jsonschema = pytest.importorskip("jsonschema")
    broken = copy.deepcopy(_json(seed["comparison"]))
    break_it(broken)
    assert list(jsonschema.Draft202012Validator(published).iter_errors(broken)), break_it.__name__
    with pytest.raises(ValidationError):
        Comparison.from_dict(broken)
