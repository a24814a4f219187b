"""Try it without an account: a visitor writes, sees where the draft is kept, signs
up, and finds the draft with its text in My drafts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import assert_accessible, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("bundled_guides")]

QUESTION = "What kind of mentoring experience do you have?"
WRITTEN = [
    ("Provide context", "I mentored two new analysts, before I had an account."),
    ("Discuss your approach", "We met weekly and set one skill goal a month."),
]


def test_a_visitor_writes_signs_up_and_keeps_the_draft(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name=QUESTION).click()
    page.get_by_role("button", name="Start a draft").click()
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    banner = page.locator(".visitor-banner")
    expect(banner).to_contain_text("kept on this browser only, for 7 days")
    assert_accessible(page)

    for number, (title, text) in enumerate(WRITTEN, 1):
        expect(
            page.get_by_role("heading", name=re.compile(f"Step {number} of 4"))
        ).to_be_visible()
        with page.expect_response(lambda r: r.url.endswith("/autosave/")) as saved:
            page.get_by_role("textbox", name=title, exact=True).fill(text)
        assert saved.value.status == 200
        expect(page.locator(".save-status")).to_have_text(re.compile("^Saved"))
        if number < len(WRITTEN):
            page.get_by_role("button", name="Save and continue").click()
    expect(banner).to_be_visible()

    sign_up(page, "visitor")
    expect(
        page.get_by_text("Your draft from this browser is now in your account.")
    ).to_be_visible()
    page.get_by_role("link", name="My drafts").click()
    expect(page.locator(".visitor-banner")).to_have_count(0)
    expect(page.get_by_text("2 of 4 steps")).to_be_visible()
    page.get_by_role("link", name="Review", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("^Review:"))).to_be_visible()
    body = page.locator("#answer-text").inner_text()
    for _, text in WRITTEN:
        assert text in body
