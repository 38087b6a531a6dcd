"""`python -m newsprism …` runs the `newsprism` command (where its script is not on PATH)."""

from newsprism.cli import app

app(prog_name="newsprism")
