"""History in a real browser: a paragraph cut and autosaved is found in History and
restored; the pages pass axe in light and dark, on a desktop and a phone; times
are shown in the reader's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from interview.answers import draft_sections
from interview.models import Draft, Guide, Revision
from tests.factories import SEED_SLUG, make_draft

from .conftest import assert_accessible, log_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("bundled_guides")]
SHOTS = Path("/tmp/shots/history")
FIRST = "I mentored a new analyst on our team for six months."
SECOND = (
    "Every Friday we reviewed one of her reports together and picked one thing "
    "to improve the next week."
)
VIEWPORTS = [(1280, 800), (390, 844)]


def is_autosave(response: object) -> bool:
    return "/autosave/" in response.url and response.request.method == "POST"  # type: ignore[attr-defined]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["wide", "phone"])
def test_a_cut_paragraph_is_restored_from_history(
    page: Page, browser_user: User, viewport: tuple[int, int]
) -> None:
    draft = make_draft(browser_user, Guide.objects.get(slug=SEED_SLUG))
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    log_in(page, "bella")
    page.goto(f"/drafts/{draft.pk}/steps/1/")
    box = page.get_by_role("textbox", name="Provide context", exact=True)

    with page.expect_response(is_autosave) as saved:
        box.fill(f"{FIRST}\n\n{SECOND}")
    assert saved.value.status == 200
    # Select the second paragraph and delete it, as a user does.
    start = len(FIRST)
    box.evaluate(
        f"(box) => {{ box.focus(); box.setSelectionRange({start}, box.value.length); }}"
    )
    with page.expect_response(is_autosave) as saved:
        page.keyboard.press("Delete")
    assert saved.value.status == 200
    expect(box).to_have_value(FIRST)
    expect(page.locator(".save-status")).to_contain_text("Saved")

    page.get_by_role("link", name="History of “Provide context”").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Provide context")
    removed = page.locator(".diff del")
    expect(removed).to_contain_text(SECOND)
    expect(removed).to_contain_text("[removed:")  # for a screen reader
    expect(page.locator(".revision")).to_have_count(2)
    # Times are the reader's, not the server's UTC text.
    expect(page.locator(".revision time").first).not_to_contain_text("UTC")

    page.get_by_role("button", name="Restore this version").click()
    expect(page.locator("#messages")).to_contain_text("Restored.")
    expect(page.locator(".revision")).to_have_count(3)
    expect(page.locator(".revision").first).to_contain_text("your current text")

    page.get_by_role("link", name="Back to the step").click()
    expect(box).to_have_value(f"{FIRST}\n\n{SECOND}")


def written_history(user: User) -> Draft:
    """A draft with a history: step 1 written, cut, then rewritten."""
    draft = make_draft(user, Guide.objects.get(slug=SEED_SLUG))
    sections = draft_sections(draft)
    times = [datetime(2026, 11, 20, 9, m, tzinfo=UTC) for m in (0, 20, 40)]
    for text, at in zip(
        [f"{FIRST}\n\n{SECOND}", FIRST, f"{FIRST} <b>Bold?</b>"], times, strict=True
    ):
        Revision.objects.create(
            section=sections[0], text=text, created_at=at, updated_at=at
        )
    Revision.objects.create(
        section=sections[1], text="We met weekly.", created_at=times[1]
    )
    for section, text in zip(
        sections, [f"{FIRST} <b>Bold?</b>", "We met weekly."], strict=False
    ):
        section.text, section.version = text, 3
        section.save()
    return draft


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["wide", "phone"])
def test_the_history_pages_are_accessible(
    page: Page, browser_user: User, viewport: tuple[int, int], scheme: str
) -> None:
    draft = written_history(browser_user)
    section = draft_sections(draft)[0]
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.emulate_media(color_scheme=scheme)
    log_in(page, "bella")
    size = f"{viewport[0]}x{viewport[1]}-{scheme}"
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"/drafts/{draft.pk}/sections/{section.pk}/history/")
    expect(page.locator(".diff ins")).to_contain_text("<b>Bold?</b>")
    assert_accessible(page)
    page.screenshot(path=SHOTS / f"section-{size}.png", full_page=True)
    # Another version, swapped in by htmx: focus goes to the comparison.
    page.locator(".revision a").nth(2).click()
    expect(page.locator(".diff del")).to_contain_text(SECOND)
    expect(page.locator("#difference-heading")).to_be_focused()
    assert "#difference" not in page.url and "revision=" in page.url

    page.goto(f"/drafts/{draft.pk}/history/")
    page.get_by_label("Date and time (UTC)").fill("2026-11-20T09:30")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".history-diff")).to_contain_text("We met weekly.")
    expect(page.locator(".history-diff")).not_to_contain_text("Bold?")
    assert_accessible(page)
    page.screenshot(path=SHOTS / f"draft-{size}.png", full_page=True)

    page.goto(f"/drafts/{draft.pk}/steps/1/")
    page.screenshot(path=SHOTS / f"step-{size}.png")
    page.goto(f"/drafts/{draft.pk}/review/")
    expect(
        page.get_by_role("link", name="History of “Provide context”")
    ).to_be_visible()
    page.screenshot(path=SHOTS / f"review-{size}.png")


def test_times_are_shown_in_the_readers_time_zone(
    browser: Browser, live_server, browser_user: User, problems
) -> None:
    draft = written_history(browser_user)
    section = draft_sections(draft)[0]
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Asia/Kolkata"
    )
    page = context.new_page()
    watch(page, problems)
    log_in(page, "bella")
    page.goto(f"/drafts/{draft.pk}/sections/{section.pk}/history/")
    # 09:40 UTC is 15:10 in India.
    expect(page.locator(".revision time").first).to_have_text("20 Nov 2026, 15:10:00")
    context.close()
    assert problems.errors == []


def test_without_javascript_history_and_restore_work(
    browser: Browser, live_server, browser_user: User
) -> None:
    draft = written_history(browser_user)
    section = draft_sections(draft)[0]
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in(page, "bella")
    page.goto(f"/drafts/{draft.pk}/sections/{section.pk}/history/")
    expect(page.locator(".revision time").first).to_contain_text("09:40:00 UTC")
    page.locator(".revision a").nth(2).click()
    expect(page.locator(".diff del")).to_contain_text(SECOND)
    page.get_by_role("button", name="Restore this version").click()
    expect(page.locator("#messages")).to_contain_text("Restored.")
    page.get_by_role("link", name="Back to the step").click()
    box = page.get_by_role("textbox", name="Provide context", exact=True)
    expect(box).to_have_value(f"{FIRST}\n\n{SECOND}")
    context.close()
