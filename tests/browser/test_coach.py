"""The coach in a browser: its notes beside the text box change as a section is
written (after each autosave), it can be hidden and shown again, and the review page
has a Coach section; axe in light and dark, on a desktop and a phone."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from interview.models import Draft, Guide
from tests.factories import SEED_SLUG, make_draft

from .conftest import assert_accessible, log_in, new_context

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("bundled_guides")]
SIZES = pytest.mark.parametrize(
    "viewport", [(1280, 800), (390, 844)], ids=["wide", "phone"]
)
SCHEMES = pytest.mark.parametrize("scheme", ["light", "dark"])


def open_step(
    page: Page, user: User, number: int, texts: list[str] | None = None
) -> Draft:
    draft = make_draft(user, Guide.objects.get(slug=SEED_SLUG), texts)
    log_in(page, "bella")
    page.goto(f"/drafts/{draft.pk}/steps/{number}/")
    return draft


@SCHEMES
@SIZES
def test_a_note_turns_to_met_as_the_section_is_written(
    page: Page, browser_user: User, viewport: tuple[int, int], scheme: str
) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.emulate_media(color_scheme=scheme)
    open_step(page, browser_user, 3)
    coach = page.get_by_role("region", name=re.compile("^Coach"))
    expect(coach).to_contain_text("guidance, not a grade")
    result = coach.locator("[data-note=outcome-result]")
    expect(result).to_contain_text("To work on: A result.")
    expect(coach.locator(".coach-summary")).to_have_text("0 of 4 met.")

    page.get_by_role("textbox", name="Highlight the outcome", exact=True).fill(
        "Complaints fell by 30% in a month, and the customers thanked the team."
    )
    expect(page.locator(".save-status")).to_have_text(re.compile("^Saved"))
    expect(result).to_contain_text("Met: A result.")
    expect(coach.locator("[data-note=outcome-measurable]")).to_contain_text("Met:")
    expect(coach.locator(".coach-summary")).to_have_text("3 of 4 met.")
    assert_accessible(page)


def test_the_coach_can_be_hidden_and_shown_and_is_remembered(
    page: Page, browser_user: User
) -> None:
    open_step(page, browser_user, 2)
    coach = page.get_by_role("region", name=re.compile("^Coach"))
    expect(coach.locator("[data-note=approach-i]")).to_be_visible()
    page.get_by_role("button", name="Hide the coach's notes").click()
    expect(coach).to_contain_text("The coach's notes are hidden.")
    expect(coach.locator("[data-note]")).to_have_count(0)
    show = page.get_by_role("button", name="Show the coach's notes")
    expect(show).to_be_focused()

    # Typing while hidden saves as ever, and the choice outlives a reload.
    page.get_by_role("textbox", name="Discuss your approach", exact=True).fill(
        "I called each client and I rewrote the plan."
    )
    expect(page.locator(".save-status")).to_have_text(re.compile("^Saved"))
    page.reload()
    expect(coach).to_contain_text("The coach's notes are hidden.")
    page.get_by_role("button", name="Show the coach's notes").click()
    expect(coach.locator("[data-note=approach-actions]")).to_contain_text(
        "Met: At least two actions."
    )


@SCHEMES
@SIZES
def test_the_review_page_has_a_coach_section(
    page: Page, browser_user: User, viewport: tuple[int, int], scheme: str
) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.emulate_media(color_scheme=scheme)
    draft = open_step(
        page,
        browser_user,
        1,
        ["As the team lead, I had to cut our backlog before the audit.", "We met."],
    )
    page.goto(f"/drafts/{draft.pk}/review/")
    coach = page.get_by_role("region", name="Coach", exact=True)
    expect(coach.get_by_role("heading", name="The whole answer")).to_be_visible()
    expect(coach.locator("[data-note=answer-all-steps]")).to_contain_text(
        "To work on: Every step written."
    )
    expect(coach.locator("[data-note=context-role]")).to_contain_text(
        "Met: Who you were."
    )
    expect(coach.locator("[data-note=approach-i]")).to_contain_text("To work on")
    assert_accessible(page)

    coach.get_by_role("button", name="Hide the coach's notes").click()
    expect(coach).to_contain_text("The coach's notes are hidden.")
    expect(coach.get_by_role("button", name="Show the coach's notes")).to_be_focused()
    assert_accessible(page)


def test_without_javascript_the_hide_button_saves_the_text_too(
    browser: Browser, live_server: LiveServer, browser_user: User
) -> None:
    context = new_context(browser, live_server.url, java_script_enabled=False)
    page = context.new_page()
    open_step(page, browser_user, 2)
    page.get_by_role("textbox", name="Discuss your approach", exact=True).fill(
        "I called each client."
    )
    page.get_by_role("button", name="Hide the coach's notes").click()
    coach = page.get_by_role("region", name=re.compile("^Coach"))
    expect(coach).to_contain_text("The coach's notes are hidden.")
    expect(
        page.get_by_role("textbox", name="Discuss your approach", exact=True)
    ).to_have_value("I called each client.")
    context.close()
