"""The fixture the test modules of written passages share: their PASSAGES annotated once per module."""

from __future__ import annotations

import pytest

from newsprism.records import AnnotatedArticle
from tests.annotate.passages import annotate_passages


@pytest.fixture(scope="module")
def annotated(request: pytest.FixtureRequest) -> dict[str, AnnotatedArticle]:
    """The module's PASSAGES (name → text), each annotated as an article of its own, by name; a module
    with another `annotated` of its own uses that."""
    return annotate_passages(request.module.PASSAGES)
