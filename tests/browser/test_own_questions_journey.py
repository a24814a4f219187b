"""Adding a question of your own from the STAR template, drafting it, and finding it
under "Your questions"; every new page checked with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_user")]

QUESTION = "Tell me about a time you rescued a late project?"
SITUATION = "The release was two weeks late and the client had a launch booked."


def test_own_question_from_star_to_a_first_step(page: Page) -> None:
    log_in(page, "bella")
    page.get_by_role("link", name="Your questions").click()
    expect(page.get_by_role("heading", name="Your questions")).to_be_visible()
    expect(page.get_by_text("No questions of your own yet")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a question").click()
    expect(page.get_by_role("heading", name="Add a question")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("The question").fill(QUESTION)
    page.get_by_label("Steps", exact=True).select_option("STAR")
    page.get_by_role("button", name="Add question").click()

    expect(page.get_by_role("heading", name=QUESTION)).to_be_visible()
    expect(page.locator("ol.steps li")).to_have_count(4)
    assert_accessible(page)
    page.get_by_role("button", name="Start a draft").click()

    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    page.get_by_role("textbox", name="Situation", exact=True).fill(SITUATION)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Step 2 of 4")).to_be_visible()

    page.goto("/drafts/")
    expect(page.get_by_text("1 of 4 steps")).to_be_visible()
    page.get_by_role("link", name="Your questions").click()
    expect(page.get_by_role("link", name=QUESTION)).to_be_visible()
    expect(page.get_by_text(re.compile(r"4 steps · STAR · 1 draft"))).to_be_visible()

    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name="Edit your question")).to_be_visible()
    assert_accessible(page)
    page.goto("/questions/mine/upload/")
    assert_accessible(page)
    page.goto("/questions/mine/")
    page.get_by_role("link", name="Delete").click()
    expect(page.get_by_text("1 draft")).to_be_visible()
    assert_accessible(page)
