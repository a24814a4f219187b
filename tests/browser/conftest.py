"""Playwright with Debian's Chromium against pytest-django's live server.

Every page a test opens is watched: a console error, a CSP violation, a failed
request or a request to another host fails the test.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    sync_playwright,
)

from bench.harness import CHROMIUM, CHROMIUM_ARGS
from tests.factories import PASSWORD, make_user, seed_guide

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from
# the test body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


class PageProblems:
    def __init__(self, host: str) -> None:
        self.host = host
        self.errors: list[str] = []
        self.foreign_requests: list[str] = []

    def on_console(self, message: ConsoleMessage) -> None:
        # Failed loads are judged by on_response, which knows the URL and the status:
        # a 409 or 422 answer is part of a journey, a missing stylesheet is not.
        if message.type == "error" and not message.text.startswith(
            "Failed to load resource"
        ):
            self.errors.append(message.text)

    def on_response(self, response: Response) -> None:
        if response.status >= 500 or (
            response.status == 404
            and response.request.resource_type not in ("document", "xhr", "fetch")
        ):
            self.errors.append(f"{response.status} {response.url}")

    def on_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and parts.netloc != self.host:
            self.foreign_requests.append(request.url)

    def on_page_error(self, error: Exception) -> None:
        self.errors.append(f"uncaught: {error}")


def new_context(browser: Browser, base_url: str, **options: object) -> BrowserContext:
    """A context as every test needs it: reduced motion, so that no check races a
    CSS transition, and a British locale and clock, so that dates read the same."""
    context = browser.new_context(
        base_url=base_url,
        locale="en-GB",
        timezone_id="Europe/London",
        reduced_motion="reduce",
        **options,
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def context(browser: Browser, live_server) -> Iterator[BrowserContext]:
    context = new_context(browser, live_server.url)
    yield context
    context.close()
    wait_for_the_server_to_finish()


def wait_for_the_server_to_finish(timeout: float = 10) -> None:
    """The live server answers each connection in a thread of its own. Closing the
    context closes the connections, but a save the page sent as it closed may still
    be running: let it finish before the database is emptied for the next test (on
    PostgreSQL the two would deadlock on each other's locks)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(
        thread.is_alive() and "process_request_thread" in thread.name
        for thread in threading.enumerate()
    ):
        time.sleep(0.05)


@pytest.fixture
def problems(live_server) -> PageProblems:
    return PageProblems(urlsplit(live_server.url).netloc)


@pytest.fixture
def page(context: BrowserContext, problems: PageProblems) -> Iterator[Page]:
    page = context.new_page()
    watch(page, problems)
    yield page
    assert problems.errors == [], "console errors or CSP violations"
    assert problems.foreign_requests == [], "requests to other hosts"


def watch(page: Page, problems: PageProblems) -> None:
    page.on("console", problems.on_console)
    page.on("request", problems.on_request)
    page.on("response", problems.on_response)
    page.on("pageerror", problems.on_page_error)
    # Any script that runs alert/confirm/prompt means injected code ran.
    page.on(
        "dialog",
        lambda dialog: problems.errors.append(f"dialog opened: {dialog.message}"),
    )


_axe = Axe()


def assert_accessible(page: Page) -> None:
    # Colours are judged once they settle: wait for any running animation or transition.
    page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")
    results = _axe.run(page)
    violations = results.response["violations"]
    assert violations == [], results.generate_report()


@pytest.fixture
def bundled_guides(transactional_db: None) -> None:
    seed_guide()


@pytest.fixture
def browser_user(transactional_db: None) -> User:
    return make_user("bella")


def sign_up(page: Page, username: str = "journey") -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/drafts/")
