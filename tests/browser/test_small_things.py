"""Issue 13, small things users notice: layouts on a phone (390x844) and a desktop
(1280x800), checked by where things land on the screen."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, expect

from interview.models import Guide
from tests.factories import SEED_SLUG, make_draft, make_guide, make_user

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def rows(*elements: Locator) -> set[int]:
    """The lines the elements sit on, by their vertical middles (a button is taller
    than a link beside it)."""
    boxes = [element.bounding_box() for element in elements]
    return {round(box["y"] + box["height"] / 2) for box in boxes}


def assert_one_row_menu(page: Page) -> None:
    """The header's menu items sit on one line, and no item's words break."""
    items = page.get_by_role("navigation", name="Main").get_by_role("listitem").all()
    assert len(rows(*items)) == 1
    for item in items:
        assert item.bounding_box()["height"] <= 48  # one line: 2.75rem targets


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
    assert len(rows(*actions)) == 1
    expect(row.locator("summary")).to_be_hidden()
    expect(row.get_by_text("just now")).to_be_visible()
    expect(row.get_by_text("Started")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    assert_one_row_menu(page)
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


@pytest.mark.usefixtures("bundled_guides")
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_library_shows_its_first_question_in_the_first_screen(
    page: Page, viewport: dict
) -> None:
    for n in range(12):
        make_guide(f"Question number {n}?", tags=(f"topic-number-{n}",))
    # A long username still leaves the header's menu on one row.
    user = make_user("bartholomew.featherstonehaugh")
    log_in(page, user.username)
    page.set_viewport_size(viewport)
    page.goto("/")
    chips = page.locator(".chip")
    expect(chips.nth(1)).to_have_text("Growth")
    if viewport == PHONE:
        # One row of topics that scrolls sideways, however many there are.
        assert len(rows(*chips.all())) == 1
        assert chips.last.bounding_box()["x"] > viewport["width"]
    first_card = page.locator(".card").first
    assert first_card.bounding_box()["y"] < viewport["height"]
    assert_one_row_menu(page)
    assert_accessible(page)


@pytest.mark.usefixtures("bundled_guides")
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_start_a_draft_is_in_the_first_screen_of_a_question(
    page: Page, viewport: dict
) -> None:
    page.set_viewport_size(viewport)
    page.goto(Guide.objects.get(slug=SEED_SLUG).get_absolute_url())
    # On a phone the header's button; on a desktop the panel beside the guide.
    start = page.get_by_role("button", name="Start a draft").first
    box = start.bounding_box()
    assert box["y"] + box["height"] < viewport["height"]
    assert_one_row_menu(page)
    assert_accessible(page)
    start.click()
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()  # a visitor starts at once


@pytest.mark.usefixtures("bundled_guides")
def test_the_speaking_time_is_never_split_across_lines(
    page: Page, browser_user: User
) -> None:
    draft = make_draft(browser_user, Guide.objects.get(slug=SEED_SLUG), ["word " * 233])
    log_in(page, browser_user.username)
    page.set_viewport_size(PHONE)
    page.goto(f"/drafts/{draft.pk}/review/")
    figure = page.locator("#answer-figures dd").filter(has_text="about")
    expect(figure).to_have_text("about 1\u00a0min\u00a040\u00a0s")
    # In a column just as wide as the time, "about" goes to its own line; the time
    # stays whole on the next.
    lines = figure.evaluate(
        """(dd) => {
            const text = dd.firstChild, range = document.createRange();
            range.setStart(text, text.data.indexOf("1"));
            range.setEnd(text, text.data.length);
            dd.style.width = `${range.getBoundingClientRect().width + 1}px`;
            const tops = [...range.getClientRects()].map((r) => Math.round(r.top));
            dd.style.width = "";
            return new Set(tops).size;
        }"""
    )
    assert lines == 1
    assert_accessible(page)
