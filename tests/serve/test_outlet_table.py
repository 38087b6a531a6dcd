"""The outlet table a user gives (corpus.outlet_table): CSV and TOML, aliases, one-line errors naming the file."""

from __future__ import annotations

import pytest

from newsprism.corpus.outlet_table import EXAMPLE, blindspots, load_outlet_table
from newsprism.errors import InputError
from newsprism.serve import create_app
from newsprism.settings import Settings
from newsprism.store import Store
from tests.serve.conftest import local_client

GOOD_CSV = """# outlets of a study, with the axis it compares
outlet,aliases,leaning,country
Fox News,foxnews.com; Fox,right,United States
Xinhua,Xinhua News Agency|xinhuanet.com,,China
"""


def test_csv_table_with_aliases_and_any_column(tmp_path):
    path = tmp_path / "outlets.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    table = load_outlet_table(path)
    assert table.columns == ("leaning", "country")
    assert table.outlet("FOXNEWS.COM") == table.outlet("fox") == "Fox News"
    assert table.value("xinhuanet.com", "country") == "China"
    assert table.value("Xinhua", "leaning") is None, "an empty cell is no value"
    assert table.value("Reuters", "country") is None, "nothing is inferred for an outlet not in the table"
    assert table.values("country") == ("United States", "China")


def test_shipped_toml_example_covers_the_seed_and_basil_outlets():
    table = load_outlet_table(EXAMPLE)
    assert {"country", "ownership"} <= set(table.columns)
    assert table.value("Xinhua", "ownership") == "state agency"
    assert table.value("Reuters", "country") == "United Kingdom"
    for name in ("Fox News", "The New York Times", "HuffPost", "nyt", "hpo", "fox"):
        assert table.value(name, "country") == "United States", name
    assert "leaning" not in table.columns, "no leaning the example cannot source"


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("bad.csv", "name,country\nFox News,US\n", "no `outlet` column"),
        ("bad.toml", "[[outlets]\noutlet = 1", "not valid TOML"),
        ("twice.csv", "outlet,aliases\nFox News,fox\nFox News,\n", "given twice"),
        ("clash.csv", "outlet,aliases\nFox News,fox\nFox Business,fox\n", "alias 'fox' names both"),
        ("cells.csv", "outlet,country\nFox News,US,extra\n", "row 2 has more cells"),
        ("table.json", "{}", ".csv, .tsv or .toml"),
    ],
)
def test_a_bad_table_is_one_line_naming_the_file(tmp_path, name, text, says):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_outlet_table(path)
    message = str(raised.value)
    assert message.startswith(str(path)) and says in message and "\n" not in message


def test_a_missing_table_names_the_path(tmp_path):
    with pytest.raises(InputError, match=r"missing\.csv: cannot read"):
        load_outlet_table(tmp_path / "missing.csv")


def test_blindspots_group_stories_by_the_one_value_that_covered_them(corpus_db):
    table = load_outlet_table(EXAMPLE)
    with Store(corpus_db) as store:
        found = {spot.value: spot.stories for spot in blindspots(store, table, "ownership")}
        with pytest.raises(InputError, match="no column 'leaning'"):
            blindspots(store, table, "leaning")
    assert found["state agency"] == (), "Xinhua's one story is Reuters' too"
    both = [s for stories in found.values() for s in stories if {"Reuters", "Xinhua"} <= set(s.outlets)]
    assert both == [], "the seed pair is covered by both ownerships"


def test_table_values_reach_the_pages_escaped(corpus_db, tmp_path):
    hostile = "<img src=x onerror=alert(1)>"
    path = tmp_path / "outlets.csv"
    path.write_text(f'outlet,aliases,side\nReuters,,"{hostile}"\nXinhua,,state\n', encoding="utf-8")
    copy = tmp_path / "news.duckdb"
    copy.write_bytes(corpus_db.read_bytes())
    with local_client(create_app(copy, Settings(outlet_table=str(path)))) as client:
        for page in ("/?by=side", "/blindspots?by=side", "/outlets/Reuters"):
            answer = client.get(page)
            assert answer.status_code == 200, page
            assert hostile not in answer.text and "&lt;img src=x onerror=alert(1)&gt;" in answer.text, page
        assert "Xinhua 1 (state)" in client.get("/?by=side").text


def test_a_bad_table_is_a_page_naming_it(corpus_db, tmp_path):
    path = tmp_path / "outlets.csv"
    path.write_text("name,side\nReuters,x\n", encoding="utf-8")
    copy = tmp_path / "news.duckdb"
    copy.write_bytes(corpus_db.read_bytes())
    with local_client(create_app(copy, Settings(outlet_table=str(path)))) as client:
        answer = client.get("/blindspots")
        assert answer.status_code == 422 and answer.headers["content-type"].startswith("text/html")
        assert f"{path}: no `outlet` column" in answer.text
        assert '<nav class="site"' in answer.text
