"""What every benchmark script shares: package versions, building the systems, a network guard."""

from __future__ import annotations

import argparse
import socket
from collections import Counter
from collections.abc import Callable, Iterable
from importlib import metadata as importlib_metadata
from typing import Any, TypeVar

from rich import box
from rich.console import Console
from rich.table import Table

S = TypeVar("S")


def version(dist: str) -> str:
    """The installed version of distribution `dist`, or "?"."""
    try:
        return importlib_metadata.version(dist)
    except importlib_metadata.PackageNotFoundError:
        return "?"


def system_names(parser: argparse.ArgumentParser, value: str, known: Iterable[str]) -> list[str]:
    """The systems a comma-separated `--systems` value names; an unknown one is a usage error."""
    known = tuple(known)
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in known]
    if unknown:
        parser.error(f"unknown systems: {', '.join(unknown)}; choose from {', '.join(known)}")
    return names


def build_systems(factories: dict[str, Callable[[], S]], names: Iterable[str], console: Console) -> list[S]:
    """The systems named, built once each; one that cannot be built only loses its row."""
    systems = []
    for name in names:
        try:
            systems.append(factories[name]())
        except Exception as exc:
            console.print(f"[yellow]warning:[/] skipping {name}: {type(exc).__name__}: {exc}", highlight=False)
    return systems


def result_table(title: str, console: Console, columns: Iterable[str] = (), left: Iterable[str] = ()) -> Table:
    """An empty table of results for `console` (ASCII-boxed when piped, as the README shows it): its
    `columns` right-aligned, but those named in `left` (a caller may add more columns)."""
    table = Table(title=title, box=box.SIMPLE_HEAD if console.is_terminal else box.ASCII, title_justify="left")
    left = set(left)
    for column in columns:
        table.add_column(column, justify="left" if column in left else "right")
    return table


def wide_console(width: int) -> Console:
    """The console tables print to: the terminal's, or at least `width` columns when piped."""
    console = Console()
    return console if console.is_terminal else Console(width=max(console.width, width))


def guarded_systems(
    factories: dict[str, Callable[[], S]], names: Iterable[str], console: Console
) -> tuple[NetworkGuard, list[S]]:
    """The network guard, installed (every system runs offline), and the systems named, built under
    it; says so when none could be built."""
    guard = NetworkGuard()
    guard.install()
    systems = build_systems(factories, names, console)
    if not systems:
        console.print("[red]no system could be loaded[/]")
    return guard, systems


class NetworkGuard:
    """Blocks outgoing connections and DNS lookups, counting attempts per system."""

    def __init__(self) -> None:
        self.current = "(setup)"
        self.attempts: Counter[str] = Counter()
        self.targets: dict[str, list[str]] = {}

    def _refuse(self, what: str) -> None:
        self.attempts[self.current] += 1
        self.targets.setdefault(self.current, []).append(what)
        raise OSError(f"network access blocked by benchmark: {what}")

    def install(self) -> None:
        guard = self
        original_connect = socket.socket.connect

        def connect(sock: socket.socket, address: Any) -> None:
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                guard._refuse(f"connect {address!r}")
            return original_connect(sock, address)

        def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            guard._refuse(f"getaddrinfo {host!r}")

        socket.socket.connect = connect  # type: ignore[method-assign]
        socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]

    def report(self, console: Console) -> None:
        """One line per system that tried to reach the network, or one line saying none did."""
        if not self.attempts:
            console.print("network: no connection attempts", style="dim")
        for name, count in self.attempts.items():
            sample = ", ".join(self.targets[name][:3])
            console.print(f"[yellow]blocked network attempts[/] {name}: {count} (e.g. {sample})", highlight=False)
