"""requirements.lock pins every dependency pyproject.toml names, at a version its specifier allows."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def locked() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: {line!r} is not pinned with =="
            pins[canonicalize_name(name)] = Version(version)
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    requirements = [Requirement(r) for r in (*project["dependencies"], *extras)]
    return [r for r in requirements if canonicalize_name(r.name) != "newsprism"]  # `all` names the other extras


def test_every_declared_dependency_is_pinned_at_an_allowed_version():
    pins = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"pyproject.toml names {requirement.name} but requirements.lock does not pin it"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]}, outside pyproject.toml's {requirement}"
        )


def test_the_lock_pins_torch_to_the_cpu_build_scripts_install_takes():
    assert locked()[canonicalize_name("torch")] == Version("2.13.0")


def test_the_install_uses_the_lock_and_the_lock_says_how_it_is_made():
    assert "-c requirements.lock" in (ROOT / "scripts" / "install").read_text(encoding="utf-8")
    header = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()[:3]
    assert any("bash scripts/lock" in line for line in header)
