"""``python -m newsprism.records --write-schema``: rewrite ``data/comparison.schema.json`` from the
records; ``--check`` exits 1 when the published file differs from what the records generate."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newsprism.records.comparison import comparison_schema

PUBLISHED = Path(__file__).resolve().parent.parent / "data" / "comparison.schema.json"


def schema_text() -> str:
    """The generated Comparison schema as the published file holds it."""
    return json.dumps(comparison_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsprism.records", description=__doc__)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--write-schema", action="store_true", help=f"rewrite {PUBLISHED.name} from the records")
    what.add_argument("--check", action="store_true", help=f"exit 1 when {PUBLISHED.name} is not what they generate")
    args = parser.parse_args(argv)
    if args.write_schema:
        PUBLISHED.write_text(schema_text(), encoding="utf-8")
        print(f"wrote {PUBLISHED}")
        return 0
    if PUBLISHED.read_text(encoding="utf-8") != schema_text():
        print(f"{PUBLISHED} differs from what the records generate; run python -m newsprism.records --write-schema")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
