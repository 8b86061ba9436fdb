"""A real headless Chromium (Debian's chromium + chromium-driver) driven through selenium.

Without a browser the tests skip, saying why; with ``MOMO_REQUIRE_BROWSER=1`` (set by .ci/run,
which installs the packages) they fail instead, so CI can never pass them by skipping.
Selenium is pointed at /usr/bin/chromedriver explicitly: selenium-manager never downloads
anything. The flags keep Chromium off the network (this machine has none but loopback).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.browser_support import ARTEFACTS, Page, Served, serve

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMEDRIVER = os.environ.get("MOMO_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1440,900",
)


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    if not any(Path(p).exists() for p in CHROMIUM_CANDIDATES) and not shutil.which("chromium"):
        return "no chromium binary (apt-get install chromium chromium-driver)"
    if not Path(CHROMEDRIVER).exists():
        return f"no chromedriver at {CHROMEDRIVER} (apt-get install chromium-driver)"
    return None


def _chromium() -> str:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    assert found is not None
    return found


@pytest.fixture(scope="session")
def chromium_ready() -> None:
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("MOMO_REQUIRE_BROWSER") == "1":
        pytest.fail(f"MOMO_REQUIRE_BROWSER=1 but the browser tests cannot run: {reason}")
    pytest.skip(f"browser tests need a real browser: {reason}")


@pytest.fixture
def browser(chromium_ready: None, tmp_path: Path) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _chromium()
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    service = Service(executable_path=CHROMEDRIVER)
    chrome = webdriver.Chrome(options=options, service=service)
    chrome.set_page_load_timeout(30)
    try:
        yield chrome
    finally:
        chrome.quit()


@pytest.fixture
def served_with_receiver() -> Iterator[Served]:
    """A sandbox following real time, on a real port, with a callback receiver."""
    with serve() as ready:
        yield ready


@pytest.fixture
def page(browser: object, served_with_receiver: Served) -> Page:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return Page(browser, served_with_receiver)
