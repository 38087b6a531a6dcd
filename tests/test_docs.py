"""The docs keep step with the code: every command documented, a short README, links that stay in the
repository, the quick start that CI runs, and Python examples that run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from newsprism.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
COMMANDS = DOCS / "commands.md"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
README_MAX_LINES = 300

LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+)")
EXTERNAL = ("http://", "https://", "mailto:")


def prose(text: str) -> list[str]:
    """The lines of a Markdown page outside fenced code blocks."""
    lines, fence = [], None
    for line in text.splitlines():
        marker = re.match(r"\s{0,3}(`{3,}|~{3,})", line)
        if marker and (fence is None or marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence)):
            fence = marker.group(1) if fence is None else None
            continue
        if fence is None:
            lines.append(line)
    return lines


def headings(path: Path) -> list[str]:
    """The heading texts of a page, without Markdown marks around them."""
    found = []
    for line in prose(path.read_text(encoding="utf-8")):
        match = re.match(r"\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            found.append(match.group(1))
    return found


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for heading in headings(path):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(path: Path) -> list[str]:
    """Every link and image target of a page, outside code (fenced blocks and inline code)."""
    text = re.sub(r"(`+).+?\1", "", "\n".join(prose(path.read_text(encoding="utf-8"))), flags=re.S)
    return LINK.findall(text) + [target for line in text.splitlines() for target in REFERENCE.findall(line)]


def cli_commands() -> list[str]:
    """The commands `newsprism --help` lists, from the click group Typer builds of the app."""
    group = typer.main.get_command(app)
    return sorted(name for name, command in group.commands.items() if not command.hidden)


def test_the_commands_are_read_from_the_app():
    commands = cli_commands()
    assert {"read", "quotes", "compare", "ingest", "stories", "serve"} <= set(commands), commands


@pytest.mark.parametrize("command", cli_commands())
def test_every_command_has_a_section_in_the_command_reference(command):
    titles = headings(COMMANDS)
    assert any(re.search(rf"\bnewsprism {re.escape(command)}(?![\w-])", title.replace("`", "")) for title in titles), (
        f"docs/commands.md has no heading naming `newsprism {command}`; add a section with an example"
    )


def test_readme_is_a_front_page():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines; move detail into docs/"
    pictures = [target for target in links(README) if target.lower().endswith((".png", ".jpg", ".gif", ".svg"))]
    assert len(pictures) <= 1, f"README.md shows {len(pictures)} pictures: {pictures}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_relative_link_points_into_the_repository(page):
    broken = []
    for target in links(page):
        if target.startswith(EXTERNAL):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.is_relative_to(ROOT):
            broken.append(f"{target}: leaves the repository")
        elif not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(f"{target}: no heading #{anchor} in {file.relative_to(ROOT)}")
    assert not broken, f"{page.relative_to(ROOT)}: " + "; ".join(broken)


def test_the_docs_index_lists_every_page():
    listed = {(DOCS / target.partition("#")[0]).resolve() for target in links(DOCS / "README.md")}
    pages = {page.resolve() for page in DOCS.glob("*.md") if page.name != "README.md"}
    assert not pages - listed, f"docs/README.md does not list {sorted(p.name for p in pages - listed)}"


def quick_start() -> list[str]:
    """The commands of the README's quick start: the first bash block under "Quick start", comments cut."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, flags=re.S)
    assert block, "README.md's Quick start has no bash block"
    return [line.split("   #")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_quick_start_is_two_commands_and_ci_runs_the_second():
    commands = quick_start()
    assert commands == [
        "bash scripts/install && newsprism compare examples/geneva-2022-01-21/*.txt --html report.html",
        "bash scripts/install && python -m pytest",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    run = [line.strip() for line in ci.splitlines() if line.strip().startswith("bash scripts/install")]
    assert run == [commands[1]], f".ci/run runs {run}, the README's test command is {commands[1]!r}"
    assert (ROOT / "scripts" / "install").is_file()
    assert sorted(p.name for p in (ROOT / "examples" / "geneva-2022-01-21").glob("*.txt")) == [
        "reuters.txt",
        "xinhua.txt",
    ]


def python_examples() -> list[tuple[str, str]]:
    examples = []
    for page in (README, DOCS / "python-api.md"):
        text = "\n".join(page.read_text(encoding="utf-8").splitlines()) + "\n"
        for number, code in enumerate(re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M), start=1):
            examples.append((f"{page.relative_to(ROOT)}#{number}", code))
    return examples


@pytest.mark.parametrize(("where", "code"), python_examples(), ids=[where for where, _ in python_examples()])
def test_the_python_examples_run(where, code, tmp_path):
    # in a folder of their own, as a user would run them from a checkout: what they write stays there
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{where} failed:\n{result.stderr[-3000:]}"
