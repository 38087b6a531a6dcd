"""Shared fixtures: the seed pair (bundled in examples/) and the real datasets of ../shared/data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "geneva-2022-01-21"
SHARED_DATA = Path(os.environ.get("NEWSPRISM_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads((SEED / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_paths() -> dict[str, Path]:
    return {name: SEED / name for name in ("reuters.txt", "xinhua.txt")}


def shared_data(name: str) -> Path:
    """A dataset folder of ../shared/data, or skip the test where this checkout has none."""
    path = SHARED_DATA / name
    if not path.is_dir():
        pytest.skip(f"{path} not present (set NEWSPRISM_DATA)")
    return path
