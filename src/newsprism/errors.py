"""One shallow family of errors, grouped by cause.

Inside a batch a failure becomes a `records.Failed` value and the batch goes on; these exceptions
are raised at the edges (one input, `--strict`) and their message always names the input and,
where it can, what would fix it.
"""

from __future__ import annotations


class NewsprismError(Exception):
    """Base class: every error newsprism raises on purpose."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # made again from what it was made of, so it crosses a process (a worker, a Ray actor) as itself
        return type(self), (self.source, self.reason)


class InputError(NewsprismError):
    """The input cannot be read as news: empty, binary, undecodable, too large, malformed."""


class FetchError(NewsprismError):
    """A URL could not be fetched: refused address, timeout, HTTP error, too many redirects."""


class ExtractionError(NewsprismError):
    """The input was read but holds no article text."""


class ModelError(NewsprismError):
    """A model newsprism needs is not installed or cannot be loaded; the message says what to install."""


class Busy(NewsprismError):
    """The work asked for is under way and takes longer than the caller waits: ask again later."""
