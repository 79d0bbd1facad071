"""In CI nothing may be skipped: a test whose tool is missing fails there."""

from __future__ import annotations

import pytest

from tests.conftest import HERE

pytest_plugins = ["pytester"]


@pytest.mark.parametrize(("ci", "outcome"), [("true", {"errors": 1}), ("", {"skipped": 1})])
def test_a_skip_fails_in_ci(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
                            ci: str, outcome: dict[str, int]) -> None:
    monkeypatch.setenv("CI", ci)
    pytester.makeconftest((HERE / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile("""
        import pytest

        @pytest.fixture
        def browser():
            pytest.skip("chromium is not installed")

        def test_needs_a_browser(browser):
            pass
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(**outcome)
