"""The step page helps the user write: the step's prompts, each example's part for
this step with the whole example a click away, and a length to aim for."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from interview.models import Guide
from tests.factories import SEED_SLUG, make_draft

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("bundled_guides")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["wide", "phone"])
def test_prompts_the_examples_part_and_the_length_target_sit_beside_the_box(
    page: Page, browser_user: User, viewport: tuple[int, int], scheme: str
) -> None:
    draft = make_draft(browser_user, Guide.objects.get(slug=SEED_SLUG))
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.emulate_media(color_scheme=scheme)
    log_in(page, "bella")
    page.goto(f"/drafts/{draft.pk}/steps/2/")

    prompts = page.get_by_role("list", name="Questions to help you write")
    expect(prompts.get_by_role("listitem")).to_have_count(
        len(draft.guide.steps.get(order=2).prompts.splitlines())
    )
    example = page.locator(".step-examples details.example").first
    example.locator("summary").first.click()
    expect(example).to_contain_text("How example 1 handled this step:")
    expect(example.get_by_text("The whole example")).to_be_visible()

    help_text = page.locator("[id^=text-help-]")
    expect(help_text).to_contain_text(re.compile(r"0 words - aim for \d+-\d+"))
    page.get_by_role("textbox", name="Discuss your approach", exact=True).fill(
        "I met them every week."
    )
    expect(help_text).to_contain_text("5 words - aim for")
    assert_accessible(page)


def open_step(page: Page, user: User, number: int = 1) -> int:
    draft = make_draft(user, Guide.objects.get(slug=SEED_SLUG))
    log_in(page, "bella")
    page.goto(f"/drafts/{draft.pk}/steps/{number}/")
    return draft.pk


def test_the_length_target_says_where_the_text_stands(
    page: Page, browser_user: User
) -> None:
    open_step(page, browser_user)
    box = page.get_by_role("textbox", name="Provide context", exact=True)
    target = page.locator(".length-target")
    low, high = (
        int(target.get_attribute(f"data-words-{end}")) for end in ("min", "max")
    )
    expect(target).to_have_text(f"aim for {low}-{high}")
    box.fill("word " * low)
    expect(target).to_have_text(f"within {low}-{high}")
    box.fill("word " * (high + 1))
    expect(target).to_have_text(f"over {low}-{high}: consider trimming")
    chars = page.locator("[data-char-count]")
    expect(chars).to_have_text("up to 5,000 characters")
    box.fill("x" * 4600)
    expect(chars).to_have_text("4,600 of 5,000 characters")
    assert box.input_value() == "x" * 4600  # nothing is cut
    expect(page.locator(".save-status")).to_have_text(re.compile("^Saved at"))
    assert_accessible(page)


def test_ctrl_enter_saves_and_goes_to_the_next_step(
    page: Page, browser_user: User
) -> None:
    open_step(page, browser_user)
    box = page.get_by_role("textbox", name="Provide context", exact=True)
    box.fill("Saved with the keyboard.")
    box.press("Control+Enter")
    expect(page.get_by_text("Step 2 of 4")).to_be_visible()
    page.get_by_role("button", name="Back").click()
    expect(box).to_have_value("Saved with the keyboard.")


def test_the_step_list_is_in_view_on_a_wide_screen(
    page: Page, browser_user: User
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    open_step(page, browser_user, 2)
    steps = page.get_by_role("navigation", name="All steps")
    review = steps.get_by_role("button", name="Review the whole answer")
    box = review.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800


def test_on_a_phone_the_box_and_its_buttons_come_first(
    page: Page, browser_user: User
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_step(page, browser_user, 2)
    box = page.get_by_role("textbox", name="Discuss your approach", exact=True)
    button = page.get_by_role("button", name="Save and continue")
    top = box.bounding_box()
    actions = button.bounding_box()
    assert top is not None and actions is not None
    assert top["y"] < 844 / 2, top
    assert actions["y"] + actions["height"] <= 844, actions
