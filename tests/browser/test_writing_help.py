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
