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


class _App:
    """What compat's page hooks look at: the builder's name."""

    def __init__(self, builder: str) -> None:
        self.builder = type("Builder", (), {"name": builder})()


def test_an_svg_size_sphinx_7_wrote_as_an_attribute_becomes_a_style() -> None:
    from coppub.compat import _svg_sizes_as_style

    body = ('<p>a &lt;img width="5%"&gt;</p><img alt="Three circles" src="_images/p.svg" '
            'width="80%" height="120" />\n<img src="_images/photo.png" width="80%" />')
    context = {"body": body}
    _svg_sizes_as_style(_App("epub"), "index", "page.html", context, None)
    assert context["body"] == (
        '<p>a &lt;img width="5%"&gt;</p><img style="width: 80%;" alt="Three circles" '
        'src="_images/p.svg" height="120" />\n<img src="_images/photo.png" width="80%" />')


def test_epub_asset_links_lose_sphinx_7_2s_checksum_query() -> None:
    from coppub.compat import _no_asset_queries_in_epubs

    def css_tag(asset: str) -> str:
        return f'<link href="_static/{asset}?v=1d6d279e" rel="stylesheet" />'

    for builder, expected in (("epub", '<link href="_static/epub.css" rel="stylesheet" />'),
                              ("html", css_tag("epub.css"))):
        context = {"css_tag": css_tag}
        _no_asset_queries_in_epubs(_App(builder), "index", "page.html", context, None)
        assert context["css_tag"]("epub.css") == expected
