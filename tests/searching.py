"""Reading the results of Sphinx's search page in a real browser."""

from __future__ import annotations

from typing import Any


def search_results(page: Any, timeout: int = 15000) -> str:
    """The text of every result once Sphinx has shown them all.

    Sphinx adds the results one by one and writes its summary line last, so reading the
    list at the first result would see only part of it.
    """
    page.wait_for_selector("#search-results li", timeout=timeout)
    page.wait_for_function("document.querySelector('#search-results p.search-summary')"
                           "?.textContent.length > 0", timeout=timeout)
    return str(page.locator("#search-results").inner_text())
