"""Records as JSON: one array written as it streams, or JSON lines."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any, Protocol


class Serialisable(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def dumps(record: Serialisable) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False)


def write_json_array(records: Iterable[Serialisable], out: IO[str]) -> int:
    """Write a JSON array one record at a time, so a long stream never sits in memory; returns the count."""
    count = 0
    out.write("[")
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record.to_dict(), ensure_ascii=False, indent=2))
        count += 1
    out.write("\n]\n" if count else "]\n")
    out.flush()
    return count


def write_jsonl(records: Iterable[Serialisable], out: IO[str]) -> int:
    """Write one JSON object a line; returns the count."""
    count = 0
    for record in records:
        out.write(dumps(record) + "\n")
        count += 1
    out.flush()
    return count
