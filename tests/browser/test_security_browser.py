"""Hostile input in a real browser: script and HTML typed into a username, a draft
title and the sections is shown as text on every page, and never runs.

The page fixture already fails a test on any dialog (alert/confirm/prompt), console
error or CSP violation; these tests also look for the injected elements themselves,
so a payload that would be blocked by the CSP still counts as a failure.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import BrowserContext, Page, expect

from interview.models import Draft, Guide
from tests.factories import SEED_SLUG, make_draft, make_user

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("bundled_guides")]

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
USERNAME = f"{SCRIPT}{SVG}"
TITLE = f"{SCRIPT} {IMAGE} {SVG}"
TEXTS = [
    f"Context {SCRIPT}",
    f"Approach {IMAGE}",
    f"Outcome {SVG}",
    f"Learning </textarea>{SCRIPT}",
]
ANY_INJECTED = "script:not([src]), [onerror], [onload], img[src='x'], svg"


@pytest.fixture
def hostile_draft(bundled_guides: None, transactional_db: None) -> Draft:
    # The sign-up form refuses such a username; an old account or the admin might not.
    user = make_user(USERNAME)
    return make_draft(user, Guide.objects.get(slug=SEED_SLUG), TEXTS, title=TITLE)


@pytest.fixture
def hostile_page(page: Page, hostile_draft: Draft) -> Page:
    log_in(page, USERNAME)
    return page


def assert_nothing_injected(page: Page) -> None:
    expect(page.locator(ANY_INJECTED)).to_have_count(0)
    expect(page.get_by_role("navigation", name="Main")).to_contain_text(USERNAME)
    assert_accessible(page)


def test_the_step_page_shows_payloads_as_text(
    hostile_page: Page, hostile_draft: Draft
) -> None:
    page = hostile_page
    page.goto(f"/drafts/{hostile_draft.pk}/steps/1/")
    assert TITLE in page.title()
    expect(
        page.get_by_role("textbox", name="Provide context", exact=True)
    ).to_have_value(TEXTS[0])
    assert_nothing_injected(page)

    # A text that closes the textarea early stays inside it.
    page.goto(f"/drafts/{hostile_draft.pk}/steps/4/")
    expect(
        page.get_by_role("textbox", name="Show willingness to learn", exact=True)
    ).to_have_value(TEXTS[3])
    assert_nothing_injected(page)


def test_the_review_page_shows_payloads_as_text_and_copies_them(
    hostile_page: Page, context: BrowserContext, hostile_draft: Draft
) -> None:
    page = hostile_page
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"/drafts/{hostile_draft.pk}/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review: {TITLE}")
    answer = page.locator("#answer-text")
    for text in TEXTS:
        expect(answer).to_contain_text(text)
    assert_nothing_injected(page)

    page.get_by_role("button", name="Copy answer").click()
    expect(page.locator("#copy-status")).to_contain_text("Copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == "\n\n".join(TEXTS)


def test_my_drafts_and_the_rename_form_show_payloads_as_text(
    hostile_page: Page, hostile_draft: Draft
) -> None:
    page = hostile_page
    page.goto("/drafts/")
    title = page.locator(f"#draft-title-{hostile_draft.pk}")
    expect(title).to_have_text(TITLE)
    assert_nothing_injected(page)

    page.get_by_role("link", name=re.compile("^Rename")).click()
    field = page.get_by_role("textbox", name="Draft title")
    expect(field).to_have_value(TITLE)
    assert_nothing_injected(page)

    renamed = f"</span>{IMAGE}"
    field.fill(renamed)
    page.get_by_role("button", name="Save name").click()
    expect(field).to_have_count(0)
    expect(page.locator(".draft-title")).to_have_text(renamed)
    assert_nothing_injected(page)
    hostile_draft.refresh_from_db()
    assert hostile_draft.title == renamed


def test_the_question_and_account_pages_show_payloads_as_text(
    hostile_page: Page, hostile_draft: Draft
) -> None:
    page = hostile_page
    page.goto(f"/questions/{SEED_SLUG}/")
    expect(page.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    assert_nothing_injected(page)

    page.goto("/accounts/")
    expect(page.locator(".figures dd").first).to_have_text(USERNAME)
    assert_nothing_injected(page)
    assert User.objects.get().username == USERNAME


def test_the_rename_page_opened_on_its_own_goes_on_with_a_message(
    hostile_page: Page, hostile_draft: Draft
) -> None:
    """Opened as its own page (the Rename link in a new tab) with JavaScript on,
    the form posts as a page and goes on to `next`, saying what it did."""
    page = hostile_page
    page.goto(f"/drafts/{hostile_draft.pk}/rename/?next=/drafts/")
    page.get_by_role("textbox", name="Draft title").fill("For Acme")
    page.get_by_role("button", name="Save name").click()
    expect(page).to_have_url(re.compile(r"/drafts/$"))
    expect(page.get_by_text("Draft renamed.")).to_be_visible()
    expect(page.locator(f"#draft-title-{hostile_draft.pk}")).to_have_text("For Acme")
    assert_accessible(page)
