"""newsprism: one story, every outlet, side by side.

The stages are plain functions over typed records::

    import newsprism
    for article in newsprism.read_articles(["examples/geneva-2022-01-21/"]):
        print(article.outlet, article.headline)
"""

from newsprism.clean import clean_all, clean_document, clean_html, clean_text
from newsprism.errors import ExtractionError, FetchError, InputError, NewsprismError
from newsprism.ingest import read
from newsprism.pipeline import read_articles
from newsprism.records import Article, Credit, Dateline, Failed, RawDoc, RemovedLine
from newsprism.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Credit",
    "Dateline",
    "ExtractionError",
    "Failed",
    "FetchError",
    "InputError",
    "NewsprismError",
    "RawDoc",
    "RemovedLine",
    "Settings",
    "clean_all",
    "clean_document",
    "clean_html",
    "clean_text",
    "read",
    "read_articles",
]
