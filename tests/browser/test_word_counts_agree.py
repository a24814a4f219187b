"""Words are counted on the server (figures, autosave answers) and in the browser (as
you type): both must give the same number for the same text."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from interview.answers import word_count
from interview.models import Guide
from tests.factories import SEED_SLUG, make_draft

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("bundled_guides")]

TRICKY = [
    "well-known e-mail",
    "a - b — c – d",
    "don't ‘quote’ “this”",
    "3.5 % of 1,000 (2026-11-25)",
    "🙂 🙂🙂 ok👍",
    "日本語のテキスト 中文",
    "naïve café Ⅻ x²",
    "line one\nline two\n\n\tindented",
    "no\u00a0break space",
    "... ! ? -- —",
    "",
]


def test_the_browser_counts_words_as_the_server_does(
    page: Page, browser_user: User
) -> None:
    draft = make_draft(browser_user, Guide.objects.get(slug=SEED_SLUG))
    log_in(page, "bella")
    page.goto(f"/drafts/{draft.pk}/steps/1/")
    box = page.get_by_role("textbox", name="Provide context", exact=True)
    count = page.locator("[data-word-count]")
    for text in TRICKY:
        box.fill(text)
        words = word_count(text)
        expect(count, f"{text!r}").to_have_text(
            f"{words} word{'' if words == 1 else 's'}"
        )
