"""The public API is what `__all__` says, and every name in it is documented."""

from __future__ import annotations

import newsprism


def test_all_names_exist_and_are_sorted():
    assert newsprism.__all__ == sorted(newsprism.__all__)
    for name in newsprism.__all__:
        assert hasattr(newsprism, name), name


def test_public_names_match_all():
    public = {name for name in vars(newsprism) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(newsprism, name)).__name__ == "module"}
    assert public - modules == set(newsprism.__all__)


def test_every_public_callable_has_a_docstring():
    for name in newsprism.__all__:
        assert getattr(newsprism, name).__doc__, name


def test_stage_packages_are_not_shadowed():
    """`newsprism.clean` must stay the stage package: a function of that name once hid it."""
    import newsprism.clean.html

    assert type(newsprism.clean).__name__ == "module"
