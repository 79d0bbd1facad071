"""The floors pyproject.toml declares are the versions requirements-oldest.lock tests."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT


def floors() -> dict[str, Version]:
    """Each dependency's lowest version (``>=``), coppub's own and its test tools'."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    found = {}
    for text in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        requirement = Requirement(text)
        for spec in requirement.specifier:
            if spec.operator == ">=":
                found[canonicalize_name(requirement.name)] = Version(spec.version)
    return found


def pins(lock: str) -> dict[str, Version]:
    text = (ROOT / lock).read_text()
    return {canonicalize_name(name): Version(version)
            for name, version in re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", text, re.M)}


def test_the_oldest_lock_holds_exactly_the_declared_floors() -> None:
    declared, locked = floors(), pins("requirements-oldest.lock")
    assert {"sphinx", "docutils", "babel"} <= set(declared)
    wrong = {name: (str(floor), str(locked.get(name))) for name, floor in declared.items()
             if locked.get(name) != floor}
    assert not wrong, f"pyproject floor vs requirements-oldest.lock (run make lock): {wrong}"


def test_the_newest_lock_is_above_every_floor() -> None:
    declared, locked = floors(), pins("requirements.lock")
    assert all(locked[name] >= floor for name, floor in declared.items())
