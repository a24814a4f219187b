"""Issue 13, small things users notice: layouts on a phone (390x844) and a desktop
(1280x800), checked by where things land on the screen."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, expect

from interview.models import Guide
from tests.factories import SEED_SLUG, make_draft

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def tops(*elements: Locator) -> set[int]:
    return {round(element.bounding_box()["y"]) for element in elements}


@pytest.mark.usefixtures("bundled_guides")
def test_my_drafts_actions_are_one_row_on_a_desktop_and_a_menu_on_a_phone(
    page: Page, browser_user: User
) -> None:
    make_draft(browser_user, Guide.objects.get(slug=SEED_SLUG), ["Context."])
    log_in(page, browser_user.username)
    page.set_viewport_size(DESKTOP)
    row = page.locator(".draft-row").first
    actions = [
        row.get_by_role("link", name="Resume"),
        row.get_by_role("link", name="Review"),
        row.get_by_role("link", name="Rename"),
        row.get_by_role("button", name="Duplicate"),
        row.get_by_role("link", name="Delete"),
    ]
    for action in actions:
        expect(action).to_be_visible()
    assert len(tops(*actions)) == 1
    expect(row.locator("summary")).to_be_hidden()
    expect(row.get_by_text("just now")).to_be_visible()
    expect(row.get_by_text("Started")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    expect(actions[0]).to_be_visible()
    for action in actions[1:]:
        expect(action).to_be_hidden()
    row.get_by_text("More", exact=True).click()
    for action in actions[1:]:
        expect(action).to_be_visible()
        box = action.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert_accessible(page)
    actions[3].click()
    expect(page.get_by_text("Made a copy")).to_be_visible()
