"""Journey 1, the library: browse, search and filter by topic, with htmx and without."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, LocatorAssertions, Page, expect

from interview.models import Guide
from tests.factories import make_guide

from .conftest import PageProblems, assert_accessible, new_context, watch

pytestmark = pytest.mark.browser

SEED_TITLE = "What kind of mentoring experience do you have?"
OTHER = "Tell Me About A Deadline You Missed?"


@pytest.fixture
def two_guides(bundled_guides: None) -> None:
    make_guide(OTHER, tags=("deadlines",))


def results_heading(page: Page) -> LocatorAssertions:
    return expect(page.locator("#results-heading"))


def topic(page: Page, name: str) -> Locator:
    """A topic chip: the radio sits under its label, which is what people click."""
    return page.get_by_role("group", name="Topic").get_by_text(name, exact=True)


def card(page: Page, title: str) -> Locator:
    return page.locator(".card").filter(has=page.get_by_role("link", name=title))


@pytest.mark.usefixtures("two_guides")
def test_searching_and_filtering_update_the_results_in_place(page: Page) -> None:
    page.goto("/")
    assert_accessible(page)
    results_heading(page).to_have_text("All 2 questions")
    expect(card(page, SEED_TITLE).locator(".tag")).to_have_text(
        ["Growth", "Leadership", "Mentoring"]
    )
    # A marker that a full page load would wipe out: results change in place.
    page.evaluate("window.stayedOnPage = true")

    page.get_by_label("Search questions").fill("deadline")
    results_heading(page).to_have_text("1 question found")
    expect(card(page, OTHER)).to_be_visible()
    expect(card(page, SEED_TITLE)).to_have_count(0)
    expect(page).to_have_url(re.compile(r"\?q=deadline"))

    # A topic on top of the words: nothing matches both, and the page says so.
    topic(page, "Mentoring").click()
    results_heading(page).to_have_text("0 questions found")
    expect(page.get_by_text("No question matches")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Search questions").fill("")
    results_heading(page).to_have_text("1 question found")
    expect(card(page, SEED_TITLE)).to_be_visible()
    assert page.evaluate("window.stayedOnPage") is True

    topic(page, "All").click()
    results_heading(page).to_have_text("All 2 questions")


@pytest.mark.usefixtures("two_guides")
def test_an_address_with_a_search_shows_its_results_and_the_form_filled_in(
    page: Page,
) -> None:
    page.goto("/?q=nothing+like+this&tag=")
    results_heading(page).to_have_text("0 questions found")
    expect(page.get_by_label("Search questions")).to_have_value("nothing like this")
    page.get_by_role("link", name="Clear the search and show all questions").click()
    results_heading(page).to_have_text("All 2 questions")
    expect(page.get_by_label("Search questions")).to_have_value("")


@pytest.mark.usefixtures("two_guides")
def test_searching_and_filtering_without_javascript(
    browser: Browser,
    live_server,
    problems: PageProblems,
) -> None:
    context = new_context(browser, live_server.url, java_script_enabled=False)
    page = context.new_page()
    watch(page, problems)
    try:
        page.goto("/")
        page.get_by_label("Search questions").fill("deadline")
        page.get_by_role("button", name="Search").click()
        expect(page).to_have_url(re.compile(r"\?q=deadline"))
        results_heading(page).to_have_text("1 question found")
        expect(card(page, OTHER)).to_be_visible()

        page.get_by_label("Search questions").fill("")
        topic(page, "Mentoring").click()
        page.get_by_role("button", name="Search").click()
        results_heading(page).to_have_text("1 question found")
        expect(card(page, SEED_TITLE)).to_be_visible()
        expect(page.get_by_role("radio", name="Mentoring")).to_be_checked()
    finally:
        context.close()
    assert problems.errors == []
    assert problems.foreign_requests == []


@pytest.mark.usefixtures("bundled_guides")
def test_filtering_by_framework_updates_the_results_in_place(page: Page) -> None:
    star = make_guide("Tell me about a time you sold an idea")
    Guide.objects.filter(pk=star.pk).update(framework="STAR")
    page.goto("/")
    page.get_by_label("Framework").select_option("STAR")
    expect(page).to_have_url(re.compile(r"framework=STAR"))
    expect(card(page, star.title)).to_be_visible()
    expect(card(page, SEED_TITLE)).to_have_count(0)  # the seed is Context-Approach-...
    page.get_by_label("Framework").select_option("Context-Approach-Outcome-Learning")
    expect(card(page, SEED_TITLE)).to_be_visible()
    expect(card(page, star.title)).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="What these are").click()
    expect(page.get_by_role("heading", name="Answer frameworks")).to_be_visible()
    assert_accessible(page)
