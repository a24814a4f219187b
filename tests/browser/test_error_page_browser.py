"""The 404 page in a real browser: styled, accessible, with a way back."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_a_missing_page_shows_an_accessible_404_page_with_a_way_back(
    page: Page, transactional_db: None
) -> None:
    response = page.goto("/questions/no-such-question/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)
    page.get_by_role("link", name="Go to the library").click()
    expect(page).to_have_url("/")
