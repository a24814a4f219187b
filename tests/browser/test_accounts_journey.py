from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("bundled_guides")]


def test_a_visitor_signs_up_logs_out_and_logs_back_in(page: Page) -> None:
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Sign up").click()
    assert_accessible(page)
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Welcome, newcomer")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()

    page.get_by_role("link", name="Log in").click()
    assert_accessible(page)
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My drafts")).to_be_visible()
    expect(page.get_by_role("link", name="newcomer")).to_be_visible()


def test_sign_up_errors_keep_what_was_typed(page: Page) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Email").fill("new@example.com")
    page.get_by_label("Password", exact=True).fill("password")
    page.get_by_label("Password confirmation").fill("password")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("This password is too common.")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("newcomer")
    expect(page.get_by_label("Email")).to_have_value("new@example.com")
    assert_accessible(page)


def test_the_accessibility_check_finds_real_problems(page: Page) -> None:
    # Guards the guard: an axe run that could never fail would prove nothing.
    page.goto("/")
    page.evaluate(
        "document.querySelector('main').append(document.createElement('img'))"
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
