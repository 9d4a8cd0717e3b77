"""Shared fixtures: the mini archive built once per session, a local server, and a headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import CHROMIUM, CHROMIUM_ARGS, build_site, serve


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current build")


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """The mini fixture archive, built at the site root."""
    out = tmp_path_factory.mktemp("mini") / "site"
    build_site(out)
    return out


@pytest.fixture(scope="session")
def mini_site_sub(tmp_path_factory) -> Path:
    """The mini fixture archive built for hosting under /sub/."""
    out = tmp_path_factory.mktemp("mini-sub") / "site"
    build_site(out, base_path="/sub/")
    return out


@pytest.fixture(scope="session")
def mini_url(mini_site):
    """Base URL of the mini site served on a free local port."""
    with serve(mini_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "install chromium with .ci/setup"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page; console errors are collected on `page.console_errors`."""
    context = browser.new_context()
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    context.close()


@pytest.fixture(scope="session")
def archive_site(tmp_path_factory) -> Path:
    """The project's real archive (content/) built at the site root: long documents with real tables."""
    from support import ROOT

    assert any((ROOT / "content").glob("*/*/issue.yaml")), "content/ holds no issue"
    out = tmp_path_factory.mktemp("archive") / "site"
    build_site(out, ROOT / "content")
    return out
