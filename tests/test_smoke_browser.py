"""The harness works end to end: a built page served locally, opened in headless Chromium."""

import pytest

pytestmark = pytest.mark.browser


def test_home_page_opens_in_chromium(page, mini_url):
    page.goto(mini_url)
    assert page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert page.console_errors == []
